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
        for step, prompt, answer in rows:
            # One text per row (question dim, answer bold, a conflict in the error colour):
            # a third of the widgets three Statics took, and this page is built on every visit.
            parts: list = [(prompt, "dim"), "\n", (answer, "bold")]
            if step in conflicts:
                parts += ["\n", ("⚠ " + conflicts[step], "bold $error")]
            with Horizontal(classes="review-row"):
                yield Static(Content.assemble(*parts), classes="review-text", markup=False)
                # 修改 opens the screen the question is on (a page may hold several).
                yield Button(Content(self.t("change")), name=iv.content.page_of(step) if step != "problem" else step,
                             classes="change")

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
