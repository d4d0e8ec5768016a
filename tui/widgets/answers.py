"""Provides one input widget per question kind (date, order number, tracking number,
contact, choices, free text); each reads back exactly what the visitor typed."""

from __future__ import annotations


from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, Label, SelectionList, Static, TextArea

from .. import ime
from ..core.content import Question
from ..core.dates import DateError, format_date, parse_date
from ..core.interview import NOTE_LIMIT, UNKNOWN_CARRIER, Interview
from ..core.tracking import guess_carriers
from .choice import OneOf, Pick, Ticks
from .limited import DATE_MOST, NUMBER_MOST, LimitedArea, LimitedInput




def understood(content, text: str, today, future_ok: bool = False) -> Content:
    """The date the kiosk read from `text`, said back while the visitor types; silent when
    unsure."""
    try:
        return Content(content.text("date_understood", date=format_date(parse_date(text, today, future_ok))))
    except DateError:
        return Content("")


class AnswerField(Vertical):
    """The input part of a question (styled as .field in app.tcss)."""

    class Done(Message):
        """The visitor's choice completes the answer (a single choice made with Enter): the
        screen may move on."""

        def __init__(self, field: AnswerField) -> None:
            super().__init__()
            self.field = field

        @property
        def control(self) -> AnswerField:
            return self.field

    def __init__(self, question: Question, interview: Interview, today, compact: bool = False) -> None:
        super().__init__(id=f"field-{question.id}", classes="field")
        self.question = question
        self.interview = interview
        self.today = today  # a callable, so tests can pin the date
        self.typed = interview.typed.get(question.id)
        self.compact = compact  # one of several questions on a screen: one-line inputs

    def first_focus(self) -> Widget:
        return self.query(Input).first()

    def t(self, key: str, **values: object) -> Content:
        """A UI string from content/i18n, as plain text."""
        return Content(self.interview.content.text(key, **values))

    def echo(self, text: str) -> Content:
        # Read as the answer will be: a promised date may lie ahead, "48小时" counts from the
        # order date (Interview.read_date).
        try:
            day = self.interview.read_date(self.question, text, self.today())
        except DateError:
            return Content("")
        return self.t("date_understood", date=format_date(day))


class DateField(AnswerField):
    def compose(self) -> ComposeResult:
        yield LimitedInput(select_on_focus=False, compact=self.compact, value=self.typed or "", most=DATE_MOST,
                           placeholder=self.interview.content.text("date_examples"), id="date")
        yield Static(self.echo(self.typed or ""), id="echo", markup=False)

    @on(Input.Changed, "#date")
    def _changed(self, event: Input.Changed) -> None:
        self.query_one("#echo", Static).update(self.echo(event.value))

    def raw(self) -> str:
        return self.query_one("#date", Input).value


class OrderNoField(AnswerField):
    def compose(self) -> ComposeResult:
        yield LimitedInput(select_on_focus=False, compact=self.compact, value=self.typed or "", most=NUMBER_MOST,
                           placeholder=self.interview.content.text("order_no_example"), id="order_no")

    def raw(self) -> str:
        return self.query_one("#order_no", Input).value


class TrackingField(AnswerField):
    """Tracking number with the carrier guessed from it. Only a number that fits one carrier
    fills the carrier in; one that fits several lists them and leaves the choice to the
    visitor. A guess never overrides a carrier the visitor picked themselves."""

    def compose(self) -> ComposeResult:
        typed = self.typed or {}
        carriers = self.interview.content.carriers
        self._picked = typed.get("carrier") not in (None, UNKNOWN_CARRIER)
        # The value the kiosk itself last put in the carrier box: a Changed message with
        # any other value is the visitor's own choice.
        self._auto_value = typed.get("carrier", UNKNOWN_CARRIER)
        yield Label(self.t("tracking_label"))
        yield LimitedInput(select_on_focus=False, compact=self.compact, value=typed.get("number", ""), most=NUMBER_MOST,
                           placeholder=self.interview.content.text("tracking_example"), id="number")
        yield Static("", id="guess", markup=False)
        options = [(Content(c.name), c.id) for c in carriers.values()]
        options.append((self.t("carrier_unknown"), UNKNOWN_CARRIER))
        # The label (content/i18n carrier_label) is said on the choice's own line: one widget fewer.
        yield Pick(options, typed.get("carrier", UNKNOWN_CARRIER), label=self.t("carrier_label"), id="carrier",
                   compact=self.compact)

    def on_mount(self) -> None:
        self._guess(self.query_one("#number", Input).value, initial=True)

    @on(Input.Changed, "#number")
    def _number_changed(self, event: Input.Changed) -> None:
        self._guess(event.value)

    @on(Pick.Changed, "#carrier")
    def _carrier_changed(self, event: Pick.Changed) -> None:
        if event.pick.value != self._auto_value:
            self._picked = True

    def _guess(self, number: str, initial: bool = False) -> None:
        found = guess_carriers(number, self.interview.content.carriers)
        note = self.query_one("#guess", Static)
        names = self.interview.content.text("list_or").join(c.name for c in found)
        if not number.strip():
            note.update("")
        elif len(found) == 1:
            note.update(self.t("tracking_guess", names=names))
        elif found:
            note.update(self.t("tracking_guesses", names=names))
        else:
            note.update(self.t("tracking_no_guess"))
        if found and not self._picked:
            self._auto_value = found[0].id if len(found) == 1 else UNKNOWN_CARRIER
            self.query_one("#carrier", Pick).value = self._auto_value

    def raw(self) -> dict:
        number = self.query_one("#number", Input).value
        carrier = self.query_one("#carrier", Pick).value
        if not self._picked:
            # Guess again here: Enter can arrive before the number's Changed message is handled.
            found = guess_carriers(number, self.interview.content.carriers)
            if found:
                carrier = found[0].id if len(found) == 1 else UNKNOWN_CARRIER
        return {"number": number, "carrier": carrier}


class ContactField(AnswerField):
    """Did you contact them? If so: when, and what did they say."""

    def compose(self) -> ComposeResult:
        typed = self.typed or {}
        yield OneOf(*[(Content(o.label), o.id) for o in self.question.options], value=typed.get("status") or "",
                    id="status")
        # The date and note are built only once a visitor says they made contact: a page of
        # three contact questions is built on every visit, and most answers are 还没有
        # (bench/run.py: a third of the page's widgets).
        if typed.get("status") not in (None, "", "no"):
            yield self._when()

    def _when(self) -> Vertical:
        typed = self.typed or {}
        return Vertical(
            Label(self.t("contact_date")),
            LimitedInput(select_on_focus=False, compact=self.compact, value=typed.get("date", ""), most=DATE_MOST,
                         placeholder=self.interview.content.text("date_examples"), id="date"),
            Static(self.echo(typed.get("date", "")), id="echo", markup=False),
            Label(self.t("contact_note")),
            LimitedInput(select_on_focus=False, compact=self.compact, value=typed.get("note", ""), most=NOTE_LIMIT,
                         placeholder=ime.hint(self.interview.content.text), id="note"),
            id="when")

    def first_focus(self) -> Widget:
        # Coming back to a question already answered "yes", the date is what may need fixing.
        if self.status() not in ("", "no") and self.query("#date"):
            return self.query_one("#date", Input)
        return self.query_one("#status", OneOf)

    def status(self) -> str:
        return self.query_one("#status", OneOf).value

    @on(OneOf.Changed, "#status")
    async def _status_changed(self) -> None:
        made_contact = self.status() not in ("", "no")
        when = self.query("#when")
        if made_contact and not when:
            await self.mount(self._when())
        elif when:
            when.first().display = made_contact  # hidden, not removed: what was typed stays
        if made_contact:
            self.query_one("#date", Input).focus()
            # On a page the date and note appear below: bring them into view once laid out.
            self.call_after_refresh(self.query_one("#when").scroll_visible, animate=False)
        elif self.query_one("#status", OneOf).has_focus:
            self.post_message(self.Done(self))  # "not yet" needs no date: nothing more to ask

    @on(Input.Changed, "#date")
    def _date_changed(self, event: Input.Changed) -> None:
        self.query_one("#echo", Static).update(self.echo(event.value))

    @on(Input.Submitted, "#date")
    def _date_done(self, event: Input.Submitted) -> None:
        event.stop()  # Enter on the date moves to the note, not to the next screen
        self.query_one("#note", Input).focus()

    def raw(self) -> dict:
        typed = self.typed or {}
        fields = {name: (self.query_one(f"#{name}", Input).value if self.query(f"#{name}") else typed.get(name, ""))
                  for name in ("date", "note")}
        return {"status": self.status(), **fields}


class ChoicesField(AnswerField):
    def compose(self) -> ComposeResult:
        chosen = set(self.typed or [])
        # The requests: only what this problem's bodies can grant.
        offers = self.interview.problem.offers if self.question.id == "want" else ()
        options = [o for o in self.question.options if not offers or o.id in offers]
        yield Ticks(*[(Content(o.label), o.id, o.id in chosen) for o in options], id="choices")

    def first_focus(self) -> Widget:
        return self.query_one("#choices")

    def raw(self) -> list[str]:
        return list(self.query_one("#choices", SelectionList).selected)

    @on(Ticks.Submitted)
    def _submitted(self, event: Ticks.Submitted) -> None:
        event.stop()
        self.post_message(self.Done(self))  # Enter goes on; Space ticks


class TextField(AnswerField):
    def compose(self) -> ComposeResult:
        yield LimitedArea(self.typed or "", id="text", soft_wrap=True, show_line_numbers=False,
                          most=self.question.max_length)
        yield Static("", id="count", markup=False)

    def on_mount(self) -> None:
        self._count()

    def first_focus(self) -> Widget:
        return self.query_one("#text", TextArea)

    @on(TextArea.Changed, "#text")
    def _count(self) -> None:
        n = len(self.raw().strip())
        count = self.t("text_count", n=n, most=self.question.max_length)
        how = ime.hint(self.interview.content.text)
        self.query_one("#count", Static).update(f"{count} · {how}" if how else str(count))

    def raw(self) -> str:
        return self.query_one("#text", TextArea).text


FIELDS: dict[str, type[AnswerField]] = {
    "date": DateField,
    "order_no": OrderNoField,
    "tracking": TrackingField,
    "contact": ContactField,
    "choices": ChoicesField,
    "text": TextField,
}
