"""Provides the question screen: one question, or a page of questions asked together (the
order's numbers; who was contacted), each with its hint, its input and a message beside it
when the answer cannot be used. Enter goes from one question to the next, and on from the
last."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, SelectionList, Static, TextArea

from ..core.interview import AnswerError
from ..widgets.answers import FIELDS, AnswerField
from ..widgets.choice import OneOf, Pick
from ..widgets.limited import TooLong
from ..widgets.title_bar import TitleBar
from .flow import FlowScreen


def asked(prompt: str, hint: str) -> Content:
    # The question and its hint in one widget: each widget costs a step time (bench/run.py).
    content = Content.styled(prompt, "bold")
    return Content.assemble(content, "\n", (hint, "$foreground-muted")) if hint else content


class QuestionScreen(FlowScreen):
    def title_text(self) -> str:
        # The prompt is in the body; the bar says which problem these questions are about.
        return self.interview.problem.label

    def basis(self) -> tuple:
        # Its own questions as typed, with the problem's hints (and, for a choice of requests,
        # what its bodies can grant), and today; a span typed for a date ("within 48 hours")
        # is said back counted from an earlier answer. The problem's name, in the title, is
        # renewed: the order page of most problems is the same page.
        iv = self.interview
        asked = [iv.question(q) for q in iv.questions_on(self.step)]
        return (self.app.today(), [(q.id, iv.problem.hint(q), repr(iv.typed.get(q.id))) for q in asked],
                [iv.problem.offers for q in asked if q.kind == "choices"],
                [iv.date_of(q.counts_from) for q in asked if q.counts_from and iv.typed.get(q.id)])

    def renew(self) -> None:
        # Built ahead for a problem under the cursor, from a copy of the answers: from now on
        # the title names the problem chosen, and the fields read and write the visit's own.
        self.query_one(TitleBar).retitle(self.title_text())
        for field in self.fields.values():
            field.interview = self.interview

    def compose_body(self) -> ComposeResult:
        page = self.app.content.pages.get(self.step)
        if page:
            yield Static(asked(page.prompt, page.hint), classes="question", markup=False)
        self.fields: dict[str, AnswerField] = {}
        self._mounting: dict = {}  # message lines being added: each is scrolled to once mounted
        for qid in self.interview.questions_on(self.step):
            q = self.app.content.questions[qid]
            hint = self.interview.problem.hint(q)
            yield Static(asked(q.prompt, hint), classes="question on-page" if page else "question", markup=False)
            field = FIELDS[q.kind](q, self.interview, self.app.today, compact=page is not None)
            self.fields[qid] = field
            yield field  # its message line is added below it when there is a message

    def on_mount(self) -> None:
        # Changing one answer from the check page starts at that answer's question.
        first = next(iter(self.fields.values()))
        first.first_focus().focus()

    def field_of(self, widget: Widget) -> AnswerField | None:
        return next((a for a in widget.ancestors_with_self if isinstance(a, AnswerField)), None)

    def advance(self, widget: Widget) -> None:
        """Enter in a question: checked, then on to the next question of the page, or on
        from the last."""
        fields = list(self.fields.values())
        field = self.field_of(widget)
        if field is None or field is fields[-1]:
            self.action_next()
            return
        qid = field.question.id
        try:
            self.interview.answer(qid, field.raw(), self.app.today())
        except AnswerError as e:
            self.show_error(str(e), qid)
            return
        self.show_error("", qid)
        fields[fields.index(field) + 1].first_focus().focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.advance(event.input)

    @on(AnswerField.Done)
    def _done(self, event: AnswerField.Done) -> None:
        event.stop()
        self.advance(event.control)

    @on(Input.Changed)
    @on(Pick.Changed)
    @on(OneOf.Changed)
    @on(SelectionList.SelectedChanged)
    @on(TextArea.Changed)
    def _recheck(self, event: Message) -> None:
        """A message about an answer goes away as soon as the answer is right."""
        field = self.field_of(event.control) if getattr(event, "control", None) else None
        if field is None:
            return
        qid = field.question.id
        error = self.error_line(qid)
        if error is None or not error.has_class("shown"):
            return
        try:
            self.interview.check(qid, field.raw(), self.app.today())
        except AnswerError:
            return
        self.show_error("", qid)

    def on_too_long(self, event: TooLong) -> None:
        # Said under the question whose box was too small for the paste, not the page's first.
        event.prevent_default()  # not FramedScreen's handler as well
        field = self.field_of(event.control)
        self.show_error(self.t(event.words, n=event.most), field.question.id if field else None)

    def error_line(self, qid: str, add: bool = False) -> Static | None:
        """The message line under a question: added the first time there is something to
        say. Most questions never have a message, and each widget a page is built with is
        part of the step's time (bench/run.py)."""
        found = self.query(f"#error-{qid}")
        if found or not add:
            return found.first(Static) if found else None
        error = Static("", id=f"error-{qid}", classes="error", markup=False)
        self._mounting[error] = self.query_one("#body").mount(error, after=self.fields[qid])
        return error

    def show_error(self, message: str, qid: str | None = None) -> None:
        qid = qid or next(iter(self.fields))
        error = self.error_line(qid, add=bool(message))
        if error is None:
            return
        error.update(Content("⚠ " + message) if message else Content(""))
        error.set_class(bool(message), "shown")
        if message:
            self.call_later(self._bring_into_view, error)

    async def _bring_into_view(self, error: Static) -> None:
        # A line just added has no place on the page until it is mounted and laid out.
        mounting = self._mounting.pop(error, None)
        if mounting is not None:
            await mounting
        body = self.query_one("#body")
        self.call_after_refresh(lambda: body.scroll_to_widget(error, animate=False))

    def leave(self, forward: bool) -> bool:
        """Keep every answer on the screen as typed; going forward, stop at the first that
        cannot be used (or, asked once, looks odd), with its message beside it and the
        others' messages too (Visit.answer_page keeps the rule)."""
        raws = {qid: field.raw() for qid, field in self.fields.items()}
        check = self.app.visit.answer_page(self.step, raws, forward, self.forward_label())
        if not forward:
            return True  # what was typed is kept; it is checked again on the way forward
        said = check.errors or check.doubts
        for qid in reversed(self.fields):  # the first failing one is scrolled to last
            self.show_error(said.get(qid, ""), qid)
        if said:
            self.fields[check.first].first_focus().focus()
        return check.ok
