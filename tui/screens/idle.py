"""Provides the idle warning: a countdown before the kiosk forgets an unattended visitor (or
locks the staff console)."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static


class IdleWarning(ModalScreen[None]):
    """Any key or click closes it, and counts as the visitor being back."""

    def __init__(self, seconds_left: int, words: str = "idle_warning") -> None:
        super().__init__()
        self.seconds_left = seconds_left
        self.words = words  # the content/i18n key of what happens at zero

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.message(), id="idle-message", markup=False)

    def message(self) -> Content:
        return Content(self.app.content.text(self.words, n=max(self.seconds_left, 0)))

    def count(self, seconds_left: int) -> None:
        self.seconds_left = seconds_left
        self.query_one("#idle-message", Static).update(self.message())

    def on_key(self, event: events.Key) -> None:
        event.stop()
        self.dismiss()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        event.stop()
        self.dismiss()
