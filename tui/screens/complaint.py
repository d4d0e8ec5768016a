"""Provides the complaint text screen: the draft, editable, to copy (OSC 52) or save to the
folder the staff configured."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, Static, TextArea

from ..core.draft import build_draft
from .flow import FlowScreen
from .take_away import TakeAwayScreen


class ComplaintScreen(FlowScreen):
    offers_saving = True

    def title_text(self) -> str:
        return self.t("complaint_title")

    def draft(self) -> str:
        plan = self.app.plan()
        return build_draft(self.app.content, self.interview, plan, self.app.today())

    def compose_body(self) -> ComposeResult:
        edited = self.interview.complaint_text
        # Built once per visit: the answers cannot change while this screen is open.
        self.generated = self.draft()
        yield Static(Content(self.t("complaint_intro")), classes="hint", markup=False)
        if edited is not None and edited != self.generated:
            yield Static(Content(self.t("edited_kept")), classes="hint", markup=False)
        with Horizontal(id="complaint-actions"):
            yield Button(Content(self.t("copy")), id="copy")
            yield Button(Content(self.t("save_file")), id="save")
            yield Button(Content(self.t("regenerate")), id="regenerate")
            yield Button(Content(self.t("take_away")), id="take-away")
        yield TextArea(edited if edited is not None else self.generated, id="complaint", soft_wrap=True)

    def on_mount(self) -> None:
        self.query_one("#complaint", TextArea).focus()

    def text(self) -> str:
        return self.query_one("#complaint", TextArea).text

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        # Kept only when it differs from the draft, so changed answers still flow into an
        # untouched draft.
        self.interview.complaint_text = None if self.text() == self.generated else self.text()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "copy":
            self.app.copy_to_clipboard(self.text())
            self.notify(self.t("copied"), markup=False)
        elif event.button.id == "save":
            try:
                path = self.app.save_complaint(self.text())
            except OSError as e:
                self.show_error(self.t("save_failed", why=e.strerror or type(e).__name__))
            else:
                self.show_error("")
                self.notify(self.t("saved_to", path=str(path)), markup=False, timeout=8)
        elif event.button.id == "take-away":
            self.app.push_screen(TakeAwayScreen(TakeAwayScreen.split(self.text(), self.app.size)))
        elif event.button.id == "regenerate":
            self.query_one("#complaint", TextArea).load_text(self.generated)
            self.interview.complaint_text = None
        else:
            super().on_button_pressed(event)
            return
        event.stop()
