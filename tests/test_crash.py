"""The crash boundary: an unexpected error on any screen shows an apology, forgets the
visit and returns to Welcome; the log says where and what type, never what was typed."""

from __future__ import annotations

import pytest

from tui.crash import LOG_NAME

from .walk import start, walk_to

SECRET_NOTE = "住址幸福路88号电话13912345678"


class Boom(Exception):
    pass


async def _crash(pilot, screen):
    """Make `screen` fail in a handler, and wait until the kiosk has dealt with it (Pilot's
    own pause would wait on the failed screen's messages, which nothing takes any more)."""
    import asyncio

    def fail():
        # The message carries the visitor's data, as Python's own messages often do.
        raise Boom(f"cannot use {SECRET_NOTE}")
    screen.call_later(fail)
    for _ in range(100):
        await asyncio.sleep(0.05)
        if pilot.app.return_code:
            return  # the app is ending
        if screen not in pilot.app.screen_stack:
            break
    await pilot.pause()


def _visible(app) -> str:
    from .test_flow import texts

    return "\n".join(texts(screen) for screen in app.screen_stack)


async def _go(pilot, stop):
    if stop == "order":
        await start(pilot, "delay")  # the first question page
    else:
        await walk_to(pilot, "delay", stop=stop)


@pytest.mark.parametrize("stop", ["order", "review", "plan", "evidence", "complaint"])
async def test_a_crash_on_a_screen_apologises_and_returns_to_welcome_without_the_visit(make_app, tmp_path, stop):
    app = make_app()
    app.RAISE_CRASHES = False
    async with app.run_test(size=(80, 24)) as pilot:
        await _go(pilot, stop)
        app.interview.answer("order_no", "1234567890123456789", app.today())
        app.interview.typed["details"] = SECRET_NOTE
        crashed_on = type(app.screen).__name__
        await _crash(pilot, app.screen)
        assert type(app.screen).__name__ == "ApologyScreen"
        shown = _visible(app)
        assert app.content.text("crash_title") in shown
        assert SECRET_NOTE not in shown and "1234567890123456789" not in shown and "Boom" not in shown
        assert app.interview.problem_id is None and not app.interview.typed  # the visit is gone
        await pilot.click("#crash-ok")
        await pilot.pause()
        assert type(app.screen).__name__ == "WelcomeScreen"
        await pilot.click("#start")  # and the kiosk goes on working
        await pilot.pause()
        assert app.screen.step == "problem"
    log = (tmp_path / "logs" / LOG_NAME).read_text(encoding="utf-8")
    assert f"crash in {crashed_on}" in log and "Boom" in log and "test_crash.py" in log
    assert SECRET_NOTE not in log and "13912345678" not in log and "1234567890123456789" not in log
    assert app.return_code in (0, None)


async def test_a_crash_on_welcome_and_in_a_dialog_recovers_too(make_app):
    app = make_app()
    app.RAISE_CRASHES = False
    async with app.run_test(size=(80, 24)) as pilot:
        await _crash(pilot, app.screen)
        assert type(app.screen).__name__ == "ApologyScreen"
        await pilot.click("#crash-ok")
        await pilot.pause()
        await pilot.press("ctrl+q")  # the staff dialog
        await pilot.pause()
        await _crash(pilot, app.screen)
        assert type(app.screen).__name__ == "ApologyScreen"
        assert [type(s).__name__ for s in app.screen_stack] == ["WelcomeScreen", "ApologyScreen"]


async def test_errors_that_keep_coming_end_the_app_with_a_failure_code(make_app, tmp_path):
    app = make_app()
    app.RAISE_CRASHES = False
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(4):
            await _crash(pilot, app.screen)
    assert app.return_code == 70
    assert (tmp_path / "logs" / LOG_NAME).read_text(encoding="utf-8").count("crash in") == 4


def test_the_log_rotates_and_stays_private(tmp_path):
    import stat

    from tui.crash import KEEP, MAX_BYTES, log_crash

    try:
        raise Boom("x")
    except Boom as e:
        for _ in range(MAX_BYTES // 100 * (KEEP + 2)):
            log_crash(tmp_path, e, "Test")
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [LOG_NAME, *(f"{LOG_NAME}.{n}" for n in range(1, KEEP + 1))]
    assert all(p.stat().st_size <= MAX_BYTES for p in tmp_path.iterdir())
    assert stat.S_IMODE((tmp_path / LOG_NAME).stat().st_mode) == 0o600
