"""Provides the apology shown after an unexpected error: the visit was cleared, start again."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ..widgets.button import Button


class ApologyScreen(ModalScreen[None]):
    """Says sorry and nothing else: no detail of the error and nothing of the visit."""

    DEFAULT_CSS = """
    ApologyScreen { align: center middle; }
    """

    def compose(self) -> ComposeResult:
        text = self.app.content.text
        with Vertical(classes="dialog"):
            yield Static(Content(text("crash_title")), classes="prompt", markup=False)
            yield Static(Content(text("crash_body")), markup=False)
            with Horizontal(classes="dialog-actions"):
                yield Button(Content(text("crash_ok")), id="crash-ok", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#crash-ok").focus()

    @on(Button.Pressed, "#crash-ok")
    def done(self) -> None:
        self.dismiss()
