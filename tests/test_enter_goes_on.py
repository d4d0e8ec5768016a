"""Enter goes on everywhere, on lists of ticks too (你希望得到什么, 证据清单), and Space ticks:
Enter used to un-tick 查明包裹去向 instead of going on."""

from __future__ import annotations

from .walk import answer, in_screen_order, start, walk_to


async def test_enter_on_the_wishes_goes_on_and_keeps_the_ticks(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "signed_not_received")
        for qid in in_screen_order(app, "signed_not_received"):
            if qid == "want":
                break
            await answer(pilot, qid)
        assert app.screen.step == "want"
        usual = list(app.content.problems["signed_not_received"].wants)
        assert usual[0] == "locate"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.step == "details"
        assert app.interview.answers["want"] == usual  # 查明包裹去向 still ticked


async def test_space_ticks_evidence_and_enter_goes_on(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "damaged", stop="evidence")
        first = app.content.problems["damaged"].evidence[0]
        await pilot.press("space")
        await pilot.pause()
        assert app.interview.evidence_ticked == {first}
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.step == "complaint"
        assert app.interview.evidence_ticked == {first}
