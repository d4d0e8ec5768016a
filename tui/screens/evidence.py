"""Provides the evidence checklist for the problem type; the visitor ticks what they have."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import SelectionList, Static

from ..widgets.choice import Ticks
from .flow import FlowScreen


class EvidenceScreen(FlowScreen):
    def title_text(self) -> str:
        return self.t("evidence_title")

    def basis(self) -> tuple:
        return (self.interview.problem_id, sorted(self.interview.evidence_ticked))

    def compose_body(self) -> ComposeResult:
        items = self.interview.problem.evidence
        ticked = self.interview.evidence_ticked
        yield Static(Content(self.t("evidence_intro")), classes="hint", markup=False)
        yield Ticks(*[(Content(self.app.content.evidence[e]), e, e in ticked) for e in items], id="evidence")
        yield Static("", id="evidence-count", markup=False)

    def on_mount(self) -> None:
        self.query_one("#evidence").focus()
        self._count()

    @on(Ticks.Submitted)
    def _submitted(self, event: Ticks.Submitted) -> None:
        event.stop()
        self.action_next()  # Enter goes on, as everywhere; Space ticks

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        self.app.visit.tick_evidence(event.selection_list.selected)
        self._count()

    def _count(self) -> None:
        n, m = len(self.interview.evidence_ticked), len(self.interview.problem.evidence)
        self.query_one("#evidence-count", Static).update(Content(self.t("evidence_count", n=n, m=m)))
