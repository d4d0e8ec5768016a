"""Provides the check-your-answers screen: every answer with a 修改 control that opens its
question and comes back here."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from ..core.interview import shown
from ..widgets.button import Button
from ..widgets.later import Later
from .flow import FlowScreen

# Rows drawn in the first frame (the intro and four rows fill 80×24); the rest follow.
SHOWN_FIRST = 4


class ReviewScreen(FlowScreen):
    DEFAULT_CSS = """
    ReviewScreen .later-rows { height: auto; }
    """
    # The focus rests on 下一步, which takes no arrow keys: they scroll the answers (at 80×24
    # the later rows are below the fold).
    BINDINGS = [
        Binding("down", "scroll_answers(1)", "scroll", show=False),
        Binding("up", "scroll_answers(-1)", "scroll", show=False),
        Binding("pagedown", "scroll_answers(10)", "scroll", show=False),
        Binding("pageup", "scroll_answers(-10)", "scroll", show=False),
    ]

    def action_scroll_answers(self, lines: int) -> None:
        self.query_one("#body").scroll_relative(y=lines, animate=False)

    def title_text(self) -> str:
        return self.t("review_title")

    def next_label(self) -> str:
        return self.t("review_next")

    def basis(self) -> tuple:
        # Which rows there are (the problem's pages); what each says is renewed as it is shown.
        return (self.interview.problem_id,)

    def compose_body(self) -> ComposeResult:
        yield Static(Content(self.t("review_intro")), classes="hint", markup=False)
        self.said = self.row_texts()
        self.rows = {page: Static(text, classes="review-text", markup=False) for page, text in self.said.items()}
        rows = [Horizontal(static, Button(Content(self.t("change")), name=page, classes="change"), classes="review-row")
                for page, static in self.rows.items()]
        yield from rows[:SHOWN_FIRST]
        if rows[SHOWN_FIRST:]:
            # Below the first screenful at 80×24: mounted just after the first frame is drawn.
            with Later(Vertical(classes="later-rows")):
                yield from rows[SHOWN_FIRST:]

    def row_texts(self) -> dict[str, Content]:
        """Each screen of the flow's questions and answers, by the step that asks them."""
        iv = self.interview
        conflicts = iv.conflicts(self.app.today())
        rows = [("problem", self.t("problem_prompt"), iv.problem.label)]
        rows += [(q, iv.question(q).prompt, shown(iv, q) or self.t("not_answered")) for q in iv.problem.questions]
        # One row per screen of the flow, with one change button that opens it: the questions a page
        # asks together are checked together, and the page is built of half the widgets
        # (this screen is built on every visit; bench/run.py).
        pages: dict[str, list] = {}
        for step, prompt, answer in rows:
            page = iv.content.page_of(step) if step != "problem" else step
            parts = pages.setdefault(page, [])
            if parts:
                parts.append("\n")
            parts += [(prompt, "$text-muted"), "\n", (answer, "bold")]  # full strength under F2
            if step in conflicts:
                parts += ["\n", ("⚠ " + conflicts[step], "bold $error")]
        return {page: Content.assemble(*parts) for page, parts in pages.items()}

    def renew(self) -> None:
        # Built ahead while the visitor was on the last question: the answers are read again.
        said = self.row_texts()
        for page, text in said.items():
            if text != self.said[page]:
                self.rows[page].update(text)
        self.said = said

    land_on: str | None = None  # the step just changed: its row gets the focus when shown

    def on_mount(self) -> None:
        self.query_one("#next").focus()

    def on_screen_resume(self) -> None:
        if self.land_on:
            self.call_after_refresh(self._land, self.land_on, 10)
            self.land_on = None

    def _land(self, step: str, tries: int) -> None:
        # The later rows are mounted after the first frame: wait for them a few frames.
        button = next((b for b in self.query(".change") if b.name == step), None)
        if button is None:
            if tries:
                self.call_after_refresh(self._land, step, tries - 1)
            return
        button.focus()  # scrolled into view with it

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if "change" in event.button.classes:
            event.stop()
            self.post_message(self.Edit(self, event.button.name))

    def leave(self, forward: bool) -> bool:
        message = self.app.visit.review_check() if forward else ""
        if message:
            self.show_error(message)
        return not message
