"""A wiped visit leaves nothing in the kiosk's memory: none of its text boxes stay alive, and
nothing the visitor typed can be reached from any object of the process — visit after visit
in one kiosk process, as at a desk all day (bench/soak.py measures the memory over 100)."""

from __future__ import annotations

import gc

from textual import events
from textual.widgets import Input, TextArea


from . import walk
from .memory import forget_pilot_leftovers, reachable
from .walk import type_text, walk_to


def alive(kind) -> list:
    return [o for o in gc.get_objects() if isinstance(o, kind)]


async def visit_and_wipe(pilot, marker: str) -> None:
    """A visit typing `marker` in the details box, a note and the complaint text, then 清除."""
    usual = {qid: walk.TYPED[qid] for qid in ("details", "seller_contact")}
    # Not monkeypatch: it would keep each visit's typed text to undo it, in memory.
    walk.TYPED.update(details=f"{marker}甲", seller_contact=("waiting", "11月20日", f"{marker}乙"))
    try:
        await walk_to(pilot, "damaged", "complaint")
    finally:
        walk.TYPED.update(usual)
    pilot.app.screen.query_one("#complaint", TextArea).focus()
    await type_text(pilot, f"{marker}丙")
    await pilot.click("#wipe")
    await pilot.pause()
    await pilot.click("#yes")
    await pilot.pause()


async def test_a_wiped_visit_leaves_no_widget_and_no_text_in_memory(make_app):
    app = make_app()
    markers = [f"QX{n}{n}7Q" for n in range(3)]  # built at run time: not a constant of this file
    frozen = gc.get_freeze_count()  # other tests' kiosks in this process froze their start-up
    async with app.run_test(size=(80, 24)) as pilot:
        for marker in markers:
            await visit_and_wipe(pilot, marker)
        # The first visit began before the warm-up was done: nothing was frozen then, which
        # would have kept that visit out of every collection for good.
        assert gc.get_freeze_count() == frozen
        await pilot.pause(1.5)  # the wipe's clean-up runs a second after it
        await pilot.hover("#start")  # the harness's last click, in the test's own context
        forget_pilot_leftovers()
        gc.unfreeze()  # what the kiosk froze at start-up is looked through too
        gc.collect()
        assert type(app.screen).__name__ == "WelcomeScreen"
        assert alive(TextArea) == []  # not one of the 6 text boxes of the 3 visits
        assert [i for i in alive(Input) if not i.is_attached] == []
        for marker in markers:
            assert reachable(marker) == 0, f"{marker} is still held after its visit's wipe"
        # The kiosk goes on as before, for the next visitor.
        await walk_to(pilot, "lost", "complaint")
        assert "问题类型：丢件" in app.screen.query_one("#complaint", TextArea).text


def rss_mib() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20


async def quick_visit(pilot, marker: str) -> None:
    """A visit with its answers given to the interview, not keyed (what a walk adds is
    tested above): the 补充 box and the complaint text typed in, then 清除."""
    app = pilot.app
    await pilot.click("#start")
    await pilot.pause()
    app.interview.choose_problem("damaged")
    for qid in app.interview.problem.questions:
        typed = walk.TYPED[qid]
        if qid == "want":
            continue
        if isinstance(typed, tuple):
            status, day, note = typed
            typed = {"status": status, "date": day, "note": f"{marker}乙" if note else ""}
        app.interview.answer(qid, typed if qid != "details" else "", app.today())
    for step in ("details", "complaint"):
        app.position = app.interview.steps().index(step)
        app.show(app.screen_for(step))
        await pilot.pause()
        app.screen.query_one("#text" if step == "details" else "#complaint", TextArea).focus()
        await pilot.press("x")
        app.post_message(events.Paste(f"{marker}{step}"))  # as the terminal delivers a paste
        await pilot.pause()
    await pilot.click("#wipe")
    await pilot.pause()
    await pilot.click("#yes")
    await pilot.pause()


async def test_a_hundred_visits_in_one_process_keep_no_text_and_no_memory(make_app):
    """The soak: 100 visits; the memory after the 100th within 10% of the 10th, and not one
    earlier visitor's text reachable (bench/soak.py prints the whole curve)."""
    app = make_app()
    rss = {}
    async with app.run_test(size=(80, 24)) as pilot:
        for n in range(1, 101):
            await quick_visit(pilot, f"QS{n:03d}Q")
            if n in (10, 100):
                await pilot.pause(1.5)
                await pilot.hover("#start")
                forget_pilot_leftovers()
                gc.unfreeze()
                gc.collect()
                rss[n] = rss_mib()
        assert alive(TextArea) == []
        held = [n for n in range(1, 101) if reachable(f"QS{n:03d}Q")]
        assert held == []
    assert rss[100] <= rss[10] * 1.10, rss
