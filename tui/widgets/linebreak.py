"""Provides the Chinese line fill in terminal cells (wrap_offsets, on tui.core.linebreak's
break places) and install(): every text Textual wraps — Static, Label, Button, the
complaint's TextArea — breaks lines the Chinese way, not only at spaces."""

from __future__ import annotations

from functools import lru_cache

from rich.cells import cell_len, chop_cells

from ..core.linebreak import ADDRESS, CACHED, break_positions, chop
from ..core.linebreak import forget as forget_breaks
from ..textual_private import install_line_breaking, textual_line_breaking

def _wrap(text: str, width: int, fold: bool, hang: bool) -> tuple[int, ...]:
    offsets: list[int] = []
    line_start = 0
    used = 0  # cells on the current line, trailing spaces included
    starts = (0, *break_positions(text))
    for start, end in zip(starts, (*starts[1:], len(text))):
        unit = text[start:end]
        visible = cell_len(unit.rstrip() if hang else unit)  # spaces may hang past the edge
        if used + visible <= width:
            used += cell_len(unit)
            continue
        if start > line_start:
            offsets.append(start)
            line_start, used = start, 0
        if visible <= width:
            used = cell_len(unit)
        elif fold:  # longer than a whole line: cut it where it reaches the edge
            pieces = chop(unit, lambda piece: cell_len(piece) <= width) if ADDRESS.match(unit) else chop_cells(unit, width)
            for piece in pieces[:-1]:
                line_start += len(piece)
                offsets.append(line_start)
            used = cell_len(pieces[-1])
        else:
            used = cell_len(unit)
    return tuple(offsets)


_cached_wrap = lru_cache(maxsize=4096)(_wrap)


def forget() -> None:
    """Empty the caches of lines measured: they hold the lines themselves, a visitor's text
    among them (the kiosk calls this at each wipe)."""
    forget_breaks()
    _cached_wrap.cache_clear()


def wrap_offsets(text: str, width: int, fold: bool = True, hang: bool = True) -> list[int]:
    """Where to break one line of `text` (no newlines) so each line fits `width` cells: the
    character offsets at which new lines start, as rich's divide_line gives them. With
    `hang`, spaces at the end of a line may run past the edge (they are not drawn); an
    editor, whose cursor can sit on them, wants them inside."""
    if width <= 0 or not text:
        return []
    wrap = _cached_wrap if len(text) <= CACHED else _wrap
    return list(wrap(text, width, fold, hang))


# Textual's own functions, kept for what the Chinese rules need not handle: a line with tabs,
# or a single line longer than anything the kiosk shows (a huge paste), where the rules would
# only cost time on every key.
_divide_line, _compute_wrap_offsets = textual_line_breaking()


def divide_line(text: str, width: int, fold: bool = True) -> list[int]:
    if len(text) > CACHED:
        return _divide_line(text, width, fold)
    return wrap_offsets(text, width, fold)


def compute_wrap_offsets(text: str, width: int, tab_size: int, fold: bool = True,
                         precomputed_tab_sections: list[tuple[str, int]] | None = None) -> list[int]:
    if "\t" in text or len(text) > CACHED:
        return _compute_wrap_offsets(text, width, tab_size, fold, precomputed_tab_sections)
    return wrap_offsets(text, width, fold, hang=False)  # the cursor may sit on a space


def install() -> None:
    """Replace the two places Textual (pinned in pyproject.toml) wraps text: Content, which
    every Static, Label and Button draws through, and the TextArea's wrapped document."""
    install_line_breaking(divide_line, compute_wrap_offsets)
