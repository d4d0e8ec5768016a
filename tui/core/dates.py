"""Provides today's date in China, the date forms people type (Chinese and ISO), and the
way dates are echoed back ("2026年11月20日 星期五")."""

from __future__ import annotations

import os
import re
import unicodedata
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")
WEEKDAYS = "一二三四五六日"
ECHO = 60  # how much of an unreadable date is said back: all of what a date field holds

class DateError(ValueError):
    """A date the visitor typed that cannot be used: `key` names the message in
    content/i18n, `values` fill it (every one ends with how to write a date)."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key, self.values = key, values

    def message(self, text) -> str:
        """The visitor's message, from a content text function (Content.text)."""
        return text(self.key, **self.values) + ("" if self.key == "counts_from_missing" else text("date_how"))


def today() -> date:
    """Today in Asia/Shanghai; KIOSK_TODAY=YYYY-MM-DD pins it (tests, demos, training)."""
    pinned = os.environ.get("KIOSK_TODAY")
    if pinned:
        return date.fromisoformat(pinned)
    return datetime.now(CHINA).date()


# The words dates are written in (tui.core.words.Words), set when the content is loaded.
_WORDS = None


def written_by(words) -> None:
    global _WORDS
    _WORDS = words


def format_date(d: date, weekday: bool = True) -> str:
    """A date as the kiosk's language writes it (Words.date)."""
    if _WORDS is None:  # no content loaded yet: the package's own Chinese words
        from .content import default_content_dir
        from .words import REFERENCE, Words

        import tomllib

        with open(default_content_dir() / "i18n" / f"{REFERENCE}.toml", "rb") as f:
            written_by(Words(REFERENCE, {k: v for k, v in tomllib.load(f).items() if isinstance(v, str)}))
    return _WORDS.date(d, weekday)


_RELATIVE = {"今天": 0, "今日": 0, "昨天": 1, "昨日": 1, "前天": 2, "大前天": 3}
_FULL = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?")
_MONTH_DAY = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?")
# 3天前, 三天前, 一周前, 两个星期前, 1个礼拜以前: days or weeks back, in digits or Chinese numerals.
_NUMBER = r"\d{1,3}|[一二两三四五六七八九十]{1,3}"
_AGO = re.compile(rf"({_NUMBER})\s*(?:个)?\s*(天|日|周|星期|礼拜)\s*(?:前|以前|之前)")
_NUMERIC = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
# 11/25, 11.25, 11-25: month, then day, as written in China.
_SLASH = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})")
_DAY_ONLY = re.compile(r"(\d{1,2})\s*[日号]")  # 25号: that day of this month or the one before
# 上周五, 这周一, 本星期三, 上上礼拜天, 礼拜二: a weekday of this, last or the week before (weeks
# start Monday); without 上 or 这, the most recent one.
_WEEKDAY = re.compile(r"(上上|上|这|本)?(?:个)?(?:周|星期|礼拜)([一二三四五六日天])")
_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_WEEKS_BACK = {"上上": 2, "上": 1, "这": 0, "本": 0}


def _make(y: int, m: int, d: int, shown: str) -> date:
    try:
        return date(y, m, d)
    except ValueError:
        raise DateError("date_no_such_day", day=shown) from None


def _without_year(month: int, day: int, today: date, future_ok: bool, shown: str) -> date:
    """The year people mean when they leave it out: the most recent such day, or — for a
    date that may still be to come, such as a promised delivery — the nearest one."""
    candidates = []
    for year in range(today.year + (1 if future_ok else 0), today.year - 5, -1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    if future_ok and candidates:
        return min(candidates, key=lambda d: (abs((d - today).days), d > today))
    for found in candidates:
        if found <= today:
            return found
    raise DateError("date_no_such_day", day=shown)


def _number(text: str) -> int:
    """3, 三, 十五, 二十三 → the number (up to 99)."""
    if text.isdigit():
        return int(text)
    tens, _, ones = text.partition("十")
    if "十" not in text:
        return _DIGITS[text] if len(text) == 1 else -1
    return (_DIGITS.get(tens, -1) if tens else 1) * 10 + (_DIGITS.get(ones, -1) if ones else 0)


def _day_of_month(day: int, today: date, future_ok: bool, shown: str) -> date:
    """"25号": the most recent 25th (or, for a day that may be ahead, this month's)."""
    first = today.replace(day=1)
    for _ in range(3):  # this month, the one before, the one before that (a 31st)
        try:
            found = first.replace(day=day)
        except ValueError:
            found = None
        if found and (future_ok or found <= today):
            return found
        first = (first - timedelta(days=1)).replace(day=1)
    raise DateError("date_no_such_day", day=shown)


def parse_date(text: str, today: date, future_ok: bool = False) -> date:
    """Turn what a person typed into a date, or raise DateError with a message for them.

    Only whole-string forms are accepted: a fuzzy parse silently drops the year or reads
    "3天前" as "the 3rd", and a wrong date here means a wrong deadline later. `future_ok`:
    the question may be about a day still to come, so a date without a year may be ahead."""
    s = unicodedata.normalize("NFKC", text).strip()
    if not s:
        raise DateError("date_missing")
    if s in _RELATIVE:
        return today - timedelta(days=_RELATIVE[s])
    if m := _AGO.fullmatch(s):
        n = _number(m.group(1))
        if n >= 0:
            return today - timedelta(days=n * (1 if m.group(2) in "天日" else 7))
    if m := _FULL.fullmatch(s):
        y, mo, d = map(int, m.groups())
        return _make(y, mo, d, f"{y}年{mo}月{d}日")
    if m := _NUMERIC.fullmatch(s):
        y, mo, d = map(int, m.groups())
        return _make(y, mo, d, f"{y}年{mo}月{d}日")
    if m := (_MONTH_DAY.fullmatch(s) or _SLASH.fullmatch(s)):
        mo, d = map(int, m.groups())
        return _without_year(mo, d, today, future_ok, f"{mo}月{d}日")
    if m := _DAY_ONLY.fullmatch(s):
        return _day_of_month(int(m.group(1)), today, future_ok, s)
    if m := _WEEKDAY.fullmatch(s):
        back, name = m.groups()
        monday = today - timedelta(days=today.weekday() + 7 * _WEEKS_BACK.get(back or "这", 0))
        found = monday + timedelta(days=WEEKDAYS.index("日" if name == "天" else name))
        if back is None and found > today and not future_ok:
            found -= timedelta(days=7)  # 礼拜五 said on a Wednesday: last Friday
        return found
    if re.search(r"[\u4e00-\u9fff]", s) or not re.search(r"[A-Za-z]{3}", s):
        # Chinese we do not understand, or bare numbers ("5" would become 5 January):
        # dateutil would guess, and a guessed date makes a wrong deadline.
        raise DateError("date_unreadable", typed=text.strip()[:ECHO])
    from dateutil import parser  # lazy: the first screen does not need it

    try:
        parsed = parser.parse(s, default=datetime(today.year, 1, 1))
    except (ValueError, OverflowError, parser.ParserError):
        raise DateError("date_unreadable", typed=text.strip()[:ECHO]) from None
    return parsed.date()
