"""Enter goes on everywhere, on lists of ticks too (你希望得到什么, 证据清单), and Space ticks:
Enter used to un-tick 查明包裹去向 instead of going on."""

from __future__ import annotations

from .walk import answer, in_screen_order, start, walk_to


async def test_enter_on_the_wishes_goes_on_and_keeps_the_ticks(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "signed_not_received")
        for qid in in_screen_order(app, "signed_not_received"):
            if qid == "want":
                break
            await answer(pilot, qid)
        assert app.screen.step == "want"
        usual = list(app.content.problems["signed_not_received"].wants)
        assert usual[0] == "locate"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.step == "details"
        assert app.interview.answers["want"] == usual  # 查明包裹去向 still ticked


async def test_space_ticks_evidence_and_enter_goes_on(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "damaged", stop="evidence")
        first = app.content.problems["damaged"].evidence[0]
        await pilot.press("space")
        await pilot.pause()
        assert app.interview.evidence_ticked == {first}
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.step == "complaint"
        assert app.interview.evidence_ticked == {first}


async def test_the_arrows_on_the_bodies_row_change_the_text_at_once(make_app):
    from textual.widgets import TextArea

    from tui.widgets.choice import OneOfRow

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "lost", stop="complaint")
        row = app.screen.query_one("#recipients", OneOfRow)
        before = app.screen.query_one("#complaint", TextArea).text
        row.focus()
        await pilot.press("right")
        await pilot.pause()
        after = app.screen.query_one("#complaint", TextArea).text
        assert after != before and app.screen.recipient != "" and app.interview.complaint_to == app.screen.recipient
        assert "← → 换收件方" in str(app.screen.query_one(".hint").visual)


async def test_the_advice_for_next_time_hangs_its_lines_beside_the_bullet(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click("#prevention")
        await pilot.pause()
        marks = list(app.screen.query(".bullet .mark"))
        items = list(app.screen.query(".bullet .item"))
        assert len(items) == len(app.content.prevention) >= 5
        assert any(item.region.height > 1 for item in items)  # a long one wraps …
        for mark, item in zip(marks, items):
            assert item.region.x == mark.region.x + 2  # … beside the bullet, not under it


async def test_enter_goes_on_from_the_plan_and_still_starts_a_new_line_in_a_text_box(make_app):
    from textual.widgets import TextArea

    from .walk import walk_to

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "delay", "plan")
        await pilot.press("enter")  # the focus rests on the page itself
        await pilot.pause()
        assert app.screen.step == "evidence"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.step == "complaint"
        area = app.screen.query_one("#complaint", TextArea)
        lines = area.document.line_count
        await pilot.press("enter")  # in the complaint text: a new line, not the finish question
        await pilot.pause()
        assert app.screen.step == "complaint" and area.document.line_count == lines + 1
