"""Provides the idle warning: a countdown before the kiosk forgets an unattended visitor (or
locks the staff console)."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Digits, Static


class IdleWarning(ModalScreen[None]):
    """Any key or click closes it, and counts as the visitor being back; a character typed
    goes on to the box it was meant for (someone who looked a number up on their phone
    starts typing it, and must not lose the first digit)."""

    def __init__(self, seconds_left: int, words: str = "idle_warning") -> None:
        super().__init__()
        self.seconds_left = seconds_left
        self.words = words  # the content/i18n key of what happens at zero

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.message(), id="idle-message", markup=False)
            # The seconds left, large: readable at a glance from a step away.
            yield Digits(str(max(self.seconds_left, 0)), id="idle-seconds")

    def message(self) -> Content:
        return Content(self.app.content.text(self.words, n=max(self.seconds_left, 0)))

    def count(self, seconds_left: int) -> None:
        self.seconds_left = seconds_left
        self.query_one("#idle-message", Static).update(self.message())
        self.query_one("#idle-seconds", Digits).update(str(max(seconds_left, 0)))

    def on_key(self, event: events.Key) -> None:
        event.stop()
        self.dismiss()
        if event.is_printable:  # Enter, Tab, Esc only close it: they would act on the screen
            self.app.post_message(events.Key(event.key, event.character))

    def on_mouse_down(self, event: events.MouseDown) -> None:
        event.stop()
        self.dismiss()
