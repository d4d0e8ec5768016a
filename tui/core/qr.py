"""Provides QR code matrices that fit a given space (the strongest error correction that
fits wins) and the split of a long text into parts that each fit one code."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

QUIET = 4  # light modules around the code: the minimum the QR standard asks for
LEVELS = ("H", "Q", "M", "L")  # strongest first: more damage a phone camera can tolerate


@dataclass(frozen=True)
class QRMatrix:
    modules: tuple[tuple[bool, ...], ...]  # True = dark, quiet zone included
    level: str
    version: int

    @property
    def width(self) -> int:
        """Terminal cells across: one per module."""
        return len(self.modules[0])

    @property
    def height(self) -> int:
        """Terminal rows: two modules per row (▀)."""
        return (len(self.modules) + 1) // 2


def size_for(version: int) -> tuple[int, int]:
    """Cells (width, height) a code of this version takes, quiet zone included."""
    side = 17 + 4 * version + 2 * QUIET
    return side, (side + 1) // 2


@lru_cache(maxsize=256)
def make_matrix(payload: str, max_width: int, max_height: int) -> QRMatrix | None:
    """The strongest code for `payload` (UTF-8 bytes) that fits, or None if none does.
    Cached: the same addresses are drawn all day, and building a code is slow in Python."""
    import qrcode  # lazy: only screens that show a code need it
    from qrcode.exceptions import DataOverflowError

    constants = {"H": qrcode.constants.ERROR_CORRECT_H, "Q": qrcode.constants.ERROR_CORRECT_Q,
                 "M": qrcode.constants.ERROR_CORRECT_M, "L": qrcode.constants.ERROR_CORRECT_L}
    for level in LEVELS:
        code = qrcode.QRCode(error_correction=constants[level], border=QUIET)
        # Bytes, not str: qrcode would otherwise pick its own encoding for some texts.
        code.add_data(payload.encode("utf-8"))
        try:
            version = code.best_fit()  # only counts bits: cheap
        except (DataOverflowError, ValueError):
            continue
        width, height = size_for(version)
        if width <= max_width and height <= max_height:
            code.make(fit=False)  # the costly part (masks tried and scored), done once
            return QRMatrix(tuple(tuple(bool(m) for m in row) for row in code.get_matrix()), level, code.version)
    return None


def capacity(max_width: int, max_height: int) -> int:
    """UTF-8 bytes the largest code that fits can carry at level L (0 if none fits)."""
    from qrcode.util import BIT_LIMIT_TABLE

    side = min(max_width, max_height * 2) - 2 * QUIET
    version = min((side - 17) // 4, 40)
    if version < 1:
        return 0
    # Byte mode: 4 bits of mode, 8 or 16 bits of length, then 8 bits a byte.
    bits = BIT_LIMIT_TABLE[1][version] - 4 - (8 if version < 10 else 16)  # 1 = level L in qrcode's table
    return max(bits // 8, 0)


def split_text(text: str, max_bytes: int) -> list[str]:
    """Consecutive slices of `text`, each at most `max_bytes` in UTF-8 and never cutting a
    character, so the parts joined are exactly the text."""
    if max_bytes < 4:
        raise ValueError("a part must hold at least one character (4 bytes)")
    parts, current, size = [], [], 0
    for ch in text:
        n = len(ch.encode("utf-8"))
        if size + n > max_bytes:
            parts.append("".join(current))
            current, size = [], 0
        current.append(ch)
        size += n
    if current or not parts:
        parts.append("".join(current))
    return parts
