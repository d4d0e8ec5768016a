"""Keys that do what they say: the arrows move between Welcome's buttons (as Tab does, and
the screen says so), and they scroll the check page whose later rows are below the fold."""

from __future__ import annotations

from .test_flow import texts
from .walk import walk_to


async def test_arrows_move_between_welcomes_buttons(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.focused.id == "start"
        assert "← → 或 Tab 选择，回车确认" in texts(app.screen)
        await pilot.press("right")
        assert app.focused.id == "resume"
        await pilot.press("down")
        assert app.focused.id == "channels"
        await pilot.press("left", "up")
        assert app.focused.id == "start"
        await pilot.press("right", "enter")  # 继续我的案件
        await pilot.pause()
        assert type(app.screen).__name__ == "ResumeScreen"


async def test_the_check_page_scrolls_by_keys_and_groups_the_order_number(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "no_update", stop="review")
        await pilot.pause()
        body = app.screen.query_one("#body")
        assert body.max_scroll_y > 0  # more than a screenful at 80×24
        await pilot.press("pagedown")
        await pilot.pause()
        assert body.scroll_y > 0
        await pilot.press("up")
        await pilot.pause()
        after_up = body.scroll_y
        await pilot.press("down")
        await pilot.pause()
        assert body.scroll_y == after_up + 1
        assert "1234 5678 9012 3456 789" in texts(app.screen)
