"""Provides the interview: the chosen problem, the steps of the flow, what the visitor typed
(kept even when wrong) and the checked answers, with messages for bad input."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from .content import Content, Problem, Question
from .dates import DateError, format_date, parse_date
from .plaintext import plain_tree
from .tracking import ORDER_NO_USUAL, NumberError, check_order_no, check_tracking_no

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
    evidence_ticked: set[str] = field(default_factory=set)  # ids (Content.evidence)
    # Recipient id → the complaint text as the visitor edited it (absent while untouched).
    complaint_texts: dict[str, str] = field(default_factory=dict)
    complaint_to: str = ""  # the recipient last chosen on the complaint text screen (printed)

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

    def t(self, key: str, **values: object) -> str:
        """A visitor-facing sentence from content/i18n."""
        return self.content.text(key, **values)

    def questions_on(self, step: str) -> list[str]:
        """The questions this problem asks on the screen `step`, in the page's order."""
        page = self.content.pages.get(step)
        if page is None:
            return [step]
        return [q for q in page.questions if self.problem and q in self.problem.questions]

    def choose_problem(self, problem_id: str) -> None:
        if problem_id not in self.content.problems:
            raise AnswerError(self.t("answer_choose_problem"))
        if problem_id != self.problem_id:
            self.problem_id = problem_id
            # The wants list depends on the problem: offer its usual requests unless the
            # visitor already chose some.
            if "want" not in self.typed:
                self.typed["want"] = list(self.problem.wants)

    def supposing(self, problem_id: str) -> Interview:
        """A copy of these answers as they would be with `problem_id` chosen (a screen can be
        built ahead from it); this one is left as it is."""
        trial = replace(self, answers=dict(self.answers), typed=dict(self.typed),
                        evidence_ticked=set(self.evidence_ticked), complaint_texts=dict(self.complaint_texts))
        trial.choose_problem(problem_id)
        return trial

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
            raise AnswerError(e.message(self.content.text)) from None

    def answer(self, qid: str, raw: Any, today: date) -> Any:
        """Keep `raw` as typed; store its checked value, or raise AnswerError."""
        # Checked as typed (an escape code in an order number is refused with a message);
        # kept without control sequences, since it is shown again later (tui.core.plaintext).
        self.typed[qid] = plain_tree(raw)
        value = plain_tree(self.check(qid, raw, today))
        self.answers[qid] = value
        return value

    def doubts(self, qids, forward: str = "") -> dict[str, str]:
        """Answers that may well be right but look odd — contacting the seller before a damaged
        parcel arrived, an order number of an unusual length — with a question for the
        visitor. Asked, never refused. `forward` names the button that goes on from here."""
        after = self.problem.contacts_after if self.problem else ""
        base = self.date_of(after) if after else None
        found = {}
        number = self.answers.get("order_no") or ""
        if "order_no" in qids and number and not ORDER_NO_USUAL[0] <= len(number) <= ORDER_NO_USUAL[1]:
            found["order_no"] = self.content.text("order_no_doubt", n=len(number))
        for qid in qids if base else ():
            if self.question(qid).kind == "contact" and (day := self.date_of(qid)) and day < base:
                found[qid] = self.content.text("contact_before", date=format_date(day), other=format_date(base),
                                               what=self.question(after).prompt.rstrip("？?"),
                                               forward=forward or self.content.text("next"))
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
            raise AnswerError(self.t("answer_date_future", what=what, date=format_date(d), today=format_date(today)))
        for other in q.not_before:
            earlier = self.date_of(other)
            if earlier and d < earlier:
                name = self.question(other).prompt.rstrip("？?")
                raise AnswerError(self.t("answer_date_before", what=what, date=format_date(d), other=name,
                                         earlier=format_date(earlier)))
        if d.year < today.year - 10:
            raise AnswerError(self.t("answer_date_old", date=format_date(d)))
        return d


def _check_date(iv: Interview, q: Question, raw: Any, today: date) -> str:
    return iv._checked_date(q, str(raw or ""), today, iv.t("answer_this_date")).isoformat()


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
        raise AnswerError(iv.t("answer_tracking_needed"))
    return {"number": number, "carrier": carrier}


def _check_contact(iv: Interview, q: Question, raw: Any, today: date) -> dict:
    raw = raw if isinstance(raw, dict) else {}
    status = raw.get("status") or ""
    if q.option(status) is None:
        raise AnswerError(iv.t("answer_choose_one_of", options=" / ".join(o.label for o in q.options)))
    note = str(raw.get("note", "")).strip()
    if len(note) > NOTE_LIMIT:
        raise AnswerError(iv.t("answer_note_too_long", most=NOTE_LIMIT, n=len(note)))
    if status == "no":
        return {"status": "no", "date": "", "note": ""}
    d = iv._checked_date(q, str(raw.get("date", "")), today, iv.t("answer_contact_date"))
    return {"status": status, "date": d.isoformat(), "note": note}


def _check_choices(iv: Interview, q: Question, raw: Any, today: date) -> list[str]:
    chosen = [c for c in (raw or []) if q.option(c) is not None]
    if q.required and not chosen:
        raise AnswerError(iv.t("answer_choose_some"))
    return [o.id for o in q.options if o.id in chosen]  # content order, whatever the click order


def _check_text(iv: Interview, q: Question, raw: Any, today: date) -> str:
    text = str(raw or "").strip()
    if q.required and not text:
        raise AnswerError(iv.t("answer_needed"))
    if len(text) > q.max_length:
        raise AnswerError(iv.t("answer_text_too_long", most=q.max_length, n=len(text)))
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
    if q.kind == "order_no" and value:
        # In fours, as the help desk reads it out: 1234 5678 9012 3456 789.
        return " ".join(value[i:i + 4] for i in range(0, len(value), 4))
    if q.kind == "tracking":
        carrier = interview.content.carriers.get(value["carrier"])
        name = carrier.name if carrier else interview.t("shown_carrier_unknown")
        return interview.t("shown_tracking" if value["number"] else "shown_no_tracking", number=value["number"], carrier=name)
    if q.kind == "contact":
        label = q.option(value["status"]).label
        if value["status"] == "no":
            return label
        note = interview.t("shown_note", note=value["note"]) if value["note"] else ""
        return interview.t("shown_contact", label=label, date=format_date(date.fromisoformat(value["date"])), note=note)
    if q.kind == "choices":
        return "、".join(q.option(v).label for v in value)
    return value or interview.t("shown_empty")
