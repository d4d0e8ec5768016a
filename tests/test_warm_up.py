"""What the kiosk does while nobody is typing: after the warm-up, Python's garbage is
collected when the visitor pauses (or once it piles up), not in the middle of a step; the
warm-up's hidden widgets never take the visitor's focus."""

from __future__ import annotations

import gc
import weakref

from .test_idle import Clock


class Node:
    pass


def cycles(n: int) -> list[weakref.ref]:
    """n objects that only the garbage collector can free (each refers to itself)."""
    refs = []
    for _ in range(n):
        node = Node()
        node.me = node
        refs.append(weakref.ref(node))
    return refs


async def warmed(pilot) -> None:
    while not pilot.app.warmed:
        await pilot.pause(0.05)


async def test_garbage_is_collected_when_the_visitor_pauses(make_app):
    clock = Clock()
    app = make_app(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await warmed(pilot)
        assert not gc.isenabled()  # Python's own collector would run in the middle of a step
        await pilot.press("tab")  # a visitor is here
        garbage = cycles(5_000)
        app._collect_garbage()
        assert all(ref() is not None for ref in garbage)  # typing: nothing is collected
        clock.now += 2  # a pause
        app._collect_garbage()
        assert all(ref() is None for ref in garbage)
    assert gc.isenabled()  # the process goes on without the kiosk


async def test_garbage_is_collected_for_a_visitor_who_never_pauses(make_app):
    from tui.collecting import GC_BACKLOG

    app = make_app(clock=Clock())
    async with app.run_test(size=(80, 24)) as pilot:
        await warmed(pilot)
        await pilot.press("tab")
        garbage = cycles(GC_BACKLOG + 1_000)
        app._collect_garbage()
        assert all(ref() is None for ref in garbage[:100])


async def test_everything_is_collected_once_nobody_is_at_the_kiosk(make_app):
    from tui.collecting import GC_IDLE

    clock = Clock()
    app = make_app(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await warmed(pilot)
        await pilot.press("tab")
        kept = []
        for _ in range(5_000):
            node = Node()
            node.me = node
            kept.append(node)
        clock.now += 2
        app._collect_garbage()  # a pause: the young objects are looked at; these survive it
        garbage = [weakref.ref(node) for node in kept]
        del kept, node
        gc.collect(1)
        assert all(ref() is not None for ref in garbage)  # the quick passes leave old objects be
        clock.now += GC_IDLE
        app._collect_garbage()
        assert all(ref() is None for ref in garbage)


async def test_the_warm_up_widgets_never_take_the_focus(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await warmed(pilot)
        hidden = app.warm_up_widgets()
        await app.screen.mount(hidden)
        await pilot.pause()
        assert [w for w in hidden.query("*") if w.focusable] == []
        for _ in range(8):
            app.screen.focus_next()
            assert app.focused not in hidden.query("*")


async def test_a_warm_up_ending_after_the_kiosk_closed_leaves_the_collector_on(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    app._warmed_up()  # the warm-up thread's last call, arriving late
    assert gc.isenabled() and not app.warmed


async def test_the_screens_look_is_read_after_the_first_frame_and_before_any_other_screen(make_app):
    from textual.color import Color

    from tui.warm_up import SCREENS_CSS

    def read(app) -> bool:
        return any(path == str(SCREENS_CSS) for path, _ in app.stylesheet.source)

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert not read(app)  # Welcome is drawn with app.tcss alone
        await pilot.click("#start")  # a visitor quicker than the warm-up
        await pilot.pause()
        assert read(app)
        bar = app.screen.query_one("#topbar")  # and the first other screen drawn with it
        primary = Color.parse(app.get_css_variables()["primary"])
        assert bar.outer_size.height == 1 and bar.styles.background == primary


async def test_no_screen_of_the_flow_reads_new_css_after_the_warm_up(make_app):
    # Textual reads a widget class's CSS, and parses the whole stylesheet again, the first
    # time one is mounted: in a visitor's step, 10–20 ms. The warm-up must have read them all.
    from .walk import walk_to

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await warmed(pilot)
        read = set(app.stylesheet.source)
        await walk_to(pilot, "damaged", stop="complaint")
        assert set(app.stylesheet.source) - read == set()
