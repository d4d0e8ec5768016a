"""Provides deadline arithmetic: calendar days, months and years, and China's working days
(holidays and make-up workdays), from a date and a content rule."""

from __future__ import annotations

from datetime import date, timedelta

from .calendar import WorkCalendar
from .content import Rule

_PACKAGE_ONLY = WorkCalendar()  # no table: every year from the holidays package


def is_working_day(d: date, calendar: WorkCalendar | None = None) -> bool:
    """True on China's working days, make-up Saturdays and Sundays (调休) included."""
    return (calendar or _PACKAGE_ONLY).is_working_day(d)


def add_working_days(start: date, n: int, calendar: WorkCalendar | None = None) -> date:
    """The n-th working day after `start` (start itself does not count)."""
    d = start
    while n > 0:
        d += timedelta(days=1)
        if is_working_day(d, calendar):
            n -= 1
    return d


def apply(rule: Rule, start: date) -> date:
    """The date `rule` gives when counted from `start`."""
    if rule.unit == "working_days":
        return add_working_days(start, rule.amount, rule.calendar)
    from dateutil.relativedelta import relativedelta  # lazy, like holidays

    if rule.unit == "days":
        return start + timedelta(days=rule.amount)
    if rule.unit == "months":
        return start + relativedelta(months=rule.amount)
    if rule.unit == "years":
        return start + relativedelta(years=rule.amount)
    raise ValueError(f"unknown unit {rule.unit!r}")  # content validation makes this unreachable


def provisional(rule: Rule, start: date) -> bool:
    """True when a working-day deadline runs through a year whose holiday schedule is not
    yet published: the date may still move, and the visitor should be told so."""
    if rule.unit != "working_days":
        return False
    return not (rule.calendar or _PACKAGE_ONLY).settled(start, apply(rule, start))
