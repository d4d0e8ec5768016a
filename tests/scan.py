"""Reads QR codes off what the kiosk shows, as a phone camera would: the screenshot the
terminal would display, rasterised, decoded by zxing-cpp without trying inverted codes."""

from __future__ import annotations

import io
import re

import cairosvg
import zxingcpp
from PIL import Image


def screen_png(app) -> Image.Image:
    svg = app.export_screenshot()
    # The SVG asks for Fira Code; rasterise with DejaVu Sans Mono, which Debian's images
    # ship and whose ▀ fills the cell (it has no Chinese, which a code does not need).
    svg = re.sub(r"font-family:[^;]*;", "font-family: DejaVu Sans Mono;", svg)
    return Image.open(io.BytesIO(cairosvg.svg2png(bytestring=svg.encode("utf-8"))))


def decode(image: Image.Image) -> list[str]:
    # try_invert=False: a light-on-dark code many phones cannot read must fail here too.
    return [r.text for r in zxingcpp.read_barcodes(image, try_invert=False)]


def scan_screen(app) -> list[str]:
    return decode(screen_png(app))
