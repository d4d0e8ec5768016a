"""Provides the take-away screen: the complaint text as QR codes a phone reads as text,
split into numbered parts when it does not fit one code."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Static

from ..core.qr import capacity, split_text
from ..widgets.qr import CHROME_ROWS, MIN_TEXT, QRBlock


class TakeAwayScreen(Screen):
    BINDINGS = [
        Binding("left", "page(-1)", show=False),
        Binding("right", "page(1)", show=False),
        Binding("escape", "close", show=False),
    ]

    def __init__(self, parts: list[str], page: int = 0) -> None:
        super().__init__()
        self.parts = parts
        self.page = page

    @staticmethod
    def split(text: str, size: tuple[int, int]) -> list[str]:
        """Parts as large as the biggest code a terminal of `size` shows whole (level L); at
        least one character each even on a tiny screen, where the code says to make room."""
        width, height = size
        return split_text(text, max(capacity(width - MIN_TEXT - 2, height - CHROME_ROWS), 4))

    def compose(self) -> ComposeResult:
        t = self.app.content.text
        n, m = self.page + 1, len(self.parts)
        part = self.parts[self.page]
        with Horizontal(id="topbar"):
            yield Static(Content(t("take_away_title", n=n, m=m)), id="title", markup=False)
        with VerticalScroll(id="body"):
            yield QRBlock(part, [t("take_away_title", n=n, m=m), "", t("take_away_hint"), "", part], id="qr")
        with Horizontal(id="navbar"):
            yield Button(Content("‹ " + t("prev_page")), id="prev")
            yield Button(Content(t("back") + "  Esc"), id="close")
            yield Button(Content(t("next_page") + " ›"), id="next", variant="primary")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "close":
            self.action_close()
        else:
            self.action_page(-1 if event.button.id == "prev" else 1)

    def action_page(self, step: int) -> None:
        self.app.switch_screen(TakeAwayScreen(self.parts, (self.page + step) % len(self.parts)))

    def action_close(self) -> None:
        self.app.pop_screen()
