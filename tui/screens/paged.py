"""Provides PagedScreen, the frame of screens read one page at a time (the channel
directory, the complaint text's QR parts): title, counter, ← → to turn, Esc to leave."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen

from ..widgets.button import Button
from ..widgets.title_bar import TitleBar


class PagedScreen(Screen):
    """Subclasses say how many pages there are, what one page shows, and how to make the
    same screen at another page."""

    BINDINGS = [
        Binding("left", "page(-1)", show=False),
        Binding("right", "page(1)", show=False),
        Binding("escape", "leave", show=False),
    ]
    leave_label = "home"  # an i18n key

    def __init__(self, page: int = 0) -> None:
        super().__init__()
        self.page = page

    def page_count(self) -> int:
        return 1

    def at_page(self, page: int) -> PagedScreen:
        return type(self)(page)

    def title_text(self) -> str:
        return ""

    def counter_text(self) -> str:
        return ""

    def compose_page(self) -> ComposeResult:
        yield from ()

    def compose(self) -> ComposeResult:
        t = self.app.content.text
        yield TitleBar(self.title_text(), self.counter_text())
        with VerticalScroll(id="body"):
            yield from self.compose_page()
        with Horizontal(id="navbar"):
            yield Button(Content("‹ " + t("prev_page")), id="prev")
            yield Button(Content(t(self.leave_label) + "  Esc"), id="leave")
            yield Button(Content(t("next_page") + " ›"), id="next", variant="primary")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "leave":
            self.action_leave()
        else:
            self.action_page(-1 if event.button.id == "prev" else 1)

    def action_page(self, step: int) -> None:
        self.app.switch_screen(self.at_page((self.page + step) % self.page_count()))

    def action_leave(self) -> None:
        self.app.pop_screen()
