"""Provides the question screen: one question of the interview, its hint, its input and a
message beside it when the answer cannot be used."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Input, RadioSet, Select, SelectionList, Static, TextArea

from ..core.interview import AnswerError
from ..widgets.answers import FIELDS, AnswerField
from .flow import FlowScreen


class QuestionScreen(FlowScreen):
    error_in_body = True
    @property
    def question(self):
        return self.app.content.questions[self.step]

    def title_text(self) -> str:
        # The prompt is in the body; the bar says which problem these questions are about.
        return self.interview.problem.label

    def compose_body(self) -> ComposeResult:
        q = self.question
        # The question and its hint in one widget: each widget costs a step time (bench/run.py).
        asked = Content.styled(q.prompt, "bold")
        if q.hint:
            asked = Content.assemble(asked, "\n", (q.hint, "$foreground-muted"))
        yield Static(asked, classes="question", markup=False)
        self.field = FIELDS[q.kind](q, self.interview, self.app.today)
        yield self.field
        yield Static("", id="error", markup=False)

    def on_mount(self) -> None:
        self.field.first_focus().focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_next()

    @on(Input.Changed)
    @on(Select.Changed)
    @on(RadioSet.Changed)
    @on(SelectionList.SelectedChanged)
    @on(TextArea.Changed)
    def _recheck(self) -> None:
        """A message about the answer goes away as soon as the answer is right."""
        if not self.query_one("#error", Static).has_class("shown"):
            return
        try:
            self.interview.check(self.step, self.field.raw(), self.app.today())
        except AnswerError:
            return
        self.show_error("")

    @on(AnswerField.Done)
    def _done(self, event: AnswerField.Done) -> None:
        event.stop()
        self.action_next()

    def leave(self, forward: bool) -> bool:
        try:
            self.interview.answer(self.step, self.field.raw(), self.app.today())
        except AnswerError as e:
            if not forward:
                return True  # what was typed is kept; it is checked again on the way forward
            self.show_error(str(e))
            self.field.first_focus().focus()
            return False
        return True
