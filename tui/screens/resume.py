"""Provides the resume screen: a returning visitor types their case code and PIN."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Input, Static

from ..core.keyed import Reason
from ..widgets.limited import CODE_MOST, PIN_MOST, LimitedInput
from .frame import FramedScreen


class ResumeScreen(FramedScreen):
    def title_text(self) -> str:
        return self.t("resume_title")

    def compose_body(self) -> ComposeResult:
        yield Static(Content(self.t("resume_hint")), classes="hint", markup=False)
        yield Static(Content(self.t("case_code")), classes="prompt", markup=False)
        yield LimitedInput(placeholder=self.t("resume_code_placeholder"), id="code", most=CODE_MOST)
        yield Static(Content(self.t("case_pin")), classes="prompt", markup=False)
        yield LimitedInput(placeholder=self.t("resume_pin_placeholder"), id="pin", password=True, most=PIN_MOST)

    def buttons(self) -> list[tuple[str, str, str]]:
        return [("leave", "‹ " + self.t("home") + "  Esc", "default"), ("open", self.t("resume_open"), "primary")]

    def on_mount(self) -> None:
        self.query_one("#code").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "code" and not self.query_one("#pin", Input).value:
            self.query_one("#pin").focus()
        else:
            self.open_case()

    def on_button_pressed(self, event) -> None:
        event.stop()
        if event.button.id == "open":
            self.open_case()
        else:
            self.dismiss()

    def open_case(self) -> None:
        from ..store.cases import CaseError
        from ..store.codes import normalise_code
        from ..store.files import StoreError

        code = self.query_one("#code", Input).value
        pin = self.query_one("#pin", Input).value.strip()
        # Checked here first, so a typo costs no try against the lockout.
        if len(normalise_code(code)) != 9:
            self.show_error(self.t("resume_bad_code"))
            self.query_one("#code").focus()
            return
        if not pin.isdigit() or not 4 <= len(pin) <= 6:
            self.show_error(self.t("resume_bad_pin"))
            self.query_one("#pin").focus()
            return
        try:
            self.app.open_case(code, pin)
        except (CaseError, StoreError) as e:
            self.show_error(e.message(self.app.content.text))
            pin_input = self.query_one("#pin", Input)
            pin_input.value = ""  # a wrong PIN is not kept: the next person must not see its length
            pin_input.focus()
            return
        except OSError as e:
            self.show_error(self.t("store_failed", why=Reason(e).said(self.t)))
            return
        from .case import CaseScreen

        self.app.switch_screen(CaseScreen())
