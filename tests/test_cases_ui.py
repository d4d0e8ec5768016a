"""Saved cases at 80×24, driven with keys as a visitor would: save from the plan, come back
another day with code + PIN, record what happened, and read the next step and its deadline."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from textual.widgets import Digits, Input, Static

from tui.core.dates import CHINA
from tui.store.cases import CaseStore

from .scan import scan_screen
from .test_case import ANSWERS
from .test_flow import texts
from .walk import TYPED, answer, in_screen_order, start, type_text


async def walk_with(pilot, problem_id: str, **changed) -> None:
    """From Welcome to the plan, answering with TYPED except the `changed` answers."""
    app = pilot.app
    await start(pilot, problem_id)
    for qid in in_screen_order(app, problem_id):
        await answer(pilot, qid, changed.get(qid, TYPED[qid]))
    assert app.screen.step == "review"
    await pilot.press("ctrl+n")
    await pilot.pause()
    assert app.screen.step == "plan"


async def save_case(pilot) -> tuple[str, str]:
    """Press 保存为案件 and read the code and PIN off the screen, as the visitor would."""
    await pilot.click("#save-case")
    await pilot.pause()
    screen = pilot.app.screen
    assert type(screen).__name__ == "CaseSavedScreen"
    code = str(screen.query_one("#case-code", Static).visual).replace(" ", "")
    return code, screen.query_one("#case-pin", Digits).value


async def resume(pilot, code: str, pin: str) -> None:
    """Welcome → 继续我的案件 → code, Enter, PIN, Enter."""
    await pilot.click("#resume")
    await pilot.pause()
    await type_text(pilot, code)
    await pilot.press("enter")
    await type_text(pilot, pin)
    await pilot.press("enter")
    await pilot.pause()


async def record(pilot, label: str, typed_date: str = "", note: str = "") -> None:
    """记录进展: pick the event by its label, type a date (empty keeps 今天) and a note."""
    app = pilot.app
    await pilot.click("#record")
    await pilot.pause()
    labels = [k.label for k in app.screen.kinds]
    await pilot.press(*["down"] * labels.index(label), "enter")
    if typed_date:
        await pilot.press("ctrl+u")
        await type_text(pilot, typed_date)
    await pilot.press("enter")
    await type_text(pilot, note)
    await pilot.press("enter")
    await pilot.pause()


def stored_case(tmp_path, problem: str) -> tuple[str, str]:
    """A case saved earlier (straight into the store the kiosk uses), for tests about
    coming back rather than about saving."""
    return CaseStore(tmp_path / "cases").create(problem, ANSWERS)


def next_step(app) -> str:
    return str(app.screen.query_one("#next-step", Static).visual)


async def test_save_restart_resume_record_and_the_next_step_moves(make_app):
    # Day 1: the courier was called on 11月24日 and has not answered.
    app = make_app(today=date(2026, 11, 26))
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_with(pilot, "no_update", courier_contact=("waiting", "11月24日", "说会回电"))
        code, pin = await save_case(pilot)
        assert len(code) == 9 and code[4] == "-" and len(pin) == 6
        assert "请拍照或抄下案件编号和密码" in texts(app.screen)

    # Day 3, a new kiosk process: the courier's 7 days run from the next day to 12月1日.
    app = make_app(today=date(2026, 11, 28))
    async with app.run_test(size=(80, 24)) as pilot:
        await resume(pilot, code.lower().replace("-", " "), pin)  # typed loosely on purpose
        assert type(app.screen).__name__ == "CaseScreen"
        shown = texts(app.screen)
        assert f"案件 {code} · 物流信息长时间不更新 · 进行中" in shown
        assert "从第二天算起，到 2026年12月1日 星期二 为止。" in next_step(app)
        assert "2026年12月2日 星期三 起仍未解决，就可以向 12305 申诉。" in next_step(app)
        # The purchase track goes on by itself: the Tmall order page is open today.
        assert "今天就可以在天猫订单页投诉或申请平台介入。" in next_step(app)
        assert "2026年11月24日 星期二  快递公司：投诉过，还没答复：说会回电" in shown

        await record(pilot, "快递公司答复了，但不满意", note="只说在查")
        assert type(app.screen).__name__ == "CaseScreen"
        assert "今天就可以向 12305 申诉。" in next_step(app)
        assert "2026年11月28日 星期六  快递公司答复了，但不满意：只说在查" in texts(app.screen)

        await record(pilot, "向 12305 申诉了", typed_date="昨天")
        # 30 days from 11月27日 end on Sunday 12月27日, so on Monday (民法典 203).
        assert "邮政管理部门应在收到申诉后 30 天内答复：从第二天算起，到 2026年12月28日 星期一 为止。" in next_step(app)

    # Day 40: 12305's 30 days are over; the delivery track has nothing left, the purchase
    # track still has its steps.
    app = make_app(today=date(2027, 1, 5))
    async with app.run_test(size=(80, 24)) as pilot:
        await resume(pilot, code, pin)
        assert "今天就可以在天猫订单页投诉或申请平台介入。" in next_step(app)
        assert "这条线的渠道都用过了" in next_step(app)
        await pilot.press("escape")  # 离开: back to Welcome, nothing of the case left open
        await pilot.pause()
        assert type(app.screen).__name__ == "WelcomeScreen"
        assert app.case is None and app.interview.problem_id is None
        assert str(app.screen.query_one("#start").label) == "开始"


async def test_wrong_pin_keeps_the_code_and_five_misses_lock_the_case(make_app, tmp_path):
    code, pin = stored_case(tmp_path, "lost")

    clock = [datetime(2026, 11, 26, 10, 0, tzinfo=CHINA)]
    app = make_app(now=lambda: clock[0])
    async with app.run_test(size=(80, 24)) as pilot:
        wrong = "000000" if pin != "000000" else "111111"
        await resume(pilot, code, wrong)
        assert "案件编号或密码不对" in texts(app.screen)
        assert app.screen.query_one("#code", Input).value == code  # kept
        assert app.screen.query_one("#pin", Input).value == ""  # a wrong PIN is not left on screen
        # An unknown code gets the very same words: nothing tells a guesser which was wrong.
        await pilot.press("shift+tab", "ctrl+u")
        await type_text(pilot, "AAAA-AAAA")
        await pilot.press("tab")
        await type_text(pilot, pin)
        await pilot.press("enter")
        await pilot.pause()
        assert "案件编号或密码不对，请核对后再试。" in texts(app.screen)
        # Back to the real code; four more misses lock it, and then even the right PIN waits.
        await pilot.press("shift+tab", "ctrl+u")
        await type_text(pilot, code)
        await pilot.press("tab")
        for _ in range(4):
            await type_text(pilot, wrong)
            await pilot.press("enter")
            await pilot.pause()
        assert "已锁定到 10:15" in texts(app.screen)
        await type_text(pilot, pin)
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "ResumeScreen" and "已锁定到 10:15" in texts(app.screen)
        clock[0] += timedelta(minutes=16)
        await type_text(pilot, pin)
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "CaseScreen"


async def test_a_mistyped_code_or_pin_is_explained_and_costs_no_try(make_app, tmp_path):
    code, pin = stored_case(tmp_path, "delay")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(6):
            await resume(pilot, code[:-1], pin)  # one character short
            assert "案件编号是 8 位字母和数字" in texts(app.screen)
            await pilot.press("escape")
            await pilot.pause()
        await resume(pilot, code, "12ab")
        assert "密码是保存案件时显示的 6 位数字" in texts(app.screen)
        assert app.screen.query_one("#code", Input).value == code
        await pilot.press("ctrl+u")
        await type_text(pilot, pin)
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "CaseScreen"  # none of those counted as a miss


async def test_resolved_with_how_and_abandoned(make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_with(pilot, "damaged")
        code, pin = await save_case(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape", "escape")  # back through the questions is fine; go home
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await resume(pilot, code, pin)
        await pilot.click("#solved")
        await pilot.pause()
        assert app.screen.chosen() == "solved" and app.screen.focused.id == "date"
        await pilot.press("enter")
        await type_text(pilot, "退款 58 元")
        await pilot.press("enter")
        await pilot.pause()
        assert "· 已解决" in texts(app.screen)
        assert "这个案件已标记为已解决" in next_step(app)
        store = CaseStore(tmp_path / "cases")
        assert store.load(code).status == "resolved" and store.load(code).outcome == "退款 58 元"
        # Something new happens: the case opens again.
        await record(pilot, "收到了退款（卖家或天猫）")
        assert "· 进行中" in texts(app.screen)
        await pilot.click("#abandon")
        await pilot.pause()
        await pilot.click("#yes")
        await pilot.pause()
        assert "· 不再处理" in texts(app.screen)
        assert [r["status"] for r in CaseStore(tmp_path / "cases").list_cases()] == ["abandoned"]


async def test_bad_event_input_keeps_what_was_typed(make_app, tmp_path):
    code, pin = stored_case(tmp_path, "no_update")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await resume(pilot, code, pin)
        await pilot.click("#record")
        await pilot.pause()
        await pilot.press("down", "enter", "ctrl+u")
        await type_text(pilot, "2026年12月5日")  # in the future
        await pilot.press("tab")
        await type_text(pilot, "[red]对方[/red]说等")
        await pilot.click("#save")
        await pilot.pause()
        screen = app.screen
        assert type(screen).__name__ == "RecordScreen"
        assert "在今天（2026年11月26日 星期四）之后" in texts(screen)
        assert screen.query_one("#date", Input).value == "2026年12月5日"
        assert screen.query_one("#note", Input).value == "[red]对方[/red]说等"
        assert screen.chosen() == "seller_replied"
        await pilot.click("#date")
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, "11月25日")
        await pilot.click("#save")
        await pilot.pause()
        # Shown as typed, never read as markup.
        assert "2026年11月25日 星期三  卖家答复了，但没有解决问题：[red]对方[/red]说等" in texts(app.screen)


async def test_saving_twice_in_one_visit_updates_the_same_case(make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_with(pilot, "lost")
        code, pin = await save_case(pilot)
        await pilot.press("enter")
        await pilot.press("ctrl+n", "ctrl+n")  # to the complaint text, which offers it too
        await pilot.pause()
        assert app.screen.step == "complaint"
        await pilot.click("#save-case")
        await pilot.pause()
        # The same case, and its code again — but the PIN was shown once, when it was made.
        assert str(app.screen.query_one("#case-code", Static).visual).replace(" ", "") == code
        assert not app.screen.query(Digits)
        assert app.content.text("case_pin_unchanged") in texts(app.screen)
    assert len(CaseStore(tmp_path / "cases").list_cases()) == 1


async def test_whoever_comes_next_never_sees_the_pin(make_app):
    """A visitor saves a case, presses 我记下了 and walks off without 清除. The next person
    presses 保存为案件 on the same screen: not the PIN, on the screen or in a screenshot."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_with(pilot, "damaged")
        code, pin = await save_case(pilot)
        await pilot.press("enter")  # 我记下了
        await pilot.pause()
        assert app.screen.step == "plan"
        await pilot.click("#save-case")
        await pilot.pause()
        assert type(app.screen).__name__ == "CaseSavedScreen"
        assert not app.screen.query(Digits)
        assert pin not in texts(app.screen).replace(" ", "")
        assert pin not in "".join(app.export_screenshot().split())


async def test_case_code_qr_decodes_to_the_code_only(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_with(pilot, "signed_not_received")
        code, pin = await save_case(pilot)
        assert scan_screen(app) == [code]  # no PIN in the picture's code


async def test_unusable_case_folder_is_a_message_not_a_traceback(make_app, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    app = make_app(db=blocker / "cases")
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_with(pilot, "no_update")
        await pilot.click("#save-case")
        await pilot.pause()
        assert app.screen.step == "plan"
        shown = texts(app.screen)
        assert app.content.text("store_unusable") in shown
        assert str(tmp_path) not in shown and "not-a-folder" not in shown  # no server paths
        assert app.interview.answers["order_date"] == "2026-11-01"  # nothing lost


async def test_an_open_case_is_wiped_when_left_unattended(make_app, tmp_path):
    from .test_idle import Clock

    code, pin = stored_case(tmp_path, "no_update")
    clock = Clock()
    app = make_app(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await resume(pilot, code, pin)
        clock.now += 1000
        app.check_unattended()
        await pilot.pause()
        app.check_unattended()
        await pilot.pause()
        assert type(app.screen).__name__ == "WelcomeScreen" and app.case is None


async def test_opening_a_case_asks_before_wiping_unsaved_answers(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "lost")
        await answer(pilot, "order_date")
        await pilot.press("escape", "escape", "escape")  # back to Welcome, answers kept
        await pilot.pause()
        await pilot.click("#resume")
        await pilot.pause()
        assert "还没有保存为案件" in texts(app.screen)
        await pilot.click("#no")
        await pilot.pause()
        assert type(app.screen).__name__ == "WelcomeScreen"
        assert app.interview.answers["order_date"] == "2026-11-01"


async def test_a_case_whose_problem_the_content_dropped_still_opens(make_app, tmp_path):
    store = CaseStore(tmp_path / "cases")
    code, pin = store.create("problem_staff_removed", {"order_date": "2026-11-01"})
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await resume(pilot, code, pin)
        assert type(app.screen).__name__ == "CaseScreen"
        assert "problem_staff_removed" in texts(app.screen) and "请找工作人员帮忙" in texts(app.screen)
        assert not app.screen.query_one("#record").display
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "WelcomeScreen"


async def test_ctrl_n_saves_a_recorded_event(make_app, tmp_path):
    from tui.store.cases import CaseStore

    from .test_case import ANSWERS

    code, pin = CaseStore(tmp_path / "cases").create("no_update", ANSWERS)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await resume(pilot, code, pin)
        await pilot.click("#record")
        await pilot.pause()
        assert type(app.screen).__name__ == "RecordScreen"
        await pilot.press("ctrl+n")  # 联系了卖家, today
        await pilot.pause()
        assert type(app.screen).__name__ == "CaseScreen"
        assert [e["kind"] for e in app.case.events] == ["seller_contacted"]


async def test_undo_the_last_event_and_a_contradiction_is_asked_once(make_app, tmp_path):
    from tui.store.cases import CaseStore

    from .test_case import ANSWERS

    store = CaseStore(tmp_path / "cases")
    code, pin = store.create("no_update", ANSWERS)
    store.append_event(code, "courier_answered", "2026-11-26", "")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await resume(pilot, code, pin)
        # "Still silent" the same day the courier answered: asked about, then accepted.
        await record(pilot, "快递公司一直没有答复 / 电话打不通")
        assert type(app.screen).__name__ == "RecordScreen" and "相互矛盾" in texts(app.screen)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert type(app.screen).__name__ == "CaseScreen"
        assert [e["kind"] for e in app.case.events] == ["courier_answered", "courier_silent"]
        # Taken back: kept in the timeline, marked, and out of the plan.
        app.screen.query_one("#undo").press()
        await pilot.pause()
        await pilot.click("#yes")
        await pilot.pause()
        assert "快递公司一直没有答复 / 电话打不通（已撤销）" in texts(app.screen)
        assert [e["kind"] for e in app.case.events][-1] == "undone"
