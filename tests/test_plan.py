"""The plan as two tracks, table-driven: for each scenario (problem × what was done and when ×
today), the summary lines a visitor reads and their dates.

Every expected date below was worked out by hand from the statutes, not by the code under
test: a period of N days after something done on D ends on D+N (民法典 Art. 201: the day
itself is not counted), a legal period ending on a weekend or holiday ends on the next working
day (Art. 203, with 调休 workdays counted as working days), and the next step opens the day
after the period ends. Advice (seller 2 days, Tmall 3 days) is never moved. 12315: the decision
to accept within 7 working days (市场监督管理投诉举报处理办法 2026 Art. 15), then mediation up to 60
days from acceptance (Art. 23(5); the repealed 暂行办法 gave 45 working days), its last day moved
past a day off like any legal period (Art. 45), before the consumer association. 2027's holidays
are not announced: the guess in content/calendar.toml takes 春节 as Feb 3–14 (the longest
reading). The hand counts are in the comments."""

from datetime import date

import pytest

from tui.core.interview import Interview
from tui.core.plan import DONE, NOW, SKIPPED, WAITING, build_plan, summary

D = date


def contact(status="no", day=None, note=""):
    return {"status": status, "date": day.isoformat() if day else "", "note": note}


NONE = contact()


def interview(content, problem, **answers):
    iv = Interview(content)
    iv.choose_problem(problem)
    for key, value in answers.items():
        iv.answers[key] = value.isoformat() if isinstance(value, date) else value
    return iv


def event(kind, day, n):
    return {"kind": kind, "date": day.isoformat(), "n": n, "note": ""}


# Reused hand counts:
# 12315 filed 2026-12-05 (Sat): accepted by Dec 15 (Dec 7-11, 14, 15); mediation 60 days from
# Dec 15: Dec 31 is day 16, Jan 31 day 47, Feb 13 day 60 — a Saturday inside the guessed
# Spring Festival 2027 (Feb 3–14) → Mon Feb 15; the consumer association after that.
DELAY_PURCHASE_FROM_TODAY = [
    "▶ 卖家  今天",
    "▶ 天猫订单页  今天",  # 物流投诉 the same day as messaging the seller
    "│ 建议 2026年11月30日 之后找天猫客服",  # advice: Nov 27 + 3 = Nov 30, then Dec 1
    "○ 天猫客服  建议 2026年11月30日 之后",
    "○ 12315  建议 2026年12月4日 之后",  # advice: Dec 1 + 3 = Dec 4, then Dec 5
    "○ 消费者协会  建议 2027年2月15日 之后",
]


def court(order_day: str) -> str:
    """The court has no start date, only the limitation: 3 years (民法典 Art. 188), counted
    from the order date and never moved past a holiday, so it is never later than the real one."""
    return f"○ 仲裁/诉讼  最晚 {order_day}"


# Courier complaint on 2026-11-27 (Fri): 7 days end Dec 4 (Fri, a working day) → 12305 Dec 5.
DELIVERY_FROM_TODAY = [
    "▶ 快递公司  今天",
    "│ 2026年12月5日 起可找12305",
    "○ 12305  2026年12月5日 起",
]

# name: (problem, today, answers, events, {track: expected summary lines})
SCENARIOS = {
    "delay, nothing done: courier today, 12305 from D+8, seller and 物流投诉 today": (
        "delay", D(2026, 11, 27),
        dict(order_date=D(2026, 11, 18), seller_contact=NONE, tmall_contact=NONE, courier_contact=NONE), (),
        {"purchase": [*DELAY_PURCHASE_FROM_TODAY, court("2029年11月18日")], "delivery": DELIVERY_FROM_TODAY},
    ),
    "delay, courier complaint 8 days old: 12305 today, the seller still today": (
        "delay", D(2026, 11, 27),
        # Nov 19 + 7 = Nov 26 (Thu): no answer holds from Nov 27. 12305's 30 days from Nov 27
        # end Dec 27, a Sunday → Dec 28 (Art. 203).
        dict(order_date=D(2026, 11, 10), seller_contact=NONE, tmall_contact=NONE,
             courier_contact=contact("waiting", D(2026, 11, 19))), (),
        {"purchase": [*DELAY_PURCHASE_FROM_TODAY, court("2029年11月10日")],
         "delivery": ["✓ 快递公司  已做 2026年11月19日", "▶ 12305  今天", "│ 答复最晚在 2026年12月28日"]},
    ),
    "lost, courier complaint exactly 7 days old: still waiting today (Art. 201)": (
        "lost", D(2026, 11, 27),
        # Nov 20 + 7 = Nov 27: today is the period's last day; 12305 from Nov 28.
        dict(order_date=D(2026, 11, 10), seller_contact=NONE, tmall_contact=NONE,
             courier_contact=contact("waiting", D(2026, 11, 20))), (),
        {"purchase": [*DELAY_PURCHASE_FROM_TODAY, court("2029年11月10日")],  # not skipped: the other track is separate
         "delivery": ["◐ 快递公司  等答复到 2026年11月27日", "│ 2026年11月28日 起可找12305",
                      "○ 12305  2026年11月28日 起"]},
    ),
    "no_update, courier's 7th day a Saturday: the period ends on Monday (Art. 203)": (
        "no_update", D(2026, 11, 27),
        # Nov 21 (Sat) + 7 = Nov 28 (Sat) → Mon Nov 30; 12305 from Dec 1.
        dict(order_date=D(2026, 11, 10), last_update=D(2026, 11, 15), seller_contact=NONE, tmall_contact=NONE,
             courier_contact=contact("waiting", D(2026, 11, 21))), (),
        {"delivery": ["◐ 快递公司  等答复到 2026年11月30日", "│ 2026年12月1日 起可找12305",
                      "○ 12305  2026年12月1日 起"]},
    ),
    "lost, courier's 7th day on National Day 2026: ends after the holiday (Art. 203)": (
        "lost", D(2026, 10, 6),
        # Sep 24 + 7 = Oct 1: Oct 1-2 off, 3-4 weekend, 5-7 off → Thu Oct 8; 12305 from Oct 9.
        dict(order_date=D(2026, 9, 10), seller_contact=NONE, tmall_contact=NONE,
             courier_contact=contact("waiting", D(2026, 9, 24))), (),
        {"delivery": ["◐ 快递公司  等答复到 2026年10月8日", "│ 2026年10月9日 起可找12305",
                      "○ 12305  2026年10月9日 起"]},
    ),
    "lost, 12305's 30 days ending in Spring Festival 2026: answer due after it": (
        "lost", D(2026, 2, 10),
        # Appeal Jan 17 + 30 = Feb 16 (Mon): Feb 16-20 off, 21-22 weekend, 23 off → Tue Feb 24.
        dict(order_date=D(2026, 1, 5), seller_contact=NONE, tmall_contact=NONE,
             courier_contact=contact("unsatisfied", D(2026, 1, 10))),
        (event("spb_appealed", D(2026, 1, 17), 1),),
        {"delivery": ["✓ 快递公司  已做 2026年1月10日", "◐ 12305  等答复到 2026年2月24日"]},
    ),
    "damaged: 12315 never waits behind the courier or 12305": (
        "damaged", D(2026, 11, 27),
        # Tmall CS today (advice 3 days: Nov 30) → 12315 Dec 1 (Tue): accepted by Dec 10
        # (Dec 2-4, 7-10); 60 days from Dec 10: Dec 31 day 21, Jan 31 day 52, Feb 8 day 60, a
        # guessed Spring Festival day off (Feb 3–14) → Mon Feb 15.
        dict(order_date=D(2026, 11, 18), delivered_date=D(2026, 11, 20),
             seller_contact=contact("unsatisfied", D(2026, 11, 21)), tmall_contact=contact("unsatisfied", D(2026, 11, 22)),
             courier_contact=NONE), (),
        {"purchase": ["✓ 卖家  已做 2026年11月21日", "✓ 天猫订单页  已做 2026年11月22日", "▶ 天猫客服  今天",
                      "│ 建议 2026年11月30日 之后找12315", "○ 12315  建议 2026年11月30日 之后",
                      "○ 消费者协会  建议 2027年2月15日 之后", court("2029年11月18日")],
         "delivery": DELIVERY_FROM_TODAY},
    ),
    "damaged, courier answered badly two days ago: 12305 today": (
        "damaged", D(2026, 11, 26),
        # 12305 from Nov 26: 30 days end Dec 26 (Sat) → Mon Dec 28.
        dict(order_date=D(2026, 11, 10), delivered_date=D(2026, 11, 20), seller_contact=NONE, tmall_contact=NONE,
             courier_contact=contact("unsatisfied", D(2026, 11, 24))), (),
        {"delivery": ["✓ 快递公司  已做 2026年11月24日", "▶ 12305  今天", "│ 答复最晚在 2026年12月28日"]},
    ),
    "damaged, courier answered badly today: 12305 today too, not tomorrow": (
        "damaged", D(2026, 11, 26),
        dict(order_date=D(2026, 11, 10), delivered_date=D(2026, 11, 20), seller_contact=NONE, tmall_contact=NONE,
             courier_contact=contact("unsatisfied", D(2026, 11, 26))), (),
        {"delivery": ["✓ 快递公司  已做 2026年11月26日", "▶ 12305  今天", "│ 答复最晚在 2026年12月28日"]},
    ),
    "no_update, Tmall CS already asked: earlier purchase steps need not be done": (
        "no_update", D(2026, 11, 27),
        # Tmall CS Nov 25 + 3 (advice) = Nov 28 → 12315 from Nov 29.
        dict(order_date=D(2026, 11, 10), last_update=D(2026, 11, 15), seller_contact=NONE, tmall_contact=NONE,
             courier_contact=NONE),
        (event("tmall_intervene", D(2026, 11, 25), 1),),
        {"purchase": ["– 卖家  可不做", "– 天猫订单页  可不做", "◐ 天猫客服  等答复到 2026年11月28日",
                      "│ 建议 2026年11月28日 之后找12315", "○ 12315  建议 2026年11月28日 之后",
                      # 12315 Nov 29 (Sun): accepted by Dec 8 (Nov 30-Dec 4, Dec 7-8); 60 days
                      # from Dec 8: Dec 31 day 23, Jan 31 day 54, Feb 6 day 60 (Sat, in the
                      # guessed Spring Festival) → Mon Feb 15.
                      "○ 消费者协会  建议 2027年2月15日 之后", court("2029年11月10日")],
         "delivery": DELIVERY_FROM_TODAY},
    ),
    "not_shipped, seller waited on: only the purchase track": (
        "not_shipped", D(2026, 11, 27),
        # Seller Nov 25 + 2 (advice) = Nov 27 → Tmall order page Nov 28 (+3: Dec 1) → Tmall CS
        # Dec 2 (+3: Dec 5) → 12315 Dec 6 (Sun): accepted by Dec 15 (Dec 7-11, 14-15), then as
        # for Dec 5 → Feb 15.
        dict(order_date=D(2026, 11, 20), promised_ship_date=D(2026, 11, 22),
             seller_contact=contact("waiting", D(2026, 11, 25)), tmall_contact=NONE), (),
        {"purchase": ["◐ 卖家  等答复到 2026年11月27日", "│ 建议 2026年11月27日 之后找天猫订单页",
                      "○ 天猫订单页  建议 2026年11月27日 之后", "○ 天猫客服  建议 2026年12月1日 之后", "○ 12315  建议 2026年12月5日 之后",
                      "○ 消费者协会  建议 2027年2月15日 之后", court("2029年11月20日")]},
    ),
    "locker_no_consent, nothing done: courier and Tmall CS both today": (
        "locker_no_consent", D(2026, 11, 27),
        dict(order_date=D(2026, 11, 18), delivered_date=D(2026, 11, 25), courier_contact=NONE, tmall_contact=NONE), (),
        {"purchase": ["▶ 天猫客服  今天"], "delivery": DELIVERY_FROM_TODAY},
    ),
    "courier_service, courier silent over New Year: 12305 today": (
        "courier_service", D(2027, 1, 5),
        # Dec 28 + 7 = Jan 4 (Mon, working) → 12305 Jan 5; 30 days to Feb 4 (Thu), a guessed
        # Spring Festival day off (Feb 3–14) → Mon Feb 15.
        dict(order_date=D(2026, 12, 20), delivered_date=D(2026, 12, 27), courier_contact=contact("waiting", D(2026, 12, 28))), (),
        {"purchase": ["▶ 天猫客服  今天"],
         "delivery": ["✓ 快递公司  已做 2026年12月28日", "▶ 12305  今天", "│ 答复最晚在 2027年2月15日"]},
    ),
    "signed_not_received, seller waited on: 物流投诉 still today": (
        "signed_not_received", D(2026, 11, 27),
        dict(order_date=D(2026, 11, 15), signed_date=D(2026, 11, 24), seller_contact=contact("waiting", D(2026, 11, 25)),
             tmall_contact=NONE, courier_contact=NONE), (),
        {"purchase": ["◐ 卖家  等答复到 2026年11月27日", *DELAY_PURCHASE_FROM_TODAY[1:], court("2029年11月15日")],
         "delivery": DELIVERY_FROM_TODAY},
    ),
    "wrong_items across Spring Festival 2026: working days skip the holiday and count 调休": (
        "wrong_items", D(2026, 2, 12),
        # Tmall CS Feb 12 + 3 = Feb 15 → 12315 Feb 16: Feb 17-20 off, 23 off; Feb 24-27 (4),
        # Sat Feb 28 a workday (5), Mar 2-3 (7) → accepted by Mar 3. 60 days from Mar 3: Mar 31
        # day 28, Apr 30 day 58, May 2 day 60 (Sat, in the Labour Day break May 1-5) → Wed May 6.
        dict(order_date=D(2026, 2, 1), delivered_date=D(2026, 2, 6), seller_contact=contact("unsatisfied", D(2026, 2, 9)),
             tmall_contact=contact("unsatisfied", D(2026, 2, 10))), (),
        {"purchase": ["✓ 卖家  已做 2026年2月9日", "✓ 天猫订单页  已做 2026年2月10日", "▶ 天猫客服  今天",
                      "│ 建议 2026年2月15日 之后找12315", "○ 12315  建议 2026年2月15日 之后",
                      "○ 消费者协会  建议 2026年5月6日 之后", court("2029年2月1日")]},
    ),
    "delay, events on a saved case: the seller's reply moves only the purchase track": (
        "delay", D(2026, 11, 27),
        dict(order_date=D(2026, 11, 18), seller_contact=NONE, tmall_contact=NONE, courier_contact=NONE),
        (event("seller_contacted", D(2026, 11, 24), 1), event("seller_replied", D(2026, 11, 25), 2)),
        {"purchase": ["✓ 卖家  已做 2026年11月24日", *DELAY_PURCHASE_FROM_TODAY[1:], court("2029年11月18日")],
         "delivery": DELIVERY_FROM_TODAY},
    ),
    "damaged, 12315 filed: acceptance due is no reason to move on": (
        "damaged", D(2026, 12, 3),
        # Filed Nov 20 (Fri): accepted by Dec 1 (Nov 23-27, 30, Dec 1); 60 days from Dec 1:
        # Dec 31 day 30, Jan 30 day 60 (Sat) → Sun → Mon Feb 1, a working day in the guess.
        dict(order_date=D(2026, 11, 5), delivered_date=D(2026, 11, 8), seller_contact=contact("unsatisfied", D(2026, 11, 10)),
             tmall_contact=contact("unsatisfied", D(2026, 11, 12)), courier_contact=NONE),
        (event("samr_complained", D(2026, 11, 20), 1),),
        {"purchase": ["✓ 卖家  已做 2026年11月10日", "✓ 天猫订单页  已做 2026年11月12日", "– 天猫客服  可不做",
                      "◐ 12315  等答复到 2027年2月1日", "│ 建议 2027年2月1日 之后找消费者协会",
                      "○ 消费者协会  建议 2027年2月1日 之后", court("2029年11月5日")]},
    ),
}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_summary_lines_and_dates(content, name):
    problem, today, answers, events, expected = SCENARIOS[name]
    plan = build_plan(content, interview(content, problem, **answers), today, events)
    names = {content.text(f"track_{t}"): t for t in ("purchase", "delivery")}
    got = {names[track]: lines for track, lines in summary(content, plan)}
    if "purchase" in expected and "delivery" in expected or problem == "not_shipped":
        assert set(got) == set(expected)
    for track, lines in expected.items():
        assert got[track] == lines, track


def test_scenarios_cover_every_problem():
    assert {s[0] for s in SCENARIOS.values()} == {
        "no_update", "delay", "damaged", "lost", "signed_not_received", "locker_no_consent",
        "wrong_items", "courier_service", "not_shipped"}
    assert len(SCENARIOS) >= 15


def test_no_step_of_one_track_is_made_unnecessary_by_the_other(content):
    """A courier complaint, even one answered badly, leaves every purchase step to do."""
    for problem in ("no_update", "delay", "damaged", "lost", "signed_not_received"):
        iv = interview(content, problem, order_date=D(2026, 11, 10), seller_contact=NONE, tmall_contact=NONE,
                       courier_contact=contact("unsatisfied", D(2026, 11, 20)))
        plan = build_plan(content, iv, D(2026, 11, 27), (event("spb_appealed", D(2026, 11, 21), 1),))
        purchase = plan.tracks[0]
        assert purchase.id == "purchase"
        assert SKIPPED not in {s.state for s in purchase.steps}, problem
        assert purchase.steps[0].channel.id == "seller" and purchase.steps[0].state == NOW


def test_what_to_do_today_is_in_both_tracks(content):
    iv = interview(content, "delay", order_date=D(2026, 11, 18), seller_contact=NONE, tmall_contact=NONE,
                   courier_contact=NONE, tracking={"number": "SF1234567890123", "carrier": "sf"})
    plan = build_plan(content, iv, D(2026, 11, 27))
    assert [s.channel.id for s in plan.doable_today()] == ["seller", "tmall_order", "courier"]
    courier = plan.doable_today()[2]
    assert courier.phone == "95338"
    assert "2026年12月5日 星期六 起仍未解决，就可以向 12305 申诉" in courier.words


def test_advice_is_worded_as_advice_and_law_as_law(content):
    iv = interview(content, "delay", order_date=D(2026, 11, 18), seller_contact=contact("waiting", D(2026, 11, 26)),
                   tmall_contact=NONE, courier_contact=contact("waiting", D(2026, 11, 26)))
    plan = build_plan(content, iv, D(2026, 11, 27))
    seller = plan.tracks[0].steps[0]
    courier = plan.tracks[1].steps[0]
    assert seller.advice and "建议" in seller.words and "期限" not in seller.words
    assert not courier.advice and "建议" not in courier.words
    assert "从第二天算起，到 2026年12月3日 星期四 为止" in courier.words


def test_12315_says_acceptance_is_not_a_result(content):
    iv = interview(content, "wrong_items", order_date=D(2026, 11, 1), delivered_date=D(2026, 11, 5),
                   seller_contact=NONE, tmall_contact=NONE)
    samr = next(s for s in build_plan(content, iv, D(2026, 11, 27)).steps if s.channel.id == "samr_12315")
    assert "7 个工作日内决定是否受理" in samr.words and "60 日内调解" in samr.words
    assert "不是结果" in samr.words
    assert "（该年放假安排尚未公布，日期可能变化）" in samr.words  # runs into 2027, not yet announced


def test_no_plan_calls_a_tmall_step_the_last_resort(content):
    for problem in content.problems:
        iv = interview(content, problem, order_date=D(2026, 11, 10))
        for step in build_plan(content, iv, D(2026, 11, 27)).steps:
            assert "最后的途径" not in step.words, (problem, step.channel.id)


def test_12305_window_is_one_year_from_the_order(content):
    iv = interview(content, "no_update", order_date=D(2026, 11, 1), seller_contact=NONE, tmall_contact=NONE, courier_contact=NONE)
    spb = next(s for s in build_plan(content, iv, D(2026, 11, 26)).steps if s.channel.id == "spb_12305")
    assert spb.deadlines == ("最晚 2027年11月1日 星期一 前提出（向 12305 申诉须在 1 年内提出；本机从下单日算起，宁早勿晚）。",)
    assert spb.phone == "12305"


def test_a_passed_window_is_said_plainly(content):
    iv = interview(content, "lost", order_date=D(2025, 10, 1), seller_contact=NONE, tmall_contact=NONE, courier_contact=NONE)
    spb = next(s for s in build_plan(content, iv, D(2026, 11, 26)).steps if s.channel.id == "spb_12305")
    assert "已经过了" in spb.deadlines[0]


def test_courier_phone_comes_from_the_carrier(content):
    iv = interview(content, "lost", order_date=D(2026, 11, 1), tracking={"number": "SF1234567890123", "carrier": "sf"})
    courier = next(s for s in build_plan(content, iv, D(2026, 11, 26)).steps if s.channel.id == "courier")
    assert courier.phone == "95338" and courier.phone_sure
    iv.answers["tracking"] = {"number": "", "carrier": "unknown"}
    courier = next(s for s in build_plan(content, iv, D(2026, 11, 26)).steps if s.channel.id == "courier")
    assert courier.phone == "" and "物流详情页" in courier.phone_note
    iv.answers["tracking"] = {"number": "621123456789012", "carrier": "cainiao"}
    courier = next(s for s in build_plan(content, iv, D(2026, 11, 26)).steps if s.channel.id == "courier")
    assert courier.phone == "" and "未核实" in courier.phone_note
    iv.answers["tracking"] = {"number": "JT1234567890123", "carrier": "jt"}
    courier = next(s for s in build_plan(content, iv, D(2026, 11, 26)).steps if s.channel.id == "courier")
    assert courier.phone == "956025" and not courier.phone_sure  # medium in the reference


def test_a_number_that_fits_two_carriers_names_both_hotlines(content):
    iv = interview(content, "lost", order_date=D(2026, 11, 1), tracking={"number": "431234567890123", "carrier": "unknown"})
    courier = next(s for s in build_plan(content, iv, D(2026, 11, 26)).steps if s.channel.id == "courier")
    assert courier.phone == ""
    assert "申通快递 95543" in courier.phone_note and "韵达快递 95546" in courier.phone_note


def test_done_and_waiting_states(content):
    _, today, answers, events, _ = SCENARIOS["lost, courier complaint exactly 7 days old: still waiting today (Art. 201)"]
    plan = build_plan(content, interview(content, "lost", **answers), today, events)
    courier = plan.tracks[1].steps[0]
    assert courier.state == WAITING and courier.wait_end == D(2026, 11, 27) and courier.move_on == D(2026, 11, 28)
    plan = build_plan(content, interview(content, "lost", **answers), D(2026, 11, 28), events)
    assert plan.tracks[1].steps[0].state == DONE and plan.tracks[1].steps[1].state == NOW


def test_a_step_says_when_in_one_short_line_and_the_wait_below(content):
    """12315's line of when is one sentence; the law's periods, what acceptance means and the
    next step follow on lines of their own (it used to be one seven-line paragraph)."""
    iv = interview(content, "lost", order_date=D(2026, 11, 18), seller_contact=NONE, tmall_contact=NONE,
                   courier_contact=NONE, tracking={"number": "SF1234567890123", "carrier": "sf"})
    samr = next(s for s in build_plan(content, iv, D(2026, 11, 27)).steps if s.channel.id == "samr_12315")
    assert "受理" not in samr.when and samr.when.count("。") <= 3
    wait, note, following = samr.waiting
    assert wait.startswith("等多久：") and "7 个工作日内决定是否受理" in wait and "60 日内调解" in wait
    assert "不是结果" in note
    assert following.startswith("下一步：") and "再向消费者协会投诉" in following
