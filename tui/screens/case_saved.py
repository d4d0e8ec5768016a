"""Provides the case-saved screen: the case code and PIN shown large, a QR code of the case
code for the visitor's phone, and the advice to photograph or write them down."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Digits, Static

from ..widgets.qr import QRBlock
from .frame import FramedScreen


class CaseSavedScreen(FramedScreen):
    BINDINGS = [Binding("enter", "leave", "noted")]

    def __init__(self, code: str, pin: str | None) -> None:
        super().__init__()
        self.code, self.pin = code, pin

    def title_text(self) -> str:
        return self.t("case_saved_title")

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="case-ids"):
            with Vertical(classes="case-id"):
                yield Static(Content(self.t("case_code")), markup=False)
                # Spaced out, so each character is read on its own from a photo.
                yield Static(Content(" ".join(self.code)), id="case-code", markup=False)
            with Vertical(classes="case-id"):
                yield Static(Content(self.t("case_pin")), markup=False)
                if self.pin:
                    yield Digits(self.pin, id="case-pin")
                else:
                    yield Static(Content(self.t("case_pin_unchanged")), id="pin-unchanged", markup=False)
        # The code only: a PIN in a QR code would travel in every photo of the screen.
        yield QRBlock(self.code, self.t("case_saved_advice").split("\n"), id="qr")

    def buttons(self) -> list[tuple[str, str, str]]:
        return [("done", self.t("case_noted"), "primary"), ("print", self.app.print_label(), "default")]

    def on_mount(self) -> None:
        self.query_one("#done").focus()

    def on_button_pressed(self, event) -> None:
        event.stop()
        if event.button.id == "print":
            # The sheet carries the case code (never the PIN): paper for a visitor who does
            # not photograph screens.
            self.app.print_visit(self)
        else:
            self.dismiss()
