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
                    # The same digits as plain text: not everyone reads box-drawn figures.
                    yield Static(Content(self.t("case_pin_plain", pin=" ".join(self.pin))), id="case-pin-plain",
                                 markup=False)
                else:
                    yield Static(Content(self.t("case_pin_unchanged")), id="pin-unchanged", markup=False)
        # Saved on this desk only (the server away): said first beside the code, where it
        # takes no room from the code itself.
        note = self.app.visit.kept_here(self.code)
        beside = [*note.split("\n"), ""] if note else []
        # The code only: a PIN in a QR code would travel in every photo of the screen.
        yield QRBlock(self.code, beside + self.t("case_saved_advice").split("\n"), id="qr")

    def buttons(self) -> list[tuple[str, str, str]]:
        buttons = [("done", self.t("case_noted"), "primary"), ("print", self.app.print_label(), "default")]
        if self.pin and self.app.printer_name():  # on paper only: never a file with the PIN
            buttons.append(("slip", self.t("print_slip"), "default"))
        return buttons

    def on_mount(self) -> None:
        self.query_one("#done").focus()

    def on_button_pressed(self, event) -> None:
        event.stop()
        if event.button.id == "slip":
            self.app.print_slip(self, self.code, self.pin)
        elif event.button.id == "print":
            # The sheet carries the case code (never the PIN): paper for a visitor who does
            # not photograph screens.
            self.app.print_visit(self)
        else:
            self.dismiss()
