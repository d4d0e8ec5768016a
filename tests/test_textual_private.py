"""A test per hook into Textual's private parts (tui/textual_private.py): each fails loudly
when a Textual upgrade renames or changes what the hook relies on, instead of the kiosk
silently losing its crash boundary, its wipe or its line breaking."""

from __future__ import annotations

import asyncio
import threading

import pytest
from textual import events
from textual.app import App
from textual.lazy import Lazy
from textual.screen import Screen
from textual.widgets import OptionList, Static, TextArea

from tui import textual_private as private


class Bare(App):
    def compose(self):
        yield Static("x")


async def test_crash_hook_receives_what_nothing_caught():
    seen = []

    class Hooked(private.CrashHook, Bare):
        def crashed(self, error):
            seen.append((error, private.failing_pump()))

    class Failing(Static):
        def on_mount(self):
            raise RuntimeError("boom")

    app = Hooked()
    async with app.run_test():
        await app.mount(Failing())
        for _ in range(50):  # not pilot.pause(): it would wait on the widget that failed
            if seen:
                break
            await asyncio.sleep(0.05)
        private.end_now(app, 0)
    assert seen and isinstance(seen[0][0], RuntimeError)
    assert isinstance(seen[0][1], Failing)  # the pump whose handler raised


async def test_crash_hook_without_a_crashed_of_its_own_is_textuals_handling():
    class Unhooked(private.CrashHook, Bare):
        def on_mount(self):
            raise RuntimeError("to Textual")

    with pytest.raises(RuntimeError, match="to Textual"):
        async with Unhooked().run_test():
            pass


async def test_end_now_ends_with_the_code():
    app = Bare()
    async with app.run_test():
        private.end_now(app, 70)
    assert app.return_code == 70


async def test_keep_for_tests_hands_the_error_to_run_test():
    app = Bare()
    with pytest.raises(RuntimeError, match="kept"):
        async with app.run_test():
            private.keep_for_tests(app, RuntimeError("kept"))
            private.keep_for_tests(app, RuntimeError("a later one"))  # the first is kept
            private.end_now(app, 1)


async def test_give_result_callback_lets_the_bottom_screen_be_switched():
    app = Bare()
    async with app.run_test() as pilot:
        bottom = app.screen
        private.give_result_callback(bottom)
        await app.switch_screen(Screen())
        await pilot.pause()
        assert app.screen is not bottom and len(app.screen_stack) == 1


async def test_in_app_thread_and_the_clipboard_kept_in_the_app():
    app = Bare()
    async with app.run_test():
        assert private.in_app_thread(app)
        found = []
        worker = threading.Thread(target=lambda: found.append(private.in_app_thread(app)))
        worker.start()
        worker.join()
        assert found == [False]
        private.keep_clipboard_in_app(app, "订单号 123")
        assert app.clipboard == "订单号 123"


async def test_build_off_stack_composes_a_screen_that_is_not_shown():
    class Ahead(Screen):
        def compose(self):
            yield Static("ahead", id="ahead")

    app = Bare()
    async with app.run_test() as pilot:
        screen = Ahead()
        private.build_off_stack(app, screen)
        await pilot.pause()
        assert screen.query("#ahead") and screen not in app.screen_stack
        await app.push_screen(screen)
        assert app.screen is screen


async def test_first_frame_hook_runs_as_the_screen_becomes_current():
    resumed = []

    class Hooked(private.FirstFrameHook, Screen):
        def resumed(self, event):
            resumed.append(type(event))

    app = Bare()
    async with app.run_test() as pilot:
        await app.push_screen(Hooked())
        await pilot.pause()
    assert resumed == [events.ScreenResume]


async def test_lazy_held_is_what_lazy_mounts():
    held = Static("later")
    lazy = Lazy(held)
    assert private.lazy_held(lazy) is held


async def test_gutter_and_option_at_line():
    class Marked(private.Gutter, OptionList):
        GUTTER = 6

    class Lists(App):
        def compose(self):
            yield Marked("一", "二\n二行", "三", id="list")

    app = Lists()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        lists = app.query_one("#list", Marked)
        assert lists._get_left_gutter_width() == 6  # the name OptionList asks for its gutter
        lines = [private.option_at_line(lists, y) for y in range(4)]
        assert lines == [(0, 0), (1, 0), (1, 1), (2, 0)]
        with pytest.raises(IndexError):
            private.option_at_line(lists, 9)


def test_line_breaking_is_installed_where_textual_wraps():
    import textual.content
    import textual.document._wrapped_document as wrapped_document

    from tui.widgets import linebreak

    linebreak.install()
    assert textual.content.divide_line is linebreak.divide_line
    assert wrapped_document.compute_wrap_offsets is linebreak.compute_wrap_offsets
    # Content wraps through the module attribute, not a copy taken at import.
    # Textual alone folds at the edge and starts a line with "，".
    lines = [str(line) for line in textual.content.Content("我在天猫下单购买，商品一直没到").wrap(16)]
    assert lines == ["我在天猫下单购", "买，商品一直没到"]


async def test_drop_closed_watchers_finds_textuals_store_of_watchers():
    class Boxes(App):
        def compose(self):
            yield TextArea("我的地址", id="box")

    app = Boxes()
    async with app.run_test() as pilot:
        assert getattr(app, "__watchers", None), "Textual keeps the app's watchers elsewhere now"
        await app.query_one("#box").remove()
        await pilot.pause()
        assert private.drop_closed_watchers(app) >= 1


def test_the_wipes_caches_and_context_still_exist():
    from textual._context import visible_screen_stack

    private.forget_hit_test_screens()
    assert visible_screen_stack.get() == []
    private.forget_render_caches()
    import importlib

    for module_name, path in private.TEXT_CACHES:
        thing = importlib.import_module(module_name)
        for part in path.split("."):
            thing = getattr(thing, part)  # AttributeError: Textual or Rich moved it
        assert hasattr(getattr(thing, "__func__", thing), "cache_clear"), path
