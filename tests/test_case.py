"""What a saved case means today: events recorded on it move the plan and its deadlines, in
plain words; bad event input gets a message; the timeline is in date order."""

from __future__ import annotations

from datetime import date as D

import pytest

from tui.core.case import ABANDONED, RESOLVED, check_event, kinds_for, next_step, restore, timeline
from tui.core.content import ContentError, load_content
from tui.core.interview import AnswerError
from tui.core.plan import build_plan

from .conftest import CONTENT_DIR

TODAY = D(2026, 11, 26)
ANSWERS = {
    "order_date": "2026-11-01", "order_no": "1234567890123456789",
    "tracking": {"number": "73123456789012", "carrier": "zto"}, "last_update": "2026-11-05",
    "seller_contact": {"status": "waiting", "date": "2026-11-25", "note": ""},
    "tmall_contact": {"status": "no", "date": "", "note": ""},
    "courier_contact": {"status": "no", "date": "", "note": ""},
    "want": ["locate"], "details": "",
}


def events(*pairs):
    return tuple({"n": i, "kind": k, "date": d, "note": ""} for i, (k, d) in enumerate(pairs, 1))


def states(content, evs, today=TODAY):
    iv = restore(content, "no_update", ANSWERS)
    plan = build_plan(content, iv, today, evs)
    return {s.channel.id: s.state for s in plan.steps}, next_step(content, plan, today)


# Each row: the events recorded, today, the states, and what the visitor must read on the
# case screen. Dates worked out by hand: 民法典 Art. 201 (the day itself is not counted),
# Art. 203 (a legal period ending on a day off ends on the next working day).
CASES = [
    # Seller contacted yesterday: the advised 2 days run to Friday; the Tmall order page
    # (物流投诉) and the courier can be used today all the same.
    ((), TODAY, {"seller": "waiting", "tmall_order": "now", "courier": "now"},
     ["建议最多等 2 天，也就是等到 2026年11月27日 星期五", "今天就可以在天猫订单页投诉或申请平台介入",
      "今天就可以向快递公司投诉", "2026年12月4日 星期五 起仍未解决，就可以向 12305 申诉"]),
    # Two days later the seller's suggested wait is over.
    ((), D(2026, 11, 28), {"seller": "done", "tmall_order": "now"}, ["今天就可以在天猫订单页投诉或申请平台介入"]),
    # The seller answered badly today: nothing to wait for.
    ((("seller_replied", "2026-11-26"),), TODAY, {"seller": "done", "tmall_order": "now"},
     ["今天就可以在天猫订单页投诉或申请平台介入"]),
    # Courier complaint today: 7 days (快递暂行条例 Art. 28) from the next day, to Dec 3;
    # 12305 from Dec 4. The purchase track goes on: nothing there is skipped.
    ((("seller_replied", "2026-11-26"), ("courier_complained", "2026-11-26")), TODAY,
     {"courier": "waiting", "tmall_order": "now", "spb_12305": "later"},
     ["2026年11月26日 星期四 已向快递公司投诉", "到 2026年12月3日 星期四 为止",
      "2026年12月4日 星期五 起仍未解决，就可以向 12305 申诉"]),
    # On Dec 3 the seventh day is not over yet.
    ((("courier_complained", "2026-11-26"), ("courier_silent", "2026-12-03")), D(2026, 12, 3),
     {"courier": "waiting", "spb_12305": "later"}, ["2026年12月4日 星期五 起仍未解决"]),
    # On Dec 4 12305 is open, with its one-year window.
    ((("courier_complained", "2026-11-26"), ("courier_silent", "2026-12-04")), D(2026, 12, 4),
     {"courier": "done", "spb_12305": "now"},
     ["今天就可以向 12305 申诉。", "12305：最晚 2027年11月1日 星期一 前提出（向 12305 申诉须在 1 年内提出；本机从下单日算起，宁早勿晚）。"]),
    # Appealed to 12305 on Nov 26: 30 days to Dec 26, a Saturday → Monday Dec 28.
    ((("courier_answered", "2026-11-20"), ("spb_appealed", "2026-11-26")), TODAY, {"spb_12305": "waiting"},
     ["邮政管理部门应在收到申诉后 30 天内答复：从第二天算起，到 2026年12月28日 星期一 为止。"]),
    # 12315 decides on acceptance in 7 working days: Dec 30, 31, (Jan 1 off), Jan 4-8.
    ((("samr_complained", "2026-12-29"),), D(2026, 12, 29), {"samr_12315": "waiting"},
     ["市场监管部门应在 7 个工作日内决定是否受理，最晚 2027年1月8日 星期五",
      "（该年放假安排尚未公布，日期可能变化）", "不是结果"]),
    # Within 2026, whose schedule is published: from Monday Sep 28: Sep 29, 30, (Oct 1-7
    # off), Oct 8, 9, the make-up Saturday Oct 10, Oct 12, 13; mediation 60 days from Oct 13:
    # Oct 31 day 18, Nov 30 day 48, Dec 12 day 60 (Sat) → Monday Dec 14.
    ((("samr_complained", "2026-09-28"),), D(2026, 9, 28), {"samr_12315": "waiting"},
     ["决定是否受理，最晚 2026年10月13日 星期二", "最晚到 2026年12月14日 星期一"]),
]


@pytest.mark.parametrize("evs, today, expect_states, expect_lines", CASES)
def test_events_move_the_plan(content, evs, today, expect_states, expect_lines):
    got_states, lines = states(content, events(*evs), today)
    for channel, state in expect_states.items():
        assert got_states[channel] == state, (channel, got_states)
    said = "\n".join(lines)
    for line in expect_lines:
        assert line in said, lines
    assert "答复期限" not in said  # advice is never called a deadline
    assert said.count("【") == 2  # both tracks, each under its name


def test_events_count_in_date_order_not_recording_order(content):
    # Recorded late: the complaint to the courier happened before the silence.
    late = ({"n": 1, "kind": "courier_silent", "date": "2026-12-04", "note": ""},
            {"n": 2, "kind": "courier_complained", "date": "2026-11-26", "note": ""})
    got, _ = states(content, late, D(2026, 12, 4))
    assert got["courier"] == "done" and got["spb_12305"] == "now"


def test_contacting_again_while_waiting_does_not_restart_the_clock(content):
    got, lines = states(content, events(("courier_complained", "2026-11-26"), ("courier_complained", "2026-11-30")),
                        D(2026, 12, 4))
    assert got["courier"] == "done" and "今天就可以向 12305 申诉。" in "\n".join(lines)


def test_event_for_a_channel_not_on_this_ladder_changes_nothing(content):
    iv = restore(content, "not_shipped", {"order_date": "2026-11-01"})
    assert "courier" not in {r.channel for r in iv.problem.ladder}
    before = build_plan(content, iv, TODAY)
    after = build_plan(content, iv, TODAY, events(("courier_complained", "2026-11-20")))
    assert [s.state for s in before.steps] == [s.state for s in after.steps]
    assert "courier_complained" not in [k.id for k in kinds_for(content, iv)]
    assert {"refunded", "solved"} <= {k.id for k in kinds_for(content, iv)}


def test_closed_cases_say_so(content):
    iv = restore(content, "no_update", ANSWERS)
    plan = build_plan(content, iv, TODAY)
    assert "已解决" in next_step(content, plan, TODAY, RESOLVED)[0]
    assert "不再处理" in next_step(content, plan, TODAY, ABANDONED)[0]


def test_timeline_mixes_answers_and_events_by_date(content):
    iv = restore(content, "no_update", ANSWERS)
    evs = ({"n": 1, "kind": "courier_complained", "date": "2026-11-26", "note": "工号 [b]7[/b]"},
           {"n": 2, "kind": "seller_silent", "date": "2026-11-24", "note": ""},
           {"n": 3, "kind": "gone_from_content", "date": "2026-11-27", "note": ""})
    lines = [(e.day.isoformat(), e.what, e.note) for e in timeline(content, iv, evs)]
    assert lines == [("2026-11-24", "卖家一直没有答复", ""), ("2026-11-25", "卖家：联系过，还没答复", ""),
                     ("2026-11-26", "向快递公司投诉了", "工号 [b]7[/b]"), ("2026-11-27", "gone_from_content", "")]


@pytest.mark.parametrize("typed, note, message", [
    ("2026年12月1日", "", "在今天"),
    ("2026年10月1日", "", "早于下单日期"),
    ("下周", "", "看不懂"),
    ("", "", ""),
    ("昨天", "字" * 201, "最多 200 字"),
])
def test_bad_event_input_gets_a_message(content, typed, note, message):
    iv = restore(content, "no_update", ANSWERS)
    with pytest.raises(AnswerError) as e:
        check_event(content, iv, "seller_replied", typed, note, TODAY)
    assert message in str(e.value)


def test_event_dates_use_the_flow_forms(content):
    iv = restore(content, "no_update", ANSWERS)
    assert check_event(content, iv, "seller_replied", "昨天", " 说在查 ", TODAY) == ("2026-11-25", "说在查")
    assert check_event(content, iv, "seller_replied", "11月20日", "", TODAY)[0] == "2026-11-20"
    with pytest.raises(AnswerError):
        check_event(content, iv, "no_such_kind", "昨天", "", TODAY)


def test_restore_drops_answers_the_content_no_longer_asks(content):
    iv = restore(content, "no_update", {**ANSWERS, "removed_question": "x"})
    assert "removed_question" not in iv.answers and iv.problem_id == "no_update"
    assert restore(content, "removed_problem", ANSWERS).problem is None


def test_events_file_is_checked(tmp_path):
    import shutil

    shutil.copytree(CONTENT_DIR, tmp_path / "c")
    path = tmp_path / "c" / "events.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('effect = "answered"', 'effect = "maybe"', 1)
                    .replace('channels = ["courier"]', 'channels = ["pigeon"]', 1), encoding="utf-8")
    with pytest.raises(ContentError) as e:
        load_content(tmp_path / "c")
    assert "events.toml: events.seller_replied.effect: must be one of" in "\n".join(e.value.problems)
    assert "events.toml: events.courier_complained.channels: names channel 'pigeon'" in "\n".join(e.value.problems)


def test_every_channel_has_a_verb_phrase():
    content = load_content(CONTENT_DIR)
    assert all(ch.act for ch in content.channels.values())


def test_an_undone_event_stays_in_the_timeline_but_no_longer_counts(content):
    from tui.core.case import active

    evs = events(("courier_complained", "2026-11-20"), ("courier_answered", "2026-11-24"))
    undo = ({"n": 3, "kind": "undone", "date": "2026-11-26", "note": "2"},)
    got, _ = states(content, active(content, evs + undo), TODAY)
    assert got["courier"] == "waiting"  # the bad answer was taken back: waiting again
    entries = timeline(content, restore(content, "no_update", ANSWERS), evs + undo)
    whats = [e.what for e in entries]
    assert "向快递公司投诉了" in whats and "快递公司答复了，但不满意（已撤销）" in whats
    assert len(whats) == 3  # the undo itself is not a line of its own
    assert "undone" not in [k.id for k in kinds_for(content, restore(content, "no_update", ANSWERS))]


def test_the_opposite_of_the_same_days_record_is_questioned(content):
    from tui.core.case import contradiction

    evs = events(("courier_answered", "2026-11-26"))
    assert "相互矛盾" in contradiction(content, evs, "courier_silent", "2026-11-26")
    assert contradiction(content, evs, "courier_silent", "2026-11-27") == ""  # another day
    assert contradiction(content, evs, "seller_silent", "2026-11-26") == ""  # another channel


def test_an_old_answer_the_content_no_longer_offers_is_asked_again(content):
    answers = dict(ANSWERS, seller_contact={"status": "gone_option", "date": "2026-11-25", "note": ""})
    iv = restore(content, "no_update", answers)
    assert "seller_contact" not in iv.answers and iv.answers["last_update"] == "2026-11-05"
    timeline(content, iv, ())  # reads without an error


def test_an_undo_note_that_is_no_number_takes_nothing_back(content):
    from tui.core.case import undone

    evs = ({"n": 1, "kind": "seller_contacted", "date": "2026-11-25", "note": ""},
           {"n": 2, "kind": "undone", "date": "2026-11-26", "note": "²"})
    assert undone(content, evs) == set()
