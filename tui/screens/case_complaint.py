"""Provides the complaint texts of a saved case: one for each body of its plan, written from
the answers and every event recorded since (what each side said, and when), today's step
first; Esc goes back to the case."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content

from ..widgets.button import Button
from ..widgets.title_bar import TitleBar
from .complaint import ComplaintScreen


class CaseComplaintScreen(ComplaintScreen):
    offers_saving = False  # the case is saved already

    def __init__(self) -> None:
        super().__init__("complaint", 0, 0)

    def compose(self) -> ComposeResult:
        # Not a step of the flow: no counter, and nothing to build ahead.
        yield TitleBar(self.t("case_title_complaint", code=self.app.case.code))
        with VerticalScroll(id="body"):
            yield from self.compose_body()
        with Horizontal(id="navbar"):
            yield Button(Content("‹ " + self.t("back") + "  Esc"), id="back")
            yield Button(Content(self.app.print_label()), id="print")

    def action_next(self) -> None:
        pass  # no flow to go on to

    def action_back(self) -> None:
        self.dismiss()
