"""Rebuilds QR modules from terminal cells (tmux capture-pane -e) and decodes them."""

from __future__ import annotations

import re
import unicodedata

from PIL import Image

from .scan import decode

_SGR = re.compile(r"\x1b\[([0-9;]*)m")
_ANSI16 = [(0, 0, 0), (128, 0, 0), (0, 128, 0), (128, 128, 0), (0, 0, 128), (128, 0, 128), (0, 128, 128), (192, 192, 192),
           (128, 128, 128), (255, 0, 0), (0, 255, 0), (255, 255, 0), (0, 0, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255)]


def _palette(n: int) -> tuple[int, int, int]:
    if n < 16:
        return _ANSI16[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return steps[n // 36], steps[(n // 6) % 6], steps[n % 6]
    v = 8 + 10 * (n - 232)
    return v, v, v


def _apply(params: list[int], fg, bg):
    i = 0
    while i < len(params):
        p = params[i]
        if p == 0:
            fg = bg = None
        elif p in (38, 48) and i + 1 < len(params):
            if params[i + 1] == 5:
                colour, i = _palette(params[i + 2]), i + 2
            else:
                colour, i = tuple(params[i + 2:i + 5]), i + 4
            fg, bg = (colour, bg) if p == 38 else (fg, colour)
        elif p == 39:
            fg = None
        elif p == 49:
            bg = None
        elif 30 <= p <= 37 or 90 <= p <= 97:
            fg = _ANSI16[p - 30 if p < 90 else p - 82]
        elif 40 <= p <= 47 or 100 <= p <= 107:
            bg = _ANSI16[p - 40 if p < 100 else p - 92]
        i += 1
    return fg, bg


def cells(captured: str) -> list[list[tuple[str, tuple | None, tuple | None]]]:
    """Each row as (glyph, foreground, background) cells; a wide glyph fills two cells."""
    rows = []
    for line in captured.splitlines():
        fg = bg = None
        row = []
        pos = 0
        for m in _SGR.finditer(line + "\x1b[m"):
            for ch in line[pos:m.start()]:
                width = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
                row.extend([(ch, fg, bg)] * width)
            fg, bg = _apply([int(x) for x in m.group(1).split(";") if x] or [0], fg, bg)
            pos = m.end()
        rows.append(row)
    return rows


def _dark(colour) -> bool | None:
    if colour is None:
        return None
    r, g, b = colour
    return 0.299 * r + 0.587 * g + 0.114 * b < 128


def decode_cells(captured: str) -> list[str]:
    grid = cells(captured)
    spots = [(y, x) for y, row in enumerate(grid) for x, (ch, fg, bg) in enumerate(row)
             if ch == "▀" and _dark(fg) is not None and _dark(bg) is not None]
    if not spots:
        return []
    top, bottom = min(y for y, _ in spots), max(y for y, _ in spots)
    left, right = min(x for _, x in spots), max(x for _, x in spots)
    modules = []
    for y in range(top, bottom + 1):
        upper, lower = [], []
        for x in range(left, right + 1):
            ch, fg, bg = grid[y][x] if x < len(grid[y]) else (" ", None, None)
            upper.append(bool(_dark(fg)) if ch == "▀" else False)
            lower.append(bool(_dark(bg)) if ch == "▀" else False)
        modules += [upper, lower]
    scale = 8
    image = Image.new("L", (len(modules[0]) * scale, len(modules) * scale), 255)
    for y, row in enumerate(modules):
        for x, dark in enumerate(row):
            if dark:
                image.paste(0, (x * scale, y * scale, (x + 1) * scale, (y + 1) * scale))
    return decode(image)
