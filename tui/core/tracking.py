"""Provides order-number checks and carrier guesses from tracking numbers."""

from __future__ import annotations

import re
import unicodedata

from .content import Carrier

_SEPARATORS = re.compile(r"[\s\-–—_]+")


class NumberError(ValueError):
    """A number the visitor typed that cannot be used: `key` names the visitor's message in
    content/i18n, `values` fill it (message() formats it)."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key, self.values = key, values

    def message(self, text) -> str:
        return text(self.key, **self.values)


def clean(text: str) -> str:
    """Full-width to half-width, separators removed, letters upper-cased."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", text)).upper()


def check_order_no(text: str) -> str:
    s = clean(text)
    if not s:
        raise NumberError("order_no_needed")
    if not s.isdigit():
        raise NumberError("order_no_digits")
    # Tmall's order numbers are 19 digits, older ones 16–19 (a public guide; not verified):
    # outside 16–20 the interview asks once (Interview.doubts), and refuses only what no
    # order number can be.
    if not ORDER_NO_POSSIBLE[0] <= len(s) <= ORDER_NO_POSSIBLE[1]:
        raise NumberError("order_no_length", n=len(s))
    return s


ORDER_NO_USUAL = (16, 20)
ORDER_NO_POSSIBLE = (8, 30)


def check_tracking_no(text: str) -> str:
    """A plausible tracking number, or "" when the person has none."""
    s = clean(text)
    if not s:
        return ""
    if not s.isascii() or not s.isalnum():
        raise NumberError("tracking_chars")
    if not 8 <= len(s) <= 30:
        raise NumberError("tracking_length", n=len(s))
    return s


def guess_carriers(number: str, carriers: dict[str, Carrier]) -> list[Carrier]:
    """Every carrier whose pattern fits, in content order: patterns overlap, so the
    person chooses; the first is only a suggestion."""
    s = clean(number)
    if not s:
        return []
    return [c for c in carriers.values() if any(p.fullmatch(s) for p in c.patterns)]
