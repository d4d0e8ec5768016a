"""Provides the take-away screen: the complaint text as QR codes a phone reads as text,
split into numbered parts when it does not fit one code."""

from __future__ import annotations

from textual.app import ComposeResult

from ..core.qr import capacity, split_text
from ..widgets.qr import CHROME_ROWS, MIN_TEXT, QRBlock
from .paged import PagedScreen


class TakeAwayScreen(PagedScreen):
    leave_label = "back"

    def __init__(self, parts: list[str], page: int = 0) -> None:
        super().__init__(page)
        self.parts = parts

    @staticmethod
    def split(text: str, size: tuple[int, int]) -> list[str]:
        """Parts as large as the biggest code a terminal of `size` shows whole (level L); at
        least one character each even on a tiny screen, where the code says to make room."""
        width, height = size
        return split_text(text, max(capacity(width - MIN_TEXT - 2, height - CHROME_ROWS), 4))

    def page_count(self) -> int:
        return len(self.parts)

    def at_page(self, page: int) -> TakeAwayScreen:
        return TakeAwayScreen(self.parts, page)  # the same split on every page

    def title_text(self) -> str:
        return self.app.content.text("take_away_title", n=self.page + 1, m=len(self.parts))

    def compose_page(self) -> ComposeResult:
        t = self.app.content.text
        part = self.parts[self.page]
        yield QRBlock(part, [self.title_text(), "", t("take_away_hint"), "", part], id="qr")
