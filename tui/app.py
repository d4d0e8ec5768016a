"""Provides KioskApp: the Textual app that walks a visitor from Welcome through the
questions to their plan, evidence list, complaint text and answer check."""

from __future__ import annotations

import gc
import sys
import time
from datetime import date, datetime
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
from .core.interview import REVIEW, Interview
from .screens.flow import FlowScreen
from .screens.welcome import WelcomeScreen
from .ahead import BuildsAhead
from .collecting import GC_PAUSE, CollectsGarbage
from .store import paths
from .textual_private import (CrashHook, end_now, failing_pump, give_result_callback, in_app_thread,
                              keep_clipboard_in_app, keep_for_tests)
from .visit import FINISH, WELCOME, Move, Visit
from .visit.visit import IDLE_AFTER, IDLE_GRACE, PRINTS_PER_VISIT, WARN, WIPE
from .warm_up import WarmsUp
from .widgets import linebreak

# Chinese line breaking for every text the kiosk draws, before anything is drawn.
linebreak.install()


# F2's look: white text and yellow marks on black, no grey on grey (WCAG AAA contrast).
HIGH_CONTRAST = Theme(name="kiosk-high-contrast", primary="#ffff00", secondary="#00ffff", accent="#ffff00",
                      warning="#ffff00", error="#ff6060", success="#00ff00", foreground="#ffffff",
                      background="#000000", surface="#000000", panel="#202020", boost="#303030", dark=True,
                      variables={"text-muted": "#ffffff", "text-disabled": "#dddddd", "input-selection-background": "#ffff00 40%"})

# The staff console (and its passcode dialog) lock after this many seconds without a key or
# click, the last STAFF_GRACE of them counted down: an open console reads any case by code,
# unlocks, exports and quits, and staff get called away mid-task.
STAFF_LOCK = 90
STAFF_GRACE = 15

# Crashes closer together than this many seconds, more than CRASH_LIMIT times, mean the
# kiosk cannot recover by itself: it ends (non-zero) for its supervisor to start it anew.
CRASH_WINDOW = 60
CRASH_LIMIT = 3


class KioskApp(CrashHook, BuildsAhead, WarmsUp, CollectsGarbage, App, inherit_bindings=False):
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
                 idle_after: float = IDLE_AFTER, idle_grace: float = IDLE_GRACE,
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
        # The visitor's answers, place, case and files: everything of the visit but its look.
        self.visit = Visit(content, today=today, now=now, db=db, save_dir=self.save_dir)
        # Idle: after `idle_after` seconds without input, warn; `idle_grace` later, forget.
        self.idle_after, self.idle_grace, self.clock = idle_after, idle_grace, clock
        self.last_input = clock()
        self.db = db or None
        self.now = now
        self.collected_all = True  # no garbage collection pending (_collect_garbage)
        self.closing = False
        # The printer: a name (--printer, KIOSK_PRINTER), "" for none (保存为 PDF), or None
        # for the system's default, looked up after start (_warm_up) and again at each print.
        self.printer = printer
        self.default_printer: str | None = None
        self.printing = False  # a sheet is being made or sent: a second press waits
        self.print_jobs: set[str] = set()  # this visit's CUPS jobs not yet printed
        self.warmed = False  # set once the warm-up after start is done (the benchmark waits for it)
        self.ahead: FlowScreen | None = None  # the next screen, built while the visitor reads (prepare_next)

    # The visit's state, read and written by the screens (tui.visit.Visit holds it).
    interview = property(lambda self: self.visit.interview, lambda self, v: setattr(self.visit, "interview", v))
    position = property(lambda self: self.visit.position, lambda self, v: setattr(self.visit, "position", v))
    case = property(lambda self: self.visit.case, lambda self, v: setattr(self.visit, "case", v))
    prints = property(lambda self: self.visit.prints, lambda self, v: setattr(self.visit, "prints", v))
    # Every title bar says the visitor asked for the staff (F1).
    help_asked = property(lambda self: self.visit.help_asked, lambda self, v: setattr(self.visit, "help_asked", v))
    # Counts wipes: a print job watches only its own visit.
    visit_number = property(lambda self: self.visit.wipes)

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

    # --- the crash boundary -------------------------------------------------------------

    # Tests set this: a crash still shows the apology, and also fails the test that caused it.
    RAISE_CRASHES = False

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

    def crashed(self, error: Exception) -> None:
        """Any error nothing else caught (CrashHook). Textual's own handling ends the app and
        prints a traceback with local variables — the PIN, the answers — on the shared
        terminal, and exits 0. Instead: log where and what type (tui.crash, no data), forget
        the visit and go back to Welcome with an apology."""
        from .crash import log_crash

        pump = failing_pump()
        log_crash(self.log_dir, error, type(pump).__name__ if pump is not None else "?")
        if self.RAISE_CRASHES:
            keep_for_tests(self, error)
        now = self.clock()
        self.crashes = [t for t in self.crashes if now - t < CRASH_WINDOW] + [now]
        if pump is self or len(self.crashes) > CRASH_LIMIT or self.closing:
            # The app's own loop has stopped, or errors keep coming: end without printing
            # anything, with a failure code, so the supervisor (deploy/) starts it clean.
            self.forget_clipboard()
            end_now(self, 70)  # EX_SOFTWARE
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
        # screen was never pushed, so it is given one first.
        give_result_callback(self.screen)
        await self.switch_screen(WelcomeScreen())
        await self.push_screen(ApologyScreen())

    # --- idle -------------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        # Paste is not an InputEvent, so it is named here too.
        if isinstance(event, (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp, events.Paste)):
            self.last_input = self.clock()
        await super().on_event(event)

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
        on_welcome = isinstance(self.screen, WelcomeScreen)
        what, left = self.visit.unattended(idle, on_welcome, self.idle_after, self.idle_grace)
        if what == WIPE:
            self.reset()
            if on_welcome:
                self.screen.on_screen_resume()
            else:
                self.go_home()
        elif what == WARN:
            from .screens.idle import IdleWarning  # imported when needed: start-up stays lean

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
        return self.visit.total_steps(interview)

    def show(self, screen: FlowScreen) -> None:
        # A screen built ahead was built before the visitor may have asked for help.
        for bar in screen.query(TitleBar):
            bar.mark_help(self.help_asked)
        if isinstance(self.screen, FlowScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def start_flow(self) -> None:
        self.follow(Move(self.visit.step))

    def follow(self, move: Move) -> None:
        """Show where the visit's move leads: a step, the check page on the row changed,
        Welcome (the answers stay until reset), or the are-you-done question."""
        if move.to == WELCOME:
            self.pop_screen()
        elif move.to == FINISH:
            self.action_wipe()
        elif move.to == REVIEW and move.land_on:
            review = self.screen_for(REVIEW)
            review.land_on = move.land_on
            self.show(review)
        else:
            self.show(self.screen_for(move.to, editing=move.editing))

    # A step's screen says where the visitor wants to go; the visit decides where that is.
    # A message from a screen no longer shown (a second Enter before the step was drawn) is
    # dropped: it would move the visitor on twice.

    def on_flow_screen_next(self, message: FlowScreen.Next) -> None:
        if message.screen is self.screen:
            self.follow(self.visit.forward(message.screen.step, message.screen.editing))

    def on_flow_screen_back(self, message: FlowScreen.Back) -> None:
        if message.screen is self.screen:
            self.follow(self.visit.back(message.screen.step, message.screen.editing))

    def on_flow_screen_edit(self, message: FlowScreen.Edit) -> None:
        if message.screen is self.screen:
            self.follow(self.visit.edit(message.step))

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
        return self.visit.finish_words()

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
            keep_clipboard_in_app(self, text)
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
        self.visit.reset()  # a print job's watch of the visit before stops too
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
        from .widgets.linebreak import forget as forget_measured_lines
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
        return self.visit.store

    def _pass_on_warnings(self) -> None:
        # A damaged file was recovered: the visitor's case is fine, but staff must know.
        if self.visit.new_warning():
            self.notify(self.content.text("store_warning"), severity="warning", markup=False, timeout=10)

    def events(self) -> tuple[dict, ...]:
        return self.visit.events()

    def plan(self):
        return self.visit.plan()

    def _store_action(self, name: str, *args):
        """A Visit case action, with any damaged data it met passed on to the staff."""
        try:
            return getattr(self.visit, name)(*args)
        finally:
            self._pass_on_warnings()

    def save_case(self) -> tuple[str, str | None]:
        return self._store_action("save_case")

    def run_store(self, action: Callable[[], object], show_error: Callable[[str], None]) -> bool:
        """Run a case-store action; a failure becomes a message on the screen, never a
        traceback. True when it worked."""
        message = self.visit.failure(action)
        show_error(message)
        return not message

    def offer_case(self, show_error: Callable[[str], None]) -> None:
        """The save-as-case button: save (or update) the case and show its code and PIN."""
        from .screens.case_saved import CaseSavedScreen

        saved: list[tuple[str, str | None]] = []
        if self.run_store(lambda: saved.append(self.save_case()), show_error):
            self.push_screen(CaseSavedScreen(*saved[0]))

    def open_case(self, code: str, pin: str) -> None:
        """Open a saved case for this visitor (raises CaseError / StoreError with a message)."""
        self._store_action("open_case", code, pin)
        case, interview = self.visit.case, self.visit.interview
        self.reset()  # the desk's own wipe (screens built ahead, clipboard, look)
        self.visit.case, self.visit.interview = case, interview

    def record_event(self, kind: str, day: str, note: str) -> None:
        self._store_action("record_event", kind, day, note)

    def undo_last_event(self, n: int) -> None:
        self._store_action("undo_last_event", n)

    def close_case(self, status: str, outcome: str = "") -> None:
        self._store_action("close_case", status, outcome)

    # --- saving -----------------------------------------------------------------------

    def save_complaint(self, text: str) -> Path:
        """Write the complaint text to the staff's folder; raises OSError for the screen to
        explain."""
        return self.save_file(self.content.text("file_complaint"), ".txt", text.encode("utf-8"))

    def save_file(self, kind: str, suffix: str, data: bytes) -> Path:
        return self.visit.save_file(kind, suffix, data)

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
        return self.visit.sheet(complaint_to, complaint)

    def print_slip(self, screen, code: str, pin: str) -> None:
        """Print the code slip (the case code and its PIN) on the desk's printer; never saved
        as a file — a PIN must not wait in the staff's folder (the button is offered only
        where there is a printer)."""
        if not self.printer_name():
            screen.show_note(self.content.text("print_no_printer"))
            return
        self.print_visit(screen, sheet=self.visit.slip(code, pin))

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
        self.visit.use_content(content)
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
        if in_app_thread(self):
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


