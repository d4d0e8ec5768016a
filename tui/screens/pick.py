"""Provides PickScreen: a list over the page to choose one option from (which courier
company), answered to whoever opened it; Esc keeps the choice there was."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..widgets.choice import Menu


class PickScreen(ModalScreen[str | None]):
    DEFAULT_CSS = """
    PickScreen { align: center middle; }
    PickScreen > Menu { width: 48; height: auto; max-height: 90%; border: thick $primary; }
    """
    BINDINGS = [Binding("escape", "cancel", "cancel")]

    def __init__(self, options: list[tuple[Content, str]], value: str) -> None:
        super().__init__()
        self.options, self.value = options, value

    def compose(self) -> ComposeResult:
        yield Menu(*[Option(label, id=key) for label, key in self.options], id="pick")

    def on_mount(self) -> None:
        menu = self.query_one("#pick", Menu)
        keys = [key for _, key in self.options]
        if self.value in keys:
            menu.highlighted = keys.index(self.value)
        menu.focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
