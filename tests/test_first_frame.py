"""What a step draws first: the top of the plan and of the check page at once and the rest a
moment later (tui.widgets.later), every part still there to use and to change; and buttons born
with their style, not restyled as they mount (bench/run.py measures the time this saves)."""

from __future__ import annotations

from textual.screen import Screen

from .walk import answer, in_screen_order, start


def first_frames(monkeypatch, what):
    """Record `what(screen)` when each screen draws its first frame."""
    seen: dict[Screen, object] = {}
    layout = Screen._refresh_layout

    def recorded(self, *args, **kwargs):
        result = layout(self, *args, **kwargs)
        if self not in seen:
            seen[self] = what(self)
        return result

    monkeypatch.setattr(Screen, "_refresh_layout", recorded)
    return seen


async def walk_until(pilot, problem_id: str, step: str) -> None:
    await start(pilot, problem_id)
    for qid in in_screen_order(pilot.app, problem_id):
        if getattr(pilot.app.screen, "step", None) == step:
            return
        await answer(pilot, qid)
    while pilot.app.screen.step != step:
        await pilot.press("ctrl+n")
        await pilot.pause()


async def test_the_check_page_draws_its_first_rows_first_and_every_row_can_be_changed(make_app, monkeypatch):
    from tui.screens.review import SHOWN_FIRST

    seen = first_frames(monkeypatch, lambda screen: len(screen.query(".change")))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_until(pilot, "no_update", "review")
        review = app.screen
        changes = list(review.query(".change"))
        assert seen[review] == SHOWN_FIRST < len(changes)
        # The last row, mounted after the first frame, opens its question like the others.
        last = changes[-1]
        review.query_one("#body").scroll_to_widget(last, animate=False)
        await pilot.pause()
        await pilot.click(last)
        await pilot.pause()
        assert app.screen.editing and app.screen.step == last.name


async def test_the_plan_draws_today_first_and_then_every_step_with_its_code(make_app, monkeypatch):
    from tui.widgets.qr import QRBlock

    seen = first_frames(monkeypatch, lambda screen: (bool(screen.query("#today")), len(screen.query(".step"))))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_until(pilot, "no_update", "plan")
        plan = app.screen
        assert seen[plan] == (True, 0)
        steps = [step for track in app.plan().tracks for step in track.steps]
        assert len(plan.query(".step")) == len(steps)
        assert plan.query(QRBlock)
        assert plan.query_one("#body").has_focus  # arrows scroll the plan


async def test_buttons_are_born_with_their_style_and_look_like_textuals(make_app):
    from textual.widgets import Button as TextualButton

    from tui.widgets.button import Button

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        restyled = []
        update_styles = app.update_styles

        def counted(node, animate: bool = True) -> None:
            restyled.append(node)
            update_styles(node, animate)

        app.update_styles = counted
        kinds = [("上一步", "default"), ("下一步", "primary"), ("清除", "error")]
        ours = [Button(label, variant, classes="wipe") for label, variant in kinds]
        theirs = [TextualButton(label, variant, classes="wipe") for label, variant in kinds]
        await app.screen.mount(*ours)
        await pilot.pause()
        assert not [node for node in restyled if node in ours]
        await app.screen.mount(*theirs)
        await pilot.pause()
        assert [node for node in restyled if node in theirs]  # what Textual's own does
        for mine, textuals in zip(ours, theirs):
            assert mine.classes == textuals.classes
            assert (mine.styles.background, mine.styles.color) == (textuals.styles.background, textuals.styles.color)



async def test_a_widget_is_styled_as_it_mounts_not_when_its_constructor_sets_a_class(make_app):
    from textual.widgets import Input

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        restyled = []
        update_nodes = app.stylesheet.update_nodes

        def counted(nodes, animate: bool = False) -> None:
            nodes = list(nodes)
            restyled.extend(nodes)
            update_nodes(nodes, animate)

        app.stylesheet.update_nodes = counted
        compact, plain = Input(compact=True), Input()
        assert not restyled  # the compact class, set by the constructor, waits for the mount
        await app.screen.mount(compact, plain)
        await pilot.pause()
        assert (compact.outer_size.height, plain.outer_size.height) == (1, 3)  # styled all the same
        compact.compact = False  # a class changed on a mounted widget still restyles it
        await pilot.pause()
        assert compact in restyled and compact.outer_size.height == 3
