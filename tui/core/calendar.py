"""Provides WorkCalendar: China's working days, from the content's table of days off and
make-up workdays (调休) per year, and from the holidays package for a year the table lacks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache


@lru_cache(maxsize=1)
def _package():
    # Only for years content/calendar.toml does not list: importing holidays loads every
    # country it knows (~250 modules, ~12 MiB), which a kiosk should not carry for one table.
    import holidays

    return holidays.China()


@dataclass(frozen=True)
class WorkCalendar:
    days_off: frozenset[date] = frozenset()  # weekdays that are public holidays
    workdays: frozenset[date] = frozenset()  # weekend days that are working days
    years: frozenset[int] = frozenset()  # the years the table covers
    announced: frozenset[int] = frozenset()  # years whose official schedule is out

    def is_working_day(self, d: date) -> bool:
        if d.year in self.years:
            return d in self.workdays or (d.weekday() < 5 and d not in self.days_off)
        return _package().is_working_day(d)

    def settled(self, start: date, end: date) -> bool:
        """True when every year from start to end has its official schedule in the table."""
        return all(y in self.announced for y in range(start.year, end.year + 1))

    def guessed(self, d: date) -> bool:
        """True when whether `d` is a working day rests on a guess: its year's schedule is
        not announced and a day off lies within three days of it (the real break may be
        longer, or a weekend beside it a make-up workday)."""
        if d.year in self.announced:
            return False
        off = [o for o in self.days_off if o.year == d.year] if d.year in self.years else _package_days_off(d.year)
        return any(abs((d - o).days) <= 3 for o in off)


@lru_cache(maxsize=8)
def _package_days_off(year: int) -> tuple[date, ...]:
    return tuple(from_package(year)[0])


def from_package(year: int) -> tuple[list[date], list[date]]:
    """(weekdays off, weekend workdays) of `year` as the holidays package has them: what
    `kiosk calendar` prints for staff, and what the tests hold the table to."""
    off, work = [], []
    d = date(year, 1, 1)
    while d.year == year:
        working = _package().is_working_day(d)
        if d.weekday() < 5 and not working:
            off.append(d)
        elif d.weekday() >= 5 and working:
            work.append(d)
        d += timedelta(days=1)
    return off, work
