"""Provides order-number checks and carrier guesses from tracking numbers."""

from __future__ import annotations

import re
import unicodedata

from .content import Carrier

_SEPARATORS = re.compile(r"[\s\-–—_]+")


class NumberError(ValueError):
    """A number the visitor typed that cannot be used; the message is for the visitor."""


def clean(text: str) -> str:
    """Full-width to half-width, separators removed, letters upper-cased."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", text)).upper()


def check_order_no(text: str) -> str:
    s = clean(text)
    if not s:
        raise NumberError("请填写订单号：16 到 20 位数字，在 我的淘宝 → 已买到的宝贝 → 订单详情 里可以找到。")
    if not s.isdigit():
        raise NumberError("订单号只有数字（可以带空格或横线），请再看一下订单详情。")
    if not 16 <= len(s) <= 20:
        raise NumberError(f"订单号应为 16 到 20 位数字，现在是 {len(s)} 位。")
    return s


def check_tracking_no(text: str) -> str:
    """A plausible tracking number, or "" when the person has none."""
    s = clean(text)
    if not s:
        return ""
    if not s.isascii() or not s.isalnum():
        raise NumberError("物流单号只包含字母和数字（可以带空格或横线）。")
    if not 8 <= len(s) <= 30:
        raise NumberError(f"物流单号一般是 8 到 30 位字母和数字，现在是 {len(s)} 位。")
    return s


def guess_carriers(number: str, carriers: dict[str, Carrier]) -> list[Carrier]:
    """Every carrier whose pattern fits, in content order: patterns overlap, so the
    person chooses; the first is only a suggestion."""
    s = clean(number)
    if not s:
        return []
    return [c for c in carriers.values() if any(p.fullmatch(s) for p in c.patterns)]
