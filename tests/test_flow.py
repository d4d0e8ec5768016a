"""The guided flow at 80×24, driven with keys: every problem type from Welcome to a saved
complaint text, back and forth without losing answers, and the check-your-answers page."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from rich.cells import cell_len
from tui.core.dates import CHINA
from tui.widgets.choice import OneOfRow
from textual.widgets import Button, Input, Static, TextArea

from .walk import answer, choose_problem, in_screen_order, says_the_answers, start, type_text, walk_to

PROBLEMS = ["no_update", "delay", "damaged", "lost", "signed_not_received", "locker_no_consent",
            "wrong_items", "courier_service", "not_shipped"]


def texts(screen) -> str:
    """Everything the top bar and the Static widgets on a screen say, as plain text."""
    bar = [str(w.render()) for w in screen.query("#topbar")]
    return "\n".join(bar + [str(w.visual) for w in screen.query(Static)])


def counter(screen) -> str:
    """What the top bar says on its right: the step counter (after F1 求助 · )."""
    return str(screen.query_one("#topbar").render()).split("  ")[-1].split(" · ")[-1].strip()


async def test_top_bar_names_the_problem_left_and_the_step_right(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "damaged")
        bar = str(app.screen.query_one("#topbar").render())
        assert bar.startswith("包裹破损") and bar.endswith("第 2 步 / 共 10 步")
        assert cell_len(bar) == 78  # flush with the right edge (one cell of padding each side)
        await pilot.resize_terminal(30, 24)
        await pilot.pause()
        bar = str(app.screen.query_one("#topbar").render())
        assert bar.endswith("第 2 步 / 共 10 步") and cell_len(bar) <= 28  # the title gives way


# Every problem's texts are checked at the visit's level (tests/test_visit.py); by keys, one
# problem with a tracking number and the one without.
@pytest.mark.parametrize("problem_id", ["delay", "not_shipped"])
async def test_every_problem_reaches_a_saved_complaint_text(make_app, tmp_path, problem_id):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, problem_id, stop="complaint")
        text = app.screen.query_one("#complaint", TextArea).text
        problem = app.content.problems[problem_id]
        says_the_answers(problem, text)
        await pilot.click("#save")
        await pilot.pause()
        saved = list((tmp_path / "saved").glob("投诉-*.txt"))
        assert len(saved) == 1 and saved[0].read_text(encoding="utf-8") == text
        # The complaint text is the last step; the check page came before the plan.
        assert counter(app.screen) == "第 10 步 / 共 10 步"
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmDialog"  # finishing wipes: it asks first


async def test_plan_names_the_steps_with_dates_and_phones(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "no_update", stop="plan")
        shown = texts(app.screen)
        assert "卖家（店铺客服）" in shown and "✓ 已做" in shown  # seller contacted on Nov 20
        assert "12305" in shown and "https://sswz.spb.gov.cn" in shown
        # The courier answered badly on 11月22日, so 12305 is a step to take today; the Tmall
        # order page too, in the other track.
        assert "国家邮政局 邮政业用户申诉（12305）   ▶ 今天可做" in shown
        assert "▶ 向 12305 申诉：电话 12305" in shown and "▶ 在天猫订单页投诉或申请平台介入" in shown
        assert "✓ 快递公司  已做 2026年11月22日\n▶ 12305  今天" in shown
        assert "最晚 2027年11月1日 星期一 前提出" in shown
        # Medium confidence: marked where it stands, what the mark means said once per step.
        tmall_cs = shown[shown.index("天猫官方客服   ○"):shown.index("全国12315平台")]
        assert "电话：400-860-8608 ＊" in tmall_cs
        assert tmall_cs.count("标 ＊ 的是未核实的，以官方页面为准") == 1 and "（未核实，以官方页面为准）" not in tmall_cs
        # 12305 is named in plain words where the plan first shows it, and so is 12315.
        assert shown.index("12305 是国家邮政局的快递申诉电话和网站") < shown.index("购买：卖家和天猫")
        assert "12315 是市场监管部门的消费投诉电话和网站" in shown


async def test_counter_never_goes_backwards_going_forward(make_app):
    app = make_app()
    seen = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click("#start")
        seen.append(counter(app.screen))
        await choose_problem(pilot, "lost")
        for qid in in_screen_order(app, "lost"):
            if counter(app.screen) not in seen:
                seen.append(counter(app.screen))
            await answer(pilot, qid)
        seen.append(counter(app.screen))
    numbers = [int(s.split()[1]) for s in seen]
    totals = {s.split()[-2] for s in seen}
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    # The same total before and after the problem is chosen: every problem has 10 steps.
    assert totals == {"10"}
    assert numbers == [1, 2, 3, 4, 5, 6, 7]  # problem, order, last update, contacts, want, details, check


async def test_back_keeps_every_answer_even_a_wrong_one(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "delay")
        await answer(pilot, "order_date")
        await answer(pilot, "order_no")
        await answer(pilot, "tracking")
        await type_text(pilot, "明年")  # not a date, not yet checked
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.step == "order"
        assert app.screen.query_one("#date", Input).value == "2026年11月1日"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.step == "problem"
        await pilot.press("escape")  # back to Welcome: the answers stay until reset
        await pilot.pause()
        await pilot.click("#start")
        await pilot.pause()
        assert app.screen.step == "problem"
        await pilot.press("enter")  # the chosen problem is still highlighted
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.step == "order"
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.screen.step == "promised_date"
        assert app.screen.query_one("#date", Input).value == "明年"


async def test_wrong_answer_shows_a_message_and_stays(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "delay")
        await type_text(pilot, "明年1月1日")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.step == "order"
        error = str(app.screen.query_one("#error-order_date", Static).visual)
        assert "看不懂“明年1月1日”" in error and "请写成" in error
        assert app.screen.query_one("#date", Input).value == "明年1月1日"


async def test_date_is_echoed_while_typing(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "delay")
        await type_text(pilot, "3天前")
        await pilot.pause()
        assert str(app.screen.query_one("#echo", Static).visual) == "本机理解为：2026年11月23日 星期一"


async def test_carrier_guess_follows_the_number_but_not_over_a_choice(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "lost")
        await answer(pilot, "order_date")
        await answer(pilot, "order_no")
        await type_text(pilot, "SF1234567890123")
        await pilot.pause()
        assert "顺丰速运" in str(app.screen.query_one("#guess", Static).visual)
        assert app.screen.query_one("#carrier").value == "sf"


async def test_the_courier_company_is_chosen_from_a_list_over_the_page(make_app):
    from tui.screens.pick import PickScreen
    from tui.widgets.choice import Pick

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "lost")
        await answer(pilot, "order_date")
        await answer(pilot, "order_no")
        await type_text(pilot, "2234567890123")  # fits no carrier: the choice stays 不知道
        await pilot.pause()
        page = app.screen
        carrier = page.query_one("#carrier", Pick)
        assert str(carrier.label).startswith("快递公司：不知道")
        carrier.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PickScreen)
        await pilot.press("escape")  # nothing chosen: the page as it was
        await pilot.pause()
        assert app.screen is page and carrier.value == "unknown" and carrier.has_focus
        await pilot.press("enter", "home", "down", "enter")  # the second company in the list
        await pilot.pause()
        second = list(app.content.carriers.values())[1]
        assert app.screen is page and carrier.has_focus
        assert carrier.value == second.id and str(carrier.label).startswith("快递公司：" + second.name)
        await pilot.press("ctrl+n")  # the choice holds when the page moves on
        await pilot.pause()
        assert app.interview.answers["tracking"] == {"number": "2234567890123", "carrier": second.id}


async def test_change_link_returns_to_the_check_page(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "delay", stop="review")
        total = counter(app.screen)
        change = next(b for b in app.screen.query(".change") if b.name == "order")
        change.press()
        await pilot.pause()
        assert app.screen.step == "order" and app.screen.editing
        assert counter(app.screen).endswith(total)  # the counter did not go back
        field = app.screen.query_one("#order_no", Input)
        field.value = ""
        field.focus()
        await type_text(pilot, "9999 8888 7777 6666 555")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.screen.step == "review"
        assert "9999 8888 7777 6666 555" in texts(app.screen)  # grouped in fours, as read out


async def test_after_a_change_the_check_page_opens_on_the_row_changed(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "delay", stop="review")
        await pilot.pause(0.2)  # the later rows are mounted after the first frame
        last = [b for b in app.screen.query(".change")][-1]
        step = last.name
        last.press()
        await pilot.pause()
        assert app.screen.step == step and app.screen.editing
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.pause(0.2)
        assert app.screen.step == "review"
        focused = app.screen.focused
        assert "change" in focused.classes and focused.name == step  # not 下一步, not the top
        body = app.screen.query_one("#body")
        assert body.scroll_y > 0 and body.region.contains_region(focused.region)  # in sight


async def test_changed_answer_that_conflicts_is_flagged_on_the_check_page(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "delay", stop="review")
        next(b for b in app.screen.query(".change") if b.name == "order").press()
        await pilot.pause()
        app.screen.query_one("#date", Input).value = ""
        await type_text(pilot, "11月12日")  # after the promised date of 11月10日
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.screen.step == "review"
        assert "早于“你是哪天下单的”的答案" in texts(app.screen)
        assert not app.screen.query("#error")  # no message, no message line
        await pilot.press("ctrl+n")  # finishing is refused until it is fixed
        await pilot.pause()
        assert app.screen.step == "review"
        error = app.screen.query_one("#error", Static)
        assert "还需要修改或回答" in str(error.visual)
        # Added just above the buttons, in sight.
        assert error.region.bottom == app.screen.query_one("#navbar").region.y and error.region.height


async def test_finish_clears_everything_and_returns_to_welcome(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "delay", stop="complaint")
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.click("#yes")
        await pilot.pause()
        assert type(app.screen).__name__ == "WelcomeScreen"
        assert app.interview.problem_id is None and app.interview.answers == {}


async def test_a_click_on_a_navigation_button_acts_once(make_app):
    """Clicking 下一步 on the check page shows the plan once, and 完成 asks once: a screen's
    own button handler never passes the navigation buttons on to be pressed again."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "delay", stop="review")
        depth = len(app.screen_stack)
        await pilot.click("#next")
        await pilot.pause()
        assert app.screen.step == "plan" and len(app.screen_stack) == depth
        await pilot.press("ctrl+n", "ctrl+n")
        await pilot.pause()
        assert app.screen.step == "complaint"
        await pilot.click("#next")
        await pilot.pause()
        dialogs = [s for s in app.screen_stack if type(s).__name__ == "ConfirmDialog"]
        assert len(dialogs) == 1


async def test_edited_complaint_text_survives_back_and_forth(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "lost", stop="complaint")
        area = app.screen.query_one("#complaint", TextArea)
        area.insert("【我加的一句】", (0, 0))
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.screen.query_one("#complaint", TextArea).text.startswith("【我加的一句】")
        await pilot.click("#regenerate")
        await pilot.pause()
        assert not app.screen.query_one("#complaint", TextArea).text.startswith("【我加的一句】")


async def test_save_failure_is_explained_and_text_kept(make_app, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    app = make_app(save_dir=blocker / "sub")
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "lost", stop="complaint")
        before = app.screen.query_one("#complaint", TextArea).text
        await pilot.click("#save")
        await pilot.pause()
        assert "没能保存" in str(app.screen.query_one("#error", Static).visual)
        assert app.screen.query_one("#complaint", TextArea).text == before


async def test_the_demo_says_it_is_one_and_ctrl_c_leaves_it(make_app, staff_keys):
    demo = make_app()
    async with demo.run_test(size=(80, 24)) as pilot:
        assert "演示模式" in texts(demo.screen) and "Ctrl+C" in texts(demo.screen)
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert not demo.is_running
    desk = make_app(staff=staff_keys)
    async with desk.run_test(size=(80, 24)) as pilot:
        assert "演示" not in texts(desk.screen)
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert desk.is_running


async def test_visitor_keys_do_not_quit(make_app, staff_keys):
    app = make_app(staff=staff_keys)
    async with app.run_test(size=(80, 24)) as pilot:
        for key in ("ctrl+c", "ctrl+p", "ctrl+backslash", "ctrl+z", "escape"):
            await pilot.press(key)
        await pilot.pause()
        assert app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert type(app.screen).__name__ == "StaffLoginDialog"
        await type_text(pilot, "1111")
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running and "口令不对" in texts(app.screen)
        staff_keys.now = lambda: datetime.now(CHINA) + timedelta(seconds=5)  # past the wait
        await type_text(pilot, "12345678")
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "StaffConsoleScreen"
        await pilot.click("#staff-quit")
        await pilot.pause()
    assert not app.is_running


async def test_a_number_that_fits_two_carriers_is_not_chosen_for_the_visitor(make_app):
    from tui.widgets.choice import Pick

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "lost")
        await answer(pilot, "order_date")
        await answer(pilot, "order_no")
        await type_text(pilot, "431234567890123")  # 申通 or 韵达
        await pilot.pause()
        shown = texts(app.screen)
        assert "这个单号可能是 申通快递 或 韵达快递" in shown
        assert app.screen.query_one("#carrier", Pick).value == "unknown"
        await pilot.press("enter")
        await pilot.pause()
        assert app.interview.answers["tracking"] == {"number": "431234567890123", "carrier": "unknown"}
        # The plan then gives both hotlines rather than one picked for them.
        courier = next(s for s in app.plan().steps if s.channel.id == "courier")
        assert "申通快递 95543 或 韵达快递 95546" in courier.phone_note
        # Going back, the visitor chooses; the choice is kept.
        await pilot.press("escape")
        await pilot.pause()
        app.screen.query_one("#carrier", Pick).value = "yunda"
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.interview.answers["tracking"]["carrier"] == "yunda"


async def test_one_complaint_text_per_recipient_chosen_by_its_short_name(make_app):
    from .walk import TYPED

    nothing_done = {"seller_contact": ("no", "", ""), "courier_contact": ("no", "", "")}
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "delay")
        for qid in in_screen_order(app, "delay"):
            await answer(pilot, qid, nothing_done.get(qid, TYPED[qid]))
        for _ in range(3):  # check your answers, plan, evidence
            await pilot.press("ctrl+n")
            await pilot.pause()
        assert app.screen.step == "complaint"
        row = app.screen.query_one("#recipients", OneOfRow)
        # Today's first step is messaging the seller: its text comes first, marked ● (not
        # only by colour).
        assert " ".join(row.render().plain.split()) == "写给： ● 卖家 ○ 天猫 ○ 12315 ○ 快递公司 ○ 12305"
        area = app.screen.query_one("#complaint", TextArea)
        assert area.text.startswith("您好，我是这笔订单的买家")
        area.insert("【给卖家加的一句】", (0, 0))
        await pilot.pause()

        await pilot.click("#recipients", offset=(row.column_of("spb_12305") + 2, 0))  # on "12305"
        await pilot.pause()
        text = area.text
        assert "● 12305" in row.render().plain and "● 卖家" not in row.render().plain
        assert "邮政业用户申诉" in text and "被申诉企业：中通快递" in text
        assert "退还货款" not in text and "补发" not in text  # 12305 cannot grant them
        assert "《邮政业消费者申诉处理办法》第九条" in text

        await pilot.click("#recipients", offset=(row.column_of("samr_12315"), 0))  # on its ○
        await pilot.pause()
        assert "被投诉人：【店铺经营者名称：请填写】" in area.text

        # By keys: the row takes one Tab stop; ← → move the › and choose as they move (the
        # text follows at once), Enter chooses too. The seller's text keeps the visitor's edit.
        row.focus()
        await pilot.pause()
        assert "›● 12315" in row.render().plain
        await pilot.press("left")
        await pilot.pause()
        assert "›● 天猫" in row.render().plain and "○ 12315" in row.render().plain
        assert area.text.startswith("投诉（天猫订单）")
        await pilot.press("left", "enter")
        await pilot.pause()
        assert area.text.startswith("【给卖家加的一句】")


async def test_advice_for_next_time_from_welcome_and_from_the_plan(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click("#prevention")
        await pilot.pause()
        shown = texts(app.screen)
        assert "下次怎么避免" in shown and "看其他买家的评价" in shown and "破损的可以拒收" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "WelcomeScreen"
        await walk_to(pilot, "damaged", stop="plan")
        assert "破损的可以拒收" in texts(app.screen)  # this problem's own tip, in the plan
        app.screen.query_one("#prevention", Button).press()
        await pilot.pause()
        assert type(app.screen).__name__ == "PreventionScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.step == "plan"


async def test_a_promised_date_without_a_year_may_lie_ahead(make_app):
    app = make_app(today=date(2026, 11, 27))
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "delay")
        for qid in ("order_date", "order_no", "tracking"):
            await answer(pilot, qid)
        assert app.screen.step == "promised_date"
        await type_text(pilot, "12月5日")
        await pilot.pause()
        assert str(app.screen.query_one("#echo", Static).visual) == "本机理解为：2026年12月5日 星期六"
        await pilot.press("enter")
        await pilot.pause()
        # Read as 2026, it is still to come: not late yet, and the kiosk says so.
        assert "承诺的日期（2026年12月5日 星期六）还没到" in str(app.screen.query_one("#error-promised_date", Static).visual)


async def test_contacting_the_seller_before_a_damaged_parcel_arrived_is_asked_about(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "damaged")
        for qid in ("order_date", "order_no", "tracking"):
            await answer(pilot, qid)
        await answer(pilot, "delivered_date", "11月15日")
        await answer(pilot, "seller_contact", ("waiting", "11月10日", ""))  # before it arrived
        await answer(pilot, "tmall_contact", ("no", "", ""))
        await answer(pilot, "courier_contact", ("no", "", ""))
        assert app.screen.step == "contacts"  # asked, not silently accepted
        assert "早于“你是哪天收到（或取到）包裹的”" in str(app.screen.query_one("#error-seller_contact", Static).visual)
        await pilot.press("ctrl+n")  # the visitor confirms: the same answer goes through
        await pilot.pause()
        assert app.screen.step == "want" and app.interview.answers["seller_contact"]["date"] == "2026-11-10"


async def test_ending_the_visit_names_only_what_this_visit_has(make_app):
    """清除我的信息 on the order page says nothing of texts not made yet; on the plan it says to
    keep them and to save a case; once the case is saved it no longer asks to save one."""

    async def asked(pilot) -> str:
        await pilot.click("#wipe")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmDialog"
        words = texts(app.screen)
        await pilot.press("escape")
        await pilot.pause()
        return words

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "lost")
        early = await asked(pilot)
        assert "清除你填写的内容" in early and "投诉文本" not in early and "保存为案件" not in early
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "lost", stop="plan")
        on_plan = await asked(pilot)
        assert "计划和投诉文本请先打印或保存" in on_plan and "保存为案件" in on_plan
        await pilot.click("#save-case")
        await pilot.pause()
        await pilot.click("#done")
        await pilot.pause()
        assert app.screen.step == "plan" and app.case is not None
        saved = await asked(pilot)
        assert "计划和投诉文本请先打印或保存" in saved and "保存为案件" not in saved


async def test_a_doubt_names_the_button_on_screen_while_editing(make_app, content):
    """Asked about a contact before the parcel came while editing from the check page, the
    visitor is told to press the button that is there (改好了，回到核对页), not 下一步."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "damaged", stop="review")
        app.follow(app.visit.edit("contacts"))
        await pilot.pause()
        screen = app.screen
        screen.fields["seller_contact"].query_one("#date", Input).value = "11月10日"
        await pilot.pause()  # as typed: the box has taken the change before the key
        await pilot.press("ctrl+n")
        await pilot.pause(0.3)
        shown = str(app.screen.query_one("#error-seller_contact", Static).render())
        assert "再按一次“改好了，回到核对页”" in shown and "再按一次“下一步”" not in shown
