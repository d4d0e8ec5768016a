"""Provides what a saved case means today: its interview restored, the events a visitor may
record on it (checked), its timeline, and the next step with its deadline in plain words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .content import Content, EventKind
from .dates import DateError, format_date, parse_date
from .interview import NOTE_LIMIT, AnswerError, Interview
from .plan import NOW, WAITING, Plan

OPEN, RESOLVED, ABANDONED = "open", "resolved", "abandoned"


def restore(content: Content, problem: str, answers: dict) -> Interview:
    """The interview a case was saved from. Answers to questions the content no longer has
    are dropped, so edited content never breaks an old case."""
    interview = Interview(content)
    if problem in content.problems:
        interview.problem_id = problem
        interview.answers = {q: v for q, v in answers.items()
                             if q in content.problems[problem].questions and _still_fits(content.questions[q], v)}
    return interview


def _still_fits(question, value) -> bool:
    """False for an answer whose choice the content no longer offers (a contact status, a
    tick): the question is then asked as unanswered rather than breaking the case."""
    if question.kind == "contact":
        return isinstance(value, dict) and question.option(value.get("status", "")) is not None
    if question.kind == "choices":
        return isinstance(value, list) and all(question.option(v) is not None for v in value)
    return True


def kinds_for(content: Content, interview: Interview) -> list[EventKind]:
    """The events worth offering for this case: those about a step of its plan, and those
    about no channel (a refund or compensation for a track the case has, solved). Undo has a
    button of its own; kinds kept only for old cases are not offered."""
    ladder = {r.channel for r in interview.problem.ladder}
    tracks = {t for t, _ in interview.problem.tracks}
    return [k for k in content.events.values()
            if k.offered and k.effect != "undo" and (not k.track or k.track in tracks)
            and (not k.channels or ladder.intersection(k.channels))]


def _effect(content: Content, event: dict) -> str:
    kind = content.events.get(event["kind"])
    return kind.effect if kind else ""


def undone(content: Content, events: tuple[dict, ...]) -> set[int]:
    """The numbers of the events a visitor took back."""
    # isdecimal and ASCII: "²" is a digit to Python, and int() refuses it.
    return {int(e["note"]) for e in events
            if _effect(content, e) == "undo" and str(e["note"]).isascii() and str(e["note"]).isdecimal()}


def active(content: Content, events: tuple[dict, ...]) -> tuple[dict, ...]:
    """The events that count for the plan: neither taken back nor an undo themselves.
    Nothing is ever deleted: the timeline still shows what was taken back."""
    gone = undone(content, events)
    return tuple(e for e in events if e["n"] not in gone and _effect(content, e) != "undo")


def contradiction(content: Content, events: tuple[dict, ...], kind_id: str, day: str) -> str:
    """A message when a new event says the opposite of one recorded for the same channel
    on the same day ("answered" and "still silent"); "" when it does not."""
    kind = content.events[kind_id]
    opposite = {"answered": "silent", "silent": "answered"}.get(kind.effect)
    for e in active(content, events) if opposite else ():
        other = content.events.get(e["kind"])
        if other and other.effect == opposite and e["date"] == day and set(other.channels) & set(kind.channels):
            return content.text("event_contradicts", other=other.label, this=kind.label)
    return ""


def check_event(content: Content, interview: Interview, kind_id: str, typed_date: str, note: str,
                today: date) -> tuple[str, str]:
    """(ISO date, note) for a new event, or AnswerError with the message for the visitor."""
    if kind_id not in content.events:
        raise AnswerError(content.text("event_choose"))
    try:
        day = parse_date(typed_date, today)
    except DateError as e:
        raise AnswerError(e.message(content.text)) from None
    if day > today:
        raise AnswerError(content.text("event_future", date=format_date(day), today=format_date(today)))
    order_day = interview.date_of("order_date")
    if order_day and day < order_day:
        raise AnswerError(content.text("event_before_order", date=format_date(day), order=format_date(order_day)))
    note = note.strip()
    if len(note) > NOTE_LIMIT:
        raise AnswerError(content.text("event_note_too_long", most=NOTE_LIMIT, n=len(note)))
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
    gone = undone(content, events)
    for e in events:
        kind = content.events.get(e["kind"])
        if kind and kind.effect == "undo":
            continue  # shown on the event it took back
        what = kind.label if kind else e["kind"]
        if e["n"] in gone:
            what += content.text("event_undone")
        entries.append((e["date"], e["n"], Entry(date.fromisoformat(e["date"]), what, e.get("note", ""))))
    return [entry for *_, entry in sorted(entries, key=lambda x: (x[0], x[1]))]


def next_step(content: Content, plan: Plan, today: date, status: str = OPEN) -> list[str]:
    """What to do now and by when, track by track, in plain words, for the top of the case
    screen: each track moves on its own. Per track: every step that can be taken today and
    every one waited on, else the next one and its date."""
    text = content.text
    if status == RESOLVED:
        return [text("case_is_resolved")]
    if status == ABANDONED:
        return [text("case_is_abandoned")]
    lines = []
    for track in plan.tracks:
        lines.append(text("track_heading", track=track.name))
        if track.ended:
            lines.append(text("track_ended_line", ending=track.ended))
            continue
        active = [s for s in track.steps if s.state in (NOW, WAITING)]
        if not active and track.current:
            active = [track.current]
        if not active:
            lines.append(text("track_all_used"))
        for step in active:
            lines.append(step.when)
            lines += step.waiting
            if step.state == NOW or step.reason:
                lines += [text("track_line", track=step.channel.short, what=d) for d in step.deadlines]
    return lines
