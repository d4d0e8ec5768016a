"""Whatever a visitor types or pastes — markup, escape codes, 2,000 characters — the kiosk
keeps running and shows it as typed, never as markup, and without terminal control
sequences (which a terminal would act on instead of showing)."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Input, Static, TextArea

from tui.core.interview import NOTE_LIMIT
from tui.core.plaintext import plain
from tui.widgets.limited import CODE_MOST, DATE_MOST, NUMBER_MOST, PIN_MOST

from .test_flow import texts
from .walk import answer, start, type_text, walk_to

NASTY = ["[/", "[bold]x", "[link=http://a]b", "\x1b[31m", "[/]字" * 500]


async def paste(pilot, text: str) -> None:
    pilot.app.post_message(events.Paste(text))  # as the terminal driver delivers a paste
    await pilot.pause()


def error(app, qid: str | None = None) -> str:
    return str(app.screen.query_one(f"#error-{qid}" if qid else "#error", Static).visual)


def on_screen(app) -> str:
    return texts(app.screen)


@pytest.mark.parametrize("nasty", NASTY, ids=["close-tag", "bold", "link", "escape-code", "2000-chars"])
async def test_every_field_takes_anything_and_shows_it_verbatim(make_app, nasty):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "delay")
        # Single-line fields of the order page: refused with a message under that question,
        # the text kept as typed.
        for qid, widget, most in [("order_date", "#date", DATE_MOST), ("order_no", "#order_no", NUMBER_MOST),
                                  ("tracking", "#number", NUMBER_MOST)]:
            assert app.screen.step == "order"
            await paste(pilot, nasty)
            if len(nasty) > most:  # what fits went in, and the visitor is told under that question
                assert f"这一栏最多 {most} 个字" in error(app, qid)
            await pilot.press("enter")
            await pilot.pause()
            assert app.is_running and app.screen.step == "order"
            assert app.screen.query_one(widget, Input).value == nasty[:most]
            assert error(app, qid).startswith("⚠ ")
            app.screen.query_one(widget, Input).value = ""
            await answer(pilot, qid)
        await answer(pilot, "promised_date")
        # The contact date refuses it with a message; the note takes any text up to 200.
        await pilot.press("down", "enter")
        await paste(pilot, nasty)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.screen.step == "contacts" and error(app, "seller_contact").startswith("⚠ ")
        assert app.screen.query_one("#date", Input).value == nasty[:DATE_MOST]
        app.screen.query_one("#date", Input).value = ""
        app.screen.query_one("#date", Input).focus()
        await type_text(pilot, "昨天")
        await pilot.press("enter")
        await paste(pilot, nasty)
        assert app.screen.query_one("#note", Input).value == nasty[:NOTE_LIMIT]
        if len(nasty) > NOTE_LIMIT:
            assert "这一栏最多 200 个字" in error(app, "seller_contact")
        await pilot.press("enter")
        await pilot.pause()
        for qid in ("tmall_contact", "courier_contact", "want"):
            await answer(pilot, qid)
        assert app.screen.step == "details"
        await paste(pilot, nasty)
        assert app.screen.query_one("#text", TextArea).text == nasty[:300]
        if len(nasty) > 300:
            assert "这一栏最多 300 个字" in error(app, "details")
        await pilot.press("ctrl+n")
        await pilot.pause()
        # The check page, plan, evidence and complaint: the text comes through untouched.
        assert app.screen.step == "review"
        shown = plain(nasty)
        assert shown.strip()[:200] in on_screen(app)
        assert "\x1b" not in on_screen(app)
        for _ in range(3):
            await pilot.press("ctrl+n")
            await pilot.pause()
        assert app.screen.step == "complaint"
        area = app.screen.query_one("#complaint", TextArea)
        before = area.text
        assert shown[:300] in before
        await paste(pilot, nasty)  # pasted into the complaint text too
        assert area.text.replace(nasty, "", 1) == before
        assert app.is_running


@pytest.mark.parametrize("nasty", NASTY, ids=["close-tag", "bold", "link", "escape-code", "2000-chars"])
async def test_case_fields_take_anything(make_app, tmp_path, nasty):
    """The case code and PIN, and a recorded event's date and note: refused with a message,
    kept verbatim, never read as markup."""
    from tui.store.cases import CaseStore

    code, pin = CaseStore(tmp_path / "cases").create("no_update", {"order_date": "2026-11-01"})
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click("#resume")
        await pilot.pause()
        await paste(pilot, nasty)
        await pilot.press("tab")
        await paste(pilot, nasty)
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running and type(app.screen).__name__ == "ResumeScreen"
        assert "案件编号是 8 位字母和数字" in error(app)
        assert app.screen.query_one("#code", Input).value == nasty[:CODE_MOST]
        assert app.screen.query_one("#pin", Input).value == nasty[:PIN_MOST]
        assert app.screen.focused.id == "code"  # the message sends the visitor back to the code
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, code)
        await pilot.press("tab", "end", "ctrl+u")
        await type_text(pilot, pin)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.click("#record")
        await pilot.pause()
        await pilot.press("enter", "ctrl+u")  # the first event; the date field
        await paste(pilot, nasty)
        await pilot.press("tab")
        await paste(pilot, nasty)
        await pilot.click("#save")
        await pilot.pause()
        assert app.is_running and type(app.screen).__name__ == "RecordScreen"
        assert "看不懂" in error(app) or "请写成" in error(app)
        assert app.screen.query_one("#date", Input).value == nasty[:DATE_MOST]
        assert app.screen.query_one("#note", Input).value == nasty[:NOTE_LIMIT]
        # A good date with the nasty note: saved and shown as typed on the timeline.
        await pilot.click("#date")
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, "昨天")
        await pilot.click("#save")
        await pilot.pause()
        assert type(app.screen).__name__ == "CaseScreen"
        assert plain(nasty[:NOTE_LIMIT]) in on_screen(app) and "\x1b" not in on_screen(app)


async def test_a_huge_paste_into_the_complaint_text_is_cut_and_said(make_app):
    from tui.widgets.complaint_area import MAX_CHARS

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "lost", stop="complaint")
        area = app.screen.query_one("#complaint", TextArea)
        before = len(area.text)
        await paste(pilot, "很长的粘贴" * 20_000)  # 100,000 characters
        assert len(area.text) == MAX_CHARS > before
        assert f"最多 {MAX_CHARS} 字" in error(app)
        await pilot.press("x")  # and it still takes keys
        assert app.is_running
