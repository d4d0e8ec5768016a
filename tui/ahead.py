"""Provides BuildsAhead, the kiosk app's building of the next screen while the visitor reads
the one before (composing and mounting a screen was about half of a step, bench/run.py),
and the screen class of each step."""

from __future__ import annotations

from importlib import import_module

from .core.interview import COMPLAINT, EVIDENCE, PLAN, PROBLEM, REVIEW, Interview
from .screens.flow import FlowScreen
from .screens.welcome import WelcomeScreen
from .textual_private import build_off_stack

# The flow's screens are imported when first shown: Welcome, the first frame, needs none of
# them (nor TextArea, the QR code or the answer widgets they bring).
SCREENS = {PROBLEM: "problem.ProblemScreen", PLAN: "plan.PlanScreen", EVIDENCE: "evidence.EvidenceScreen",
           COMPLAINT: "complaint.ComplaintScreen", REVIEW: "review.ReviewScreen"}


def screen_class(step: str) -> type[FlowScreen]:
    module, name = SCREENS.get(step, "question.QuestionScreen").split(".")
    return getattr(import_module(f"tui.screens.{module}"), name)


class BuildsAhead:
    """A KioskApp part: `ahead` is the next screen, built off the screen stack."""

    ahead: FlowScreen | None = None

    def screen_for(self, step: str, editing: bool = False, supposing: Interview | None = None) -> FlowScreen:
        """The screen of `step`: the one built ahead if it still fits (prepare_next), else a
        new one. `supposing`: answers as they would be, to build a screen ahead from."""
        interview = supposing or self.interview
        total = self.total_steps(interview)
        number = self.visit.number_of(step, editing, interview)
        ahead, self.ahead = self.ahead, None
        if ahead is not None:
            if self.fits(ahead, step, editing):
                ahead.supposing = None  # from now on it reads the visit's own answers
                if hasattr(ahead, "built_on"):  # else not composed yet: it will be, from these
                    ahead.renew()
                return ahead
            # Built for answers that have changed since: dropped once the step is drawn.
            self.call_after_refresh(ahead.remove)
        return screen_class(step)(step, number, total, editing=editing, supposing=supposing)

    def fits(self, ahead: FlowScreen, step: str, editing: bool = False, supposing: Interview | None = None) -> bool:
        """Whether the screen built ahead can be shown as `step` for the visit's answers (or
        for `supposing`): same step and counter, and nothing it was built from changed since
        (FlowScreen.basis)."""
        interview = supposing or self.interview
        number = self.visit.number_of(step, editing, interview)
        if (ahead.step, ahead.number, ahead.total, ahead.editing) != (step, number, self.total_steps(interview), editing):
            return False
        if not hasattr(ahead, "built_on"):
            return True  # not composed yet: it will be, from the answers as they are then
        held, ahead.supposing = ahead.supposing, supposing
        try:
            return ahead.built_on == ahead.basis()
        finally:
            ahead.supposing = held

    def step_after(self, screen) -> tuple[str, Interview | None] | None:
        """The step the next button of `screen` opens (Welcome's start button: start_flow's),
        and, on the problem screen, the answers as they will be once the highlighted problem
        is chosen; None where it opens a dialog or no problem is highlighted."""
        iv = self.interview
        if isinstance(screen, WelcomeScreen):
            return self.visit.step, None
        if screen.editing:
            return REVIEW, None
        supposing = None
        if screen.step == PROBLEM:
            highlighted = screen.highlighted()
            if highlighted is None:
                return None
            if highlighted != iv.problem_id:
                supposing = iv = iv.supposing(highlighted)
        steps = iv.steps()
        index = steps.index(screen.step) + 1
        return (steps[index], supposing) if index < len(steps) else None

    def prepare_next(self, screen) -> None:
        """While the visitor reads `screen` (called just after its first frame, and on the
        problem screen once the cursor rests): build, off the screen stack, the screen its next
        button will show, so that the step itself only draws it. Composing and mounting a
        screen's widgets was about half of a step (bench/run.py). It is shown only if nothing
        it was built from has changed by then (FlowScreen.basis); else it is dropped and the
        step builds a new one."""
        if self.closing or not self.screen_stack or self.screen is not screen:
            return
        after = self.step_after(screen)
        if after is None:
            return
        step, supposing = after
        if self.ahead is not None and self.fits(self.ahead, step, supposing=supposing):
            # Still the one: a dialog over `screen` was closed, or the cursor rests on a
            # problem whose page is the same but for its title (renewed as it is shown).
            return
        self.drop_ahead()
        self.read_screens_css()
        self.ahead = self.screen_for(step, supposing=supposing)
        build_off_stack(self, self.ahead)

    def drop_ahead(self) -> None:
        """Forget the screen built ahead: it holds this visitor's answers."""
        ahead, self.ahead = self.ahead, None
        if ahead is not None:
            ahead.remove()
