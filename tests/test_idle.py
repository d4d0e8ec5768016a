"""An unattended kiosk warns with a countdown, then forgets the visitor and returns to
Welcome; any key in the countdown keeps everything."""

from __future__ import annotations

from textual.widgets import Static

from .walk import answer, start


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


async def test_idle_warns_then_wipes(make_app):
    clock = Clock()
    app = make_app(clock=clock, idle_after=180, idle_grace=30)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "lost")
        await answer(pilot, "order_date")
        clock.now += 181
        app.check_unattended()
        await pilot.pause()
        assert type(app.screen).__name__ == "IdleWarning"
        assert "29 秒后" in str(app.screen.query_one("#idle-message", Static).visual)
        await pilot.press("space")  # the visitor is back
        await pilot.pause()
        assert app.screen.step == "order" and app.interview.answers["order_date"] == "2026-11-01"
        clock.now += 211
        app.check_unattended()
        await pilot.pause()
        app.check_unattended()
        await pilot.pause()
        assert type(app.screen).__name__ == "WelcomeScreen"
        assert app.interview.problem_id is None and app.interview.answers == {}


async def test_welcome_with_nobody_never_warns(make_app):
    clock = Clock()
    app = make_app(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        clock.now += 10_000
        app.check_unattended()
        await pilot.pause()
        assert type(app.screen).__name__ == "WelcomeScreen"
