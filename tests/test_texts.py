"""Complaint texts say only what the visitor said and ask each body for what it owes: no
assertion without its answer, no two alternative remedies in one text, compensation only from
the party that owes it to the buyer, every cited article about something the text asks, and a
returning visitor's text with what the case recorded since."""

from datetime import date

import pytest

from tui.core.draft import build_draft, default_recipient, recipients_for
from tui.core.interview import Interview
from tui.core.plan import build_plan

TODAY = date(2026, 12, 2)
DATES = dict(order_date="2026-11-20", last_update="2026-11-22", promised_date="2026-11-24",
             delivered_date="2026-11-25", signed_date="2026-11-25", promised_ship_date="2026-11-22")
NO = {"status": "no", "date": "", "note": ""}


def visit(content, problem, want=None, **answers):
    iv = Interview(content)
    iv.choose_problem(problem)
    for q in iv.problem.questions:
        if q in DATES:
            iv.answers[q] = DATES[q]
        elif iv.question(q).kind == "contact":
            iv.answers[q] = NO
    iv.answers["tracking"] = {"number": "73123456789012", "carrier": "zto"}
    iv.answers["want"] = list(iv.problem.wants) if want is None else want
    iv.answers.update(answers)
    return iv


def all_texts(content, iv, events=()):
    plan = build_plan(content, iv, TODAY, events)
    return {r.id: build_draft(content, iv, r.id, TODAY, events) for r in recipients_for(content, plan)}


def requests_part(text):
    """The numbered requests at the end of a text (诉求 / 我的诉求 / 投诉请求 / 申诉请求)."""
    for head in ("我的诉求：", "投诉请求：", "申诉请求：", "诉求："):
        if head in text:
            return text.split(head, 1)[1]
    raise AssertionError("no requests in " + text)


# Hand-written, independently of laws.toml's `covers`: what a request must be about for the
# article to be cited in that text.
ABOUT = {
    "《电子商务法》第二十条": ("补发", "退", "赔偿", "查明"),
    "《消费者权益保护法》第四十四条": ("赔偿", "退还货款", "退货退款"),
    "《消费者权益保护法》第二十四条、第二十五条": ("退货", "换货"),
    "《淘宝平台争议处理规则》第十条": ("补发", "退", "赔偿", "查明"),
    "《淘宝平台争议处理规则》第三十八条": ("查明", "补发", "退"),
    "《淘宝平台争议处理规则》第二十七条": ("退", "赔偿"),
    "《淘宝平台争议处理规则》第二十八条": ("道歉",),
    "《电子商务法》第五十二条": ("查明", "道歉"),
    "《快递暂行条例》关于快件应投递到约定地址并告知收件人当面验收的规定": ("查明", "道歉"),
    "《快递暂行条例》关于快递企业应自接到投诉之日起 7 日内处理并告知用户的规定": ("7 日内处理", "依法处理我的投诉"),
    "《邮政业消费者申诉处理办法》第九条": ("依法处理我的投诉",),
    "《电子商务法》第五十九条至第六十三条": ("核实", "记录", "调解"),
    "《快递市场管理办法》（2024年3月1日起施行）的有关规定": ("道歉",),
}
REMEDIES = ("补发", "退还货款", "退货退款", "换货")


def wants_of(content, problem):
    iv = Interview(content)
    iv.choose_problem(problem)
    offers = iv.problem.offers or tuple(o.id for o in iv.question("want").options)
    return [list(iv.problem.wants), list(offers)]


@pytest.mark.parametrize("problem", ["no_update", "delay", "damaged", "lost", "signed_not_received",
                                     "locker_no_consent", "wrong_items", "courier_service", "not_shipped"])
def test_each_text_asks_one_remedy_of_the_party_that_owes_it_and_cites_only_what_it_asks(content, problem):
    for want in wants_of(content, problem):
        for who, text in all_texts(content, visit(content, problem, want)).items():
            asked = requests_part(text)
            lines = [line for line in asked.splitlines() if line[:1].isdigit()]
            # One remedy per text: the others only as its fallback, on the same line.
            assert sum(any(r in line for r in REMEDIES) for line in lines) <= 1, (problem, who, want, lines)
            if who in ("courier", "spb_12305"):
                # On a Tmall order the courier owes the buyer no compensation for the goods: the
                # seller does (电子商务法 第二十条); 832 / 快递暂行条例 are the seller's claim.
                assert "赔偿" not in asked and "八百三十二" not in text, (problem, who)
            basis = text.split("依据：", 1)[1].split("\n", 1)[0]
            for cite, about in ABOUT.items():
                if cite in basis:
                    assert any(a in asked for a in about), (problem, who, cite, asked)
            assert "参照" not in basis or basis.index("参照") > max(basis.find("《电子商务法》"), 0) - 1


def test_signed_but_not_received_says_nothing_it_did_not_ask(content):
    for text in all_texts(content, visit(content, "signed_not_received")).values():
        assert "委托" not in text and "代收" not in text
        assert "2026年11月25日“签收”，但我本人没有收到。" in text


def test_a_promise_due_today_is_not_said_to_be_overdue(content):
    iv = visit(content, "not_shipped")
    iv.answers["order_date"] = "2026-11-30"
    iv.answer("promised_ship_date", "48小时", TODAY)  # Nov 30 + 2 days = today
    assert iv.answers["promised_ship_date"] == "2026-12-02"
    for text in all_texts(content, iv).values():
        assert "已超过 0 天" not in text and "到今天仍未发出" in text
        # A parcel never shipped has no tracking number to fill in.
        assert "物流单号" not in text


def test_rude_courier_text_to_tmall_asks_the_courier_for_the_apology(content):
    text = all_texts(content, visit(content, "courier_service", ["apology"]))["tmall"]
    asked = requests_part(text)
    assert "督促快递公司作出说明并道歉" in asked and "督促卖家" not in asked


def test_taobao_rules_are_cited_for_reference_after_the_statutes(content):
    text = all_texts(content, visit(content, "lost"))["seller"]
    assert "依据：《电子商务法》第二十条、《消费者权益保护法》第四十四条；参照《淘宝平台争议处理规则》第十条。" in text
    assert "尽快补发或重新发货；不能补发的，退还货款。" in text  # 丢件 pre-ticks both: one request


def test_a_returning_visitor_gets_the_12305_text_with_what_the_case_recorded(content):
    iv = visit(content, "lost")
    events = ({"n": 1, "kind": "courier_complained", "date": "2026-11-20", "note": "工单号 A123"},
              {"n": 2, "kind": "courier_silent", "date": "2026-11-30", "note": ""},
              {"n": 3, "kind": "seller_contacted", "date": "2026-11-21", "note": ""})
    plan = build_plan(content, iv, TODAY, events)
    # The seller was messaged Nov 21 (2 days over): the order page is the first step today.
    assert default_recipient(content, plan) == "tmall"
    spb = next(s for s in plan.steps if s.channel.id == "spb_12305")
    assert spb in plan.doable_today()  # Nov 20 + 7 = Nov 27: 12305 from Nov 28
    text = build_draft(content, iv, "spb_12305", TODAY, events)
    facts = text.split("事实经过：", 1)[1].split("依据：", 1)[0]
    assert "2026年11月20日，我向快递公司投诉。（我记下的：“工单号 A123”）" in facts
    assert "截至2026年11月30日，快递公司仍没有答复，或投诉电话无法接通。" in facts
    # In date order with the answers: the order (Nov 20) first, the silence last.
    assert facts.index("下单") < facts.index("我向快递公司投诉") < facts.index("我联系了卖家") < facts.index("仍没有答复")


@pytest.mark.parametrize("problem, qid, chosen, said", [
    ("locker_no_consent", "left_where", ["locker", "station"],
     "2026年11月25日，快递员没有事先征得我同意，就把包裹放在了快递柜、驿站（代收点）。"),
    ("courier_service", "courier_did", ["rude", "extra_fee"], "2026年11月23日，快递员态度恶劣、要求额外付费。"),
    ("lost", "lost_how", ["courier_said"], "关于丢件：快递公司告知包裹已丢失。"),
])
def test_the_grievance_is_asked_and_every_text_says_it(content, problem, qid, chosen, said):
    """Where no date says what went wrong, one required question does: without it the texts
    said only 下单 and 收到包裹."""
    iv = visit(content, problem, incident_date="2026-11-23")
    q = iv.question(qid)
    assert q.required and qid in iv.problem.questions
    with pytest.raises(Exception):
        iv.answer(qid, [], TODAY)  # required: nothing ticked is refused
    iv.answer(qid, chosen, TODAY)
    for who, text in all_texts(content, iv).items():
        assert said in text, who


def test_a_rude_courier_is_not_asked_when_the_parcel_arrived(content):
    iv = Interview(content)
    iv.choose_problem("courier_service")
    assert "delivered_date" not in iv.problem.questions and "incident_date" in iv.problem.questions


def test_a_contact_is_told_to_the_body_it_was_with_as_to_them(content):
    """A letter to the seller says 我联系了你们店铺客服, not 我联系了卖家 — as if about someone
    else; the same contact told to Tmall or 12315 names the seller."""
    iv = visit(content, "lost", seller_contact={"status": "waiting", "date": "2026-11-26", "note": "在查"},
               courier_contact={"status": "unsatisfied", "date": "2026-11-27", "note": ""})
    texts = all_texts(content, iv)
    assert "2026年11月26日，我联系了你们店铺客服，客服表示“在查”，但至今问题没有解决。" in texts["seller"]
    assert "我联系了卖家" not in texts["seller"]
    assert "2026年11月27日，我向你们公司投诉，答复没有解决问题" in texts["courier"]
    for other in ("tmall", "spb_12305"):
        assert "我联系了卖家，对方表示“在查”" in texts[other] and "你们" not in texts[other], other
    assert "我向快递公司投诉" in texts["spb_12305"]
