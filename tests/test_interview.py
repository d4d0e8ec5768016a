"""Answer checks: what each question accepts, and the message when it does not."""

from datetime import date

import pytest

from tui.core.interview import AnswerError, Interview, shown

TODAY = date(2026, 11, 26)


@pytest.fixture
def iv(content):
    iv = Interview(content)
    iv.choose_problem("delay")
    return iv


def test_dates_are_stored_as_iso_and_echoed_with_weekday(iv):
    assert iv.answer("order_date", "11月1日", TODAY) == "2026-11-01"
    assert shown(iv, "order_date") == "2026年11月1日 星期日"


@pytest.mark.parametrize("typed, says", [("明天", "看不懂"), ("2026年12月1日", "在今天（2026年11月26日 星期四）之后"), ("2010-01-01", "十多年前")])
def test_bad_order_dates(iv, typed, says):
    with pytest.raises(AnswerError, match=says):
        iv.answer("order_date", typed, TODAY)
    assert iv.typed["order_date"] == typed  # what was typed is kept
    assert "order_date" not in iv.answers


def test_a_date_before_the_order_is_refused(iv):
    iv.answer("order_date", "2026-11-10", TODAY)
    with pytest.raises(AnswerError, match="早于“你是哪天下单的”的答案 2026年11月10日"):
        iv.answer("promised_date", "2026-11-05", TODAY)


def test_a_promised_date_still_to_come_says_so(iv):
    with pytest.raises(AnswerError, match="还没到，现在还不算延误"):
        iv.answer("promised_date", "2026-12-01", TODAY)


def test_contact_needs_a_choice_then_a_date(iv):
    iv.answer("order_date", "2026-11-10", TODAY)
    with pytest.raises(AnswerError, match="请先选一项"):
        iv.answer("seller_contact", {"status": "", "date": "", "note": ""}, TODAY)
    with pytest.raises(AnswerError, match="请填写日期"):
        iv.answer("seller_contact", {"status": "waiting", "date": "", "note": ""}, TODAY)
    with pytest.raises(AnswerError, match="最多 200 字"):
        iv.answer("seller_contact", {"status": "waiting", "date": "昨天", "note": "字" * 201}, TODAY)
    value = iv.answer("seller_contact", {"status": "waiting", "date": "昨天", "note": " 说在查 "}, TODAY)
    assert value == {"status": "waiting", "date": "2026-11-25", "note": "说在查"}
    # "no" needs no date, and forgets one typed earlier
    assert iv.answer("seller_contact", {"status": "no", "date": "昨天", "note": "x"}, TODAY)["date"] == ""


def test_choices_keep_content_order_and_need_one(iv):
    assert iv.answer("want", ["compensate", "refund"], TODAY) == ["refund", "compensate"]
    with pytest.raises(AnswerError, match="至少选一项"):
        iv.answer("want", [], TODAY)


def test_free_text_limit(iv):
    assert iv.answer("details", "", TODAY) == ""
    with pytest.raises(AnswerError, match="最多 300 字，现在是 301 字"):
        iv.answer("details", "字" * 301, TODAY)


def test_tracking_keeps_the_chosen_carrier_and_allows_none(iv):
    assert iv.answer("tracking", {"number": "sf1234567890123", "carrier": "sf"}, TODAY) == {"number": "SF1234567890123", "carrier": "sf"}
    assert iv.answer("tracking", {"number": "", "carrier": "unknown"}, TODAY) == {"number": "", "carrier": "unknown"}
    assert shown(iv, "tracking") == "没有单号（快递公司未确定）"


def test_conflicts_show_after_an_earlier_answer_changes(iv):
    iv.answer("order_date", "2026-11-01", TODAY)
    iv.answer("promised_date", "2026-11-05", TODAY)
    iv.answer("order_date", "2026-11-10", TODAY)
    assert "promised_date" in iv.conflicts(TODAY)


def test_steps_and_wants_follow_the_problem(content):
    iv = Interview(content)
    assert iv.steps() == ["problem", "review", "plan", "evidence", "complaint"]
    iv.choose_problem("damaged")
    # Questions on a page share a screen; the answers are checked before the plan.
    assert iv.steps() == ["problem", "order", "delivered_date", "contacts", "want", "details",
                          "review", "plan", "evidence", "complaint"]
    assert iv.questions_on("order") == ["order_date", "order_no", "tracking"]
    iv.choose_problem("not_shipped")
    assert iv.questions_on("order") == ["order_date", "order_no"]  # nothing shipped: no tracking number
    assert iv.questions_on("contacts") == ["seller_contact", "tmall_contact"]
    iv.choose_problem("damaged")
    assert iv.typed["want"] == ["return", "compensate"]


@pytest.mark.parametrize("typed, expected", [("48小时内发货", "2026-11-22"), ("3天内", "2026-11-23"),
                                             ("50小时", "2026-11-23"), ("11月22日", "2026-11-22")])
def test_a_promised_shipping_time_counts_from_the_order_date(content, typed, expected):
    iv = Interview(content)
    iv.choose_problem("not_shipped")
    iv.answer("order_date", "2026-11-20", TODAY)
    assert iv.answer("promised_ship_date", typed, TODAY) == expected


def test_hints_and_requests_fit_the_problem(content):
    details = content.questions["details"]
    assert "内件碎裂" in content.problems["damaged"].hint(details)
    assert "内件碎裂" not in content.problems["no_update"].hint(details)  # no damage example for a stuck parcel
    # A locker or a rude courier: no refund, resend or exchange offered — the courier cannot grant them.
    for problem in ("locker_no_consent", "courier_service"):
        assert set(content.problems[problem].offers) == {"compensate", "apology"}
