"""Provides what a saved case means today: its interview restored, the events a visitor may
record on it (checked), its timeline, and the next step with its deadline in plain words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .content import Content, EventKind
from .dates import DateError, format_date, parse_date
from .deadlines import apply, provisional
from .interview import NOTE_LIMIT, AnswerError, Interview
from .plan import DONE, NOW, PROVISIONAL, WAITING, Plan

OPEN, RESOLVED, ABANDONED = "open", "resolved", "abandoned"


def restore(content: Content, problem: str, answers: dict) -> Interview:
    """The interview a case was saved from. Answers to questions the content no longer has
    are dropped, so edited content never breaks an old case."""
    interview = Interview(content)
    if problem in content.problems:
        interview.problem_id = problem
        interview.answers = {q: v for q, v in answers.items() if q in content.problems[problem].questions}
    return interview


def kinds_for(content: Content, interview: Interview) -> list[EventKind]:
    """The events worth offering for this case: those about a step on its ladder, and
    those about no channel (compensation, solved)."""
    ladder = {r.channel for r in interview.problem.ladder}
    return [k for k in content.events.values() if not k.channels or ladder.intersection(k.channels)]


def check_event(content: Content, interview: Interview, kind_id: str, typed_date: str, note: str,
                today: date) -> tuple[str, str]:
    """(ISO date, note) for a new event, or AnswerError with the message for the visitor."""
    if kind_id not in content.events:
        raise AnswerError("请先选一项：发生了什么。")
    try:
        day = parse_date(typed_date, today)
    except DateError as e:
        raise AnswerError(str(e)) from None
    if day > today:
        raise AnswerError(f"{format_date(day)} 在今天（{format_date(today)}）之后。请填写已经发生的日期。")
    order_day = interview.date_of("order_date")
    if order_day and day < order_day:
        raise AnswerError(f"{format_date(day)} 早于下单日期 {format_date(order_day)}。请核对日期。")
    note = note.strip()
    if len(note) > NOTE_LIMIT:
        raise AnswerError(f"备注最多 {NOTE_LIMIT} 字，现在是 {len(note)} 字。")
    return day.isoformat(), note


@dataclass(frozen=True)
class Entry:
    """One line of the timeline."""

    day: date
    what: str
    note: str


def timeline(content: Content, interview: Interview, events: tuple[dict, ...]) -> list[Entry]:
    """What happened, in date order: the contacts the visitor told the interview, then the
    recorded events (an event whose kind the content no longer has keeps its stored id)."""
    entries = []
    for qid in interview.problem.questions:
        q = interview.question(qid)
        value = interview.answers.get(qid)
        if q.kind == "contact" and isinstance(value, dict) and value.get("status") not in (None, "no"):
            what = f"{interview.content.channels[q.channel].short}：{q.option(value['status']).label}"
            entries.append((value["date"], 0, Entry(date.fromisoformat(value["date"]), what, value.get("note", ""))))
    for e in events:
        kind = content.events.get(e["kind"])
        entries.append((e["date"], e["n"], Entry(date.fromisoformat(e["date"]), kind.label if kind else e["kind"],
                                                 e.get("note", ""))))
    return [entry for *_, entry in sorted(entries, key=lambda x: (x[0], x[1]))]


def _days(n: int) -> str:
    return "今天" if n == 0 else f"{n} 天"


def next_step(content: Content, plan: Plan, today: date, status: str = OPEN) -> list[str]:
    """What to do now and by when, in plain words, for the top of the case screen."""
    if status == RESOLVED:
        return ["这个案件已标记为已解决。如果问题又出现，可以记录新的进展，案件会重新打开。"]
    if status == ABANDONED:
        return ["这个案件已标记为不再处理。如果想继续，记录一条新的进展，案件会重新打开。"]
    current = plan.current
    if current is None:
        return ["计划里的渠道都用过了。可以请工作人员帮忙看看还能做什么。"]
    ch = current.channel
    lines = []
    after = next((s for s in plan.steps[plan.steps.index(current) + 1:] if s.state != DONE), None)
    if current.state == WAITING:
        left = (current.move_on - today).days
        answer = content.rules.get(ch.answer)
        if answer and current.used_on:
            lines.append(f"{ch.short}：{answer.describe()}，也就是 {format_date(apply(answer, current.used_on))} 前。"
                         + (PROVISIONAL if provisional(answer, current.used_on) else ""))
        else:
            lines.append(f"{ch.short}还有 {_days(left)}答复期限（到 {format_date(current.move_on)}）。" if left
                         else f"今天是等{ch.short}答复的最后一天。")
        if after:
            lines.append(f"到 {format_date(current.move_on)} 仍没有解决，就可以{after.channel.act}。")
    else:
        start = current.start_on or today
        lead = "今天起" if start <= today else f"{format_date(start)} 起"
        lines.append(f"{lead}可以{ch.act}。")
        if current.move_on and after:
            lines.append(f"到 {format_date(current.move_on)} 仍没有解决，就可以{after.channel.act}。")
    window = content.rules.get(ch.window) if current.state == NOW else None
    for line in current.deadlines:
        if window and line.startswith("最晚"):
            lines.append(f"{ch.short}：{line}")
    return lines
