"""Words through one object (tui.core.words.Words): a second language is a file in
content/i18n and needs no Python change — its sentences and its dates — and a language that
lacks a key is refused by the content check."""

from __future__ import annotations

import io
import re
import shutil
from datetime import date

import pytest

from tests.conftest import CONTENT_DIR, TODAY
from tui.core.content import ContentError, load_content
from tui.core.dates import format_date


@pytest.fixture
def english(tmp_path):
    """The content with an English words file: every key, a few of them in English."""
    root = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, root)
    zh = (root / "i18n" / "zh-CN.toml").read_text(encoding="utf-8")
    swaps = {"start": "Start", "plain_title": "Parcel complaints (plain mode)",
             "date_format": "{day} {month}/{year}", "date_with_weekday": "{weekday} {date}",
             "weekdays": "Mon,Tue,Wed,Thu,Fri,Sat,Sun", "plain_chosen": "You chose: {label}"}
    lines = []
    for line in zh.splitlines():
        key = line.split("=", 1)[0].strip()
        lines.append(f'{key} = "{swaps[key]}"' if key in swaps and "=" in line else line)
    (root / "i18n" / "en.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    yield root
    load_content(CONTENT_DIR)  # dates back in Chinese for the tests after this one


def test_a_second_language_is_a_file(english, monkeypatch):
    content = load_content(english, lang="en")
    assert content.text("start") == "Start" and content.lang == "en"
    assert format_date(date(2026, 11, 20)) == "Fri 20 11/2026"  # every date the domain writes
    assert content.words.date(date(2026, 11, 20), weekday=False) == "20 11/2026"
    from tui.plain.front import PlainFront
    from tui.plain.lines import Lines
    from tui.visit import Visit

    out = io.StringIO()
    visit = Visit(content, today=lambda: TODAY, db=english / "cases")
    PlainFront(visit, Lines(io.StringIO("1\n2\n"), out)).run()
    said = out.getvalue()
    assert "Parcel complaints (plain mode)" in said and "1. Start" in said and "You chose: Start" in said


def test_the_language_comes_from_kiosk_lang(english, monkeypatch):
    monkeypatch.setenv("KIOSK_LANG", "en")
    assert load_content(english).text("start") == "Start"


def test_a_language_missing_a_key_is_refused(english):
    path = english / "i18n" / "en.toml"
    path.write_text(re.sub(r"(?m)^goodbye = .*\n", "", path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(ContentError, match="goodbye"):
        load_content(english, lang="en")


def test_chinese_dates_come_from_the_words_file(content):
    assert content.words.date(date(2026, 11, 20)) == "2026年11月20日 星期五"
    assert format_date(date(2026, 12, 7), weekday=False) == "2026年12月7日"
