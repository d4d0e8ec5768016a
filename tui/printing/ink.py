"""Provides the ink check of the printed sheet: every character the sheet can set is looked for
on the PDF itself, rasterised by poppler, not in its extracted text. cairo 1.16 can embed a
glyph that draws nothing — its CFF subset of Noto Sans CJK's regular weight leaves 如 blank —
while pdftotext still finds the character."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from . import PrintError
from .pdf import _cairo, cjk_font

CELL = 24.0  # points a character's cell takes in the test grid
SIZE = 16.0  # points the character is set in
PER_ROW = 24
DPI = 144  # pdftoppm's resolution: 2 pixels a point
# A cell drawn with less than this share of the ink the font's outline has is blank (or
# broken): anti-aliasing differs a little between cairo and poppler, a lost glyph is 0.
ENOUGH = 0.5


def content_characters(root: Path) -> str:
    """Every character the content can put on paper: its TOML and text files, and ASCII."""
    chars = {chr(c) for c in range(0x21, 0x7F)}
    for path in sorted(root.rglob("*")):
        if path.suffix in (".toml", ".txt"):
            chars.update(path.read_text(encoding="utf-8"))
    return "".join(sorted(c for c in chars if not c.isspace() and c.isprintable()))


def blank_characters(chars: str, family: str | None = None) -> list[str]:
    """The characters of `chars` the sheet's font (or `family`) leaves blank on paper, in
    regular or bold: each is set in a cell of a PDF as the sheet sets text, the PDF is
    rasterised, and each cell's ink is compared with the same character drawn by cairo
    straight from the font's outline. PrintError when poppler or cairo is missing."""
    if not shutil.which("pdftoppm"):
        raise PrintError("print_failed", "pdftoppm not found (apt-get install poppler-utils)")
    from .pdf import SUBSTITUTES

    cairo = _cairo()
    family = family or cjk_font()
    wanted = [c for c in dict.fromkeys(chars) if not c.isspace()]
    missing = _missing(cairo, family, wanted)
    # As the sheet sets them: a mark the font lacks is printed as its substitute.
    wanted = [SUBSTITUTES[c] if c in SUBSTITUTES and c in missing else c for c in wanted]
    missing = _missing(cairo, family, wanted)
    rows = -(-len(wanted) // PER_ROW)
    width, height = PER_ROW * CELL, max(rows, 1) * CELL * 2  # regular above, bold below
    with tempfile.TemporaryDirectory() as folder:
        pdf_path = Path(folder) / "ink.pdf"
        surface = cairo.PDFSurface(str(pdf_path), width, height)
        _grid(cairo, cairo.Context(surface), family, wanted, rows)
        surface.finish()
        subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-singlefile", str(pdf_path), str(Path(folder) / "ink")],
                       check=True, capture_output=True, timeout=60)
        printed = _pixels(Path(folder) / "ink.pgm")
    scale = DPI / 72
    image = cairo.ImageSurface(cairo.FORMAT_RGB24, round(width * scale), round(height * scale))
    context = _unhinted(cairo, cairo.Context(image))
    context.scale(scale, scale)
    _grid(cairo, context, family, wanted, rows)
    outline = _image_pixels(image)
    blank = [c for c in wanted if c in missing]  # a box drawn for it is not the character
    for i, char in enumerate(wanted):
        if char in missing:
            continue
        for bold in (False, True):
            box = _cell_box(i, rows, bold, scale)
            expected = _ink(outline, box)
            if expected and _ink(printed, box) < ENOUGH * expected:
                blank.append(char)
                break
    return blank


def _grid(cairo, ctx, family: str, chars: list[str], rows: int) -> None:
    ctx.set_source_rgb(1, 1, 1)
    ctx.paint()
    ctx.set_source_rgb(0, 0, 0)
    for bold in (False, True):
        weight = cairo.FONT_WEIGHT_BOLD if bold else cairo.FONT_WEIGHT_NORMAL
        ctx.select_font_face(family, cairo.FONT_SLANT_NORMAL, weight)
        ctx.set_font_size(SIZE)
        for i, char in enumerate(chars):
            row, col = divmod(i, PER_ROW)
            ctx.move_to(col * CELL + 2, (row + (rows if bold else 0)) * CELL + SIZE + 2)
            ctx.show_text(char)


def _cell_box(i: int, rows: int, bold: bool, scale: float) -> tuple[int, int, int, int]:
    row, col = divmod(i, PER_ROW)
    row += rows if bold else 0
    return (round(col * CELL * scale), round(row * CELL * scale),
            round((col + 1) * CELL * scale), round((row + 1) * CELL * scale))


def _pixels(pgm: Path) -> list[bytes]:
    """Rows of grey bytes from a binary PGM (what pdftoppm -gray writes)."""
    data = pgm.read_bytes()
    fields, at = [], 0
    while len(fields) < 4:  # magic, width, height, maximum, each ended by white space
        while data[at:at + 1].isspace():
            at += 1
        start = at
        while not data[at:at + 1].isspace():
            at += 1
        fields.append(data[start:at])
    at += 1
    width, height = int(fields[1]), int(fields[2])
    return [data[at + r * width: at + (r + 1) * width] for r in range(height)]


def _image_pixels(image) -> list[bytes]:
    """Rows of grey bytes (the blue channel: black on white) of a cairo RGB24 image."""
    image.flush()
    data, stride = bytes(image.get_data()), image.get_stride()
    return [data[r * stride: r * stride + image.get_width() * 4: 4] for r in range(image.get_height())]


def _ink(rows: list[bytes], box: tuple[int, int, int, int]) -> int:
    x0, y0, x1, y1 = box
    return sum(255 - v for row in rows[y0:y1] for v in row[x0:x1])


def blank_on_sheet(sheet) -> list[tuple[int, str, str]]:
    """(page, character, its line) for every character the printed sheet leaves blank: the
    very PDF that is printed, rasterised, against the same pages drawn by cairo from the
    font's outlines, character by character where each one is set. PrintError as above."""
    from .pdf import PAGE_H, PAGE_W, draw, render

    if not shutil.which("pdftoppm"):
        raise PrintError("print_failed", "pdftoppm not found (apt-get install poppler-utils)")
    cairo = _cairo()
    scale = DPI / 72
    images = []

    def new_image(_n=None):
        image = cairo.ImageSurface(cairo.FORMAT_RGB24, round(PAGE_W * scale), round(PAGE_H * scale))
        images.append(image)
        context = _unhinted(cairo, cairo.Context(image))
        context.scale(scale, scale)
        return context

    pages = draw(sheet, new_image(), new_image)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sheet.pdf"
        path.write_bytes(render(sheet))
        subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", str(path), str(Path(folder) / "page")],
                       check=True, capture_output=True, timeout=120)
        printed = [_pixels(p) for p in sorted(Path(folder).glob("page-*.pgm"))]
    measure = _unhinted(cairo, cairo.Context(cairo.ImageSurface(cairo.FORMAT_RGB24, 1, 1)))
    family = cjk_font()
    blank = []
    for n, page in enumerate(pages):
        outline = _image_pixels(images[n])
        for op in page.ops:
            if op[0] != "text":
                continue
            _, x, y, text, size, bold, _grey = op
            measure.select_font_face(family, cairo.FONT_SLANT_NORMAL,
                                     cairo.FONT_WEIGHT_BOLD if bold else cairo.FONT_WEIGHT_NORMAL)
            measure.set_font_size(size)
            for i, char in enumerate(text):
                if char.isspace():
                    continue
                left = x + measure.text_extents(text[:i])[4]
                right = x + measure.text_extents(text[:i + 1])[4]
                box = (round(left * scale), round((y - size) * scale), round(right * scale), round((y + size * 0.3) * scale))
                expected = _ink(outline, box)
                missing = measure.get_scaled_font().text_to_glyphs(0, 0, char, False)[0][0] == 0
                if missing or (expected and _ink(printed[n], box) < ENOUGH * expected):
                    blank.append((n + 1, char, text))
    return blank


def _unhinted(cairo, context):
    """A context that measures and places glyphs as the PDF surface does (no hinted metrics),
    so the same sheet lays out the same on an image as on paper."""
    options = cairo.FontOptions()
    options.set_hint_metrics(cairo.HINT_METRICS_OFF)
    options.set_hint_style(cairo.HINT_STYLE_NONE)
    context.set_font_options(options)
    return context


def _missing(cairo, family: str, chars: list[str]) -> set[str]:
    """The characters `family` has no glyph for."""
    context = cairo.Context(cairo.ImageSurface(cairo.FORMAT_RGB24, 1, 1))
    context.select_font_face(family, cairo.FONT_SLANT_NORMAL, cairo.FONT_WEIGHT_NORMAL)
    font = context.get_scaled_font()
    return {c for c in chars if font.text_to_glyphs(0, 0, c, False)[0][0] == 0}
