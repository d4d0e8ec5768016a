"""Provides the printed sheet as an A4 PDF: Chinese set in a CJK font that fontconfig finds,
broken into lines by the kiosk's own Chinese line breaking, QR codes drawn as vector squares
with their quiet zone, black on white, page numbers and the footer on every page."""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import dataclass, field
from functools import lru_cache

from ..core.linebreak import ADDRESS, break_positions, chop
from ..core.qr import make_matrix
from ..core.sheet import DEADLINE, LARGE, MUTED, STRONG, TITLE, Block, Line, Sheet
from . import PrintError

MM = 72 / 25.4  # PDF points in a millimetre
PAGE_W, PAGE_H = 210 * MM, 297 * MM  # A4
LEFT = RIGHT = 16 * MM
TOP, BOTTOM = 14 * MM, 16 * MM
WIDTH = PAGE_W - LEFT - RIGHT

BODY = 10.0  # point sizes
SIZES = {TITLE: 11.0, STRONG: BODY, DEADLINE: BODY, MUTED: 8.5, LARGE: 26.0}
LEADING = 1.45  # line height as a multiple of the size: Chinese needs air between lines
GREY = 0.38

# A code as wide as a thumb is scanned from arm's length; each module at least 0.5 mm,
# which a 300 dpi printer draws as 6 dots.
QR_SIDE = 27 * MM
QR_MODULE_MIN = 0.5 * MM
GAP = 5 * MM

# CJK fonts in the order they are preferred: TrueType faces first, monospaced first, so the
# sheet looks like the screen. cairo 1.16 (Debian 12) embeds a CFF font (Noto Sans CJK, Source
# Han Sans) as a subset that can draw nothing for a glyph: Noto Sans Mono CJK SC's regular 如
# printed blank on every sheet (tui/printing/ink.py finds it; tests/test_print_ink.py). Its
# TrueType subsets draw every character. Debian: fonts-wqy-zenhei.
FONT_FAMILIES = (
    "WenQuanYi Zen Hei Mono", "WenQuanYi Micro Hei Mono", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
    "Droid Sans Fallback", "AR PL UMing CN", "Noto Sans Mono CJK SC", "Noto Sans CJK SC", "Source Han Sans SC",
    "Source Han Sans CN", "AR PL UKai CN",
)
# What the sheet sets instead of a character its font has no glyph for (a CJK font may lack
# the plan's state marks): drawn as a box, the character would be lost on paper.
SUBSTITUTES = {"✓": "√", "✗": "×", "◐": "◎", "▶": "►", "│": "|", "–": "-", "•": "·"}


@lru_cache(maxsize=1)
def cjk_font() -> str:
    """The family to set Chinese in, from fontconfig; PrintError when the system has none
    (cairo's own fallback would print empty boxes)."""
    if not shutil.which("fc-list"):
        raise PrintError("print_no_font", "fc-list not found (fontconfig)")
    try:
        listed = subprocess.run(["fc-list", ":lang=zh-cn", "family"], capture_output=True, text=True,
                                timeout=20, check=False).stdout
    except (OSError, subprocess.SubprocessError) as e:
        raise PrintError("print_no_font", f"fc-list: {e}") from None
    families = {name.strip() for line in listed.splitlines() for name in line.split(",")}
    for family in FONT_FAMILIES:
        if family in families:
            return family
    if families - {""}:
        return sorted(families - {""})[0]
    raise PrintError("print_no_font", "no font for lang=zh-cn (apt-get install fonts-noto-cjk)")


def _cairo():
    try:
        import cairocffi
    except (ImportError, OSError) as e:  # OSError: the package is there but libcairo is not
        raise PrintError("print_no_cairo", f"{type(e).__name__}: {e}") from None
    return cairocffi


def can_render() -> str:
    """The font the sheet would be set in, if this machine can make it; else PrintError."""
    _cairo()
    return cjk_font()


# --- laying out --------------------------------------------------------------------------


@dataclass
class Page:
    ops: list[tuple] = field(default_factory=list)


class Layout:
    """Places the sheet's blocks on pages: text as (x, baseline, text, size, bold, grey),
    QR codes and checkboxes as shapes. Measures with the real font, so nothing runs past
    the margin."""

    def __init__(self, cairo, context, family: str) -> None:
        self.cairo, self.ctx, self.family = cairo, context, family
        self.pages: list[Page] = []
        self.y = 0.0
        self._widths: dict[tuple[str, float, bool], float] = {}
        self._glyphs: dict[str, bool] = {}

    # measuring

    def font(self, size: float, bold: bool) -> None:
        weight = self.cairo.FONT_WEIGHT_BOLD if bold else self.cairo.FONT_WEIGHT_NORMAL
        self.ctx.select_font_face(self.family, self.cairo.FONT_SLANT_NORMAL, weight)
        self.ctx.set_font_size(size)

    def printable(self, text: str) -> str:
        """`text` with each character the font has no glyph for replaced (SUBSTITUTES)."""
        return "".join(SUBSTITUTES.get(ch, ch) if ch in SUBSTITUTES and not self.has_glyph(ch) else ch for ch in text)

    def has_glyph(self, char: str) -> bool:
        if char not in self._glyphs:
            self.font(BODY, False)
            glyphs = self.ctx.get_scaled_font().text_to_glyphs(0, 0, char, False)
            self._glyphs[char] = bool(glyphs) and glyphs[0][0] != 0
        return self._glyphs[char]

    def width(self, text: str, size: float, bold: bool) -> float:
        key = (text, size, bold)
        if key not in self._widths:
            self.font(size, bold)
            self._widths[key] = self.ctx.text_extents(text)[4]  # x_advance
        return self._widths[key]

    def wrap(self, text: str, width: float, size: float, bold: bool = False) -> list[str]:
        """`text` in lines no wider than `width`, broken where the kiosk's Chinese line
        breaking allows (never before 。, never inside a date or a web address that fits)."""
        if not text:
            return [""]
        text = self.printable(text)
        lines: list[str] = []
        starts = (0, *break_positions(text))
        line_start, used = 0, 0.0
        for start, end in zip(starts, (*starts[1:], len(text))):
            unit = text[start:end]
            visible = self.width(unit.rstrip(), size, bold)  # spaces may hang past the edge
            if start > line_start and used + visible > width:
                lines.append(text[line_start:start].rstrip())
                line_start, used = start, 0.0
            if start == line_start and visible > width:
                # Longer than a whole line (a very long address): cut where it reaches the
                # edge rather than run off the paper.
                pieces = (chop(unit, lambda piece: self.width(piece, size, bold) <= width) if ADDRESS.match(unit)
                          else self._chop(unit, width, size, bold))
                for piece in pieces[:-1]:
                    lines.append(piece)
                    line_start += len(piece)
                used = self.width(pieces[-1], size, bold)
                continue
            used += self.width(unit, size, bold)
        lines.append(text[line_start:].rstrip())
        return lines

    def _chop(self, text: str, width: float, size: float, bold: bool) -> list[str]:
        pieces, current = [], ""
        for ch in text:
            if current and self.width(current + ch, size, bold) > width:
                pieces.append(current)
                current = ""
            current += ch
        return pieces + [current]

    # placing

    def new_page(self) -> None:
        self.pages.append(Page())
        self.y = TOP

    @property
    def room(self) -> float:
        return PAGE_H - BOTTOM - 9 * MM - self.y  # the footer's band stays free

    def line_ops(self, line: Line, x: float, width: float) -> list[tuple[float, tuple]]:
        """(height, op) for each printed line of `line`, relative to the top."""
        size = SIZES.get(line.kind, BODY)
        bold = line.kind in (TITLE, STRONG, DEADLINE, LARGE)
        grey = GREY if line.kind == MUTED else 0.0
        out = []
        for text in self.wrap(line.text, width, size, bold):
            out.append((size * LEADING, ("text", x, text, size, bold, grey)))
        return out

    def column(self, lines, x: float, width: float) -> tuple[float, list[tuple]]:
        """Lines set in a column from y = 0: (height, ops with y filled in)."""
        y, ops = 0.0, []
        for line in lines:
            for height, op in self.line_ops(line, x, width):
                kind, x_, text, size, bold, grey = op
                ops.append((kind, x_, y + size * 1.1, text, size, bold, grey))
                y += height
        return y, ops

    def place(self, height: float, ops: list[tuple]) -> None:
        """Put a measured group at the cursor. A group that does not fit goes to a new page
        when it would fit there and little room is lost; otherwise it is cut between two
        lines — never through a QR code or a checkbox — and runs on to the next page."""
        while height > self.room and self.y > TOP:
            cut = _cut(ops, self.room, height)
            if cut < MIN_PART or (height <= PAGE_H - TOP - BOTTOM - 9 * MM and self.room < PAGE_H * 0.15):
                self.new_page()
                continue
            self._put([op for op in ops if _bottom(op) <= cut])
            ops = [_shift(op, -cut) for op in ops if _bottom(op) > cut]
            height -= cut
            self.new_page()
        self._put(ops)
        self.y += height

    def _put(self, ops: list[tuple]) -> None:
        page = self.pages[-1]
        for op in ops:
            page.ops.append(_shift(op, self.y))

    def heading(self, text: str) -> tuple[float, list[tuple]]:
        size = 12.5
        ops = [("text", LEFT, 6 + size, self.printable(text), size, True, 0.0),
               ("rule", LEFT, 6 + size * 1.45, WIDTH)]
        return 6 + size * 1.45 + 4, ops

    def block(self, block: Block) -> None:
        height, ops = (0.0, [])
        if block.heading:
            height, ops = self.heading(block.heading)
        if block.flows:
            # A long text runs on from page to page: the heading goes with its first lines.
            first = True
            for line in block.lines:
                rows = self.line_ops(line, LEFT, WIDTH) if line.text else [(BODY * 0.8, None)]
                for row_height, op in rows:
                    group = [] if op is None else [("text", op[1], height + op[3] * 1.1, *op[2:])]
                    if first:
                        self.place(height + row_height, ops + group)
                        height, ops, first = 0.0, [], False
                    else:
                        self.place(row_height, group)
            self.y += 6
            return
        top = height
        if block.columns:
            half = (WIDTH - GAP) / 2
            tallest = 0.0
            for i, lines in enumerate(block.columns[:2]):
                h, col = self.column(lines, LEFT + i * (half + GAP), half)
                ops += [_shift(op, top) for op in col]
                tallest = max(tallest, h)
            height = top + tallest
        if block.lines and not block.ticks:
            text_width = WIDTH - (QR_SIDE + GAP if block.qr else 0)
            h, col = self.column(block.lines, LEFT, text_width)
            ops += [_shift(op, height) for op in col]
            text_height = h
            if block.qr:
                q, qr_ops = self.qr(block.qr, block.qr_caption, LEFT + text_width + GAP)
                ops += [_shift(op, height) for op in qr_ops]
                text_height = max(text_height, q)
            height += text_height
        if block.ticks:
            for line in block.lines:
                h, col = self.column([line], LEFT, WIDTH)
                ops += [_shift(op, height) for op in col]
                height += h
            box = BODY * 0.95
            for item, ticked in block.ticks:
                h, col = self.column([Line(item)], LEFT + box + 6, WIDTH - box - 6)
                ops.append(("box", LEFT, height + BODY * 0.25, box, ticked))
                ops += [_shift(op, height) for op in col]
                height += h
        self.place(height + 7, ops)

    def qr(self, payload: str, caption: str, x: float) -> tuple[float, list[tuple]]:
        matrix = make_matrix(payload, 177 + 8, 200)  # any size: paper is not a terminal
        if matrix is None:
            return 0.0, []
        side = max(QR_SIDE, matrix.width * QR_MODULE_MIN)
        ops: list[tuple] = [("qr", x, 0.0, side, matrix.modules)]
        height = side
        for text in self.wrap(caption, side, SIZES[MUTED]) if caption else ():
            ops.append(("text", x, height + SIZES[MUTED] * 1.1, text, SIZES[MUTED], False, GREY))
            height += SIZES[MUTED] * LEADING
        return height, ops


# The least of a cut group left at the foot of a page: about three lines.
MIN_PART = 3 * BODY * LEADING


def _top(op: tuple) -> float:
    return op[2] - op[4] * 1.1 if op[0] == "text" else op[2]


def _bottom(op: tuple) -> float:
    if op[0] == "text":
        return _top(op) + op[4] * LEADING
    if op[0] in ("qr", "box"):
        return op[2] + op[3]
    return op[2]


def _cut(ops: list[tuple], room: float, height: float) -> float:
    """The lowest place at most `room` down where the group of `height` can be cut: the
    foot of a line that nothing (a code beside it, a box) reaches across, leaving at least
    two lines to go on the next page (one would stand there alone). 0 if there is none."""
    best = 0.0
    for cut in sorted({_bottom(op) for op in ops if op[0] == "text"}):
        if cut > room or height - cut < 2 * BODY * LEADING:
            break
        if not any(_top(op) < cut - 0.01 and _bottom(op) > cut + 0.01 for op in ops):
            best = cut
    return best


def _shift(op: tuple, dy: float) -> tuple:
    """The op moved down by dy (every op's third field is its y)."""
    return (op[0], op[1], op[2] + dy, *op[3:])


# --- drawing -----------------------------------------------------------------------------


def render(sheet: Sheet) -> bytes:
    """The sheet as an A4 PDF, as bytes (never written to disk here: printing hands them
    straight to the spooler). PrintError when the system cannot make it."""
    cairo = _cairo()
    out = io.BytesIO()
    surface = cairo.PDFSurface(out, PAGE_W, PAGE_H)
    try:
        surface.set_metadata(cairo.PDF_METADATA_TITLE, sheet.title)
        surface.set_metadata(cairo.PDF_METADATA_CREATOR, sheet.title)
    except AttributeError:  # cairo older than 1.16 has no metadata
        pass
    draw(sheet, cairo.Context(surface), lambda n: None)
    surface.finish()
    return out.getvalue()


def draw(sheet: Sheet, ctx, page_done, family: str | None = None) -> list[Page]:
    """Lay the sheet out and draw it on `ctx`, page by page (`page_done(n)` after each, which
    may give a fresh context's page); the pages' ops, so the ink check can find each text."""
    cairo = _cairo()
    layout = Layout(cairo, ctx, family or cjk_font())
    layout.new_page()
    _title(layout, sheet)
    for block in sheet.blocks:
        layout.block(block)
    pages = len(layout.pages)
    for n, page in enumerate(layout.pages, start=1):
        ctx = layout.ctx
        ctx.set_source_rgb(1, 1, 1)  # white paper, whatever the viewer's background
        ctx.paint()
        for op in page.ops:
            _draw(layout, ctx, op)
        footer = _footer(layout, ctx, sheet, n, pages)
        page.ops.extend(footer)  # drawn on every page: the ink check reads it too
        ctx.show_page()
        layout.ctx = page_done(n) or ctx
    return layout.pages


def _title(layout: Layout, sheet: Sheet) -> None:
    size = 16.0
    date_width = layout.width(sheet.printed, BODY, False)
    ops = [("text", LEFT, size, layout.printable(sheet.title), size, True, 0.0),
           ("text", PAGE_W - RIGHT - date_width, size, layout.printable(sheet.printed), BODY, False, 0.0),
           ("rule", LEFT, size + 7, WIDTH)]
    layout.place(size + 14, ops)


def _footer(layout: Layout, ctx, sheet: Sheet, n: int, pages: int) -> list[tuple]:
    size = SIZES[MUTED]
    label = sheet.page_label.format(n=n, m=pages)
    label_width = layout.width(label, size, False)
    y = PAGE_H - BOTTOM - 5 * MM
    lines = layout.wrap(sheet.footer, WIDTH - label_width - GAP, size)
    ops = [("rule", LEFT, y, WIDTH),
           *(("text", LEFT, y + size * 1.5 + i * size * 1.3, text, size, False, GREY) for i, text in enumerate(lines[:2])),
           ("text", PAGE_W - RIGHT - label_width, y + size * 1.5, label, size, False, GREY)]
    for op in ops:
        _draw(layout, ctx, op)
    return ops


def _draw(layout: Layout, ctx, op: tuple) -> None:
    kind = op[0]
    if kind == "text":
        _, x, y, text, size, bold, grey = op
        layout.font(size, bold)
        ctx.set_source_rgb(grey, grey, grey)
        ctx.move_to(x, y)
        ctx.show_text(text)
    elif kind == "rule":
        _, x, y, width = op
        ctx.set_source_rgb(0.55, 0.55, 0.55)
        ctx.set_line_width(0.6)
        ctx.move_to(x, y)
        ctx.line_to(x + width, y)
        ctx.stroke()
    elif kind == "box":
        _, x, y, side, ticked = op
        ctx.set_source_rgb(0, 0, 0)
        ctx.set_line_width(0.8)
        ctx.rectangle(x, y, side, side)
        ctx.stroke()
        if ticked:  # a tick drawn as lines: not every CJK font has ✓ or ☑
            ctx.set_line_width(1.4)
            ctx.move_to(x + side * 0.18, y + side * 0.52)
            ctx.line_to(x + side * 0.42, y + side * 0.78)
            ctx.line_to(x + side * 0.85, y + side * 0.2)
            ctx.stroke()
    elif kind == "qr":
        _, x, y, side, modules = op
        module = side / len(modules)
        # The light quiet zone is the paper itself; the dark modules are one path filled
        # once, so no hairline seams appear between neighbours when it is rasterised.
        ctx.set_source_rgb(0, 0, 0)
        for row, cells in enumerate(modules):
            col = 0
            while col < len(cells):
                if cells[col]:
                    run = col
                    while run < len(cells) and cells[run]:
                        run += 1
                    ctx.rectangle(x + col * module, y + row * module, (run - col) * module, module)
                    col = run
                else:
                    col += 1
        ctx.fill()
