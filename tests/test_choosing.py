"""Seeing and choosing without colour: the state of a choice changes the characters on its
line, Enter moves on after a single choice, a message goes once the answer is right, and a
changed answer keeps what was typed with the cursor at its end."""

from __future__ import annotations

from textual.widgets import Input, Static

from .walk import answer, start, type_text


def line_of(widget) -> str:
    from .test_linebreak import drawn_lines

    return "\n".join(drawn_lines(widget))


async def test_a_choice_changes_its_characters_not_only_its_colour(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "damaged")
        for qid in ("order_date", "order_no", "tracking", "delivered_date"):
            await answer(pilot, qid)
        choice = app.screen.query_one("#field-seller_contact #status")

        def rows() -> list[str]:
            return [r.strip() for r in line_of(choice).splitlines() if r.strip()]

        assert rows() == ["› ( ) 还没联系过", "( ) 联系过，还没答复", "( ) 联系过，答复没有解决问题"]
        await pilot.press("down", "enter")
        await pilot.pause()
        # Chosen, the focus goes on to the date it needs: (●) stays, the › goes with the focus.
        assert rows() == ["( ) 还没联系过", "(●) 联系过，还没答复", "( ) 联系过，答复没有解决问题"]
        assert app.focused.id == "date"


async def test_only_the_list_the_keys_move_draws_the_cursor(make_app, monkeypatch):
    """On 你已经找过谁？ three lists stand one above the other; with no colour at all
    (NO_COLOR=1) the › is what says which one the arrows move: it is drawn on that one only,
    and moves with the focus."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "lost")
        for qid in ("order_date", "order_no", "tracking", "last_update", "lost_how"):
            if app.screen.step == app.content.page_of(qid):
                await answer(pilot, qid)
        assert app.screen.step == "contacts"
        lists = {q: app.screen.query_one(f"#field-{q} #status") for q in ("seller_contact", "tmall_contact", "courier_contact")}

        def marked() -> list[str]:
            return [q for q, w in lists.items() if any(r.strip().startswith("›") for r in line_of(w).splitlines())]

        lists["seller_contact"].focus()
        await pilot.pause()
        assert marked() == ["seller_contact"]
        lists["tmall_contact"].focus()
        await pilot.pause()
        assert marked() == ["tmall_contact"]
        await pilot.press("down")
        await pilot.pause()
        assert marked() == ["tmall_contact"]


async def test_ticks_and_the_list_cursor_are_characters(make_app):
    app = make_app()
    async with app.run_test(size=(80, 30)) as pilot:  # every request on screen at once
        await pilot.click("#start")
        await pilot.pause()
        problems = app.screen.query_one("#problems")
        assert line_of(problems).splitlines()[0].startswith("› 物流信息长时间不更新")
        await pilot.press("down", "down")
        await pilot.pause()
        rows = [r.strip() for r in line_of(problems).splitlines() if r.strip()]
        assert rows[2].startswith("› 包裹破损") and not rows[0].startswith("›")
        await pilot.press("enter")
        await pilot.pause()
        for qid in app.content.problems["damaged"].questions[:-2]:
            await answer(pilot, qid)
        ticks = app.screen.query_one("#choices")
        rows = [r.strip() for r in line_of(ticks).splitlines() if r.strip()]
        # 退货退款 and 赔偿损失 are the damaged parcel's usual requests: ticked before any key.
        assert rows[0] == "› [ ] 查明包裹去向"
        assert "[✓] 退货退款 / 换货" in rows and "[✓] 赔偿损失" in rows and "[ ] 退款" in rows
        await pilot.press("space")
        await pilot.pause()
        assert [r.strip() for r in line_of(ticks).splitlines() if r.strip()][0] == "› [✓] 查明包裹去向"


async def test_enter_on_a_choice_that_needs_nothing_more_moves_on(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "lost")
        for qid in ("order_date", "order_no", "tracking", "last_update"):
            await answer(pilot, qid)
        assert app.screen.step == "contacts"
        await answer(pilot, "lost_how")  # first on the page: how the visitor knows it is lost
        await pilot.press("enter")  # the seller: 还没联系过 — on to the next question
        await pilot.pause()
        assert app.interview.answers["seller_contact"]["status"] == "no"
        assert app.screen.query_one("#field-tmall_contact") in app.screen.focused.ancestors
        await pilot.press("down", "enter")  # Tmall: 投诉过，还没处理结果 — asks for the date instead
        await pilot.pause()
        assert app.screen.focused.id == "date" and app.screen.query_one("#field-tmall_contact") in app.screen.focused.ancestors
        await type_text(pilot, "昨天")
        await pilot.press("enter", "enter")  # the date, then the note left empty: on to the courier
        await pilot.pause()
        await pilot.press("enter")  # the courier, the last question: 还没有 moves on to the next screen
        await pilot.pause()
        assert app.screen.step == "want"


async def test_the_message_goes_once_the_answer_is_right(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "lost")
        assert not app.screen.query(".error")  # a message line is added when there is a message
        await type_text(pilot, "昨日之前")
        await pilot.press("enter")
        await pilot.pause()
        error = app.screen.query_one("#error-order_date", Static)
        assert "看不懂" in str(error.visual) and error.has_class("shown")
        below = list(error.parent.children)
        assert below[below.index(error) - 1].id == "field-order_date"  # right under its question
        assert error.region.y < app.screen.query_one("#navbar").region.y  # and in sight
        await pilot.press("ctrl+u")
        await type_text(pilot, "11月1日")
        await pilot.pause()
        assert not error.has_class("shown")
        assert app.screen.query_one("#date", Input).value == "11月1日"


async def test_changing_an_answer_puts_the_cursor_at_its_end(make_app):
    from .walk import walk_to

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "lost", stop="review")
        button = next(b for b in app.screen.query(".change") if b.name == "order")
        button.press()
        await pilot.pause()
        field = app.screen.query_one("#date", Input)
        assert field.has_focus and field.cursor_position == len(field.value) and field.selection.is_empty
        await pilot.press("backspace")
        assert field.value == "2026年11月1"  # one character gone, not the whole answer


async def test_a_message_added_below_the_last_question_is_scrolled_into_sight(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "damaged")
        await answer(pilot, "order_date")
        await answer(pilot, "order_no")
        await type_text(pilot, "[/单号")
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.pause()
        error = app.screen.query_one("#error-tracking", Static)
        assert "物流单号" in str(error.visual)
        body = app.screen.query_one("#body")
        assert body.region.contains_region(error.region)  # the whole message, on screen
