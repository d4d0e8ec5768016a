"""Provides Chinese line breaking: where a line of text may break — Unicode's line breaking
algorithm (UAX #14, from unicode-segmentation-rs) with the Chinese rules on top — and the
greedy fill that turns those places into break offsets for a width in terminal cells."""

from __future__ import annotations

import re
from functools import lru_cache

from rich.cells import cell_len, chop_cells

# No line starts with closing punctuation (避头) and none ends with opening punctuation (避尾).
CLOSING = frozenset("，。、；：！？）》」』”’】〕〉…%％,.;:!?)]}")
OPENING = frozenset("（《「『“‘【〔〈([{")

WEEKDAY = r"(?: 星期[一二三四五六日])?"
# Runs never broken inside (unless longer than a whole line):
KEEP = re.compile(
    r"https?://[!-~]+"  # a web address
    rf"|\d{{4}}年\d{{1,2}}月\d{{1,2}}日{WEEKDAY}"  # a date with its weekday
    rf"|\d{{1,2}}月\d{{1,2}}日{WEEKDAY}"
    r"|\d[\d.,:/×]*\s?[\u4e00-\u9fff%％]"  # a number with its unit: "3 天", "7 个", "95%"
    r"|→\s*\S"  # an arrow with the word after it
)


ADDRESS = re.compile(r"https?://")
# Where a web address too long for its line is cut: after one of these, never inside a word
# ("consumerservice.taobao.com/" then "online-help", not "consumerservice.tao" then "bao.com").
ADDRESS_MARKS = frozenset("/.?&=#")


def chop(text: str, fits) -> list[str]:
    """`text` (a web address longer than a line) in pieces that each `fits`, cut after the
    last / . ? & = # that keeps a piece inside the line, else where it reaches the edge."""
    pieces = []
    while text and not fits(text):
        end = 1
        while end < len(text) and fits(text[:end + 1]):
            end += 1
        marks = [i + 1 for i in range(end) if text[i] in ADDRESS_MARKS]
        cut = marks[-1] if marks else end
        pieces.append(text[:cut])
        text = text[cut:]
    return pieces + [text]


# Texts up to this long are remembered (screens redraw the same texts all the time); a longer
# one, such as a huge paste into the complaint text, is worked out afresh and not kept.
CACHED = 2_000


def break_positions(text: str) -> tuple[int, ...]:
    """The character offsets at which a new line may start."""
    return _cached_breaks(text) if len(text) <= CACHED else _breaks(text)


def _breaks(text: str) -> tuple[int, ...]:
    from unicode_segmentation_rs import line_break_units  # compiled (Rust): ~10 µs a sentence

    kept = set()
    for match in KEEP.finditer(text):
        kept.update(range(match.start() + 1, match.end()))
    allowed = []
    position = 0
    for unit in line_break_units(text)[:-1]:
        position += len(unit)
        if position in kept or text[position] in CLOSING:
            continue
        before = position - 1
        while before > 0 and text[before] == " ":  # the line's last visible character
            before -= 1
        if text[before] not in OPENING:
            allowed.append(position)
    return tuple(allowed)


_cached_breaks = lru_cache(maxsize=4096)(_breaks)


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
    _cached_breaks.cache_clear()
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
