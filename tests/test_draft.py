"""The complaint texts, one per recipient: objective, dated, with the numbers, the facts in
order, the law that applies to that body and only what it can grant; what a person typed
goes in as typed."""

from datetime import date

import pytest

from tui.core.draft import build_draft, default_recipient, facts, recipients_for
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
    # What they said is quoted, and "no answer" is not claimed beside it.
    assert lines[3] == "2026年11月20日，我联系了卖家，对方表示“说在查”，但至今问题没有解决。"
    assert lines[4] == "补充情况：外箱有压痕"


def test_no_answer_without_a_note_says_so(content):
    iv = filled(content)
    iv.answers["seller_contact"]["note"] = ""
    assert "2026年11月20日，我联系了卖家，至今没有得到答复。" in facts(content, iv, TODAY)


def texts(content, iv):
    plan = build_plan(content, iv, TODAY)
    return {r.id: build_draft(content, iv, r.id, TODAY) for r in recipients_for(content, plan)}


def test_one_text_per_recipient_of_the_plan(content):
    iv = filled(content)
    assert list(texts(content, iv)) == ["seller", "tmall", "samr_12315", "courier", "spb_12305"]
    iv = filled(content, problem="not_shipped")
    assert list(texts(content, iv)) == ["seller", "tmall", "samr_12315"]  # no courier involved


def test_the_default_text_is_for_todays_step(content):
    iv = filled(content)
    plan = build_plan(content, iv, TODAY)
    # The courier answered badly on Nov 18: 12305 today. The seller's suggested 2 days
    # (from Nov 20) are over and the Tmall order page is open: the first step to take today.
    assert [s.channel.id for s in plan.doable_today()] == ["tmall_order", "spb_12305"]
    assert default_recipient(content, plan) == "tmall"


@pytest.mark.parametrize("problem", ["no_update", "delay", "damaged", "lost", "signed_not_received"])
def test_each_text_cites_the_law_for_its_body_and_asks_only_what_it_can_grant(content, problem):
    iv = filled(content, problem=problem)
    iv.answers.setdefault("promised_date", "2026-11-10")
    iv.answers["want"] = ["locate", "resend", "refund", "return", "compensate", "apology"]
    got = texts(content, iv)
    for who in ("courier", "spb_12305"):
        # 12305 and the courier cannot order a refund, resend or exchange (电子商务法 第二十条),
        # and owe the buyer no compensation for the goods (the seller does: reference §9).
        assert "退还货款" not in got[who] and "退款" not in got[who] and "补发" not in got[who], who
        assert "赔偿" not in got[who].split("诉求")[-1], who
        assert "《电子商务法》第二十条" not in got[who] and "《民法典》第八百三十二条" not in got[who], who
        assert "《快递暂行条例》" in got[who], who
    assert "《邮政业消费者申诉处理办法》第九条" in got["spb_12305"]
    assert "督促快递公司依法处理我的投诉并答复" in got["spb_12305"]
    for who in ("seller", "tmall", "samr_12315"):
        # Resend, refund and return are alternatives: one request, the others as fallbacks.
        assert "《电子商务法》第二十条" in got[who] and "不能补发或换货的" in got[who] and "退货退款" in got[who], who
        assert "《快递暂行条例》" not in got[who] and "邮政业消费者申诉" not in got[who], who


def test_12315_names_the_business_and_the_complainant(content):
    text = texts(content, filled(content))["samr_12315"]
    # 办法 (2026) Art. 10: the complainant's name, phone and address; the business's name and
    # address. Art. 13: the platform itself can be the business complained about.
    assert "投诉人：【姓名：请填写】　联系电话：【请填写】　地址：【请填写】" in text
    assert "被投诉人：【店铺经营者名称：请填写】（天猫店铺首页“证照信息”可查；投诉平台的，写平台经营者的名称）" in text
    assert "被投诉人地址：【请填写】" in text
    assert "订单号：1234567890123456789" in text


def test_12305_names_the_courier(content):
    text = texts(content, filled(content))["spb_12305"]
    assert "被申诉企业：中通快递" in text and "物流单号：73123456789012" in text


def test_draft_has_numbers_basis_and_request(content):
    iv = filled(content)
    text = build_draft(content, iv, "tmall", TODAY)
    assert "订单号：1234567890123456789" in text
    assert "物流单号：73123456789012（中通快递）" in text
    assert "提交日期：2026年11月26日" in text
    # Asked to locate and resend: 消保法 第四十四条 (compensation) covers neither; Taobao's rule
    # comes after the statute, for reference.
    assert "依据：《电子商务法》第二十条；参照《淘宝平台争议处理规则》第十条。" in text
    assert "1. 请平台核实情况，督促卖家处理。\n2. 督促卖家和快递查明包裹去向。\n3. 督促卖家补发或重新发货。" in text
    assert "$" not in text and "{" not in text


def test_missing_numbers_are_clear_blanks(content):
    iv = filled(content)
    del iv.answers["order_no"]
    iv.answers["tracking"] = {"number": "", "carrier": "unknown"}
    text = build_draft(content, iv, "courier", TODAY)
    assert "投诉对象：【快递公司名称：请补充】" in text and "物流单号：【请补充】" in text
    assert "天猫订单号：【请补充】" in text


def test_typed_text_is_not_a_template(content):
    odd = "$order_no ${facts} {today} [bold]x[/bold] [/"
    iv = filled(content, details=odd)
    for text in texts(content, iv).values():
        assert "补充情况：" + odd in text


def test_evidence_is_listed_only_when_ticked(content):
    iv = filled(content)
    for text in texts(content, iv).values():
        assert "证据" not in text and "附后" not in text
    iv.evidence_ticked = {"tracking_last_update"}
    for text in texts(content, iv).values():
        assert "证据：物流详情截图（显示最后更新日期）（附后）" in text
