"""Provides the Welcome screen: what the kiosk does, 开始, 继续我的案件, the channel directory
and the advice for next time."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from ..widgets.button import Button



class WelcomeScreen(Screen):
    """The attract screen every visitor starts from and every reset returns to."""

    # The arrow keys move between its buttons, as Tab does (the hint under them says so).
    BINDINGS = [
        Binding("right,down", "app.focus_next", "next button", show=False),
        Binding("left,up", "app.focus_previous", "previous button", show=False),
    ]

    def compose(self) -> ComposeResult:
        text = self.app.content.text
        with Vertical(id="welcome"):
            yield Static(Content(text("app_title")), id="brand", markup=False)
            yield Static(Content(text("welcome_heading")), id="heading", markup=False)
            yield Static(Content(text("welcome_body")), id="pitch", markup=False)
            with Center():
                with Horizontal(id="welcome-actions"):
                    yield Button(Content(text("start")), id="start", variant="primary")
                    yield Button(Content(text("resume")), id="resume")
                    yield Button(Content(text("channels")), id="channels")
                    yield Button(Content(text("prevention_title")), id="prevention")
                    yield Button(Content(text("restart")), id="restart")
            yield Static(Content(text("welcome_keys")), id="welcome-keys", markup=False)
            if not self.app.kiosk_mode:  # someone trying it must know it is not a help desk, and the way out
                yield Static(Content(text("demo_note")), id="demo-note", markup=False)

    def on_screen_resume(self) -> None:
        # A visitor who went back to Welcome can carry on; the next one starts clean.
        in_progress = self.app.interview.problem_id is not None
        start = self.query_one("#start", Button)
        start.label = Content(self.app.content.text("continue_flow" if in_progress else "start"))
        self.query_one("#restart", Button).display = in_progress
        start.focus()
        if self.app.warmed:  # at start, the warm-up does it once done (KioskApp._warmed_up)
            self.call_after_refresh(self.app.prepare_next, self)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self.app.start_flow()
        elif event.button.id == "resume":
            if self.app.interview.problem_id is not None and self.app.case is None:
                from .confirm import ConfirmDialog

                # Answers in progress, never saved: opening a case would wipe them.
                text = self.app.content.text
                self.app.push_screen(ConfirmDialog(text("resume_discards"), text("resume_discards_yes"),
                                                   text("finish_no")), self._resume_anyway)
            else:
                self._resume_anyway(True)
        elif event.button.id == "channels":
            from .channels import ChannelsScreen

            self.app.push_screen(ChannelsScreen())
        elif event.button.id == "prevention":
            from .prevention import PreventionScreen

            self.app.push_screen(PreventionScreen())
        elif event.button.id == "restart":
            self.app.reset()
            self.app.start_flow()

    def _resume_anyway(self, yes: bool | None) -> None:
        if yes:
            from .resume import ResumeScreen

            self.app.push_screen(ResumeScreen())
