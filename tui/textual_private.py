"""Provides every use of Textual's private parts, in one place (textual is pinned in
pyproject.toml; tests/test_textual_private.py has a test per hook that fails loudly when
Textual changes under it): the crash boundary, building a screen ahead, the first frame, the
lists' marks in their gutter, the line-breaking patch, and the repairs that make a wipe forget."""

from __future__ import annotations

import threading
from typing import Callable

from textual import events
from textual.app import App
from textual.screen import Screen

# --- the crash boundary (KioskApp) --------------------------------------------------------


class CrashHook:
    """An App mixin: every error nothing else caught goes to `crashed(error)` instead of
    Textual's own handling, which ends the app and prints a traceback with local variables
    — a visitor's PIN and answers — on the shared terminal, and exits 0."""

    def _handle_exception(self, error: Exception) -> None:
        self.crashed(error)

    def crashed(self, error: Exception) -> None:
        """Where the app does not say otherwise: Textual's own handling."""
        super()._handle_exception(error)


def failing_pump():
    """The widget, screen or app whose handler raised (the message pump running it)."""
    from textual._context import active_message_pump

    return active_message_pump.get(None)


def keep_for_tests(app: App, error: Exception) -> None:
    """Hand the first error to Textual's test harness (run_test re-raises it)."""
    if app._exception is None:
        app._exception = error


def end_now(app: App, return_code: int) -> None:
    """End the app at once with `return_code`, printing nothing: its own loop has stopped or
    errors keep coming. App.exit() would post a message to a loop that may not run any more."""
    app._return_code = return_code
    app._close_messages_no_wait()


def give_result_callback(screen: Screen) -> None:
    """Give the bottom screen the result callback a push leaves (it was never pushed), so
    that Textual's switch_screen, which drops one, can replace it."""
    screen._push_result_callback(screen, None)


def in_app_thread(app: App) -> bool:
    return threading.get_ident() == app._thread_id


def keep_clipboard_in_app(app: App, text: str) -> None:
    """The app's own store of the last copy (cut and paste inside a text box use it), with
    nothing sent to the terminal's clipboard (OSC 52)."""
    app._clipboard = text


# --- building ahead and the first frame ----------------------------------------------------


def build_off_stack(app: App, screen: Screen) -> None:
    """Compose and mount `screen` without showing it: Textual does this as a screen is
    registered, which push_screen does when it is first shown (KioskApp.prepare_next)."""
    app._register(app, screen)


class FirstFrameHook:
    """A Screen mixin: `resumed(event)` runs each time the screen becomes current, before
    Textual's own handling (which restyles it and draws the frame)."""

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        self.resumed(event)
        super()._on_screen_resume(event)

    def resumed(self, event: events.ScreenResume) -> None:
        pass


def lazy_held(lazy) -> object:
    """What a textual.lazy.Lazy holds until it is mounted (tui.widgets.later)."""
    return lazy._replace_widget


def default_css_of(screen_class: type[Screen]) -> list:
    """A screen class's own CSS as Textual adds it to the stylesheet when the first screen of
    the class is shown: (read_from, css, tie_breaker, scope) for each class in its MRO."""
    return screen_class.__new__(screen_class)._get_default_css()


# --- the lists' marks in their gutter (tui.widgets.choice) ---------------------------------


class Gutter:
    """An OptionList mixin: `GUTTER` cells left of each option for the marks the kiosk draws
    there (› [✓] (●)), which OptionList leaves room for only in SelectionList."""

    GUTTER = 0

    def _get_left_gutter_width(self) -> int:
        return self.GUTTER


def option_at_line(option_list, y: int) -> tuple[int, int]:
    """(option index, line within that option) drawn on line `y` of the list; IndexError
    past the last."""
    return option_list._lines[option_list.scroll_offset.y + y]


# --- Chinese line breaking (tui.widgets.linebreak) -----------------------------------------


def install_line_breaking(divide_line: Callable, compute_wrap_offsets: Callable) -> tuple[Callable, Callable]:
    """Put the kiosk's line fill where Textual wraps: Content (every Static, Label, Button)
    and the TextArea's wrapped document. Returns Textual's own two, for what they keep."""
    import textual.content
    import textual.document._wrapped_document as wrapped_document

    own = textual.content.divide_line, wrapped_document.compute_wrap_offsets
    textual.content.divide_line = divide_line
    wrapped_document.compute_wrap_offsets = compute_wrap_offsets
    return own


def textual_line_breaking() -> tuple[Callable, Callable]:
    """Textual's own divide_line and compute_wrap_offsets, as they are before install."""
    import textual.content
    import textual.document._wrapped_document as wrapped_document

    return textual.content.divide_line, wrapped_document.compute_wrap_offsets


# --- what a wipe must make Textual forget --------------------------------------------------


def drop_closed_watchers(obj) -> int:
    """Forget the watchers of `obj`'s reactives whose widget has been removed; returns how
    many. Textual prunes them only when the watched value changes, and every TextArea
    watches the app's theme, which never changes at a desk: without this each text box a
    visitor ever typed in stays reachable, with their text, for as long as the kiosk runs."""
    watchers = getattr(obj, "__watchers", {})  # reactive._watch's store
    dropped = 0
    for name, watching in watchers.items():
        kept = [(node, callback) for node, callback in watching
                if not (getattr(node, "_closing", False) or getattr(node, "_closed", False))]
        dropped += len(watching) - len(kept)
        watching[:] = kept
    return dropped


def forget_hit_test_screens() -> None:
    """Empty the screens Textual's compositor last hit-tested a click against, in the
    calling task's context: the app's task keeps that list (the visit's last screen, with
    every widget and text on it) until the next mouse event, which at a quiet desk may be
    the next visitor's first click."""
    from textual._context import visible_screen_stack

    visible_screen_stack.set([])


# Rich's and Textual's module-level caches keyed or filled by the text drawn (a line's
# pieces, its cell widths, its bytes): each keeps pieces of what a visitor typed until
# thousands of newer pieces push them out. Found by a search of every cache for a typed
# marker after a wipe (tests/test_forgotten.py repeats that search).
TEXT_CACHES = (
    ("rich.cells", "cached_cell_len"),
    ("rich.segment", "Segment._split_cells"),
    ("textual.document._document", "_utf8_encode"),
    ("textual.widgets._text_area", "build_byte_to_codepoint_dict"),
    ("textual.strip", "Strip.render_ansi"),
    # Keyed on each widget's StylesCache, which holds the widget's last drawn lines.
    ("textual._styles_cache", "StylesCache.get_inner_outer"),
)


def forget_render_caches() -> None:
    """Empty the caches of TEXT_CACHES; the next frames measure afresh (a few ms)."""
    import sys

    for module_name, path in TEXT_CACHES:
        thing = sys.modules.get(module_name)
        for part in path.split("."):
            thing = getattr(thing, part, None)
        thing = getattr(thing, "__func__", thing)  # a cached classmethod
        if thing is not None:
            thing.cache_clear()
