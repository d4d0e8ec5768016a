"""Provides the check-your-answers screen: every answer with a 修改 control that opens its
question and comes back here."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, Static

from ..core.interview import shown
from .flow import FlowScreen


class ReviewScreen(FlowScreen):
    def title_text(self) -> str:
        return self.t("review_title")

    def next_label(self) -> str:
        return self.t("review_next")

    def compose_body(self) -> ComposeResult:
        iv = self.interview
        conflicts = iv.conflicts(self.app.today())
        yield Static(Content(self.t("review_intro")), classes="hint", markup=False)
        rows = [("problem", self.t("problem_prompt"), iv.problem.label)]
        rows += [(q, iv.question(q).prompt, shown(iv, q) or self.t("not_answered")) for q in iv.problem.questions]
        # One row per screen of the flow, with one 修改 that opens it: the questions a page
        # asks together are checked together, and the page is built of half the widgets
        # (this screen is built on every visit; bench/run.py).
        pages: dict[str, list] = {}
        for step, prompt, answer in rows:
            page = iv.content.page_of(step) if step != "problem" else step
            parts = pages.setdefault(page, [])
            if parts:
                parts.append("\n")
            parts += [(prompt, "dim"), "\n", (answer, "bold")]
            if step in conflicts:
                parts += ["\n", ("⚠ " + conflicts[step], "bold $error")]
        for page, parts in pages.items():
            with Horizontal(classes="review-row"):
                yield Static(Content.assemble(*parts), classes="review-text", markup=False)
                yield Button(Content(self.t("change")), name=page, classes="change")

    def on_mount(self) -> None:
        self.query_one("#next").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if "change" in event.button.classes:
            event.stop()
            self.app.edit_step(event.button.name)

    def leave(self, forward: bool) -> bool:
        if forward:
            missing = self.interview.missing()
            conflicts = self.interview.conflicts(self.app.today())
            if missing or conflicts:
                first = (missing or list(conflicts))[0]
                self.show_error(self.t("review_needs", prompt=self.interview.question(first).prompt))
                return False
        return True
