"""Provides the "下次怎么避免" screen: the help desk's advice for the next purchase, reached
from Welcome and from the end of the plan; Esc goes back."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from .frame import FramedScreen


class PreventionScreen(FramedScreen):
    DEFAULT_CSS = """
    PreventionScreen #prevention-items { height: auto; }
    PreventionScreen .bullet { height: auto; }
    PreventionScreen .bullet .mark { width: 2; }
    PreventionScreen .bullet .item { width: 1fr; }
    """
    def title_text(self) -> str:
        return self.t("prevention_title")

    def compose_body(self) -> ComposeResult:
        yield Static(Content(self.t("prevention_intro")), classes="prompt", markup=False)
        with Vertical(id="prevention-items"):
            for item in self.app.content.prevention:
                # A hanging indent: the bullet in a column of its own, the lines wrap beside it.
                with Horizontal(classes="bullet"):
                    yield Static("•", classes="mark")
                    yield Static(Content(item), classes="item", markup=False)

    def buttons(self) -> list[tuple[str, str, str]]:
        return [("leave", self.t("back") + "  Esc", "primary")]

    def on_mount(self) -> None:
        self.query_one("#leave").focus()

    def on_button_pressed(self, event) -> None:
        event.stop()
        self.dismiss()
