"""Provides QRBlock: a QR code a phone can scan — ▀ cells in explicit black on white with a
quiet zone, never inverted — with its text always printed beside it, and a plain message
instead of the code when the terminal is too small."""

from __future__ import annotations

from functools import lru_cache

from textual.app import ComposeResult
from textual.color import Color
from textual.containers import Horizontal
from textual.content import Content, Span
from textual.style import Style
from textual.widgets import Static

from ..core.qr import QRMatrix, make_matrix, size_for

# Truecolor black and white, not ANSI "black"/"white": themes repaint those, and a light
# code on a dark ground is one many phone readers cannot see.
DARK, LIGHT = "#000000", "#ffffff"
# (upper module dark, lower module dark) → the cell's colours.
_CELL_STYLES = {(top, bottom): Style(foreground=Color.parse(DARK if top else LIGHT),
                                     background=Color.parse(DARK if bottom else LIGHT))
                for top in (False, True) for bottom in (False, True)}
CHROME_ROWS = 4  # the top bar and the 上一步/下一步 bar around a screen's body
MIN_TEXT = 24  # cells kept for the text beside the code


@lru_cache(maxsize=64)
def draw(matrix: QRMatrix) -> Content:
    """Two modules per cell: the upper one is the glyph (▀), the lower one the background.
    Cached and immutable, so blocks share it; one span for each run of equal cells, because
    Textual's cost to show it grows with the number of spans (one a cell made the plan's
    codes the largest part of opening the plan)."""
    rows = [list(r) for r in matrix.modules]
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))
    lines: list[str] = []
    spans: list[Span] = []
    offset = 0
    for y in range(0, len(rows), 2):
        cells = list(zip(rows[y], rows[y + 1]))
        start = 0
        for x in range(1, len(cells) + 1):
            if x == len(cells) or cells[x] != cells[start]:
                spans.append(Span(offset + start, offset + x, _CELL_STYLES[cells[start]]))
                start = x
        lines.append("▀" * len(cells))
        offset += len(cells) + 1  # the newline
    return Content("\n".join(lines), spans)


class QRBlock(Horizontal):
    """The code on the left, `lines` on the right. The code is sized to what the terminal
    can show whole; `reserve` is how many cells across the screen keeps for other things."""

    DEFAULT_CSS = """
    QRBlock { height: auto; width: 100%; }
    QRBlock > .qr-code { width: auto; height: auto; margin: 0 2 0 0; }
    QRBlock > .qr-text { width: 1fr; height: auto; }
    """

    def __init__(self, payload: str, lines: list[str], *, reserve: int = 0, id: str | None = None) -> None:
        super().__init__(id=id, classes="qr-block")
        self.payload = payload
        self.lines = lines
        self.reserve = reserve
        self.matrix: QRMatrix | None = None

    def compose(self) -> ComposeResult:
        yield Static("", classes="qr-code")
        yield Static(Content("\n".join(self.lines)), classes="qr-text", markup=False)

    def on_mount(self) -> None:
        self.fit()

    def fit(self, size: tuple[int, int] | None = None) -> None:
        """Draw the strongest code that fits the terminal (`size`, or the app's now), or
        say how to make room."""
        found = self.query(".qr-code").results(Static)
        code = next(found, None)
        if code is None:
            return  # the block's screen closed while it was being mounted (seen under load in CI)
        self.matrix = self.prepare(self.payload, size or self.app.size, self.reserve)
        if self.matrix:
            code.update(draw(self.matrix))
            code.styles.width = self.matrix.width
            return
        need = self._smallest()
        code.styles.width = MIN_TEXT
        code.update(Content(self.app.content.text("qr_too_small", w=need[0], h=need[1])))

    @staticmethod
    def prepare(payload: str, size: tuple[int, int], reserve: int = 0) -> QRMatrix | None:
        """The code a block would draw in a terminal of `size` (cached, so calling this ahead
        of time makes the block appear at once)."""
        width, height = size
        return make_matrix(payload, width - reserve - MIN_TEXT - 2, height - CHROME_ROWS)

    def _smallest(self) -> tuple[int, int]:
        """The terminal size at which this payload's code would fit."""
        for version in range(1, 41):
            side, rows = size_for(version)
            if make_matrix(self.payload, side, rows):
                return side + self.reserve + MIN_TEXT + 2, rows + CHROME_ROWS
        return (0, 0)  # pragma: no cover - content validation keeps payloads short
