"""Clocks that act: the visitor's own limits (12315 within 3 years, 12305 within 1 year, the
7-day return, the court's limitation) and a refund recorded on a case, as the plan's summary
shows them.

A second hand-counted table, written from the statutes, not from the code under test:
- a window of N years from the order date D ends on D's date N years on (民法典 Art. 201: the day
  itself is not counted), never moved past a holiday, so it is never later than the real one;
- when that last day comes before the day the help desk's advice waits would open the step,
  the step is today ("期限快到了"); a window passed on every reading is said to have passed; one
  passed from the order date but open from a later date the visitor gave is today;
- the 7-day return (消保法 Arts. 24, 25; counted from the day after signing): received on D,
  the last day is D+7; while it is open, 申请售后 is today beside the seller;
- a refund, resend or compensation recorded ends the track it came from; the other goes on;
- the courier's 7 days (快递暂行条例) and 12305's 30 (邮政法 Art. 65) end on a working day (Art.
  203); 12315 accepts within 7 working days and mediates within 60 days (办法 2026 Arts. 15, 23);
- 2027's holidays are not announced: the guess takes 春节 as Feb 3–14 (the longest reading)."""

from datetime import date

import pytest

from tui.core.interview import Interview
from tui.core.plan import EXPIRED, NOW, build_plan, summary
from tui.core.sheet import today_lines

D = date
NONE = {"status": "no", "date": "", "note": ""}


def contact(status, day):
    return {"status": status, "date": day.isoformat(), "note": ""}


def event(kind, day, n):
    return {"kind": kind, "date": day.isoformat(), "n": n, "note": ""}


def plan_for(content, problem, today, answers, events=()):
    iv = Interview(content)
    iv.choose_problem(problem)
    for key, value in answers.items():
        iv.answers[key] = value.isoformat() if isinstance(value, date) else value
    return build_plan(content, iv, today, events)


TODAY = D(2026, 12, 2)  # a Wednesday

# name: (problem, today, answers, events, {track: expected summary lines})
SCENARIOS = {
    "12315's 3 years end inside the advice waits: 12315 today, and the court too": (
        # Ordered 2023-12-04: 12315's 3 years (办法 Art. 16(4)) end 2026-12-04. Advice: seller
        # to Dec 4, order page from Dec 5 to Dec 8, Tmall CS from Dec 9 to Dec 12: 12315 would
        # open Dec 13, after its window → today. Accepted by Dec 11 (Dec 3, 4, 7-11); 60 days
        # from Dec 11: Dec 31 day 20, Jan 31 day 51, Feb 9 day 60, in the guessed Spring
        # Festival → Mon Feb 15. The court's 3 years (民法典 Art. 188) end Dec 4 as well.
        "not_shipped", TODAY,
        dict(order_date=D(2023, 12, 4), promised_ship_date=D(2023, 12, 4), seller_contact=NONE, tmall_contact=NONE), (),
        {"purchase": ["▶ 卖家  今天", "│ 建议 2026年12月4日 之后找天猫订单页", "○ 天猫订单页  建议 2026年12月4日 之后",
                      "○ 天猫客服  建议 2026年12月8日 之后", "▶ 12315  今天", "│ 期限快到了：最晚 2026年12月4日",
                      "│ 建议 2027年2月15日 之后找消费者协会", "○ 消费者协会  建议 2027年2月15日 之后",
                      "▶ 仲裁/诉讼  今天", "│ 期限快到了：最晚 2026年12月4日"]},
    ),
    "12305's year ends inside the courier's 7 days: appeal today": (
        # Ordered 2025-12-05: 12305 within 1 year (申诉处理办法 Art. 9(6)) ends 2026-12-05 (Sat,
        # not moved). A courier complaint today would open 12305 on Dec 10 → today. 30 days
        # from Dec 2: Jan 1 2027 (元旦) → Jan 2, 3 weekend → Mon Jan 4.
        "lost", TODAY,
        dict(order_date=D(2025, 12, 5), last_update=D(2025, 12, 5), seller_contact=NONE, tmall_contact=NONE,
             courier_contact=NONE), (),
        {"delivery": ["▶ 快递公司  今天", "▶ 12305  今天", "│ 期限快到了：最晚 2026年12月5日",
                      "│ 答复最晚在 2027年1月4日"]},
    ),
    "damaged, received six days ago: the 7-day return ends tomorrow, 申请售后 today": (
        # Received Nov 26: Nov 27 is day 1, Dec 3 day 7. The order page would open Dec 5 by
        # advice → today. From today +3 (advice): Tmall CS after Dec 5, from Dec 6 to Dec 9;
        # 12315 from Dec 10 (Thu): accepted by Dec 21 (Dec 11, 14-18, 21); 60 days from Dec 21:
        # Dec 31 day 10, Jan 31 day 41, Feb 19 day 60 (Fri, working).
        "damaged", TODAY,
        dict(order_date=D(2026, 11, 20), delivered_date=D(2026, 11, 26), seller_contact=NONE, tmall_contact=NONE,
             courier_contact=NONE), (),
        {"purchase": ["▶ 卖家  今天", "▶ 天猫订单页  今天", "│ 期限快到了：最晚 2026年12月3日",
                      "│ 建议 2026年12月5日 之后找天猫客服", "○ 天猫客服  建议 2026年12月5日 之后",
                      "○ 12315  建议 2026年12月9日 之后", "○ 消费者协会  建议 2027年2月19日 之后",
                      "○ 仲裁/诉讼  最晚 2029年11月20日"]},
    ),
    "damaged, the 7-day return's last day is today": (
        # Received Nov 25: day 7 is Dec 2.
        "damaged", TODAY,
        dict(order_date=D(2026, 11, 20), delivered_date=D(2026, 11, 25), seller_contact=NONE, tmall_contact=NONE,
             courier_contact=NONE), (),
        {"purchase": ["▶ 卖家  今天", "▶ 天猫订单页  今天", "│ 期限快到了：最晚 2026年12月2日",
                      "│ 建议 2026年12月5日 之后找天猫客服", "○ 天猫客服  建议 2026年12月5日 之后",
                      "○ 12315  建议 2026年12月9日 之后", "○ 消费者协会  建议 2027年2月19日 之后",
                      "○ 仲裁/诉讼  最晚 2029年11月20日"]},
    ),
    "wrong_items, received yesterday: the return is open, 申请售后 today with its last day": (
        # Received Dec 1: day 7 is Dec 8, after the advice's Dec 5: open, not closing.
        "wrong_items", TODAY,
        dict(order_date=D(2026, 11, 25), delivered_date=D(2026, 12, 1), seller_contact=NONE, tmall_contact=NONE), (),
        {"purchase": ["▶ 卖家  今天", "▶ 天猫订单页  今天", "│ 7 天无理由退货最晚 2026年12月8日",
                      "│ 建议 2026年12月5日 之后找天猫客服", "○ 天猫客服  建议 2026年12月5日 之后",
                      "○ 12315  建议 2026年12月9日 之后", "○ 消费者协会  建议 2027年2月19日 之后",
                      "○ 仲裁/诉讼  最晚 2029年11月25日"]},
    ),
    "damaged, the 7-day return passed: 申请售后 as advised, for exchange or repair": (
        # Received Nov 20: day 7 was Nov 27. Seller to Dec 4; order page from Dec 5 to Dec 8;
        # Tmall CS from Dec 9 to Dec 12; 12315 from Dec 13 (Sun): accepted by Dec 22 (Dec
        # 14-18, 21, 22); 60 days: Dec 31 day 9, Jan 31 day 40, Feb 20 day 60 (Sat) → Mon Feb 22.
        "damaged", TODAY,
        dict(order_date=D(2026, 11, 15), delivered_date=D(2026, 11, 20), seller_contact=NONE, tmall_contact=NONE,
             courier_contact=NONE), (),
        {"purchase": ["▶ 卖家  今天", "│ 建议 2026年12月4日 之后找天猫订单页", "○ 天猫订单页  建议 2026年12月4日 之后",
                      "○ 天猫客服  建议 2026年12月8日 之后", "○ 12315  建议 2026年12月12日 之后",
                      "○ 消费者协会  建议 2027年2月22日 之后", "○ 仲裁/诉讼  最晚 2029年11月15日"]},
    ),
    "delay, a refund recorded: the purchase track ends, the courier's goes on": (
        # Courier complaint today: 7 days to Dec 9 (Wed) → 12305 from Dec 10.
        "delay", TODAY,
        dict(order_date=D(2026, 11, 18), promised_date=D(2026, 11, 22), seller_contact=NONE, tmall_contact=NONE,
             courier_contact=NONE),
        (event("seller_contacted", D(2026, 11, 25), 1), event("refunded", D(2026, 11, 30), 2)),
        {"purchase": ["✓ 2026年11月30日 收到了退款（卖家或天猫）：这条线到此结束", "✓ 卖家  已做 2026年11月25日",
                      "– 天猫订单页  可不做", "– 天猫客服  可不做", "– 12315  可不做", "– 消费者协会  可不做",
                      "– 仲裁/诉讼  可不做"],
         "delivery": ["▶ 快递公司  今天", "│ 2026年12月10日 起可找12305", "○ 12305  2026年12月10日 起"]},
    ),
    "lost, the courier paid: the delivery track ends, the purchase goes on": (
        "lost", TODAY,
        dict(order_date=D(2026, 11, 18), last_update=D(2026, 11, 20), seller_contact=NONE, tmall_contact=NONE,
             courier_contact=NONE),
        (event("courier_complained", D(2026, 11, 25), 1), event("compensated_courier", D(2026, 11, 30), 2)),
        {"delivery": ["✓ 2026年11月30日 快递公司给了赔偿：这条线到此结束", "✓ 快递公司  已做 2026年11月25日",
                      "– 12305  可不做"]},
    ),
    "the courier's 7 days end in the guessed Spring Festival 2027": (
        # Complaint Jan 28 2027: day 7 is Thu Feb 4, a guessed day off (Feb 3–14) → Mon Feb 15;
        # 12305 from Feb 16.
        "no_update", D(2027, 1, 30),
        dict(order_date=D(2027, 1, 10), last_update=D(2027, 1, 15), seller_contact=NONE, tmall_contact=NONE,
             courier_contact=contact("waiting", D(2027, 1, 28))), (),
        {"delivery": ["◐ 快递公司  等答复到 2027年2月15日", "│ 2027年2月16日 起可找12305", "○ 12305  2027年2月16日 起"]},
    ),
    "a promised '48小时' on its own day: not late yet, the plan as usual": (
        # Ordered Nov 30 with "48小时内发货": due today, Dec 2 (the promise may still be kept
        # today, and no limit is near). Seller to Dec 4, and so on as in the row below.
        "not_shipped", TODAY,
        dict(order_date=D(2026, 11, 30), promised_ship_date=D(2026, 12, 2), seller_contact=NONE, tmall_contact=NONE), (),
        {"purchase": ["▶ 卖家  今天", "│ 建议 2026年12月4日 之后找天猫订单页", "○ 天猫订单页  建议 2026年12月4日 之后",
                      "○ 天猫客服  建议 2026年12月8日 之后", "○ 12315  建议 2026年12月12日 之后",
                      "○ 消费者协会  建议 2027年2月22日 之后", "○ 仲裁/诉讼  最晚 2029年11月30日"]},
    ),
    "12305's year has passed on every reading": (
        # Ordered 2025-10-01, last update 2025-10-05: the year ended 2026-10-01 (and on the
        # latest reading 2026-10-05), both before today.
        "lost", TODAY,
        dict(order_date=D(2025, 10, 1), last_update=D(2025, 10, 5), seller_contact=NONE, tmall_contact=NONE,
             courier_contact=NONE), (),
        {"delivery": ["▶ 快递公司  今天", "✗ 12305  已过期限（最晚 2026年10月1日）"]},
    ),
    "12305's year passed from the order date but not from the signing: appeal today": (
        # Ordered 2025-11-20 (a year to 2026-11-20, passed); signed 2025-12-10: a year to
        # 2026-12-10, still open. 30 days from today → Mon Jan 4 2027 (as above).
        "signed_not_received", TODAY,
        dict(order_date=D(2025, 11, 20), signed_date=D(2025, 12, 10), seller_contact=NONE, tmall_contact=NONE,
             courier_contact=NONE), (),
        {"delivery": ["▶ 快递公司  今天", "▶ 12305  今天",
                      "│ 期限可能已过：最晚 2026年12月10日",
                      "│ 答复最晚在 2027年1月4日"]},
    ),
    "the courier answered unhelpfully today: 12305 today, not tomorrow": (
        # An answer that does not help lets the visitor move on at once (申诉处理办法 Art. 9(4)).
        "delay", TODAY,
        dict(order_date=D(2026, 11, 20), promised_date=D(2026, 11, 25), seller_contact=NONE, tmall_contact=NONE,
             courier_contact=contact("unsatisfied", TODAY)), (),
        {"delivery": ["✓ 快递公司  已做 2026年12月2日", "▶ 12305  今天", "│ 答复最晚在 2027年1月4日"]},
    ),
    "a limit years away changes nothing, and the court shows its limitation, no start date": (
        # Seller to Dec 4; Tmall CS … as in the first row but with no limit near: 12315 opens
        # after Dec 12 by advice; the court has only its 3 years from Nov 28 2026.
        "not_shipped", TODAY,
        dict(order_date=D(2026, 11, 28), promised_ship_date=D(2026, 11, 30), seller_contact=NONE, tmall_contact=NONE), (),
        {"purchase": ["▶ 卖家  今天", "│ 建议 2026年12月4日 之后找天猫订单页", "○ 天猫订单页  建议 2026年12月4日 之后",
                      "○ 天猫客服  建议 2026年12月8日 之后", "○ 12315  建议 2026年12月12日 之后",
                      "○ 消费者协会  建议 2027年2月22日 之后", "○ 仲裁/诉讼  最晚 2029年11月28日"]},
    ),
}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_clocks_in_the_summary(content, name):
    problem, today, answers, events, expected = SCENARIOS[name]
    plan = plan_for(content, problem, today, answers, events)
    names = {content.text(f"track_{t}"): t for t in ("purchase", "delivery")}
    got = {names[track]: lines for track, lines in summary(content, plan)}
    for track, lines in expected.items():
        assert got[track] == lines, track


def test_the_table_covers_what_the_issue_names():
    assert len(SCENARIOS) >= 12
    assert {s[0] for s in SCENARIOS.values()} >= {"not_shipped", "lost", "damaged", "wrong_items", "delay",
                                                  "signed_not_received", "no_update"}


def test_a_step_moved_to_today_says_why_in_todays_list(content):
    problem, today, answers, events, _ = SCENARIOS["damaged, received six days ago: the 7-day return ends tomorrow, 申请售后 today"]
    lines = [line.text for line in today_lines(content, plan_for(content, problem, today, answers, events))]
    at = lines.index("▶ 在天猫订单页申请售后（退货退款 / 换货）")
    assert lines[at + 1].strip() == "期限快到了：7 天无理由退货最晚 2026年12月3日"
    step = next(s for s in plan_for(content, problem, today, answers).steps if s.channel.id == "tmall_order")
    assert step.state == NOW and "今天就在天猫订单页申请售后" in step.words
    assert step.deadlines and "2026年12月3日" in step.deadlines[0]


def test_no_start_date_reads_as_a_permission(content):
    """Advice is worded 建议…之后; only 12305, which the law opens once the courier's 7 days are
    over, has an "… 起可以" date; the court has none."""
    for problem in content.problems:
        iv = Interview(content)
        iv.choose_problem(problem)
        iv.answers.update(order_date="2026-11-20", delivered_date="2026-11-21", last_update="2026-11-21",
                          promised_date="2026-11-22", signed_date="2026-11-22", promised_ship_date="2026-11-22")
        plan = build_plan(content, iv, TODAY)
        for step in plan.steps:
            if "起可以" in step.words or "起仍未解决，就可以" in step.words:
                assert "12305" in step.words, (problem, step.channel.id, step.words)
        for _, lines in summary(content, plan):
            for line in lines:
                if line.endswith(" 起") or "起可找" in line:
                    assert "12305" in line, (problem, line)


def test_a_passed_window_is_its_own_state_and_not_offered_today(content):
    problem, today, answers, events, _ = SCENARIOS["12305's year has passed on every reading"]
    plan = plan_for(content, problem, today, answers, events)
    spb = next(s for s in plan.steps if s.channel.id == "spb_12305")
    assert spb.state == EXPIRED and spb not in plan.doable_today()
    assert "已经过了" in spb.deadlines[0] and "期限已经过了" in spb.words


def test_the_case_screen_says_a_track_has_ended(content):
    from tui.core.case import next_step

    problem, today, answers, events, _ = SCENARIOS["delay, a refund recorded: the purchase track ends, the courier's goes on"]
    lines = next_step(content, plan_for(content, problem, today, answers, events), today)
    assert "2026年11月30日 收到了退款（卖家或天猫）：这条线到此结束。" in lines
    assert "今天就可以向快递公司投诉" in "\n".join(lines)


def test_remedies_are_offered_only_for_a_track_the_case_has(content):
    from tui.core.case import kinds_for

    iv = Interview(content)
    iv.choose_problem("not_shipped")  # no courier involved
    offered = {k.id for k in kinds_for(content, iv)}
    assert {"refunded", "resent", "compensated_seller"} <= offered
    assert "compensated_courier" not in offered and "compensated" not in offered  # the old kind: read, not offered


def test_a_period_ending_by_a_guessed_holiday_says_its_date_may_change(content):
    problem, today, answers, events, _ = SCENARIOS["the courier's 7 days end in the guessed Spring Festival 2027"]
    courier = next(s for s in plan_for(content, problem, today, answers, events).steps if s.channel.id == "courier")
    assert content.text("plan_provisional") in courier.words  # a period in days, not working days
    _, today, answers, events, _ = SCENARIOS["delay, a refund recorded: the purchase track ends, the courier's goes on"]
    courier = next(s for s in plan_for(content, "delay", today, answers, events).steps if s.channel.id == "courier")
    assert content.text("plan_provisional") not in courier.words  # Dec 9 2026: announced


def test_a_plan_of_one_track_does_not_speak_of_two(content):
    from tui.core.sheet import build_sheet

    for problem, tracks in (("wrong_items", 1), ("lost", 2)):
        iv = Interview(content)
        iv.choose_problem(problem)
        iv.answers.update(order_date="2026-11-20", delivered_date="2026-11-25", last_update="2026-11-22")
        plan = build_plan(content, iv, TODAY)
        sheet = build_sheet(content, iv, plan, today=TODAY)
        said = "\n".join(line.text for block in sheet.blocks for line in block.lines)
        assert (content.text("plan_intro") in said) == (tracks == 2), problem
