"""Provides the full plan of a saved case (each step's how, phone and QR code), counting the
events recorded on it; Esc goes back to the case."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ..widgets.button import Button
from ..widgets.title_bar import TitleBar
from .plan import PlanScreen


class CasePlanScreen(PlanScreen):
    offers_saving = False  # the case is saved already

    def __init__(self) -> None:
        super().__init__("plan", 0, 0)

    def compose(self) -> ComposeResult:
        yield TitleBar(self.t("case_title_plan", code=self.app.case.code))
        with VerticalScroll(id="body"):
            yield from self.compose_body()
        yield Static("", id="error", markup=False)
        with Horizontal(id="navbar"):
            yield Button(Content("‹ " + self.t("back") + "  Esc"), id="back")

    def action_next(self) -> None:
        pass  # no flow to go on to

    def action_back(self) -> None:
        self.dismiss()
