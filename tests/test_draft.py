"""The complaint text: objective, dated, with the numbers, the facts in order, the legal
basis and the request; what a person typed goes in as typed."""

from datetime import date

from tui.core.draft import build_draft, facts
from tui.core.interview import Interview
from tui.core.plan import build_plan

TODAY = date(2026, 11, 26)


def filled(content, problem="no_update", details="外箱有压痕"):
    iv = Interview(content)
    iv.choose_problem(problem)
    for qid, raw in [
        ("order_date", "2026-11-01"), ("order_no", "1234 5678 9012 3456 789"),
        ("tracking", {"number": "73123456789012", "carrier": "zto"}), ("last_update", "11月5日"),
        ("seller_contact", {"status": "waiting", "date": "11月20日", "note": "说在查"}),
        ("tmall_contact", {"status": "no"}), ("courier_contact", {"status": "unsatisfied", "date": "11月18日", "note": ""}),
        ("want", ["locate", "resend"]), ("details", details),
    ]:
        iv.answer(qid, raw, TODAY)
    return iv


def test_facts_are_in_date_order(content):
    lines = facts(content, filled(content), TODAY)
    assert lines[0].startswith("2026年11月1日，我在天猫下单")
    assert lines[1].startswith("物流信息最后一次更新是2026年11月5日，截至2026年11月26日已 21 天")
    assert lines[2].startswith("2026年11月18日，我向快递公司投诉")
    assert lines[3] == "2026年11月20日，我联系了卖家，至今没有得到答复。备注：“说在查”。"
    assert lines[4] == "补充情况：外箱有压痕"


def test_draft_has_numbers_basis_and_request(content):
    iv = filled(content)
    text = build_draft(content, iv, build_plan(content, iv, TODAY), TODAY)
    assert "订单号：1234567890123456789" in text
    assert "物流单号：73123456789012（中通快递）" in text
    assert "提交日期：2026年11月26日" in text
    assert "依据：《电子商务法》第二十条、《淘宝平台争议处理规则》第十条、《快递暂行条例》第二十七条。" in text
    assert "1. 查明包裹去向并告知处理结果。\n2. 尽快补发或重新发货。" in text
    assert "$" not in text and "{" not in text


def test_typed_text_is_not_a_template(content):
    odd = "$order_no ${facts} {today} [bold]x[/bold] [/"
    iv = filled(content, details=odd)
    text = build_draft(content, iv, build_plan(content, iv, TODAY), TODAY)
    assert "补充情况：" + odd in text


def test_ticked_evidence_is_listed(content):
    iv = filled(content)
    iv.evidence_ticked = {"物流详情截图（显示最后更新日期）"}
    text = build_draft(content, iv, build_plan(content, iv, TODAY), TODAY)
    assert "证据：物流详情截图（显示最后更新日期）（附后）" in text
