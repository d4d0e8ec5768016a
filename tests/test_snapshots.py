"""A few SVG snapshots of what a visitor sees at 80×24, in Chinese (Textual pinned in
pyproject.toml). Update with `pytest --snapshot-update` after checking the report."""

from __future__ import annotations

import pytest

from .walk import walk_to


@pytest.fixture
def snap(snap_compare):
    """snap_compare, with run_before called once Welcome has its buttons. Textual calls it
    as soon as the app is ready, and Welcome, the bottom screen, is composed just after."""

    def compare(app, run_before=None, **kwargs):
        async def before(pilot):
            for _ in range(500):
                if pilot.app.screen.query("#start"):
                    break
                await pilot.pause(0.01)
            if run_before is not None:
                await run_before(pilot)

        return snap_compare(app, run_before=before, **kwargs)

    return compare


def test_welcome(snap, make_app):
    assert snap(make_app(), terminal_size=(80, 24))


def test_plan_opens_on_the_step_to_take_now(snap, make_app):
    async def run_before(pilot):
        await walk_to(pilot, "no_update", stop="plan")
        await pilot.pause(0.2)

    assert snap(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_bad_order_number_message(snap, make_app):
    async def run_before(pilot):
        await pilot.click("#start")
        await pilot.press("enter", *"2026-11-01", "enter", *"1234-567", "enter")
        await pilot.pause()

    assert snap(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_check_your_answers(snap, make_app):
    async def run_before(pilot):
        await walk_to(pilot, "signed_not_received", stop="review")

    assert snap(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_case_saved_and_case_screen(snap, make_app, monkeypatch):
    # A fixed code and PIN, so the picture (and its QR code) is the same every run.
    monkeypatch.setattr("tui.store.cases.new_code", lambda: "7KQ3-M9XD")
    monkeypatch.setattr("tui.store.cases.new_pin", lambda: "135790")

    async def run_before(pilot):
        await walk_to(pilot, "no_update", stop="plan")
        await pilot.click("#save-case")
        await pilot.pause()

    assert snap(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_returning_visitor_reads_the_next_step(snap, make_app, tmp_path, monkeypatch):
    from datetime import date

    from tui.store.cases import CaseStore

    from .test_case import ANSWERS

    monkeypatch.setattr("tui.store.cases.new_code", lambda: "AC3D-EF4G")
    store = CaseStore(tmp_path / "cases")
    code, pin = store.create("no_update", ANSWERS)
    store.append_event(code, "seller_replied", "2026-11-26", "让我找快递")
    store.append_event(code, "courier_complained", "2026-11-26", "投诉编号 T123")

    async def run_before(pilot):
        app = pilot.app
        app.open_case(code, pin)
        from tui.screens.case import CaseScreen

        await app.push_screen(CaseScreen())
        await pilot.pause()

    app = make_app(today=date(2026, 11, 28))
    assert snap(app, terminal_size=(80, 24), run_before=run_before)
