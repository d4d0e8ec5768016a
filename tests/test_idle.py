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


async def test_typing_into_the_warning_keeps_every_digit_and_enter_only_closes_it(make_app):
    from textual.widgets import Digits, Input

    clock = Clock()
    app = make_app(clock=clock, idle_after=180, idle_grace=30)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "lost")
        await answer(pilot, "order_date")  # on to the order number, looked up on a phone
        clock.now += 195
        app.check_unattended()
        await pilot.pause()
        assert type(app.screen).__name__ == "IdleWarning"
        assert app.screen.query_one("#idle-seconds", Digits).value == "15"  # large, at a glance
        await pilot.press("1", "2", "3", "4")
        await pilot.pause()
        assert app.screen.step == "order"
        assert app.screen.query_one("#order_no", Input).value == "1234"  # the first digit too
        clock.now += 181
        app.check_unattended()
        await pilot.pause()
        await pilot.press("enter")  # closes the warning; it does not submit the page
        await pilot.pause()
        assert app.screen.step == "order" and "order_no" not in app.interview.answers
        assert app.screen.query_one("#order_no", Input).value == "1234"


async def test_welcome_with_nobody_never_warns(make_app):
    clock = Clock()
    app = make_app(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        clock.now += 10_000
        app.check_unattended()
        await pilot.pause()
        assert type(app.screen).__name__ == "WelcomeScreen"


async def test_answers_left_on_welcome_are_wiped_within_30_seconds(make_app):
    from textual.widgets import Button

    clock = Clock()
    app = make_app(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "lost")
        await answer(pilot, "order_date")
        await pilot.press("escape", "escape")  # back to Welcome, answers kept for a moment
        await pilot.pause()
        assert type(app.screen).__name__ == "WelcomeScreen"
        assert str(app.screen.query_one("#start", Button).label) == app.content.text("continue_flow")
        clock.now += 29
        app.check_unattended()
        assert app.interview.answers  # the visitor may still be there
        clock.now += 1
        app.check_unattended()
        await pilot.pause()
        assert app.interview.problem_id is None and app.interview.answers == {}
        assert str(app.screen.query_one("#start", Button).label) == app.content.text("start")
        assert not app.screen.query_one("#restart").display  # 重新开始 is gone with them


async def test_clear_my_information_is_on_every_screen_after_welcome(make_app):
    from .walk import walk_to

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "lost", stop="plan")
        assert app.screen.query_one("#wipe")
        await pilot.click("#wipe")
        await pilot.pause()
        await pilot.click("#yes")
        await pilot.pause()
        assert type(app.screen).__name__ == "WelcomeScreen" and app.interview.problem_id is None


async def test_the_staff_console_locks_when_staff_walk_away(make_app, staff_keys):
    """Staff open the console in the middle of a visit and are called away: after STAFF_LOCK
    seconds (the last STAFF_GRACE counted down) it closes, the visit below is as it was, and
    the console asks for the passcode again."""
    from tui.app import STAFF_GRACE, STAFF_LOCK

    from .test_staff import _into_console

    clock = Clock()
    app = make_app(clock=clock, staff=staff_keys)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "lost")
        await answer(pilot, "order_date")
        await _into_console(pilot, app)
        clock.now += STAFF_LOCK - STAFF_GRACE - 1
        app.check_unattended()
        await pilot.pause()
        assert type(app.screen).__name__ == "StaffConsoleScreen"  # not yet
        clock.now += 2
        app.check_unattended()
        await pilot.pause()
        assert type(app.screen).__name__ == "IdleWarning"
        assert "14 秒后锁定" in str(app.screen.query_one("#idle-message", Static).visual)
        await pilot.press("space")  # staff are back: the console stays
        await pilot.pause()
        assert type(app.screen).__name__ == "StaffConsoleScreen"
        clock.now += STAFF_LOCK
        app.check_unattended()
        await pilot.pause()
        assert app.screen.step == "order" and app.interview.answers["order_date"] == "2026-11-01"
        assert not app.staff_screens()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert type(app.screen).__name__ == "StaffLoginDialog"


async def test_a_passcode_dialog_left_open_on_welcome_closes_too(make_app, staff_keys):
    from tui.app import STAFF_LOCK

    from .walk import type_text

    clock = Clock()
    app = make_app(clock=clock, staff=staff_keys)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
        await type_text(pilot, "1234")  # half a passcode, then called away
        clock.now += STAFF_LOCK
        app.check_unattended()
        await pilot.pause()
        assert type(app.screen).__name__ == "WelcomeScreen"


async def test_f1_or_a_click_on_the_top_line_calls_the_staff_and_marks_every_screen(make_app):
    from tui.widgets.title_bar import TitleBar

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "lost")
        bar = app.screen.query_one(TitleBar)
        assert "F1 求助" in str(bar.render()) and not bar.has_class("-help")
        await pilot.press("f1")
        await pilot.pause()
        assert bar.has_class("-help") and "已请工作人员 · 第 2 步" in str(bar.render())
        assert any("请到服务台" in n.message for n in app._notifications)
        await answer(pilot, "order_date")
        await answer(pilot, "order_no")
        await answer(pilot, "tracking")
        # The next screen too: staff walking by see who needs them, and where they are.
        bar = app.screen.query_one(TitleBar)
        assert bar.has_class("-help") and "已请工作人员" in str(bar.render())
        await pilot.click("#wipe")
        await pilot.pause()
        await pilot.click("#yes")
        await pilot.pause()
        await start(pilot, "lost")  # the next visitor has asked for nothing
        bar = app.screen.query_one(TitleBar)
        assert not bar.has_class("-help") and "F1 求助" in str(bar.render())
        await pilot.click("#topbar")  # a click asks as F1 does
        await pilot.pause()
        assert bar.has_class("-help")


from textual.color import Color  # noqa: E402


def contrast(a, b) -> float:
    """WCAG contrast ratio of two colours."""
    def lum(c):
        def ch(v):
            v /= 255
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        r, g, b_ = c.rgb
        return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b_)
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def faintest(app) -> tuple[float, str]:
    """The lowest contrast of any character drawn on the screen (its colours as sent to the
    terminal) against the cell behind it, and that text."""
    worst = (99.0, "")
    for strip in app.screen._compositor.render_strips():
        for segment in strip:
            style = segment.style
            # Letters only: box-drawn edges and scrollbars are drawn in their own background.
            if not any(ch.isalnum() for ch in segment.text) or style is None or style.color is None \
                    or style.bgcolor is None:
                continue
            fg, bg = style.color.get_truecolor(), style.bgcolor.get_truecolor()
            ratio = contrast(Color(*fg), Color(*bg))
            if style.dim:
                ratio = min(ratio, 4.0)  # a terminal halves a dim character's light
            worst = min(worst, (ratio, segment.text.strip()))
    return worst


async def test_f2_shows_every_text_in_high_contrast_and_the_next_visitor_gets_the_usual_look(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        usual = app.theme
        await start(pilot, "lost")
        assert faintest(app)[0] < 7  # the usual look has grey hints
        await pilot.press("f2")
        await pilot.pause()
        assert faintest(app)[0] >= 7, faintest(app)  # WCAG AAA for every character drawn
        await pilot.click("#back")
        await pilot.pause()
        await pilot.click("#back")
        await pilot.pause()
        assert faintest(app)[0] >= 7, faintest(app)  # Welcome too
        from .walk import walk_to

        app.reset()
        app.action_contrast()
        await walk_to(pilot, "damaged", "review")
        for step in ("review", "plan", "evidence", "complaint"):
            assert app.screen.step == step
            await pilot.pause()
            assert faintest(app)[0] >= 7, (step, faintest(app))
            if step != "complaint":
                await pilot.press("ctrl+n")
                await pilot.pause()
        await pilot.click("#wipe")
        await pilot.pause()
        await pilot.click("#yes")
        await pilot.pause()
        assert app.theme == usual
