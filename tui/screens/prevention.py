"""Provides the "下次怎么避免" screen: the help desk's advice for the next purchase, reached
from Welcome and from the end of the plan; Esc goes back."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from .frame import FramedScreen


class PreventionScreen(FramedScreen):
    def title_text(self) -> str:
        return self.t("prevention_title")

    def compose_body(self) -> ComposeResult:
        yield Static(Content(self.t("prevention_intro")), classes="prompt", markup=False)
        items = "\n".join(f"• {item}" for item in self.app.content.prevention)
        yield Static(Content(items), id="prevention-items", markup=False)

    def buttons(self) -> list[tuple[str, str, str]]:
        return [("leave", self.t("back") + "  Esc", "primary")]

    def on_mount(self) -> None:
        self.query_one("#leave").focus()

    def on_button_pressed(self, event) -> None:
        event.stop()
        self.dismiss()
