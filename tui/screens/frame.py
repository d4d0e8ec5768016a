"""Provides FramedScreen, the frame every kiosk screen shares: a title bar, a scrolling body,
a message line and a row of buttons, Esc to leave. The guided flow's FlowScreen builds on it."""

from __future__ import annotations

from typing import Callable

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from ..textual_private import FirstFrameHook
from ..widgets.button import Button
from ..widgets.limited import TooLong
from ..widgets.title_bar import TitleBar


def wipe_button(label: str) -> Button:
    """The wipe button ("clear my information"): it runs the app's wipe action itself
    (Button's `action`), so it sends no Pressed message that each screen's own button
    handler would have to ignore."""
    return Button(Content(label), id="wipe", classes="wipe", action="app.wipe")


class FramedScreen(FirstFrameHook, Screen):
    # Each screen focuses its own first control on mount; Textual's auto-focus would move
    # focus (and restyle the screen) once more before that.
    AUTO_FOCUS = ""
    BINDINGS = [Binding("escape", "leave", "leave")]

    _shown = False
    _waiting: list[Callable[[], object]] | None = None  # for the first frame (after_first_frame)

    def resumed(self, event: events.ScreenResume) -> None:
        # Textual restyles a screen each time it becomes current. A screen shown for the
        # first time was styled a moment before, as its widgets were mounted: restyling it
        # again cost 5–8 ms of every step (bench).
        if not self._shown:
            self._shown = True
            event.refresh_styles = False
            for callback in self._waiting or ():
                self.call_after_refresh(callback)  # the frame is drawn in Textual's handler, next
            self._waiting = None

    def after_first_frame(self, callback: Callable[[], object]) -> None:
        """Run `callback` just after this screen is first drawn on the terminal: it may be
        built well before (KioskApp.prepare_next)."""
        if self._shown:
            self.call_after_refresh(callback)
        else:
            self._waiting = [*(self._waiting or ()), callback]

    def t(self, key: str, **values: object) -> str:
        return self.app.content.text(key, **values)

    def title_text(self) -> str:
        return ""

    def compose_body(self) -> ComposeResult:
        yield from ()

    # The wipe button in the bottom row: a visitor can forget their visit from any screen.
    offers_wipe = True

    def buttons(self) -> list[tuple[str, str, str]]:
        """(id, label, variant) for the bottom row, left to right."""
        return []

    # The title bar's 求助 (F1 or a click): for visitors' screens, not the staff's.
    offers_help = True

    def compose(self) -> ComposeResult:
        help_words = (self.t("help_key"), self.t("help_asked_mark")) if self.offers_help else ("", "")
        yield TitleBar(self.title_text(), help_words=help_words, asked=self.offers_help and self.app.help_asked)
        with VerticalScroll(id="body"):
            yield from self.compose_body()
        with Horizontal(id="navbar", classes="frame-actions"):
            for id_, label, variant in self.buttons():
                yield Button(Content(label), id=id_, variant=variant)
            if self.offers_wipe:
                yield wipe_button(self.t("wipe"))

    def message_line(self, add: bool) -> Static | None:
        """The line above the buttons for a message: added the first time there is one to
        show. Most screens never show one, and each widget a screen is built with is part
        of the step's time (bench/run.py)."""
        found = self.query("#error")
        if found or not add:
            return found.first(Static) if found else None
        error = Static("", id="error", markup=False)
        self.mount(error, before=self.query_one("#navbar"))
        return error

    def show_error(self, message: str) -> None:
        error = self.message_line(add=bool(message))
        if error is None:
            return
        error.update(Content("⚠ " + message) if message else Content(""))
        error.set_class(bool(message), "shown")
        error.set_class(False, "note")

    def on_too_long(self, event: TooLong) -> None:
        # A paste longer than its box: what fits went in; say so where messages go.
        self.show_error(self.t(event.words, n=event.most))

    def show_note(self, message: str) -> None:
        """A message that is not a warning (printing's progress) on the message line."""
        error = self.message_line(add=bool(message))
        if error is None:
            return
        error.update(Content(message))
        error.set_class(False, "shown")
        error.set_class(bool(message), "note")

    def action_leave(self) -> None:
        self.dismiss()
