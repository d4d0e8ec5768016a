"""Provides KioskApp: the Textual app that walks a visitor from Welcome through the
questions to their plan, evidence list, complaint text and answer check."""

from __future__ import annotations

import gc
import os
import sys
import time
from datetime import date, datetime
from importlib import import_module
from pathlib import Path
from typing import Callable

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.theme import Theme

from . import ime
from .core import dates
from .core.content import Content as KioskContent
from .core.keyed import Reason
from .widgets.title_bar import TitleBar
from .core.interview import COMPLAINT, EVIDENCE, PLAN, PROBLEM, REVIEW, Interview
from .screens.flow import FlowScreen
from .screens.welcome import WelcomeScreen
from .store import paths
from .widgets import linebreak

# Chinese line breaking for every text the kiosk draws, before anything is drawn.
linebreak.install()

# Sheets a visit may print (or save): a shared printer's paper is for everyone.
PRINTS_PER_VISIT = 3

# The flow's screens are imported when first shown: Welcome, the first frame, needs none of
# them (nor TextArea, the QR code or the answer widgets they bring).
_SCREENS = {PROBLEM: "problem.ProblemScreen", PLAN: "plan.PlanScreen", EVIDENCE: "evidence.EvidenceScreen",
            COMPLAINT: "complaint.ComplaintScreen", REVIEW: "review.ReviewScreen"}


# Garbage collection (KioskApp._collect_garbage): the young objects after GC_PAUSE seconds
# without a key or click once GC_SMALL were made (a step makes ~11,000), or at once past
# GC_BACKLOG (about a visit's worth, a few MiB); everything after GC_IDLE seconds.
# Every screen's look but Welcome's (app.tcss): read after the first frame (read_screens_css).
SCREENS_CSS = Path(__file__).with_name("screens.tcss")
GC_PAUSE = 1.0
GC_SMALL = 1_000
GC_BACKLOG = 150_000
GC_IDLE = 30.0


def _screen_class(step: str) -> type[FlowScreen]:
    module, name = _SCREENS.get(step, "question.QuestionScreen").split(".")
    return getattr(import_module(f".screens.{module}", __package__), name)


# F2's look: white text and yellow marks on black, no grey on grey (WCAG AAA contrast).
HIGH_CONTRAST = Theme(name="kiosk-high-contrast", primary="#ffff00", secondary="#00ffff", accent="#ffff00",
                      warning="#ffff00", error="#ff6060", success="#00ff00", foreground="#ffffff",
                      background="#000000", surface="#000000", panel="#202020", boost="#303030", dark=True,
                      variables={"text-muted": "#ffffff", "text-disabled": "#dddddd", "input-selection-background": "#ffff00 40%"})

# Answers left on Welcome (a visitor went back, then walked away) are wiped after this long.
WELCOME_WIPE = 30

# The staff console (and its passcode dialog) lock after this many seconds without a key or
# click, the last STAFF_GRACE of them counted down: an open console reads any case by code,
# unlocks, exports and quits, and staff get called away mid-task.
STAFF_LOCK = 90
STAFF_GRACE = 15

# Crashes closer together than this many seconds, more than CRASH_LIMIT times, mean the
# kiosk cannot recover by itself: it ends (non-zero) for its supervisor to start it anew.
CRASH_WINDOW = 60
CRASH_LIMIT = 3


class KioskApp(App, inherit_bindings=False):
    """The kiosk. No inherited bindings and no command palette: on a shared machine nothing
    a visitor presses may quit, open a shell or write files (textual-kiosk-notes §1)."""

    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = False
    TITLE = "wuliu-kiosk"  # replaced by content/i18n app_title when the app is made
    BINDINGS = [
        Binding("ctrl+q", "staff", "staff", show=False, priority=True),
        # Trying it out (--demo), Ctrl+C leaves, as in any terminal program; at a help desk
        # check_action turns it down. Not a priority key: in a text box Ctrl+C still copies.
        Binding("ctrl+c", "demo_quit", "quit the demo", show=False),
        Binding("f12", "staff", "staff", show=False, priority=True),
        Binding("f1", "help", "help", show=False),
        Binding("f2", "contrast", "contrast", show=False),
        Binding("tab", "app.focus_next", show=False),
        Binding("shift+tab", "app.focus_previous", show=False),
    ]

    def __init__(self, content: KioskContent, *, today: Callable[[], date] = dates.today,
                 save_dir: Path | str | None = None, staff=None, settings=None,
                 content_dir: Path | str | None = None,
                 idle_after: float = 180, idle_grace: float = 30,
                 clock: Callable[[], float] = time.monotonic, db: Path | str | None = None,
                 now: Callable[[], datetime] | None = None, log_dir: Path | str | None = None,
                 printer: str | None = None) -> None:
        super().__init__()
        self.log_dir = Path(log_dir) if log_dir else paths.log_dir()
        self.crashes: list[float] = []  # when unexpected errors happened (clock), for the crash boundary
        self.content = content
        self.title = content.text("app_title")  # the terminal's window title
        self.today = today
        self.save_dir = Path(save_dir) if save_dir else paths.save_dir()
        # The staff's keys (tui.store.staff.StaffKeys); None is demo mode — the staff page
        # opens without a passcode, which the kiosk command allows only with --demo.
        self.staff = staff
        if settings is None:
            from .store.staff import Settings

            settings = Settings.load()
        self.settings = settings
        self.content_dir = Path(content_dir) if content_dir else None  # None: the default folder
        self.interview = Interview(content)
        self.position = 0  # the step the visitor was last on
        # Idle: after `idle_after` seconds without input, warn; `idle_grace` later, forget.
        self.idle_after, self.idle_grace, self.clock = idle_after, idle_grace, clock
        self.last_input = clock()
        # Cases: the store is opened on first use, so start-up never reads the database.
        self.db = Path(db) if db else None
        self.now = now
        self._store = None
        self.case = None  # the saved case this visitor has open (tui.store.cases.Case)
        self.warned = 0  # store warnings already passed on
        self.collected_all = True  # no garbage collection pending (_collect_garbage)
        self.closing = False
        # The printer: a name (--printer, KIOSK_PRINTER), "" for none (保存为 PDF), or None
        # for the system's default, looked up after start (_warm_up) and again at each print.
        self.printer = printer
        self.default_printer: str | None = None
        self.prints = 0  # sheets printed or saved in this visit (PRINTS_PER_VISIT at most)
        self.printing = False  # a sheet is being made or sent: a second press waits
        self.print_jobs: set[str] = set()  # this visit's CUPS jobs not yet printed
        self.visit_number = 0  # counts wipes: a print job watches only its own visit
        self.help_asked = False  # the visitor asked for the staff (F1): every title bar says so
        self.warmed = False  # set once the warm-up after start is done (the benchmark waits for it)
        self.ahead: FlowScreen | None = None  # the next screen, built while the visitor reads (prepare_next)

    def get_default_screen(self) -> WelcomeScreen:
        # Welcome is the bottom of the screen stack, composed as the app starts. Pushed over
        # Textual's blank default screen it was a second screen to build and draw before
        # the first frame: start-up was 5–12% slower (bench/run.py).
        return WelcomeScreen()

    def on_mount(self) -> None:
        self.register_theme(HIGH_CONTRAST)
        self.usual_theme = self.theme
        self.set_interval(1, self.check_unattended)
        self.set_interval(GC_PAUSE / 2, self._collect_garbage)
        # A second after start, not at once: the warm-up must not delay the first frame.
        self.set_timer(1, lambda: self.run_worker(self._warm_up, thread=True, exit_on_error=False))
        if self.staff is not None:
            # Kiosk mode: personal data past the retention goes now and every day after.
            self.set_timer(5, self._purge_in_background)
            self.set_interval(24 * 3600, self._purge_in_background)

    def _warm_up(self) -> None:
        """Once Welcome is on screen, in a thread: import the flow's screens and build the
        official pages' QR codes, so the first visitor's first steps are as quick as the
        rest (start-up stays lean; this is work moved to while the kiosk waits)."""
        from .widgets.qr import QRBlock

        for step in (*_SCREENS, "question"):
            _screen_class(step)
        for channel in self.content.channels.values():
            if channel.url:
                QRBlock.prepare(channel.url, self.size, reserve=4)  # the plan's blocks
                QRBlock.prepare(channel.url, self.size)  # the channel directory's
        if self.printer is None:
            from .printing.spooler import default_printer

            self.default_printer = default_printer()
        self.call_from_thread(self._warm_styles)
        self.call_from_thread(self._warmed_up)

    def _warmed_up(self) -> None:
        # On the event loop, so that it cannot come after on_unmount has switched the
        # collector back on.
        if self.closing:
            return
        self._freeze_start_up()
        self.warmed = True
        if isinstance(self.screen, WelcomeScreen):
            self.prepare_next(self.screen)  # the first step (WelcomeScreen.on_screen_resume)

    def _freeze_start_up(self) -> None:
        # What exists now (Textual, content, the screens' modules) lives as long as the
        # process: keep it out of the garbage collector's passes. And from now on collect only
        # while nobody is at the kiosk (_collect_garbage): Python's own collector runs in the
        # middle of a step, and made the steps' median a third slower (bench/run.py).
        # Only before anyone has begun: frozen objects are never collected, and a visit's
        # widgets live in reference cycles — a visitor who started in the first second would
        # stay in memory, with their answers, for good. So with a visit begun, never: Python's
        # own collector then goes on as usual (slower steps, nothing kept).
        if not isinstance(self.screen, WelcomeScreen) or self.interview.problem_id is not None or self.case:
            return
        gc.freeze()
        gc.disable()

    async def _warm_styles(self) -> None:
        """Mount one of each widget the later screens use, out of sight, and remove them
        again. Textual reads and parses a widget class's CSS the first time one is mounted:
        done here, while the kiosk waits, rather than in the middle of the first visitor's
        steps."""
        from textual.widget import MountError

        self.read_screens_css()
        # Each screen class's own CSS too: Textual adds it, and parses the whole stylesheet
        # again, when the first screen of the class is shown — 10–20 ms in the middle of a
        # step (bench/run.py). Added here it is parsed once, while the kiosk waits.
        for name in (*_SCREENS.values(), "question.QuestionScreen", "case_saved.CaseSavedScreen",
                     "confirm.ConfirmDialog", "take_away.TakeAwayScreen", "pick.PickScreen"):
            module, cls = name.split(".")
            screen = getattr(import_module(f".screens.{module}", __package__), cls)
            for read_from, css, tie_breaker, scope in screen.__new__(screen)._get_default_css():
                self.stylesheet.add_source(css, read_from=read_from, is_default_css=True, tie_breaker=tie_breaker,
                                           scope=scope)
        self.stylesheet.rules  # parsed now  # noqa: B018

        hidden = self.warm_up_widgets()
        try:
            await self.screen.mount(hidden)
        except MountError:
            return  # the screen was closing: only a first step's speed is at stake
        await hidden.remove()

    def warm_up_widgets(self):
        """A hidden, disabled container with one of each widget the later screens use.
        Disabled, so nothing in it can take the focus: a screen composed meanwhile focuses
        its first focusable widget."""
        from textual.containers import Vertical, VerticalScroll
        from textual.content import Content
        from textual.lazy import Lazy
        from textual.widgets import Digits, Input, Label, OptionList, SelectionList, TextArea

        from .widgets.choice import OneOfRow
        from .widgets.qr import QRBlock

        url = next((c.url for c in self.content.channels.values() if c.url), "https://x")
        hidden = Vertical(VerticalScroll(), Input(),
                          SelectionList(("-", "-")), OptionList("-"), TextArea(), OneOfRow(Content("-"), [], ""),
                          Label("-"), Digits("0"), QRBlock(url, []), Lazy(Label("-")), disabled=True)
        hidden.display = False
        return hidden

    # --- the crash boundary -------------------------------------------------------------

    # Tests set this: a crash still shows the apology, and also fails the test that caused it.
    RAISE_CRASHES = False

    _screens_css_read = False

    def read_screens_css(self) -> None:
        """Add screens.tcss to the stylesheet, once: from the warm-up, or before the first
        screen other than Welcome if a visitor is quicker than the warm-up."""
        if not self._screens_css_read:
            self._screens_css_read = True
            self.stylesheet.read(SCREENS_CSS)

    def push_screen(self, screen, *args, **kwargs):
        if not isinstance(screen, WelcomeScreen):
            self.read_screens_css()
        return super().push_screen(screen, *args, **kwargs)

    def switch_screen(self, screen):
        if not isinstance(screen, WelcomeScreen):
            self.read_screens_css()
        return super().switch_screen(screen)

    def update_styles(self, node, animate: bool = True) -> None:
        # A widget not yet mounted is styled as it mounts. Textual restyles it at once when
        # its constructor sets a class (compact inputs and buttons), a stylesheet pass
        # over a node that is about to get another: 5–7 ms of a page's step (bench/run.py).
        if node.is_attached:
            super().update_styles(node, animate)

    def _handle_exception(self, error: Exception) -> None:
        """Any error nothing else caught. Textual's own handling ends the app and prints a
        traceback with local variables — the PIN, the answers — on the shared terminal, and
        exits 0. Instead: log where and what type (tui.crash, no data), forget the visit and
        go back to Welcome with an apology. A private hook: textual is pinned."""
        from textual._context import active_message_pump

        from .crash import log_crash

        pump = active_message_pump.get(None)
        log_crash(self.log_dir, error, type(pump).__name__ if pump is not None else "?")
        if self.RAISE_CRASHES and self._exception is None:
            self._exception = error
        now = self.clock()
        self.crashes = [t for t in self.crashes if now - t < CRASH_WINDOW] + [now]
        if pump is self or len(self.crashes) > CRASH_LIMIT or self.closing:
            # The app's own loop has stopped, or errors keep coming: end without printing
            # anything, with a failure code, so the supervisor (deploy/) starts it clean.
            self._return_code = 70  # EX_SOFTWARE
            self.forget_clipboard()
            self._close_messages_no_wait()
            return
        self.call_later(self._recover)

    async def _recover(self) -> None:
        from .screens.apology import ApologyScreen

        self.reset()
        # The screen whose handler failed has stopped taking messages: replace every screen,
        # Welcome at the bottom too.
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        # Textual's switch drops the result callback a push leaves on a screen; the bottom
        # screen was never pushed, so it is given one first (a private hook: textual is pinned).
        self.screen._push_result_callback(self.screen, None)
        await self.switch_screen(WelcomeScreen())
        await self.push_screen(ApologyScreen())

    # --- idle -------------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        # Paste is not an InputEvent, so it is named here too.
        if isinstance(event, (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp, events.Paste)):
            self.last_input = self.clock()
        await super().on_event(event)

    def _collect_garbage(self) -> None:
        """Python's garbage collection, at moments no visitor waits on: the young objects
        (a few ms) once the visitor has paused, or at once if one never pauses and they pile
        up; everything (up to ~100 ms, growing with Textual's caches) only once nobody has
        touched the kiosk for a while."""
        if gc.isenabled():
            return  # the warm-up has not switched Python's own collector off yet
        paused = self.clock() - self.last_input
        young = gc.get_count()[0]
        if young > GC_BACKLOG or (young > GC_SMALL and paused >= GC_PAUSE):
            gc.collect(1)
            self.collected_all = False
        elif not self.collected_all and paused >= GC_IDLE:
            gc.collect()
            self.collected_all = True

    def on_unmount(self) -> None:
        self.closing = True
        self.cancel_print_jobs(wait=True)  # the kiosk ends: its visitor's unprinted sheet too
        gc.enable()  # the process may go on without this app (the tests start many)

    def check_unattended(self) -> None:
        if not self.screen_stack:
            # Closing: Textual empties the stacks, then closes the screens off them (the one
            # built ahead), and this timer can tick in between.
            return
        idle = self.clock() - self.last_input
        if self.staff_screens():
            self._check_staff_idle(idle)
            return
        if isinstance(self.screen, WelcomeScreen):
            # Answers left behind on Welcome go quickly and without a warning: whoever
            # stands here next is not the person who typed them.
            if (self.interview.problem_id is not None or self.case) and idle >= WELCOME_WIPE:
                self.reset()
                self.screen.on_screen_resume()
            return
        if idle >= self.idle_after + self.idle_grace:
            self.reset()
            self.go_home()
        elif idle >= self.idle_after:
            from .screens.idle import IdleWarning  # imported when needed: start-up stays lean

            left = round(self.idle_after + self.idle_grace - idle)
            if isinstance(self.screen, IdleWarning):
                self.screen.count(left)
            else:
                self.push_screen(IdleWarning(left))

    def staff_screens(self) -> list:
        """The staff's screens open (the passcode dialog, the console), bottom first."""
        from .screens.staff_console import StaffConsoleScreen
        from .screens.staff_login import StaffLoginDialog

        return [s for s in self.screen_stack if isinstance(s, (StaffLoginDialog, StaffConsoleScreen))]

    def _check_staff_idle(self, idle: float) -> None:
        from .screens.idle import IdleWarning

        if idle >= STAFF_LOCK:
            self.lock_staff()
        elif idle >= STAFF_LOCK - STAFF_GRACE:
            left = round(STAFF_LOCK - idle)
            if isinstance(self.screen, IdleWarning):
                self.screen.count(left)
            else:
                self.push_screen(IdleWarning(left, "staff_idle_warning"))

    def lock_staff(self) -> None:
        """Close the staff's screens (and whatever is over them): what was below — Welcome,
        or the visit staff were helping with — is shown again, and the console needs the
        passcode anew. The visitor's own idle wipe goes on counting."""
        bottom = self.staff_screens()[0]
        while bottom in self.screen_stack:
            self.pop_screen()
        self.notify(self.content.text("staff_console_locked"), markup=False)

    # --- the flow ---------------------------------------------------------------------

    def total_steps(self, interview: Interview | None = None) -> int:
        interview = interview or self.interview
        if interview.problem:
            return len(interview.steps())
        # Before a problem is chosen, count the longest path, so the total never grows later.
        return max(len(Interview(self.content, p).steps()) for p in self.content.problems)

    def screen_for(self, step: str, editing: bool = False, supposing: Interview | None = None) -> FlowScreen:
        """The screen of `step`: the one built ahead if it still fits (prepare_next), else a
        new one. `supposing`: answers as they would be, to build a screen ahead from."""
        interview = supposing or self.interview
        steps = interview.steps()
        total = self.total_steps(interview)
        # While changing an answer the counter stays on the check page: it never goes back.
        number = steps.index(REVIEW if editing else step) + 1
        ahead, self.ahead = self.ahead, None
        if ahead is not None:
            if self.fits(ahead, step, editing):
                ahead.supposing = None  # from now on it reads the visit's own answers
                if hasattr(ahead, "built_on"):  # else not composed yet: it will be, from these
                    ahead.renew()
                return ahead
            # Built for answers that have changed since: dropped once the step is drawn.
            self.call_after_refresh(ahead.remove)
        return _screen_class(step)(step, number, total, editing=editing, supposing=supposing)

    def fits(self, ahead: FlowScreen, step: str, editing: bool = False, supposing: Interview | None = None) -> bool:
        """Whether the screen built ahead can be shown as `step` for the visit's answers (or
        for `supposing`): same step and counter, and nothing it was built from changed since
        (FlowScreen.basis)."""
        interview = supposing or self.interview
        number = interview.steps().index(REVIEW if editing else step) + 1
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
            steps = iv.steps()
            return steps[min(self.position, len(steps) - 1)], None
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
        # Textual composes and mounts a screen as it is registered, which push_screen does
        # when it is first shown (a private hook: textual is pinned).
        self._register(self, self.ahead)

    def drop_ahead(self) -> None:
        """Forget the screen built ahead: it holds this visitor's answers."""
        ahead, self.ahead = self.ahead, None
        if ahead is not None:
            ahead.remove()

    def show(self, screen: FlowScreen) -> None:
        # A screen built ahead was built before the visitor may have asked for help.
        for bar in screen.query(TitleBar):
            bar.mark_help(self.help_asked)
        if isinstance(self.screen, FlowScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def start_flow(self) -> None:
        steps = self.interview.steps()
        self.show(self.screen_for(steps[min(self.position, len(steps) - 1)]))

    def back_to_review(self, edited: FlowScreen) -> None:
        """From a changed answer to the check page, on that answer's row (not at the top)."""
        review = self.screen_for(REVIEW)
        review.land_on = edited.step
        self.show(review)

    def flow_next(self, screen: FlowScreen) -> None:
        if screen.editing:
            self.back_to_review(screen)
            return
        steps = self.interview.steps()
        index = steps.index(screen.step)
        if screen.step == steps[-1]:
            from .screens.confirm import ConfirmDialog

            self.push_screen(ConfirmDialog(self.finish_words(), self.content.text("finish_yes"),
                                           self.content.text("finish_no")), self._finished)
            return
        self.position = index + 1
        self.show(self.screen_for(steps[index + 1]))

    def flow_back(self, screen: FlowScreen) -> None:
        if screen.editing:
            self.back_to_review(screen)
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

    def action_contrast(self) -> None:
        """F2: white and yellow on black for a visitor who cannot read grey on grey (and back);
        the next visitor starts with the usual look (reset)."""
        self.theme = self.usual_theme if self.theme == HIGH_CONTRAST.name else HIGH_CONTRAST.name
        self.set_class(self.theme == HIGH_CONTRAST.name, "-contrast")

    def action_help(self) -> None:
        """F1 or a click on the title bar: the visitor wants a person. Every title bar of the
        visit turns yellow and says so, and the visitor is told where to turn."""
        if self.staff_screens():
            return
        self.help_asked = True
        for bar in self.screen.query(TitleBar):
            bar.mark_help(bool(bar.help_words[0]))
        self.notify(self.content.text("help_asked"), markup=False, timeout=15)

    def on_title_bar_help_wanted(self, event: TitleBar.HelpWanted) -> None:
        self.action_help()

    def action_wipe(self) -> None:
        """The wipe button ("I am done, clear my information"): asked once, then everything of
        this visit is forgotten."""
        from .screens.confirm import ConfirmDialog

        self.push_screen(ConfirmDialog(self.finish_words(), self.content.text("finish_yes"),
                                       self.content.text("finish_no")), self._finished)

    def finish_words(self) -> str:
        """What ending the visit clears, and what to keep first — only what this visit has: no
        complaint texts before the plan is made, no save-a-case advice once the case is saved."""
        t = self.content.text
        words = t("finish_confirm")
        steps = self.interview.steps() if self.interview.problem_id else []
        if "plan" in steps and self.position >= steps.index("plan"):
            words += t("finish_keep_texts")
            if self.case is None:
                words += t("finish_keep_case")
        return words

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "demo_quit":
            return not self.kiosk_mode
        return True

    def action_demo_quit(self) -> None:
        self.exit()

    @property
    def kiosk_mode(self) -> bool:
        """A shared help desk (a staff passcode is set), not someone trying it (--demo)."""
        return self.staff is not None

    def copy_to_clipboard(self, text: str) -> None:
        # In kiosk mode a visitor's text never goes to the terminal's clipboard (OSC 52): on
        # a shared machine the next visitor could paste it. It stays in the app, so cut and
        # paste inside the text box still work, and goes with the wipe (reset).
        if self.kiosk_mode:
            self._clipboard = text  # Textual's own store of the last copy (textual is pinned)
            return
        super().copy_to_clipboard(text)

    def forget_clipboard(self) -> None:
        """Empty the app's clipboard and the terminal's (OSC 52 with nothing), in any mode:
        a terminal may have taken a selection of the visitor's text by itself."""
        App.copy_to_clipboard(self, "")

    def go_home(self) -> None:
        """Back to Welcome, closing whatever is open above it (dialogs included)."""
        while len(self.screen_stack) > 1 and not isinstance(self.screen, WelcomeScreen):
            self.pop_screen()

    def reset(self) -> None:
        """Forget the visitor: answers, position, their case, and the clipboard."""
        self.drop_ahead()
        self.interview = Interview(self.content)
        self.position = 0
        self.case = None
        self.prints = 0
        self.visit_number += 1  # a print job's watch of the visit before stops
        self.help_asked = False
        if self.theme != getattr(self, "usual_theme", self.theme):
            self.theme = self.usual_theme
            self.set_class(False, "-contrast")
        for bar in self.screen.query(TitleBar):
            bar.mark_help(False)
        self.cancel_print_jobs()
        self.forget_clipboard()
        ime.letters_again()
        # Once the visit's screens are closed (a moment after go_home), their widgets and the
        # texts in them must go, not wait for an idle half-minute's collection. Called later
        # so that it runs in the app's own task, whose context holds the last click's screens.
        self.set_timer(1, lambda: self.call_later(self._forget_visit_widgets))

    def _forget_visit_widgets(self) -> None:
        from .core.linebreak import forget as forget_measured_lines
        from .textual_private import drop_closed_watchers, forget_hit_test_screens, forget_render_caches

        drop_closed_watchers(self)
        forget_hit_test_screens()
        forget_render_caches()
        forget_measured_lines()
        gc.collect()
        # Some of the visit may still be held a few seconds more (a notice's timer keeps the
        # context it was made in): collected with the rest when the desk is next idle.
        self.collected_all = False

    # --- cases ------------------------------------------------------------------------

    @property
    def store(self):
        """The case store, opened on first use; raises StoreError with a message to show."""
        if self._store is None:
            from .store.cases import CaseStore, default_root
            from .store.schema import Shapes

            kwargs = {"now": self.now} if self.now else {}
            # Answers are checked against the content the kiosk runs with (--content too).
            self._store = CaseStore(self.db or default_root(), shapes=Shapes.of(self.content), **kwargs)
        return self._store

    def _pass_on_warnings(self) -> None:
        # A damaged file was recovered: the visitor's case is fine, but staff must know.
        if self._store and len(self._store.warnings) > self.warned:
            self.warned = len(self._store.warnings)
            self.notify(self.content.text("store_warning"), severity="warning", markup=False, timeout=10)

    def events(self) -> tuple[dict, ...]:
        """The events of this visitor's open case that count (none without a case)."""
        from .core.case import active

        return active(self.content, self.case.events) if self.case else ()

    def plan(self):
        """This visitor's plan, counting the events of their case if one is open."""
        from .core.plan import build_plan

        return build_plan(self.content, self.interview, self.today(), self.events())

    def save_case(self) -> tuple[str, str | None]:
        """Save the answers as a case: (code, PIN). Saving again in the same visit updates
        the same case, and gives no PIN: it is shown once, when the case is made, and is kept
        nowhere — whoever presses the button next, maybe after the visitor walked off without
        清除, must not see it. Raises StoreError / OSError for the screen to explain."""
        iv = self.interview
        pin = None
        try:
            if self.case is None:
                code, pin = self.store.create(iv.problem_id, iv.answers)
            else:
                code = self.case.code
                self.store.update_answers(code, iv.problem_id, iv.answers)
            self.case = self.store.load(code)
        finally:
            self._pass_on_warnings()
        return code, pin

    def run_store(self, action: Callable[[], object], show_error: Callable[[str], None]) -> bool:
        """Run a case-store action; a failure becomes a message on the screen, never a
        traceback. True when it worked."""
        from .store.cases import CaseError
        from .store.files import StoreError

        try:
            action()
        except (CaseError, StoreError) as e:
            show_error(e.message(self.content.text))
            return False
        except OSError as e:
            show_error(self.content.text("store_failed", why=Reason(e).said(self.content.text)))
            return False
        show_error("")
        return True

    def offer_case(self, show_error: Callable[[str], None]) -> None:
        """The save-as-case button: save (or update) the case and show its code and PIN."""
        from .screens.case_saved import CaseSavedScreen

        saved: list[tuple[str, str | None]] = []
        if self.run_store(lambda: saved.append(self.save_case()), show_error):
            self.push_screen(CaseSavedScreen(*saved[0]))

    def open_case(self, code: str, pin: str) -> None:
        """Open a saved case for this visitor (raises CaseError / StoreError with a message)."""
        from .core.case import restore

        try:
            case = self.store.open(code, pin)
        finally:
            self._pass_on_warnings()
        self.reset()
        self.case = case
        self.interview = restore(self.content, case.problem, case.answers)

    def record_event(self, kind: str, day: str, note: str) -> None:
        """Add an event to the open case; "solved" also closes it, anything else reopens it."""
        from .core.case import OPEN, RESOLVED

        code = self.case.code
        try:
            self.store.append_event(code, kind, day, note)
            effect = self.content.events[kind].effect
            if effect == "solved":
                self.store.close(code, RESOLVED, note)
            elif self.case.status != OPEN:
                self.store.close(code, OPEN)
            self.case = self.store.load(code)
        finally:
            self._pass_on_warnings()

    def undo_last_event(self, n: int) -> None:
        """Take back event `n`: recorded as an undo, so the event stays in the timeline."""
        try:
            self.store.append_event(self.case.code, "undone", self.today().isoformat(), str(n))
            self.case = self.store.load(self.case.code)
        finally:
            self._pass_on_warnings()

    def close_case(self, status: str, outcome: str = "") -> None:
        try:
            self.store.close(self.case.code, status, outcome)
            self.case = self.store.load(self.case.code)
        finally:
            self._pass_on_warnings()

    # --- saving -----------------------------------------------------------------------

    def save_complaint(self, text: str) -> Path:
        """Write the complaint text to the staff's folder; raises OSError for the screen to
        explain."""
        return self.save_file(self.content.text("file_complaint"), ".txt", text.encode("utf-8"))

    def save_file(self, kind: str, suffix: str, data: bytes) -> Path:
        """Write `data` to the staff's folder as "<kind>-<time>-<problem><suffix>" (0600).
        Written to a temporary file first so a full disk never leaves half a file."""
        folder = self.save_dir
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        stamp = datetime.now(dates.CHINA).strftime("%Y%m%d-%H%M%S")
        target = folder / f"{kind}-{stamp}-{self.interview.problem_id}{suffix}"
        n = 1
        while target.exists():
            n += 1
            target = folder / f"{kind}-{stamp}-{self.interview.problem_id}-{n}{suffix}"
        import tempfile

        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".complaint-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return target

    # --- printing ---------------------------------------------------------------------

    def printer_name(self) -> str:
        """The printer prints go to ("" when none is set: the sheet is saved as PDF)."""
        return self.printer if self.printer is not None else (self.default_printer or "")

    def find_printer(self) -> str:
        """The printer as of now, asking CUPS for the system's default if need be (it runs a
        command: call from a thread)."""
        from .printing.spooler import default_printer

        return self.printer if self.printer is not None else (default_printer() or "")

    def print_label(self) -> str:
        return self.content.text("print" if self.printer_name() else "save_pdf")

    def sheet(self, complaint_to: str = "", complaint: str | None = None):
        """The printed sheet of this visit: the plan, the chosen complaint text (else today's
        recipient's), the ticked evidence, the case code if saved — never the PIN."""
        from .core.draft import build_draft, default_recipient
        from .core.sheet import build_sheet

        iv, plan = self.interview, self.plan()
        to = complaint_to or iv.complaint_to or default_recipient(self.content, plan)
        if complaint is None:
            complaint = iv.complaint_texts.get(to) or (build_draft(self.content, iv, to, self.today(), self.events())
                                                       if to else "")
        return build_sheet(self.content, iv, plan, today=self.today(), complaint_to=to, complaint=complaint,
                           case_code=self.case.code if self.case else "")

    def print_slip(self, screen, code: str, pin: str) -> None:
        """Print the code slip (the case code and its PIN) on the desk's printer; never saved
        as a file — a PIN must not wait in the staff's folder (the button is offered only
        where there is a printer)."""
        from .core.sheet import build_slip

        if not self.printer_name():
            screen.show_note(self.content.text("print_no_printer"))
            return
        self.print_visit(screen, sheet=build_slip(self.content, code, pin, today=self.today()))

    def print_visit(self, screen, complaint_to: str = "", complaint: str | None = None, sheet=None) -> None:
        """Print this visit's sheet (or `sheet`) — or save it as PDF where no printer is set —
        in a thread; each step's outcome is said on `screen`'s message line while it is
        still shown."""
        t = self.content.text
        if self.printing:
            screen.show_note(t("print_busy"))
            return
        if self.prints >= PRINTS_PER_VISIT:  # staff can print more for a visitor
            screen.show_note(t("print_limit", n=PRINTS_PER_VISIT))
            return
        from .printing.job import PrintJob

        to_paper = bool(self.printer_name())
        screen.show_note(t("print_working" if to_paper else "print_saving"))
        self.printing = True

        def say(message: str) -> None:  # from the worker thread, while the app still runs
            if self.closing:
                return
            try:
                self.call_from_thread(lambda: screen.show_note(message) if screen in self.screen_stack else None)
            except RuntimeError:  # the app ended meanwhile
                pass

        def log(where: str, detail: str) -> None:
            from .crash import log_problem

            log_problem(self.log_dir, where, detail)

        visit = self.visit_number
        job = PrintJob(sheet or self.sheet(complaint_to, complaint), self.printer if to_paper else "", t, say,
                       save=lambda data: self.save_file(t("file_plan"), ".pdf", data), log=log,
                       cancelled=lambda: self.closing or self.visit_number != visit)

        def work() -> None:
            try:
                counts, outcome = job.run()
            except Exception as e:  # a bug: logged like any crash, but the visit goes on
                from .crash import log_crash

                log_crash(self.log_dir, e, "printing")
                counts, outcome = False, t("print_failed")
            if job.job and self.visit_number != visit:  # wiped while it was being sent
                from .printing import spooler

                spooler.cancel(job.job)
                return
            if job.job:
                self.print_jobs.add(job.job)  # cancelled at the wipe if still queued
            # Counted and free before it is said: a press right after the visitor reads the
            # outcome gets the next copy (or the limit), never the busy reply.
            self.prints += counts
            self.printing = False
            say(outcome)
            if job.follow():
                self.print_jobs.discard(job.job)

        self.run_worker(work, thread=True, exit_on_error=False, group="print")

    def cancel_print_jobs(self, wait: bool = False) -> None:
        """Cancel this visit's jobs still queued, and purge their documents: a sheet that
        has not printed by the wipe would come out later with nobody there (a printer CUPS
        cannot reach prints the moment it is back)."""
        jobs, self.print_jobs = self.print_jobs, set()
        if not jobs:
            return

        def work() -> None:
            from .printing import spooler

            for job in jobs:
                spooler.cancel(job)

        if wait:
            work()
        else:
            self.run_worker(work, thread=True, exit_on_error=False, group="cancel")


    # --- staff ------------------------------------------------------------------------

    def action_staff(self) -> None:
        from .screens.staff_console import StaffConsoleScreen
        from .screens.staff_login import StaffLoginDialog

        if isinstance(self.screen, (StaffLoginDialog, StaffConsoleScreen)):
            return

        def done(ok: bool | None) -> None:
            if ok:
                self.push_screen(StaffConsoleScreen())

        self.push_screen(StaffLoginDialog(self.staff), done)

    def use_content(self, content: KioskContent) -> None:
        """Content the staff changed and checked: in use from the next visitor on."""
        self.content = content
        self.reset()

    def purge_old(self):
        """Delete what is past the retention (tui.store.retention); None after a message."""
        from datetime import timedelta

        from .store.files import StoreError
        from .store.retention import purge

        try:
            return purge(self.store, self.save_dir, timedelta(days=self.settings.retention_days))
        except (StoreError, OSError) as e:
            t = self.content.text
            said = e.message(t) if isinstance(e, StoreError) else t("store_failed", why=Reason(e).said(t))
            self.call_from_thread_or_now(self.notify, said, severity="warning", markup=False)
            return None

    def call_from_thread_or_now(self, fn, *args, **kwargs) -> None:
        import threading

        if threading.get_ident() == self._thread_id:
            fn(*args, **kwargs)
        else:
            self.call_from_thread(fn, *args, **kwargs)

    def _purge_in_background(self) -> None:
        self.run_worker(self.purge_old, thread=True, exit_on_error=False, group="purge", exclusive=True)

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width < 80 or event.size.height < 24:
            self.notify(self.content.text("too_small"), severity="warning", markup=False)
        # QR codes are sized to the terminal: redraw them for the new size. (This handler
        # runs before App's own, so app.size is still the old one: use the event's.) No QR
        # module loaded yet means no code on screen: the start-up resize imports nothing.
        qr = sys.modules.get(f"{__package__}.widgets.qr")
        for block in self.screen.query(qr.QRBlock) if qr else ():
            block.fit(event.size)


