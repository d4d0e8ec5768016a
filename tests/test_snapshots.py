"""A few SVG snapshots of what a visitor sees at 80×24, in Chinese (Textual pinned in
pyproject.toml). Update with `pytest --snapshot-update` after checking the report."""

from __future__ import annotations

from .walk import walk_to


def test_welcome(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(80, 24))


def test_plan_opens_on_the_step_to_take_now(snap_compare, make_app):
    async def run_before(pilot):
        await walk_to(pilot, "no_update", stop="plan")
        await pilot.pause(0.2)

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_bad_order_number_message(snap_compare, make_app):
    async def run_before(pilot):
        await pilot.click("#start")
        await pilot.press("enter", *"2026-11-01", "enter", *"1234-5678", "enter")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_check_your_answers(snap_compare, make_app):
    async def run_before(pilot):
        await walk_to(pilot, "signed_not_received", stop="review")

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)
