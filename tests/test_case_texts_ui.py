"""A returning visitor gets complaint texts from the case: 投诉文本 on the case screen offers one
text per body of the plan, written with what was recorded since, and a refund recorded shows
the purchase track as done — at 80×24, driven as a visitor would."""

from __future__ import annotations

from datetime import date

from textual.widgets import Static, TextArea

from tui.store.cases import CaseStore
from tui.widgets.choice import OneOfRow

from .test_case import ANSWERS
from .test_cases_ui import next_step, record, resume
from .test_flow import texts


async def test_a_saved_case_offers_the_12305_text_with_the_recorded_events(make_app, tmp_path):
    code, pin = CaseStore(tmp_path / "cases").create("no_update", ANSWERS)
    app = make_app(today=date(2026, 12, 2))
    async with app.run_test(size=(80, 24)) as pilot:
        await resume(pilot, code, pin)
        await record(pilot, "向快递公司投诉了", typed_date="11月20日", note="工单 K-778")
        await record(pilot, "快递公司一直没有答复 / 电话打不通")
        assert "今天就可以向 12305 申诉。" in next_step(app)
        # Every button of the case fits the bottom row at 80 columns.
        row = app.screen.query_one("#navbar")
        assert all(b.region.right <= 80 and b.region.width > 0 for b in row.children if b.display)

        await pilot.click("#texts")
        await pilot.pause()
        screen = app.screen
        assert type(screen).__name__ == "CaseComplaintScreen"
        assert f"案件 {code} 的投诉文本" in texts(screen)
        names = [app.content.recipients[r.id].short for r in screen.recipients]
        assert "12305" in names
        row = screen.query_one("#recipients", OneOfRow)
        await pilot.click("#recipients", offset=(row.column_of("spb_12305") + 2, 0))  # on "12305"
        await pilot.pause()
        text = screen.query_one("#complaint", TextArea).text
        assert text.startswith("邮政业用户申诉")
        assert "2026年11月20日，我向快递公司投诉。（我记下的：“工单 K-778”）" in text
        assert "截至2026年12月2日，快递公司仍没有答复，或投诉电话无法接通。" in text

        await pilot.press("escape")  # back to the case, which is still open
        await pilot.pause()
        assert type(app.screen).__name__ == "CaseScreen"


async def test_a_refund_recorded_ends_the_purchase_track_on_the_case_screen(make_app, tmp_path):
    code, pin = CaseStore(tmp_path / "cases").create("no_update", ANSWERS)
    app = make_app(today=date(2026, 12, 2))
    async with app.run_test(size=(80, 24)) as pilot:
        await resume(pilot, code, pin)
        assert "天猫" in next_step(app).split("【快递服务】")[0]
        await record(pilot, "收到了退款（卖家或天猫）", typed_date="昨天")
        said = next_step(app)
        assert "2026年12月1日 收到了退款（卖家或天猫）：这条线到此结束。" in said
        purchase = said.split("【快递服务】")[0].splitlines()[1:]  # under the track's name
        assert purchase == ["2026年12月1日 收到了退款（卖家或天猫）：这条线到此结束。"]
        plan = str(app.screen.query_one("#case-plan", Static).visual)
        assert "– 12315  可不做" in plan and "✓ 2026年12月1日 收到了退款" in plan


async def test_an_order_number_of_unusual_length_is_asked_about_once(make_app):
    """16–20 digits is a guide's reading: a 12-digit number is questioned, then taken."""
    from .walk import answer, start

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "lost")
        await answer(pilot, "order_date")
        await answer(pilot, "order_no", "123456789012")
        await answer(pilot, "tracking")
        assert app.screen.step == "order" and "你填的是 12 位" in texts(app.screen)
        await pilot.press("ctrl+n")  # the same number again: accepted
        await pilot.pause()
        assert app.screen.step != "order" and app.interview.answers["order_no"] == "123456789012"
