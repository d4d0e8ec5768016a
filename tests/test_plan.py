"""The plan engine, table-driven: for each problem type, which steps, in which state, and
the date to move on, from fixed answers and a fixed today."""

from datetime import date

import pytest

from tui.core.interview import Interview
from tui.core.plan import DONE, LATER, NOW, SKIPPED, WAITING, build_plan

D = date


def contact(status="no", day=None, note=""):
    return {"status": status, "date": day.isoformat() if day else "", "note": note}


def interview(content, problem, **answers):
    iv = Interview(content)
    iv.choose_problem(problem)
    for key, value in answers.items():
        iv.answers[key] = value.isoformat() if isinstance(value, date) else value
    return iv


# Each row: problem, today, answers, expected [(channel, state, move_on)].
CASES = {
    "no_update, nothing done yet: a projected calendar": (
        "no_update", D(2026, 11, 26),
        dict(order_date=D(2026, 11, 1), seller_contact=contact(), tmall_contact=contact(), courier_contact=contact()),
        [("seller", NOW, D(2026, 11, 28)), ("tmall_order", LATER, D(2026, 12, 1)), ("tmall_cs", LATER, D(2026, 12, 4)),
         ("courier", LATER, D(2026, 12, 11)), ("spb_12305", LATER, D(2027, 1, 10)),
         ("samr_12315", LATER, D(2027, 1, 19)), ("court", LATER, None)],
    ),
    "delay, seller silent long enough: move on today": (
        "delay", D(2026, 11, 26),
        dict(order_date=D(2026, 11, 1), seller_contact=contact("waiting", D(2026, 11, 20)), tmall_contact=contact(), courier_contact=contact()),
        [("seller", DONE, D(2026, 11, 22)), ("tmall_order", NOW, D(2026, 11, 29)), ("tmall_cs", LATER, D(2026, 12, 2)),
         ("courier", LATER, D(2026, 12, 9)), ("spb_12305", LATER, D(2027, 1, 8)),
         ("samr_12315", LATER, D(2027, 1, 19)), ("court", LATER, None)],
    ),
    "lost, courier asked at a month end: wait 7 days, earlier steps skipped": (
        "lost", D(2026, 2, 5),
        dict(order_date=D(2026, 1, 20), seller_contact=contact(), tmall_contact=contact(), courier_contact=contact("waiting", D(2026, 1, 31))),
        [("seller", SKIPPED, None), ("tmall_order", SKIPPED, None), ("tmall_cs", SKIPPED, None),
         ("courier", WAITING, D(2026, 2, 7)), ("spb_12305", LATER, D(2026, 3, 9)),
         ("samr_12315", LATER, D(2026, 3, 18)), ("court", LATER, None)],
    ),
    "damaged, courier answered badly: 12305 today": (
        "damaged", D(2026, 11, 26),
        dict(order_date=D(2026, 11, 10), seller_contact=contact("unsatisfied", D(2026, 11, 20)),
             tmall_contact=contact("unsatisfied", D(2026, 11, 21)), courier_contact=contact("unsatisfied", D(2026, 11, 24))),
        [("seller", DONE, D(2026, 11, 20)), ("tmall_order", DONE, D(2026, 11, 21)), ("tmall_cs", SKIPPED, None),
         ("courier", DONE, D(2026, 11, 24)), ("spb_12305", NOW, D(2026, 12, 26)),
         ("samr_12315", LATER, D(2027, 1, 6)), ("cca", LATER, None), ("court", LATER, None)],
    ),
    "signed_not_received: courier step comes before 12305": (
        "signed_not_received", D(2026, 11, 26),
        dict(order_date=D(2026, 11, 15), seller_contact=contact("waiting", D(2026, 11, 25)), tmall_contact=contact(), courier_contact=contact()),
        [("seller", WAITING, D(2026, 11, 27)), ("tmall_order", LATER, D(2026, 11, 30)), ("courier", LATER, D(2026, 12, 7)),
         ("spb_12305", LATER, D(2027, 1, 6)), ("tmall_cs", LATER, D(2027, 1, 9)),
         # from Saturday Jan 9: Jan 11-15 and 18-19 are the 7 working days
         ("samr_12315", LATER, D(2027, 1, 19)), ("court", LATER, None)],
    ),
    "locker_no_consent: a courier matter": (
        "locker_no_consent", D(2026, 11, 26),
        dict(order_date=D(2026, 11, 15), courier_contact=contact(), tmall_contact=contact()),
        [("courier", NOW, D(2026, 12, 3)), ("spb_12305", LATER, D(2027, 1, 2)), ("tmall_cs", LATER, None)],
    ),
    "wrong_items across the Spring Festival: 12315 counts working days": (
        "wrong_items", D(2026, 2, 12),
        dict(order_date=D(2026, 2, 1), seller_contact=contact("unsatisfied", D(2026, 2, 9)), tmall_contact=contact("unsatisfied", D(2026, 2, 10))),
        # tmall_cs from Feb 12 (advice 3 days) → 12315 from Feb 15: Feb 16-23 are off, Feb 28
        # is a make-up Saturday: Feb 24,25,26,27,28, Mar 2, Mar 3.
        [("seller", DONE, D(2026, 2, 9)), ("tmall_order", DONE, D(2026, 2, 10)), ("tmall_cs", NOW, D(2026, 2, 15)),
         ("samr_12315", LATER, D(2026, 3, 3)), ("cca", LATER, None), ("court", LATER, None)],
    ),
    "courier_service, courier silent 7 days at a year end": (
        "courier_service", D(2027, 1, 5),
        dict(order_date=D(2026, 12, 20), courier_contact=contact("waiting", D(2026, 12, 28))),
        [("courier", DONE, D(2027, 1, 4)), ("spb_12305", NOW, D(2027, 2, 4)), ("tmall_cs", LATER, None)],
    ),
    "not_shipped, nothing done: no courier on this ladder": (
        "not_shipped", D(2026, 11, 30),
        dict(order_date=D(2026, 11, 20), seller_contact=contact(), tmall_contact=contact()),
        [("seller", NOW, D(2026, 12, 2)), ("tmall_order", LATER, D(2026, 12, 5)), ("tmall_cs", LATER, D(2026, 12, 8)),
         ("samr_12315", LATER, D(2026, 12, 17)), ("cca", LATER, None), ("court", LATER, None)],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_plan(content, name):
    problem, today, answers, expected = CASES[name]
    plan = build_plan(content, interview(content, problem, **answers), today)
    got = [(s.channel.id, s.state, s.move_on if s.state != SKIPPED else None) for s in plan.steps]
    assert got == expected


def test_every_problem_type_is_covered():
    assert {case[0] for case in CASES.values()} == {
        "no_update", "delay", "damaged", "lost", "signed_not_received", "locker_no_consent",
        "wrong_items", "courier_service", "not_shipped"}


def test_current_step_is_the_one_to_act_on(content):
    problem, today, answers, _ = CASES["lost, courier asked at a month end: wait 7 days, earlier steps skipped"]
    plan = build_plan(content, interview(content, problem, **answers), today)
    assert plan.current.channel.id == "courier"
    assert "2026年2月7日" in plan.current.when


def test_12305_deadline_is_one_year_from_the_order_and_answer_within_30_days(content):
    iv = interview(content, "no_update", order_date=D(2026, 11, 1), seller_contact=contact(), tmall_contact=contact(), courier_contact=contact())
    spb = next(s for s in build_plan(content, iv, D(2026, 11, 26)).steps if s.channel.id == "spb_12305")
    assert "最晚 2027年11月1日 星期一 前提出" in spb.deadlines[0]
    assert "如在 2026年12月11日 星期五 提交，应在 2027年1月10日 星期日 前有结果" in spb.deadlines[1]
    assert spb.phone == "12305"


def test_a_passed_window_is_said_plainly(content):
    iv = interview(content, "lost", order_date=D(2025, 10, 1), seller_contact=contact(), tmall_contact=contact(), courier_contact=contact())
    spb = next(s for s in build_plan(content, iv, D(2026, 11, 26)).steps if s.channel.id == "spb_12305")
    assert "已经过了" in spb.deadlines[0]


def test_courier_phone_comes_from_the_carrier(content):
    iv = interview(content, "lost", order_date=D(2026, 11, 1), tracking={"number": "SF1234567890123", "carrier": "sf"})
    courier = next(s for s in build_plan(content, iv, D(2026, 11, 26)).steps if s.channel.id == "courier")
    assert courier.phone == "95338"
    iv.answers["tracking"] = {"number": "", "carrier": "unknown"}
    courier = next(s for s in build_plan(content, iv, D(2026, 11, 26)).steps if s.channel.id == "courier")
    assert courier.phone == "" and "物流详情页" in courier.phone_note
    iv.answers["tracking"] = {"number": "621123456789012", "carrier": "cainiao"}
    courier = next(s for s in build_plan(content, iv, D(2026, 11, 26)).steps if s.channel.id == "courier")
    assert courier.phone == "" and "未核实" in courier.phone_note
