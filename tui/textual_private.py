"""Provides the kiosk's repairs that reach into Textual's private parts (textual is pinned
in pyproject.toml: each one is checked by a test that fails if Textual changes under it)."""

from __future__ import annotations


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
