"""Provides deadline arithmetic: calendar days, months and years, and China's working days
(holidays and make-up workdays), from a date and a content rule."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from .content import Rule


@lru_cache(maxsize=1)
def _china():
    # Imported on first use: the holidays package is large and the Welcome screen needs none of it.
    import holidays

    return holidays.China()


def is_working_day(d: date) -> bool:
    """True on China's working days, make-up Saturdays and Sundays (调休) included."""
    return _china().is_working_day(d)


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after `start` (start itself does not count)."""
    d = start
    while n > 0:
        d += timedelta(days=1)
        if is_working_day(d):
            n -= 1
    return d


def apply(rule: Rule, start: date) -> date:
    """The date `rule` gives when counted from `start`."""
    if rule.unit == "working_days":
        return add_working_days(start, rule.amount)
    from dateutil.relativedelta import relativedelta  # lazy, like holidays

    if rule.unit == "days":
        return start + timedelta(days=rule.amount)
    if rule.unit == "months":
        return start + relativedelta(months=rule.amount)
    if rule.unit == "years":
        return start + relativedelta(years=rule.amount)
    raise ValueError(f"unknown unit {rule.unit!r}")  # content validation makes this unreachable
