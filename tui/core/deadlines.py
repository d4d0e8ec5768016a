"""Provides deadline arithmetic as the law counts (民法典 Arts. 201, 203): calendar days,
months and years, and China's working days (holidays and make-up workdays), from a date and
a content rule."""

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
    """True when a period's end rests on a holiday schedule not yet published: a working-day
    period running through such a year, or a legal period in days whose last day lies by a
    guessed day off (it may move past it, Art. 203). The visitor is told the date may move."""
    calendar = rule.calendar or _PACKAGE_ONLY
    end = apply(rule, start)
    if rule.unit == "working_days":
        return not calendar.settled(start, end)
    if rule.kind != "law":
        return False
    final = period_end(rule, start)
    return any(calendar.guessed(end + timedelta(days=i)) for i in range((final - end).days + 1))


def period_end(rule: Rule, start: date) -> date:
    """The last day of the period `rule` sets, for something done on `start`.

    The day of the event itself is not counted (民法典 Art. 201: counting starts the next
    day), so 7 days from a complaint on D end on D+7. A legal period whose last day is a
    day off (a weekend or holiday, with 调休 workdays as working days) ends on the first
    working day after it (Art. 203). The help desk's advice is not a legal period and is
    never moved."""
    end = apply(rule, start)
    if rule.kind == "law":
        while not is_working_day(end, rule.calendar):
            end += timedelta(days=1)
    return end


def waits_end(rules: list[Rule], start: date) -> date:
    """The end of periods that follow one another (12315: the decision to accept, then the
    mediation counted from that decision), each from the last day of the one before."""
    end = start
    for rule in rules:
        end = period_end(rule, end)
    return end


def move_on_day(rules: list[Rule], start: date) -> date:
    """The first day on which "no answer within the period" is true: the day after it ends."""
    return waits_end(rules, start) + timedelta(days=1)
