"""Deadline arithmetic: calendar days, month ends, and China's working days with holidays
and make-up workdays (调休)."""

from datetime import date

import pytest

from tui.core.content import Rule
from tui.core.deadlines import add_working_days, apply, is_working_day


def rule(amount, unit):
    return Rule("r", amount, unit, "law", "{n}", "test", date(2026, 11, 26))


@pytest.mark.parametrize(
    "start, n, expected, why",
    [
        (date(2026, 11, 26), 7, date(2026, 12, 7), "two weekends"),
        (date(2026, 2, 12), 7, date(2026, 2, 28), "Spring Festival 2026: Feb 14 and Feb 28 are make-up Saturdays"),
        (date(2026, 9, 30), 3, date(2026, 10, 10), "National Day 2026 off Oct 1-7, Oct 10 a make-up Saturday"),
        (date(2026, 12, 31), 1, date(2027, 1, 4), "New Year's Day and a weekend"),
        (date(2027, 1, 10), 7, date(2027, 1, 19), "a Sunday start"),
    ],
)
def test_working_days(start, n, expected, why):
    assert add_working_days(start, n) == expected, why


def test_make_up_saturday_is_a_working_day_and_holiday_weekday_is_not():
    assert is_working_day(date(2026, 2, 14))  # Saturday, make-up workday
    assert not is_working_day(date(2026, 2, 17))  # Tuesday, Spring Festival
    assert not is_working_day(date(2026, 10, 5))  # Monday, National Day


@pytest.mark.parametrize(
    "amount, unit, start, expected",
    [
        (7, "days", date(2026, 1, 28), date(2026, 2, 4)),
        (30, "days", date(2026, 12, 15), date(2027, 1, 14)),
        (1, "years", date(2024, 2, 29), date(2025, 2, 28)),  # leap day: the earlier date, never later
        (3, "years", date(2026, 11, 1), date(2029, 11, 1)),
        (1, "months", date(2026, 1, 31), date(2026, 2, 28)),
        # Nov 27 = 1 … Dec 31 = 25, Jan 1 off, Jan 4 = 26 … Jan 29 = 45
        (45, "working_days", date(2026, 11, 26), date(2027, 1, 29)),
    ],
)
def test_rule_units(amount, unit, start, expected):
    assert apply(rule(amount, unit), start) == expected


def test_the_calendar_table_says_what_the_holidays_package_says(content):
    """content/calendar.toml is the holidays package's China data for announced years,
    written out so the kiosk need not import ~250 countries (`kiosk calendar YEAR` prints a
    year to paste). A guessed year has every weekday off the package has and more, and no
    make-up workday: never fewer days off than the real schedule can have."""
    from tui.core.calendar import from_package

    calendar = content.rules["samr_accept"].calendar
    assert {2024, 2025, 2026} <= calendar.announced and 2027 in calendar.years
    for year in sorted(calendar.years):
        off, work = from_package(year)
        table_off = sorted(d for d in calendar.days_off if d.year == year)
        table_work = sorted(d for d in calendar.workdays if d.year == year)
        if year in calendar.announced:
            assert table_off == off and table_work == work, year
        else:
            assert set(off) <= set(table_off) and table_work == [], year


def test_the_guessed_spring_festival_2027_is_the_longest_reading(content):
    """The 2025 notice gave 8 days from 除夕, the 2026 notice 9 days from two days before it:
    2027's guess (除夕 = Feb 5) is off from Feb 3 to Feb 14, and dates by it may change."""
    calendar = content.rules["samr_accept"].calendar
    assert 2027 not in calendar.announced
    assert not any(calendar.is_working_day(date(2027, 2, d)) for d in range(3, 15))
    assert calendar.is_working_day(date(2027, 2, 2)) and calendar.is_working_day(date(2027, 2, 15))
    assert calendar.guessed(date(2027, 2, 15)) and not calendar.guessed(date(2026, 2, 16))


def test_a_year_outside_the_table_comes_from_the_package(content):
    calendar = content.rules["samr_accept"].calendar
    assert 2023 not in calendar.years
    assert not calendar.is_working_day(date(2023, 1, 23))  # Spring Festival 2023, a Monday
    assert calendar.is_working_day(date(2023, 1, 28))  # its make-up Saturday


def test_calendar_typos_are_caught(tmp_path):
    import shutil

    from tui.core.content import ContentError, load_content

    from .conftest import CONTENT_DIR

    shutil.copytree(CONTENT_DIR, tmp_path / "c")
    path = tmp_path / "c" / "calendar.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('"2026-02-28"', '"2026-02-27"')
                    .replace('"2026-10-07"', '"2025-10-07"'), encoding="utf-8")
    with pytest.raises(ContentError) as e:
        load_content(tmp_path / "c")
    problems = "\n".join(e.value.problems)
    assert "calendar.toml: years.2026.workdays[2]: 2026-02-27 is a weekday" in problems
    assert "calendar.toml: years.2026.days_off[18]: 2025-10-07 is not in 2026" in problems


def law(amount, unit, content):
    calendar = content.rules["courier_reply"].calendar
    return Rule("r", amount, unit, "law", "{n}", "test", date(2026, 11, 26), calendar)


@pytest.mark.parametrize(
    "start, n, end, move_on, why",
    [
        (date(2026, 11, 20), 7, date(2026, 11, 27), date(2026, 11, 28), "Art. 201: the day itself is not counted"),
        (date(2026, 11, 21), 7, date(2026, 11, 30), date(2026, 12, 1), "a Saturday end moves to Monday (Art. 203)"),
        (date(2026, 11, 22), 7, date(2026, 11, 30), date(2026, 12, 1), "a Sunday end moves to Monday"),
        (date(2026, 9, 24), 7, date(2026, 10, 8), date(2026, 10, 9), "National Day: Oct 1-7 off"),
        (date(2026, 9, 26), 7, date(2026, 10, 8), date(2026, 10, 9), "ends Oct 3, a weekend inside National Day"),
        (date(2026, 9, 27), 7, date(2026, 10, 8), date(2026, 10, 9), "ends Oct 4"),
        (date(2026, 10, 3), 7, date(2026, 10, 10), date(2026, 10, 11), "ends Oct 10, a make-up Saturday: a working day"),
        (date(2026, 1, 17), 30, date(2026, 2, 24), date(2026, 2, 25), "Spring Festival: Feb 16-20, 23 off"),
        (date(2026, 2, 7), 7, date(2026, 2, 14), date(2026, 2, 15), "ends on Feb 14, a make-up Saturday: a working day"),
        (date(2026, 12, 25), 7, date(2027, 1, 4), date(2027, 1, 5), "New Year's Day (Fri), then a weekend"),
    ],
)
def test_legal_periods_count_as_the_civil_code_does(content, start, n, end, move_on, why):
    from tui.core.deadlines import move_on_day, period_end

    rule = law(n, "days", content)
    assert period_end(rule, start) == end, why
    assert move_on_day([rule], start) == move_on, why


def test_advice_is_never_moved_past_a_day_off(content):
    from tui.core.deadlines import move_on_day, period_end

    advice = content.rules["seller_wait"]
    assert advice.kind == "advice"
    # Nov 26 + 2 = Nov 28, a Saturday: advice stays there; move on Sunday.
    assert period_end(advice, date(2026, 11, 26)) == date(2026, 11, 28)
    assert move_on_day([advice], date(2026, 11, 26)) == date(2026, 11, 29)


def test_periods_in_a_row_count_from_the_end_of_the_one_before(content):
    from tui.core.deadlines import waits_end

    accept, mediation = content.rules["samr_accept"], content.rules["samr_mediation"]
    # Filed Fri 2026-09-25 (Mid-Autumn, off): Sep 28-30 (3), Oct 8-10 (6, Oct 10 a make-up
    # Saturday), Oct 12 (7) → accepted by Oct 12; 60 days from Oct 12: Oct 31 day 19, Nov 30
    # day 49, Dec 11 day 60 (Fri, a working day).
    assert waits_end([accept], date(2026, 9, 25)) == date(2026, 10, 12)
    assert waits_end([accept, mediation], date(2026, 9, 25)) == date(2026, 12, 11)
