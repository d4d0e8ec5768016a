"""Provides the staff login: Ctrl+Q or F12 asks for the staff passcode (slowed, then locked,
after wrong ones) before the staff console opens. In demo mode it only says so."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class StaffLoginDialog(ModalScreen[bool]):
    """Answers True once the passcode is right (or at once in demo mode, after Enter)."""

    BINDINGS = [Binding("escape", "cancel", "cancel")]
    DEFAULT_CSS = """
    StaffLoginDialog { align: center middle; }
    StaffLoginDialog #passcode-error { color: $error; height: auto; }
    """

    def __init__(self, staff) -> None:
        super().__init__()
        self.staff = staff  # tui.store.staff.StaffKeys, or None in demo mode

    def t(self, key: str, **values: object) -> Content:
        return Content(self.app.content.text(key, **values))

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.t("staff_login" if self.staff else "staff_login_demo"), markup=False)
            yield Input(password=True, id="passcode", max_length=200)
            yield Static("", id="passcode-error", markup=False)

    @on(Input.Submitted, "#passcode")
    def submitted(self, event: Input.Submitted) -> None:
        from ..store.files import StoreError
        from ..store.staff import StaffWait

        event.stop()
        if self.staff is None:
            self.dismiss(True)
            return
        error = self.query_one("#passcode-error", Static)
        try:
            ok = self.staff.check(event.value)
        except StaffWait as wait:
            ok = False
            error.update(self.t("staff_locked" if wait.locked else "staff_wait",
                                minutes=wait.seconds // 60 + 1, seconds=wait.seconds))
        except StoreError as e:
            ok = False
            # A damaged passcode file says how to set a new one; anything else, that it failed.
            error.update(e.message(self.t) if e.key == "staff_passcode_damaged" else self.t("staff_cannot_check"))
        except OSError:
            ok = False
            error.update(self.t("staff_cannot_check"))
        else:
            if not ok:
                error.update(self.t("staff_wrong"))
        event.input.value = ""
        if ok:
            self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
