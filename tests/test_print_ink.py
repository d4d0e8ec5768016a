"""Every character of the printed sheet is drawn, checked in the ink of the PDF that is
printed (rasterised with poppler, each character's cell against the font's own outline) — not
in its extracted text, which keeps a character that prints blank."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pytest

from tui.printing import ink, pdf
from tui.printing.sample import sample_sheet

from .conftest import CONTENT_DIR
from .test_printing import needs_poppler

TODAY = date(2026, 12, 2)


def _has_font(family: str) -> bool:
    listed = subprocess.run(["fc-list", ":lang=zh-cn", "family"], capture_output=True, text=True).stdout
    return any(family == name.strip() for line in listed.splitlines() for name in line.split(","))


@needs_poppler
@pytest.mark.parametrize("longest", [False, True], ids=["sample", "longest complaint text"])
def test_every_character_of_the_sample_sheet_is_drawn(content, longest):
    sheet = sample_sheet(content, CONTENT_DIR, TODAY, longest=longest)
    assert ink.blank_on_sheet(sheet) == []


@needs_poppler
def test_every_character_of_the_content_and_of_common_typed_text_can_be_printed():
    """Each character of content/ and the 3,755 common characters (GB 2312 level 1) a
    visitor may type: the font has it (or the sheet's substitute for it), and it has ink."""
    common = []
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            try:
                common.append(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    assert ink.blank_characters(ink.content_characters(CONTENT_DIR) + "".join(common)) == []


@needs_poppler
@pytest.mark.skipif(not _has_font("Noto Sans Mono CJK SC"), reason="Noto Sans Mono CJK SC is not installed")
def test_the_check_finds_the_character_the_old_face_left_blank(content, monkeypatch):
    """The face the sheet used before (Noto Sans Mono CJK SC, a CFF font that cairo 1.16
    subsets) printed 如 blank on the sample sheet while pdftotext still found it."""
    monkeypatch.setattr(pdf, "FONT_FAMILIES", ("Noto Sans Mono CJK SC",))
    pdf.cjk_font.cache_clear()
    try:
        sheet = sample_sheet(content, CONTENT_DIR, TODAY)
        blank = ink.blank_on_sheet(sheet)
        assert {ch for _, ch, _ in blank} == {"如"}
        assert any("部分省份带区号公布，如 028-12305" in line for _, _, line in blank)
    finally:
        pdf.cjk_font.cache_clear()


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="no fontconfig")
def test_the_sheet_prefers_a_truetype_face():
    if _has_font("WenQuanYi Zen Hei Mono"):
        pdf.cjk_font.cache_clear()
        assert pdf.cjk_font() == "WenQuanYi Zen Hei Mono"


@needs_poppler
def test_a_mark_the_font_lacks_is_printed_as_its_substitute(content):
    """✓ and ✗ (the plan's done and passed marks) are not in every CJK font: printed as
    √ and ×, never as an empty box."""
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf.render(sample_sheet(content, CONTENT_DIR, TODAY)),
                          capture_output=True, check=True).stdout.decode()
    layout_font = pdf.cjk_font()
    if not _glyph(layout_font, "✓"):
        assert "✓" not in text and "√" in text
    assert "期限已过" in text


def _glyph(family: str, char: str) -> bool:
    cairo = pdf._cairo()
    context = cairo.Context(cairo.ImageSurface(cairo.FORMAT_RGB24, 1, 1))
    context.select_font_face(family, cairo.FONT_SLANT_NORMAL, cairo.FONT_WEIGHT_NORMAL)
    return context.get_scaled_font().text_to_glyphs(0, 0, char, False)[0][0] != 0
