"""Provides WarmsUp, the kiosk app's warm-up once Welcome is on screen: the flow's screens
imported, the QR codes built, every widget's and screen's CSS parsed, and the start-up's
objects frozen out of the garbage collector — work moved to while the kiosk waits."""

from __future__ import annotations

import gc
from importlib import import_module
from pathlib import Path

from .ahead import SCREENS, screen_class
from .screens.welcome import WelcomeScreen
from .textual_private import default_css_of

# Every screen's look but Welcome's (app.tcss): read after the first frame (read_screens_css).
SCREENS_CSS = Path(__file__).with_name("screens.tcss")


class WarmsUp:
    """A KioskApp part (it reads the app's content, printer, screen and stylesheet)."""

    _screens_css_read = False

    def _warm_up(self) -> None:
        """Once Welcome is on screen, in a thread: import the flow's screens and build the
        official pages' QR codes, so the first visitor's first steps are as quick as the
        rest (start-up stays lean; this is work moved to while the kiosk waits)."""
        from .widgets.qr import QRBlock

        for step in (*SCREENS, "question"):
            screen_class(step)
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
        for name in (*SCREENS.values(), "question.QuestionScreen", "case_saved.CaseSavedScreen",
                     "confirm.ConfirmDialog", "take_away.TakeAwayScreen", "pick.PickScreen"):
            module, cls = name.split(".")
            screen = getattr(import_module(f"tui.screens.{module}"), cls)
            for read_from, css, tie_breaker, scope in default_css_of(screen):
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

    def read_screens_css(self) -> None:
        """Add screens.tcss to the stylesheet, once: from the warm-up, or before the first
        screen other than Welcome if a visitor is quicker than the warm-up."""
        if not self._screens_css_read:
            self._screens_css_read = True
            self.stylesheet.read(SCREENS_CSS)
