"""The next screen is built while the visitor reads the one before (KioskApp.prepare_next):
each step shows it, but never one built from answers that have changed since — a page built
for one problem is shown for another only where it is the same page, retitled; the check page and the complaint text show what
was typed or ticked just before, a date counted from an answer changed meanwhile is counted
again — and what was built ahead goes with the visitor."""

from __future__ import annotations

from textual.widgets import Static, TextArea

from .walk import TYPED, answer, choose_problem, in_screen_order, start, type_text


async def built_ahead_for(pilot, problem_id: str) -> None:
    """Wait, as a person reading the list would, until the page under the cursor is built."""
    for _ in range(100):
        ahead = pilot.app.ahead
        if ahead is not None and ahead.interview.problem_id == problem_id:
            return
        await pilot.pause(0.05)
    raise AssertionError(f"no page built ahead for {problem_id}")


async def warmed(pilot) -> None:
    while not pilot.app.warmed:  # Welcome builds the first step ahead once the warm-up is done
        await pilot.pause(0.05)


async def test_every_step_forward_shows_the_screen_built_while_the_one_before_was_read(make_app):
    app = make_app()
    shown_ahead, steps = 0, 0

    async def step(*keys: str) -> None:
        nonlocal shown_ahead, steps
        ahead = app.ahead
        await pilot.press(*keys)
        await pilot.pause()
        steps += 1
        shown_ahead += ahead is not None and app.screen is ahead

    async with app.run_test(size=(80, 24)) as pilot:
        await warmed(pilot)
        app.screen.query_one("#start").focus()
        await step("enter")
        assert app.screen.step == "problem"
        # 破损: the order page built for the first problem is the same page, retitled.
        await pilot.press("down", "down")
        await step("enter")
        assert app.interview.problem_id == "damaged"
        assert app.content.problems["damaged"].label in str(app.screen.query_one("#topbar").render())
        for qid in in_screen_order(app, "damaged"):
            on_screen = app.interview.questions_on(app.screen.step)
            if qid == on_screen[-1]:
                await answer(pilot, qid, submit=step)
            else:
                await answer(pilot, qid)
        for _ in ("review", "plan", "evidence"):
            await step("ctrl+n")
        assert app.screen.step == "complaint"
        assert shown_ahead == steps == 10


async def test_a_key_held_down_builds_no_page_until_the_cursor_rests(make_app, monkeypatch):
    import tui.screens.problem

    # A key repeats every 30–40 ms; Pilot's presses here, on a busy test machine, may come
    # slower than the kiosk's 0.1 s: the test gives the cursor a full second to rest.
    monkeypatch.setattr(tui.screens.problem, "CURSOR_REST", 1.0)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click("#start")
        await pilot.pause()
        built_for_first = app.ahead
        for _ in range(len(app.content.problems) - 1):  # down to 不发货, whose page differs
            await pilot.press("down")
            assert app.ahead is built_for_first
        await built_ahead_for(pilot, "not_shipped")
        built = app.ahead
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is built and app.interview.problem_id == "not_shipped"
        assert not app.screen.query("#field-tracking")  # 不发货 asks no tracking number


async def click_problem(pilot, problem_id: str) -> None:
    """A click on a problem moves the cursor there and chooses it at once."""
    index = list(pilot.app.content.problems).index(problem_id)
    await pilot.click(pilot.app.screen.query_one("#problems"), offset=(4, index + 1))  # below the top border
    await pilot.pause()


async def test_the_page_built_for_the_problem_under_the_cursor_is_shown_for_another_with_the_same_page(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click("#start")
        await pilot.pause()
        built_for_first = app.ahead
        assert built_for_first is not None and built_for_first.interview.problem_id == "no_update"
        assert app.interview.problem_id is None  # built from a copy: nothing is chosen yet
        await click_problem(pilot, "delay")  # 派送延误 asks the same on this page, with the same hints
        assert app.interview.problem_id == "delay"
        assert app.screen is built_for_first
        assert app.content.problems["delay"].label in str(app.screen.query_one("#topbar").render())
        # From now on its fields read the visit's own answers, not the copy's.
        assert all(field.interview is app.interview for field in app.screen.fields.values())
        await type_text(pilot, "11月18日")
        await pilot.press("enter")
        assert app.interview.answers["order_date"] == "2026-11-18"


async def test_a_page_built_for_the_problem_under_the_cursor_is_not_shown_for_one_asked_differently(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click("#start")
        await pilot.pause()
        built_for_first = app.ahead
        await click_problem(pilot, "not_shipped")
        assert app.interview.problem_id == "not_shipped"
        assert app.screen is not built_for_first
        assert app.content.problems["not_shipped"].label in str(app.screen.query_one("#topbar").render())
        assert not app.screen.query("#field-tracking")
        await pilot.pause()
        assert not built_for_first.is_attached  # dropped


async def test_the_check_page_built_ahead_shows_the_details_typed_just_before(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "no_update")
        for qid in in_screen_order(app, "no_update"):
            if qid == "details":
                break
            await answer(pilot, qid)
        review = app.ahead
        assert review is not None and review.step == "review"
        await type_text(pilot, "箱子被雨淋湿")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.screen is review
        rows = "\n".join(str(s.visual) for s in review.query(".review-text").results(Static))
        assert "箱子被雨淋湿" in rows


async def test_the_complaint_text_built_ahead_lists_the_evidence_ticked_just_before(make_app):
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot, "damaged")
        for qid in in_screen_order(app, "damaged"):
            await answer(pilot, qid)
        await pilot.press("ctrl+n", "ctrl+n")  # the check page, the plan
        await pilot.pause()
        assert app.screen.step == "evidence"
        complaint = app.ahead
        assert complaint is not None and complaint.step == "complaint"
        item = app.content.evidence[app.interview.problem.evidence[0]]  # its words
        assert item not in complaint.query_one("#complaint", TextArea).text
        await pilot.press("space")  # ticks the first item
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.screen is complaint
        assert item in complaint.query_one("#complaint", TextArea).text


async def test_a_date_counted_from_the_order_date_is_counted_again_when_that_date_changes(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "not_shipped")
        await answer(pilot, "order_date")
        await answer(pilot, "order_no")
        assert app.screen.step == "promised_ship_date"
        await type_text(pilot, "48小时")
        await pilot.pause()
        assert "2026年11月3日" in str(app.screen.query_one("#echo", Static).visual)  # 1 Nov + 2 days
        await pilot.press("escape")  # back to the order page: what was typed stays
        await pilot.pause()
        assert app.screen.step == "order"
        built_before = app.ahead
        date_input = app.screen.query_one("#field-order_date Input")
        date_input.value = "2026年11月10日"
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.screen.step == "promised_ship_date"
        assert app.screen is not built_before
        assert "2026年11月12日" in str(app.screen.query_one("#echo", Static).visual)


async def test_what_was_built_ahead_goes_with_the_visitor(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "delay")
        await answer(pilot, "order_date")
        await type_text(pilot, TYPED["order_no"])
        ahead = app.ahead
        assert ahead is not None and ahead.is_attached
        await pilot.click("#wipe")
        await pilot.pause()
        await pilot.click("#yes")
        await pilot.pause()
        assert type(app.screen).__name__ == "WelcomeScreen"
        assert not ahead.is_attached  # gone, with the answers it was built from
        assert app.ahead is None or app.ahead.interview is app.interview
        assert app.interview.problem_id is None
