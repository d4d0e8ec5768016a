"""Provides the staff exit dialog: the kiosk closes only for the staff passcode."""

from __future__ import annotations

import hmac

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class StaffExitDialog(ModalScreen[bool]):
    """Answers True when the passcode is right. With no passcode set (a demo or a
    developer's machine) it only asks for confirmation, and says so."""

    BINDINGS = [Binding("escape", "cancel", "取消")]

    def __init__(self, passcode: str | None) -> None:
        super().__init__()
        self.passcode = passcode

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            if self.passcode:
                yield Static(Content("工作人员：输入管理口令后按回车退出。访客请按 Esc 返回。"), markup=False)
            else:
                yield Static(Content("未设置管理口令（演示模式）。按回车退出，按 Esc 返回。\n正式使用请设置 KIOSK_PASSCODE。"), markup=False)
            yield Input(password=True, id="passcode", placeholder="管理口令" if self.passcode else "")
            yield Static("", id="passcode-error", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        # compare_digest: the time taken does not hint at how much of a guess was right.
        if not self.passcode or hmac.compare_digest(event.value.encode(), self.passcode.encode()):
            self.dismiss(True)
        else:
            event.input.value = ""
            self.query_one("#passcode-error", Static).update(Content("口令不对。"))

    def action_cancel(self) -> None:
        self.dismiss(False)
