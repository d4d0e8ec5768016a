"""Provides the interview: the chosen problem, the steps of the flow, what the visitor typed
(kept even when wrong) and the checked answers, with messages for bad input."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from .content import Content, Problem, Question
from .dates import DateError, format_date, parse_date
from .plaintext import plain_tree
from .tracking import NumberError, check_order_no, check_tracking_no

UNKNOWN_CARRIER = "unknown"
# "48小时", "3天内", "72小时内发货": a time counted from an earlier date (Question.counts_from).
_WITHIN = re.compile(r"(\d{1,3})\s*(小时|天|日)\s*(?:内|以内|之内)?\s*(?:发货|发出)?")
NOTE_LIMIT = 200

# The fixed steps after the questions; the words match the screens. The answers are checked
# before the plan is shown, and the wipe comes only after the complaint text.
PLAN, EVIDENCE, COMPLAINT, REVIEW = "plan", "evidence", "complaint", "review"
PROBLEM = "problem"
AFTER_QUESTIONS = (REVIEW, PLAN, EVIDENCE, COMPLAINT)


class AnswerError(ValueError):
    """An answer that cannot be used; the message is for the visitor, in Chinese."""


@dataclass
class Interview:
    """One visitor's answers. `typed` keeps what each screen last held, right or wrong,
    so that going back and forth never loses a keystroke; `answers` holds checked values."""

    content: Content
    problem_id: str | None = None
    answers: dict[str, Any] = field(default_factory=dict)
    typed: dict[str, Any] = field(default_factory=dict)
    evidence_ticked: set[str] = field(default_factory=set)
    # Recipient id → the complaint text as the visitor edited it (absent while untouched).
    complaint_texts: dict[str, str] = field(default_factory=dict)

    @property
    def problem(self) -> Problem | None:
        return self.content.problems.get(self.problem_id or "")

    def steps(self) -> list[str]:
        """The screens of the flow: questions on a page share one step, named by the page."""
        asked: list[str] = []
        for qid in self.problem.questions if self.problem else ():
            step = self.content.page_of(qid)
            if step not in asked:
                asked.append(step)
        return [PROBLEM, *asked, *AFTER_QUESTIONS]

    def questions_on(self, step: str) -> list[str]:
        """The questions this problem asks on the screen `step`, in the page's order."""
        page = self.content.pages.get(step)
        if page is None:
            return [step]
        return [q for q in page.questions if self.problem and q in self.problem.questions]

    def choose_problem(self, problem_id: str) -> None:
        if problem_id not in self.content.problems:
            raise AnswerError("请选择一种情况。")
        if problem_id != self.problem_id:
            self.problem_id = problem_id
            # The wants list depends on the problem: offer its usual requests unless the
            # visitor already chose some.
            if "want" not in self.typed:
                self.typed["want"] = list(self.problem.wants)

    def question(self, qid: str) -> Question:
        return self.content.questions[qid]

    def date_of(self, qid: str) -> date | None:
        value = self.answers.get(qid)
        if isinstance(value, dict):  # contact answers carry a date too
            value = value.get("date")
        return date.fromisoformat(value) if value else None

    def answered(self, qid: str) -> bool:
        return qid in self.answers

    def missing(self) -> list[str]:
        """Questions of this problem that still have no checked answer."""
        return [q for q in (self.problem.questions if self.problem else ()) if q not in self.answers]

    # --- checking -------------------------------------------------------------------

    def check(self, qid: str, raw: Any, today: date) -> Any:
        """The checked value of `raw` for question `qid`, or AnswerError for the visitor."""
        q = self.question(qid)
        try:
            return _CHECKS[q.kind](self, q, raw, today)
        except DateError as e:
            raise AnswerError(e.message(self.content.text)) from None
        except NumberError as e:
            raise AnswerError(str(e)) from None

    def answer(self, qid: str, raw: Any, today: date) -> Any:
        """Keep `raw` as typed; store its checked value, or raise AnswerError."""
        # Checked as typed (an escape code in an order number is refused with a message);
        # kept without control sequences, since it is shown again later (tui.core.plaintext).
        self.typed[qid] = plain_tree(raw)
        value = plain_tree(self.check(qid, raw, today))
        self.answers[qid] = value
        return value

    def doubts(self, qids) -> dict[str, str]:
        """Answers that may well be right but look odd beside another — contacting the seller
        before a damaged parcel arrived — with a question for the visitor. Asked, never
        refused."""
        after = self.problem.contacts_after if self.problem else ""
        base = self.date_of(after) if after else None
        found = {}
        for qid in qids if base else ():
            if self.question(qid).kind == "contact" and (day := self.date_of(qid)) and day < base:
                found[qid] = self.content.text("contact_before", date=format_date(day), other=format_date(base),
                                               what=self.question(after).prompt.rstrip("？?"))
        return found

    def conflicts(self, today: date) -> dict[str, str]:
        """Answers that no longer fit after another answer changed (e.g. an order date
        moved after the delivery date), with the message for each."""
        found = {}
        for qid in self.problem.questions if self.problem else ():
            if qid in self.typed and qid in self.answers:
                try:
                    self.check(qid, self.typed[qid], today)
                except AnswerError as e:
                    found[qid] = str(e)
        return found

    def read_date(self, q: Question, text: str, today: date) -> date:
        """The date `text` means as the answer to `q`, or DateError: "48小时" or "3天内" count
        from an earlier answer where the question says so (a promised shipping time), and a
        question about a day still to come may be answered with one."""
        s = unicodedata.normalize("NFKC", text).strip()
        if q.counts_from and (m := _WITHIN.fullmatch(s)):
            base = self.date_of(q.counts_from)
            if base is None:
                raise DateError("counts_from_missing", question=self.question(q.counts_from).prompt)
            n = int(m.group(1))
            return base + timedelta(days=-(-n // 24) if m.group(2) == "小时" else n)  # 48小时 = 2 days, 50 = 3
        return parse_date(text, today, future_ok=bool(q.if_future))

    def _checked_date(self, q: Question, text: str, today: date, what: str) -> date:
        d = self.read_date(q, text, today)
        if d > today and q.if_future:
            raise AnswerError(q.if_future.replace("{date}", format_date(d)))
        if d > today:
            raise AnswerError(f"{what}是 {format_date(d)}，在今天（{format_date(today)}）之后。请填写已经发生的日期。")
        for other in q.not_before:
            earlier = self.date_of(other)
            if earlier and d < earlier:
                name = self.question(other).prompt.rstrip("？?")
                raise AnswerError(f"{what}（{format_date(d)}）早于“{name}”的答案 {format_date(earlier)}。请核对两个日期。")
        if d.year < today.year - 10:
            raise AnswerError(f"{format_date(d)} 是十多年前，请核对年份。")
        return d


def _check_date(iv: Interview, q: Question, raw: Any, today: date) -> str:
    return iv._checked_date(q, str(raw or ""), today, "这个日期").isoformat()


def _check_order_no(iv: Interview, q: Question, raw: Any, today: date) -> str:
    if not q.required and not str(raw or "").strip():
        return ""  # not known yet: the complaint text leaves a blank to fill
    return check_order_no(str(raw or ""))


def _check_tracking(iv: Interview, q: Question, raw: Any, today: date) -> dict:
    raw = raw if isinstance(raw, dict) else {}
    number = check_tracking_no(str(raw.get("number", "")))
    carrier = raw.get("carrier") or UNKNOWN_CARRIER
    if carrier != UNKNOWN_CARRIER and carrier not in iv.content.carriers:
        carrier = UNKNOWN_CARRIER
    if q.required and not number:
        raise AnswerError("请填写物流单号（在 订单详情 → 查看物流 里）。")
    return {"number": number, "carrier": carrier}


def _check_contact(iv: Interview, q: Question, raw: Any, today: date) -> dict:
    raw = raw if isinstance(raw, dict) else {}
    status = raw.get("status") or ""
    if q.option(status) is None:
        raise AnswerError("请先选一项：" + " / ".join(o.label for o in q.options) + "。")
    note = str(raw.get("note", "")).strip()
    if len(note) > NOTE_LIMIT:
        raise AnswerError(f"“对方怎么说”最多 {NOTE_LIMIT} 字，现在是 {len(note)} 字。")
    if status == "no":
        return {"status": "no", "date": "", "note": ""}
    d = iv._checked_date(q, str(raw.get("date", "")), today, "联系日期")
    return {"status": status, "date": d.isoformat(), "note": note}


def _check_choices(iv: Interview, q: Question, raw: Any, today: date) -> list[str]:
    chosen = [c for c in (raw or []) if q.option(c) is not None]
    if q.required and not chosen:
        raise AnswerError("请至少选一项。")
    return [o.id for o in q.options if o.id in chosen]  # content order, whatever the click order


def _check_text(iv: Interview, q: Question, raw: Any, today: date) -> str:
    text = str(raw or "").strip()
    if q.required and not text:
        raise AnswerError("请填写这一项。")
    if len(text) > q.max_length:
        raise AnswerError(f"最多 {q.max_length} 字，现在是 {len(text)} 字。请删减一些。")
    return text


_CHECKS = {
    "date": _check_date,
    "order_no": _check_order_no,
    "tracking": _check_tracking,
    "contact": _check_contact,
    "choices": _check_choices,
    "text": _check_text,
}


def shown(interview: Interview, qid: str) -> str:
    """An answer in plain words, for the check-your-answers page ("" if unanswered)."""
    q = interview.question(qid)
    value = interview.answers.get(qid)
    if value is None:
        return ""
    if q.kind == "date":
        return format_date(date.fromisoformat(value))
    if q.kind == "tracking":
        carrier = interview.content.carriers.get(value["carrier"])
        name = carrier.name if carrier else "快递公司未确定"
        return f"{value['number']}（{name}）" if value["number"] else f"没有单号（{name}）"
    if q.kind == "contact":
        label = q.option(value["status"]).label
        if value["status"] == "no":
            return label
        note = f"；备注：{value['note']}" if value["note"] else ""
        return f"{label}，{format_date(date.fromisoformat(value['date']))}{note}"
    if q.kind == "choices":
        return "、".join(q.option(v).label for v in value)
    return value or "（没有填写）"
