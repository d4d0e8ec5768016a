"""The date forms a visitor may type, what they mean, and what is refused."""

from datetime import date

import pytest

from tui.core.dates import DateError, format_date, parse_date

TODAY = date(2026, 11, 26)  # a Thursday


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("2026年11月20日", date(2026, 11, 20)),
        ("2026年11月20号", date(2026, 11, 20)),
        ("2026 年 1 月 5 日", date(2026, 1, 5)),
        ("１１月２０日", date(2026, 11, 20)),  # full-width digits from a Chinese IME
        ("11月20日", date(2026, 11, 20)),
        ("12月20日", date(2025, 12, 20)),  # no year: the most recent one, never the future
        ("2月29日", date(2024, 2, 29)),  # the most recent leap day
        ("今天", TODAY),
        ("昨天", date(2026, 11, 25)),
        ("前天", date(2026, 11, 24)),
        ("3天前", date(2026, 11, 23)),
        ("30 天前", date(2026, 10, 27)),
        ("2026-11-20", date(2026, 11, 20)),
        ("2026/1/2", date(2026, 1, 2)),
        ("2026.01.02", date(2026, 1, 2)),
        ("  2026-11-20  ", date(2026, 11, 20)),
        ("Nov 20 2026", date(2026, 11, 20)),
        ("20 November 2026", date(2026, 11, 20)),
    ],
)
def test_accepted_forms(typed, expected):
    assert parse_date(typed, TODAY) == expected


@pytest.mark.parametrize(
    "typed",
    ["", "   ", "2026年2月30日", "2月30日", "2026-13-01", "上个月", "好几天了", "5", "11/", "[/bold]", "2026年11月", "abc"],
)
def test_refused_with_a_message_in_chinese(content, typed):
    with pytest.raises(DateError) as e:
        parse_date(typed, TODAY)
    assert "2026年11月20日" in e.value.message(content.text)  # every refusal shows how to write it


def test_refusal_names_the_impossible_day(content):
    with pytest.raises(DateError) as e:
        parse_date("2026年2月30日", TODAY)
    assert "没有这一天：2026年2月30日" in e.value.message(content.text)


def test_echo_has_weekday():
    assert format_date(date(2026, 11, 20)) == "2026年11月20日 星期五"
    assert format_date(date(2026, 11, 22)) == "2026年11月22日 星期日"
    assert format_date(date(2026, 11, 22), weekday=False) == "2026年11月22日"


def test_kiosk_today_can_be_pinned(monkeypatch):
    from tui.core import dates

    monkeypatch.setenv("KIOSK_TODAY", "2027-02-01")
    assert dates.today() == date(2027, 2, 1)


@pytest.mark.parametrize(
    "typed, future_ok, expected",
    [
        ("12月5日", True, date(2026, 12, 5)),  # a promised date may lie ahead: the nearest 12月5日
        ("11月30日", True, date(2026, 11, 30)),
        ("1月3日", True, date(2027, 1, 3)),
        ("6月1日", True, date(2026, 6, 1)),
        ("12月5日", False, date(2025, 12, 5)),  # a day that has happened: the most recent one
        ("11/25", False, date(2026, 11, 25)),
        ("上周五", False, date(2026, 11, 20)),  # today is Friday 2026-11-27; weeks start on Monday
        ("这周一", False, date(2026, 11, 23)),
        ("本星期三", False, date(2026, 11, 25)),
        ("上上礼拜天", False, date(2026, 11, 15)),
    ],
)
def test_dates_read_as_meant(typed, future_ok, expected):
    assert parse_date(typed, date(2026, 11, 27), future_ok) == expected


@pytest.mark.parametrize(
    "typed, expected",
    [
        # On Thursday 2026-11-26, by hand:
        ("11.25", date(2026, 11, 25)),
        ("11-25", date(2026, 11, 25)),
        ("12.20", date(2025, 12, 20)),  # no year: the most recent one
        ("25号", date(2026, 11, 25)),
        ("28号", date(2026, 10, 28)),  # the 28th of this month is still to come: last month's
        ("31日", date(2026, 10, 31)),  # November has no 31st
        ("一周前", date(2026, 11, 19)),
        ("两周前", date(2026, 11, 12)),
        ("1个星期前", date(2026, 11, 19)),
        ("三天前", date(2026, 11, 23)),
        ("十天以前", date(2026, 11, 16)),
        ("礼拜二", date(2026, 11, 24)),  # this week's, already past
        ("星期五", date(2026, 11, 20)),  # this week's is still to come: last week's
        ("周四", TODAY),
        ("上礼拜二", date(2026, 11, 17)),
        ("11月25号", date(2026, 11, 25)),
    ],
)
def test_forms_people_type_that_were_refused_before(typed, expected):
    assert parse_date(typed, TODAY) == expected


def test_a_day_that_may_be_ahead_takes_this_months_or_this_weeks(content):
    assert parse_date("28号", TODAY, future_ok=True) == date(2026, 11, 28)
    assert parse_date("星期五", TODAY, future_ok=True) == date(2026, 11, 27)


def test_an_unreadable_date_is_said_back_whole(content):
    typed = "我记得大概是上个月底的某一天吧具体哪天真的想不起来了"
    with pytest.raises(DateError) as e:
        parse_date(typed, TODAY)
    assert typed in e.value.message(content.text)
