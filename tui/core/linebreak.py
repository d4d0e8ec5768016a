"""Provides Chinese line breaking: where a line of text may break — Unicode's line breaking
algorithm (UAX #14, from unicode-segmentation-rs) with the Chinese rules on top — for the
printed sheet and the screen (whose fill in terminal cells is tui.widgets.linebreak's)."""

from __future__ import annotations

import re
from functools import lru_cache

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


def forget() -> None:
    """Empty the cache of break places: it holds the lines themselves, a visitor's text
    among them (the kiosk calls this at each wipe)."""
    _cached_breaks.cache_clear()
