"""Provides KioskApp: the Textual app that walks a visitor from Welcome through the
questions to their plan, evidence list, complaint text and answer check."""

from __future__ import annotations

import os
import tempfile
import time
from datetime import date, datetime
from pathlib import Path
from typing import Callable

from textual import events
from textual.app import App
from textual.binding import Binding

from .core import dates
from .core.content import Content as KioskContent
from .core.interview import AFTER_QUESTIONS, COMPLAINT, EVIDENCE, PLAN, PROBLEM, REVIEW, Interview
from .screens.complaint import ComplaintScreen
from .screens.confirm import ConfirmDialog
from .screens.evidence import EvidenceScreen
from .screens.flow import FlowScreen
from .screens.idle import IdleWarning
from .screens.plan import PlanScreen
from .screens.problem import ProblemScreen
from .screens.question import QuestionScreen
from .screens.review import ReviewScreen
from .screens.staff_exit import StaffExitDialog
from .screens.welcome import WelcomeScreen
from .widgets.qr import QRBlock

_SCREENS = {PROBLEM: ProblemScreen, PLAN: PlanScreen, EVIDENCE: EvidenceScreen,
            COMPLAINT: ComplaintScreen, REVIEW: ReviewScreen}


def default_save_dir() -> Path:
    """Where complaint texts go unless staff set KIOSK_SAVE_DIR or --save-dir."""
    env = os.environ.get("KIOSK_SAVE_DIR")
    if env:
        return Path(env)
    from platformdirs import user_data_path

    return user_data_path("wuliu-kiosk") / "complaints"


class KioskApp(App, inherit_bindings=False):
    """The kiosk. No inherited bindings and no command palette: on a shared machine nothing
    a visitor presses may quit, open a shell or write files (textual-kiosk-notes §1)."""

    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = False
    TITLE = "物流投诉自助"
    BINDINGS = [
        Binding("ctrl+q", "staff_exit", "退出", show=False, priority=True),
        Binding("f12", "staff_exit", "退出", show=False, priority=True),
        Binding("tab", "app.focus_next", show=False),
        Binding("shift+tab", "app.focus_previous", show=False),
    ]

    def __init__(self, content: KioskContent, *, today: Callable[[], date] = dates.today,
                 save_dir: Path | str | None = None, passcode: str | None = None,
                 idle_after: float = 180, idle_grace: float = 30,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.content = content
        self.today = today
        self.save_dir = Path(save_dir) if save_dir else default_save_dir()
        self.passcode = passcode if passcode is not None else os.environ.get("KIOSK_PASSCODE")
        self.interview = Interview(content)
        self.position = 0  # the step the visitor was last on
        # Idle: after `idle_after` seconds without input, warn; `idle_grace` later, forget.
        self.idle_after, self.idle_grace, self.clock = idle_after, idle_grace, clock
        self.last_input = clock()

    def on_mount(self) -> None:
        self.push_screen(WelcomeScreen())
        self.set_interval(1, self.check_unattended)

    # --- idle -------------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        # Paste is not an InputEvent, so it is named here too.
        if isinstance(event, (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp, events.Paste)):
            self.last_input = self.clock()
        await super().on_event(event)

    def check_unattended(self) -> None:
        if self.interview.problem_id is None and isinstance(self.screen, WelcomeScreen):
            return  # nobody's answers to protect
        idle = self.clock() - self.last_input
        if idle >= self.idle_after + self.idle_grace:
            self.reset()
            self.go_home()
        elif idle >= self.idle_after:
            left = round(self.idle_after + self.idle_grace - idle)
            if isinstance(self.screen, IdleWarning):
                self.screen.count(left)
            else:
                self.push_screen(IdleWarning(left))

    # --- the flow ---------------------------------------------------------------------

    def total_steps(self) -> int:
        if self.interview.problem:
            return len(self.interview.steps())
        # Before a problem is chosen, count the longest path, so the total never grows later.
        return 1 + max(len(p.questions) for p in self.content.problems.values()) + len(AFTER_QUESTIONS)

    def screen_for(self, step: str, editing: bool = False) -> FlowScreen:
        steps = self.interview.steps()
        total = self.total_steps()
        # While changing an answer the counter stays on the check page: it never goes back.
        number = total if editing else steps.index(step) + 1
        cls = _SCREENS.get(step, QuestionScreen)
        return cls(step, number, total, editing=editing)

    def show(self, screen: FlowScreen) -> None:
        if isinstance(self.screen, FlowScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def start_flow(self) -> None:
        steps = self.interview.steps()
        self.show(self.screen_for(steps[min(self.position, len(steps) - 1)]))

    def flow_next(self, screen: FlowScreen) -> None:
        if screen.editing:
            self.show(self.screen_for(REVIEW))
            return
        steps = self.interview.steps()
        index = steps.index(screen.step)
        if screen.step == REVIEW:
            self.push_screen(ConfirmDialog(self.content.text("finish_confirm"), self.content.text("finish_yes"),
                                           self.content.text("finish_no")), self._finished)
            return
        self.position = index + 1
        self.show(self.screen_for(steps[index + 1]))

    def flow_back(self, screen: FlowScreen) -> None:
        if screen.editing:
            self.show(self.screen_for(REVIEW))
            return
        index = self.interview.steps().index(screen.step)
        if index == 0:
            self.position = 0
            self.pop_screen()  # back to Welcome; the answers stay until reset
            return
        self.position = index - 1
        self.show(self.screen_for(self.interview.steps()[index - 1]))

    def edit_step(self, step: str) -> None:
        self.show(self.screen_for(step, editing=True))

    def _finished(self, confirmed: bool | None) -> None:
        if confirmed:
            self.reset()
            self.go_home()
            self.notify(self.content.text("goodbye"), markup=False)

    def go_home(self) -> None:
        """Back to Welcome, closing whatever is open above it (dialogs included)."""
        while len(self.screen_stack) > 2 and not isinstance(self.screen, WelcomeScreen):
            self.pop_screen()

    def reset(self) -> None:
        """Forget the visitor: answers, position, and the text left in the clipboard."""
        self.interview = Interview(self.content)
        self.position = 0
        self.copy_to_clipboard("")

    # --- saving -----------------------------------------------------------------------

    def save_complaint(self, text: str) -> Path:
        """Write the complaint text to the staff's folder; raises OSError for the screen to
        explain. Written to a temporary file first so a full disk never leaves half a file."""
        folder = self.save_dir
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        stamp = datetime.now(dates.CHINA).strftime("%Y%m%d-%H%M%S")
        target = folder / f"投诉-{stamp}-{self.interview.problem_id}.txt"
        n = 1
        while target.exists():
            n += 1
            target = folder / f"投诉-{stamp}-{self.interview.problem_id}-{n}.txt"
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".complaint-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return target

    # --- staff ------------------------------------------------------------------------

    def action_staff_exit(self) -> None:
        if isinstance(self.screen, StaffExitDialog):
            return

        def done(ok: bool | None) -> None:
            if ok:
                self.copy_to_clipboard("")
                self.exit()

        self.push_screen(StaffExitDialog(self.passcode), done)

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width < 80 or event.size.height < 24:
            self.notify(self.content.text("too_small"), severity="warning", markup=False)
        # QR codes are sized to the terminal: redraw them for the new size. (This handler
        # runs before App's own, so app.size is still the old one: use the event's.)
        for block in self.screen.query(QRBlock):
            block.fit(event.size)


