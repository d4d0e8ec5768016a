"""Provides the case screen: a saved case's next step and deadline in plain words, its
timeline of events, and its plan with each step's state; from here the visitor records what
happened, looks at the full plan, or closes the case."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from ..core.case import ABANDONED, OPEN, active, next_step, timeline
from ..core.dates import format_date
from ..core.plan import summary
from ..widgets.button import Button
from .frame import FramedScreen


class CaseScreen(FramedScreen):
    def title_text(self) -> str:
        case = self.app.case
        label = self.app.interview.problem.label if self.app.interview.problem else case.problem
        return self.t("case_title", code=case.code, problem=label, status=self.t(f"case_status_{case.status}"))

    def compose_body(self) -> ComposeResult:
        app = self.app
        case, interview, today = app.case, app.interview, app.today()
        if interview.problem is None:
            # The content no longer has this problem: show what is stored, never crash.
            yield Static(Content(self.t("case_problem_gone", problem=case.problem)), markup=False)
            return
        plan = app.plan()
        yield Static(Content(self.t("case_next")), classes="prompt", markup=False)
        yield Static(Content("\n".join(next_step(app.content, plan, today, case.status))), id="next-step",
                     markup=False)
        yield Static(Content(self.t("case_timeline")), classes="prompt", markup=False)
        yield Static(Content.from_rich_text(self.render_timeline(today)), id="timeline")
        self.last = next(iter(reversed(active(app.content, case.events))), None)
        if self.last:
            yield Button(Content(self.t("case_undo")), id="undo", compact=True)
        yield Static(Content(self.t("case_plan")), classes="prompt", markup=False)
        # The same timelines as the plan's summary, one track under the other.
        out = Text()
        for name, lines in summary(app.content, plan):
            out.append(name + "\n", style="bold")
            out.append("\n".join(lines) + "\n")
        out.rstrip()
        yield Static(Content.from_rich_text(out), id="case-plan")

    def render_timeline(self, today: date) -> Text:
        app = self.app
        entries = timeline(app.content, app.interview, app.case.events)
        out = Text()
        if not entries:
            out.append(self.t("case_no_events"))
        for e in entries:
            # Appended as plain text: a note may hold anything a visitor typed.
            out.append(format_date(e.day), style="bold")
            out.append(f"  {e.what}")
            if e.note:
                out.append(f"：{e.note}")
            out.append("\n")
        out.rstrip()
        return out

    def buttons(self) -> list[tuple[str, str, str]]:
        return [("record", self.t("case_record"), "primary"), ("full-plan", self.t("case_full_plan"), "default"),
                ("texts", self.t("case_complaint"), "default"),
                ("solved", self.t("case_solved"), "success"), ("abandon", self.t("case_abandon"), "default"),
                ("leave", self.t("case_leave") + " Esc", "default")]

    def on_mount(self) -> None:
        self.query_one("#abandon").display = self.app.case.status == OPEN
        if self.app.interview.problem is None:
            # Without its problem there is no ladder to record against or plan to show.
            for which in ("#record", "#full-plan", "#texts", "#solved"):
                self.query_one(which).display = False
            self.query_one("#leave").focus()
        else:
            self.query_one("#record").focus()

    def on_button_pressed(self, event) -> None:
        event.stop()
        from .confirm import ConfirmDialog
        from .record import RecordScreen

        which = event.button.id
        if which == "record":
            self.app.push_screen(RecordScreen(), self.refresh_case)
        elif which == "solved":
            self.app.push_screen(RecordScreen(kind="solved"), self.refresh_case)
        elif which == "full-plan":
            from .case_plan import CasePlanScreen

            self.app.push_screen(CasePlanScreen())
        elif which == "texts":
            from .case_complaint import CaseComplaintScreen

            self.app.push_screen(CaseComplaintScreen())
        elif which == "undo":
            what = self.app.content.events.get(self.last["kind"])
            self.app.push_screen(ConfirmDialog(self.t("case_undo_confirm", what=what.label if what else self.last["kind"]),
                                               self.t("case_undo_yes"), self.t("finish_no")), self.undo)
        elif which == "abandon":
            self.app.push_screen(ConfirmDialog(self.t("case_abandon_confirm"), self.t("case_abandon_yes"),
                                               self.t("finish_no")), self.abandon)
        else:
            self.action_leave()

    def undo(self, yes: bool | None) -> None:
        if yes and self.app.run_store(lambda: self.app.undo_last_event(self.last["n"]), self.show_error):
            self.refresh_case()

    def abandon(self, yes: bool | None) -> None:
        if not yes:
            return
        if self.app.run_store(lambda: self.app.close_case(ABANDONED), self.show_error):
            self.refresh_case()

    def refresh_case(self, _result: object = None) -> None:
        self.app.switch_screen(CaseScreen())  # everything on it is recomputed from the events

    def action_leave(self) -> None:
        # Leaving a case forgets it on this machine: the next visitor must not find it open.
        self.app.reset()
        self.app.go_home()
