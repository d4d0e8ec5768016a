"""The visit without a screen (tui.visit): every problem from Welcome to the end, the rules of
each page, the case saved and opened again, and the wipe — fast, with no Textual."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import TODAY
from tests.walk import TYPED, says_the_answers
from tui.core.interview import COMPLAINT, EVIDENCE, PLAN, PROBLEM, REVIEW
from tui.visit import FINISH, WELCOME, Move, Visit


def raw_for(content, qid: str):
    """What the page's fields hand over when a visitor types walk.TYPED."""
    q = content.questions[qid]
    typed = TYPED[qid]
    if q.kind == "tracking":  # the carrier guessed from the number, as the field does
        from tui.core.tracking import guess_carriers

        found = guess_carriers(typed, content.carriers)
        return {"number": typed, "carrier": found[0].id if len(found) == 1 else ""}
    if q.kind == "contact":
        status, day, note = typed
        return {"status": status, "date": day, "note": note}
    if q.kind == "choices":
        return typed if typed is not None else None
    return typed


@pytest.fixture
def visit(content, tmp_path):
    return Visit(content, today=lambda: TODAY, db=tmp_path / "cases", save_dir=tmp_path / "saved")


def walk_to(visit: Visit, problem_id: str, stop: str = "") -> list[str]:
    """Answer every page as walk.TYPED says, until `stop` (or the end); the steps seen."""
    move, seen = Move(visit.step), []
    while move.to not in (FINISH, stop):
        seen.append(move.to)
        if move.to == PROBLEM:
            assert visit.choose_problem(problem_id) == ""
        elif move.to not in (REVIEW, PLAN, EVIDENCE, COMPLAINT):
            qids = visit.interview.questions_on(move.to)
            raws = {q: raw_for(visit.content, q) for q in qids}
            raws = {q: (visit.interview.typed.get(q) if r is None else r) for q, r in raws.items()}
            check = visit.answer_page(move.to, raws)
            if check.doubts and not check.errors:
                check = visit.answer_page(move.to, raws)  # the same answer again is taken as meant
            assert check.ok, (move.to, check)
        elif move.to == REVIEW:
            assert visit.review_check() == ""
        move = visit.forward(move.to)
    return seen


def test_every_problem_walks_from_welcome_to_the_end(content, visit):
    for problem_id in content.problems:
        visit.reset()
        seen = walk_to(visit, problem_id)
        steps = visit.steps()
        assert seen == steps, problem_id  # every step, in order, none twice
        assert visit.number_of(steps[-1]) == visit.total_steps() == len(steps)
        plan = visit.plan()
        assert plan.doable_today() or plan.steps, problem_id
        to = visit.recipient(plan)
        text = visit.complaint(to)
        if "order_no" in visit.interview.problem.questions:
            assert "1234567890123456789" in text.replace(" ", ""), problem_id
        sheet = visit.sheet()
        assert content.problems[problem_id].label in sheet.blocks[0].lines[0].text


@pytest.mark.parametrize("problem_id", ["no_update", "delay", "damaged", "lost", "signed_not_received",
                                        "locker_no_consent", "wrong_items", "courier_service", "not_shipped"])
def test_every_problem_reaches_a_complaint_text_that_says_the_answers(content, visit, tmp_path, problem_id):
    walk_to(visit, problem_id, stop=COMPLAINT)
    text = visit.complaint(visit.recipient())
    problem = content.problems[problem_id]
    says_the_answers(problem, text)
    saved = visit.save_file(content.text("file_complaint"), ".txt", text.encode("utf-8"))
    assert saved.parent == tmp_path / "saved" and saved.read_text(encoding="utf-8") == text
    assert saved.stat().st_mode & 0o777 == 0o600
    assert visit.number_of(COMPLAINT) == visit.total_steps() == 10
    assert visit.forward(COMPLAINT) == Move(FINISH)  # finishing wipes: the front asks first


def test_forward_refuses_what_cannot_be_used_and_keeps_it(content, visit):
    walk_to(visit, "delay", stop="order")
    raws = {q: raw_for(content, q) for q in visit.interview.questions_on("order")}
    check = visit.answer_page("order", {**raws, "order_date": "明年"})
    assert not check.ok and list(check.errors) == ["order_date"] and check.first == "order_date"
    assert visit.interview.typed["order_date"] == "明年"  # kept as typed, to correct
    assert visit.interview.answers["order_no"] == "1234567890123456789"  # the others are kept too
    assert visit.step == "order"  # nothing moved


def test_an_odd_answer_is_asked_about_once(content, visit):
    walk_to(visit, "delay", stop="order")
    raws = {q: raw_for(content, q) for q in visit.interview.questions_on("order")}
    raws["order_no"] = "1234567890"  # possible, but not the usual 16–20 digits
    first = visit.answer_page("order", raws)
    assert first.doubts and not first.errors and first.first == "order_no"
    assert visit.answer_page("order", raws).ok  # the same again: meant
    raws["order_no"] = "12345678901"
    assert visit.answer_page("order", raws).doubts  # another odd one is asked about again


def test_back_from_the_first_step_is_welcome_and_keeps_the_answers(visit):
    walk_to(visit, "delay", stop="order")
    visit.answer_page("order", {"order_date": "明年"}, forward=False)  # going back checks nothing
    assert visit.back("order") == Move(PROBLEM)
    assert visit.back(PROBLEM) == Move(WELCOME)
    assert visit.step == PROBLEM
    assert visit.interview.typed["order_date"] == "明年"


def test_a_change_from_the_check_page_goes_back_to_its_row(content, visit):
    walk_to(visit, "delay", stop=PLAN)
    position = visit.position
    assert visit.edit("order") == Move("order", editing=True)
    assert visit.number_of("order", editing=True) == visit.number_of(REVIEW)
    assert visit.forward("order", editing=True) == Move(REVIEW, land_on="order")
    assert visit.position == position  # still on the check page
    # A change that makes a later answer wrong (promised before the order) holds the
    # visitor on the check page, naming the question.
    raws = {q: raw_for(content, q) for q in visit.interview.questions_on("order")}
    assert visit.answer_page("order", {**raws, "order_date": "11月25日"}).ok
    said = visit.review_check()
    assert said and content.questions["promised_date"].prompt in said


def test_the_finish_question_says_only_what_this_visit_has(content, visit):
    t = content.text
    assert visit.finish_words() == t("finish_confirm")
    walk_to(visit, "delay", stop=EVIDENCE)
    assert t("finish_keep_case") in visit.finish_words()
    visit.save_case()
    assert t("finish_keep_case") not in visit.finish_words()


def test_a_saved_case_opens_at_another_visit_with_its_plan(content, visit, tmp_path):
    walk_to(visit, "no_update", stop=EVIDENCE)
    code, pin = visit.save_case()
    assert pin and visit.save_case() == (code, None)  # saved again: same case, no PIN shown
    before = visit.plan()
    visit.reset()
    assert visit.case is None and visit.interview.problem_id is None and visit.step == PROBLEM
    later = Visit(content, today=lambda: TODAY, db=tmp_path / "cases")
    wrong = later.failure(lambda: later.open_case(code, "000000" if pin != "000000" else "111111"))
    assert wrong and later.case is None
    assert later.failure(lambda: later.open_case(code, pin)) == ""
    assert later.interview.problem_id == "no_update"
    assert [s.channel.id for s in later.plan().steps] == [s.channel.id for s in before.steps]
    later.record_event("courier_complained", TODAY.isoformat(), "说在查")
    assert len(later.case.events) == 1 and later.events()
    later.undo_last_event(1)
    assert not later.events()


def test_a_store_that_cannot_be_written_is_a_message_not_a_crash(content, tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("x")
    visit = Visit(content, today=lambda: TODAY, db=blocked / "cases")
    walk_to(visit, "delay", stop=EVIDENCE)
    said = visit.failure(visit.save_case)
    assert said and "Traceback" not in said and visit.case is None


def test_the_wipe_forgets_the_visitor(visit):
    walk_to(visit, "damaged", stop=COMPLAINT)
    visit.help_asked, visit.prints = True, 2
    wipes = visit.wipes
    visit.reset()
    assert (visit.interview.answers, visit.interview.typed, visit.case, visit.prints, visit.help_asked,
            visit.position, visit.accepted) == ({}, {}, None, 0, False, 0, {})
    assert visit.wipes == wipes + 1


def test_the_visit_imports_no_front():
    code = ("import tui.visit, sys; print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'rich'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_an_unattended_desk_warns_then_wipes_and_welcome_wipes_what_was_left(visit):
    from tui.visit.visit import IDLE_AFTER, IDLE_GRACE, WARN, WELCOME_WIPE, WIPE

    assert visit.unattended(IDLE_AFTER - 1, on_welcome=False) == ("", 0)
    assert visit.unattended(IDLE_AFTER, on_welcome=False) == (WARN, IDLE_GRACE)
    assert visit.unattended(IDLE_AFTER + IDLE_GRACE - 4, on_welcome=False) == (WARN, 4)
    assert visit.unattended(IDLE_AFTER + IDLE_GRACE, on_welcome=False) == (WIPE, 0)
    # On Welcome nothing to wipe is nothing to do, however long; answers left there go after
    # WELCOME_WIPE, with no warning (whoever stands there next did not type them).
    assert visit.unattended(10_000, on_welcome=True) == ("", 0)
    walk_to(visit, "delay", stop="order")
    assert visit.unattended(WELCOME_WIPE - 1, on_welcome=True) == ("", 0)
    assert visit.unattended(WELCOME_WIPE, on_welcome=True) == (WIPE, 0)
    assert visit.unattended(5, on_welcome=False, after=3, grace=4) == (WARN, 2)


def test_evidence_and_the_complaint_text_kept_only_as_the_visitor_left_them(content, visit):
    walk_to(visit, "damaged", stop=EVIDENCE)
    visit.tick_evidence(["damage_photos", "seller_chat", "no_such_item", "pickup_sms"])  # the last: not this problem's
    assert visit.interview.evidence_ticked == {"damage_photos", "seller_chat"}
    to = visit.recipient()
    drafted = visit.complaint(to)
    assert "内件损坏的照片或开箱视频" in drafted  # the words of a ticked id, in the text
    visit.keep_complaint(to, drafted + "补充一句。", drafted)
    assert visit.complaint(to).endswith("补充一句。")
    visit.keep_complaint(to, drafted, drafted)  # back to the draft: the draft follows the answers again
    assert to not in visit.interview.complaint_texts
    visit.choose_recipient("spb_12305")
    assert visit.recipient() == "spb_12305" and "12305" in visit.sheet().blocks[-1].heading


def test_a_doubt_from_another_answer_is_asked_again_when_that_answer_changed(content, visit):
    walk_to(visit, "damaged", stop="contacts")
    raws = {q: raw_for(content, q) for q in visit.interview.questions_on("contacts")}
    raws["seller_contact"] = {"status": "waiting", "date": "11月10日", "note": ""}  # before the delivery (11月15日)
    assert "seller_contact" in visit.answer_page("contacts", raws).doubts
    assert visit.answer_page("contacts", raws).ok  # meant
    visit.answer_page("delivered_date", {"delivered_date": "11月12日"})  # the other date moved
    assert "seller_contact" in visit.answer_page("contacts", raws).doubts  # asked anew


def test_new_content_is_the_next_visitors(content, visit):
    from dataclasses import replace

    walk_to(visit, "delay", stop="order")
    changed = replace(content, texts={**content.texts, "goodbye": "再见"})
    visit.use_content(changed)
    visit.reset()
    assert visit.content is changed and visit.interview.content is changed and visit.t("goodbye") == "再见"
