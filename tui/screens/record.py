"""Provides the record screen: what happened on a saved case, on which day (the same date
forms as the questions, said back) and an optional note."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from .. import ime
from ..core.case import check_event, contradiction, kinds_for
from ..core.interview import NOTE_LIMIT, AnswerError
from ..widgets.answers import understood
from ..widgets.choice import Menu
from ..widgets.limited import DATE_MOST, LimitedInput
from .frame import FramedScreen


class RecordScreen(FramedScreen):
    BINDINGS = [Binding("ctrl+n", "save", priority=True)]  # as on every step: Ctrl+N goes on

    def __init__(self, kind: str | None = None) -> None:
        super().__init__()
        self.kind = kind  # preselected (the 已解决 button opens this with "solved")
        self.warned: tuple[str, str] | None = None  # the (kind, day) a contradiction was shown for

    def title_text(self) -> str:
        return self.t("record_title", code=self.app.case.code)

    def compose_body(self) -> ComposeResult:
        app = self.app
        self.kinds = kinds_for(app.content, app.interview)
        yield Static(Content(self.t("record_what")), classes="prompt", markup=False)
        yield Menu(*[Option(Content(k.label), id=k.id) for k in self.kinds], id="kinds")
        # The list scrolls: say so in words, not only with a scroll bar.
        yield Static(Content(self.t("record_more", n=len(self.kinds))), classes="hint", markup=False)
        yield Static("", id="date-prompt", classes="prompt", markup=False)
        yield LimitedInput(value=self.t("today_word"), placeholder=self.t("date_examples"), id="date", most=DATE_MOST)
        yield Static(understood(app.content, self.t("today_word"), app.today()), id="echo", markup=False)
        yield Static(Content(self.t("record_note")), classes="prompt", markup=False)
        yield LimitedInput(placeholder=ime.hint(self.t), id="note", most=NOTE_LIMIT)

    def buttons(self) -> list[tuple[str, str, str]]:
        return [("leave", "‹ " + self.t("cancel") + "  Esc", "default"), ("save", self.t("record_save") + "  Ctrl+N", "primary")]

    def on_mount(self) -> None:
        kinds = self.query_one("#kinds", OptionList)
        ids = [k.id for k in self.kinds]
        if self.kind in ids:
            kinds.highlighted = ids.index(self.kind)
            self.query_one("#date").focus()
        else:
            kinds.highlighted = 0
            kinds.focus()
        self._prompt()

    def chosen(self) -> str | None:
        index = self.query_one("#kinds", OptionList).highlighted
        return self.kinds[index].id if index is not None else None

    def _prompt(self) -> None:
        kind = self.app.content.events.get(self.chosen() or "")
        self.query_one("#date-prompt", Static).update(Content(kind.date_prompt if kind else ""))

    @on(OptionList.OptionHighlighted, "#kinds")
    def _highlighted(self) -> None:
        self._prompt()

    @on(OptionList.OptionSelected, "#kinds")
    def _selected(self) -> None:
        self.query_one("#date").focus()

    @on(Input.Changed, "#date")
    def _date_changed(self, event: Input.Changed) -> None:
        self.query_one("#echo", Static).update(understood(self.app.content, event.value, self.app.today()))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "date":
            self.query_one("#note").focus()
        else:
            self.save()

    def on_button_pressed(self, event) -> None:
        event.stop()
        if event.button.id == "save":
            self.save()
        else:
            self.dismiss()

    def action_save(self) -> None:
        self.save()

    def save(self) -> None:
        app = self.app
        kind = self.chosen()
        typed_date = self.query_one("#date", Input).value
        try:
            day, note = check_event(app.content, app.interview, kind or "", typed_date, self.query_one("#note", Input).value,
                                    app.today())
        except AnswerError as e:
            # Everything typed stays where it is; only the message is new.
            self.show_error(str(e))
            return
        # Saying the opposite of the same day's record is asked about once, then accepted.
        clash = contradiction(app.content, app.case.events, kind, day)
        if clash and self.warned != (kind, day):
            self.warned = (kind, day)
            self.show_error(clash)
            return
        if app.run_store(lambda: app.record_event(kind, day, note), self.show_error):
            self.dismiss(True)
