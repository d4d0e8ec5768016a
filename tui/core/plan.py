"""Provides the plan: the problem's tracks (the purchase: seller, Tmall, 12315 …; the delivery
service: courier, 12305), each turned into dated steps on its own clock from the visitor's
answers and a saved case's events."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from .content import Channel, Content, Problem, Rule, Rung
from .dates import format_date
from .deadlines import apply, move_on_day, provisional, waits_end
from .interview import UNKNOWN_CARRIER, Interview
from .tracking import guess_carriers

DONE, WAITING, NOW, LATER, SKIPPED, EXPIRED = "done", "waiting", "now", "later", "skipped", "expired"
# How each state is named to the visitor (content/i18n keys), on the plan and the case screen.
STATE_TEXT = {DONE: "plan_done", WAITING: "plan_waiting", NOW: "plan_now", LATER: "plan_later", SKIPPED: "plan_skipped",
              EXPIRED: "plan_expired"}
# The summary's timeline draws each state with its own character: readable without colour.
GLYPH = {DONE: "✓", WAITING: "◐", NOW: "▶", LATER: "○", SKIPPED: "–", EXPIRED: "✗"}


@dataclass(frozen=True)
class Limit:
    """The visitor's own last day for a step: a channel's window (12305 within 1 year, 12315
    within 3, the court's limitation) or a step's own clock (the 7-day return)."""

    rule: Rule
    last: date  # counted from the earliest day it can run from: never later than the real limit
    latest: date  # counted from the latest day the visitor named: the limit cannot end later
    own: bool  # a step's own clock: the step is today while it is open

    def passed(self, today: date) -> bool:
        return self.last < today


@dataclass(frozen=True)
class Step:
    """One step of a track, for this case."""

    channel: Channel
    why: str
    track: str
    state: str  # done | waiting | now | later | skipped
    used_on: date | None  # when the visitor used this channel, if they did
    start_on: date | None  # the first day to use it (steps not yet taken)
    wait_end: date | None  # the last day of the wait (answer period or advice) after using it
    move_on: date | None  # from this day, take the track's next step if still unresolved
    when: str  # when to use it, in one short sentence
    phone: str
    phone_note: str
    phone_sure: bool  # False: shown with 未核实 / 以官方页面为准
    deadlines: tuple[str, ...]  # the visitor's own time limits for this channel
    tips: tuple[str, ...]
    advice: bool  # the wait is the help desk's suggestion, not a legal period
    act: str = ""  # the step as a verb phrase ("在天猫订单页申请售后…")
    # Why this step is today although the advice would wait ("期限快到了：…最晚 …"), or the
    # clock it runs against; "" when none.
    reason: str = ""
    limit: Limit | None = None
    urgency: str = ""  # what the limit does to it: "soon" (closes first), "open" (the return), "maybe" (may have passed)
    # The wait after it and the day to move on, a line each below `when` (the wait's law,
    # its note, the next step), so the short sentence is not buried in a legal paragraph.
    waiting: tuple[str, ...] = ()

    @property
    def words(self) -> str:
        """`when` and the wait lines as one text, to search what a step says of its days."""
        return "\n".join((self.when, *self.waiting))


@dataclass(frozen=True)
class Track:
    id: str  # purchase | delivery
    name: str
    steps: tuple[Step, ...]
    ended: str = ""  # what ended this track ("2026年12月1日 收到了退款"), "" while it runs

    @property
    def current(self) -> Step | None:
        """The step to act on (or wait on) now in this track: the last one waited on, else
        the first that can be taken."""
        waiting = [s for s in self.steps if s.state == WAITING]
        return waiting[-1] if waiting else next((s for s in self.steps if s.state in (NOW, LATER)), None)


@dataclass(frozen=True)
class Plan:
    tracks: tuple[Track, ...]
    today: date
    problem: Problem

    @property
    def steps(self) -> tuple[Step, ...]:
        return tuple(s for t in self.tracks for s in t.steps)

    def doable_today(self) -> list[Step]:
        """Every step that can be taken today, in every track."""
        return [s for s in self.steps if s.state == NOW]


def _contacts(content: Content, interview: Interview, events: tuple[dict, ...]) -> dict[str, dict]:
    """Channel id → {status, date}: the channels the visitor already used, from the
    interview's contact answers and then from the case's events in date order."""
    found = {}
    for qid in interview.problem.questions:
        q = interview.question(qid)
        value = interview.answers.get(qid)
        if q.kind == "contact" and isinstance(value, dict) and value.get("status") not in (None, "no"):
            found[q.channel] = {"status": value["status"], "date": value["date"]}
    on_plan = [r.channel for r in interview.problem.ladder]
    for event in sorted(events, key=lambda e: (e["date"], e["n"])):
        kind = content.events.get(event["kind"])
        if kind is None or kind.effect not in ("contacted", "answered", "silent"):
            continue
        # Of the event's channels, the one already in use, else the first in this plan.
        used = [c for c in kind.channels if c in found and c in on_plan]
        planned = [c for c in kind.channels if c in on_plan]
        if not (used or planned):
            continue  # about a channel this problem's plan does not have: timeline only
        channel = (used or planned)[0]
        before = found.get(channel)
        if kind.effect == "contacted":
            # Contacting again while still waiting does not restart the clock; after an
            # answer that did not help, it is a new request with its own wait.
            if before is None or before["status"] != "waiting":
                found[channel] = {"status": "waiting", "date": event["date"]}
        elif kind.effect == "answered":
            # The filing date stays the one the answer deadline counts from.
            found[channel] = {"status": "unsatisfied", "date": before["date"] if before else event["date"]}
        elif before is None:  # silent, with no contact recorded: wait from this day
            found[channel] = {"status": "waiting", "date": event["date"]}
    return found


def courier_phone(content: Content, interview: Interview) -> tuple[str, str, bool]:
    """(phone, note, sure) for the courier: the carrier's hotline once it is known; when
    the number fits several carriers, each of their hotlines, never one chosen for them."""
    text = content.text
    tracking = interview.answers.get("tracking") or {}
    carrier = content.carriers.get(tracking.get("carrier", UNKNOWN_CARRIER))
    if carrier is None:
        guesses = [c for c in guess_carriers(tracking.get("number", ""), content.carriers) if c.hotline]
        if len(guesses) > 1:
            names = text("list_or").join(f"{c.name} {c.hotline}" for c in guesses)
            return "", text("courier_maybe", names=names), False
        return "", text("courier_unknown"), True
    if not carrier.hotline:
        return "", text("courier_unverified", name=carrier.name), True
    return carrier.hotline, text("courier_hotline", name=carrier.name), carrier.confidence == "high"


def build_plan(content: Content, interview: Interview, today: date, events: tuple[dict, ...] = ()) -> Plan:
    """Turn the answers (and a saved case's events) into dated steps, track by track. Each
    track has its own clock: a step not yet taken starts when the one before it may be
    left (or the same day, where content says so), so the visitor sees a real calendar —
    unless one of the visitor's own limits would close first: then that step is today."""
    contacts = _contacts(content, interview, events)
    ended = _endings(content, events)
    order_day = interview.date_of("order_date") or today
    tracks = []
    for track_id, rungs in interview.problem.tracks:
        steps = _track(content, interview, rungs, track_id, contacts, today, order_day)
        ending = ""
        if track_id in ended:
            day, label = ended[track_id]
            ending = content.text("track_ended_by", date=format_date(day, weekday=False), what=label)
            steps = [_after_ending(content, s, ending) for s in steps]
        tracks.append(Track(track_id, content.text(f"track_{track_id}"), tuple(steps), ending))
    return Plan(tuple(tracks), today, interview.problem)


def _endings(content: Content, events: tuple[dict, ...]) -> dict[str, tuple[date, str]]:
    """Track id → (day, label) of the first event that ended it: a refund, a resend or
    compensation received ends the purchase track; the courier's compensation the delivery's."""
    found: dict[str, tuple[date, str]] = {}
    for event in sorted(events, key=lambda e: (e["date"], e["n"])):
        kind = content.events.get(event["kind"])
        if kind and kind.effect == "remedied" and kind.track not in found:
            found[kind.track] = (date.fromisoformat(event["date"]), kind.label)
    return found


def _after_ending(content: Content, step: Step, ending: str) -> Step:
    """A step of a track that has ended: a channel used is done; nothing else is needed."""
    if step.used_on:
        return replace(step, state=DONE, reason="", urgency="")
    return replace(step, state=SKIPPED, when=content.text("when_track_ended", ending=ending), reason="", urgency="",
                   deadlines=())


def _limit(content: Content, interview: Interview, ch: Channel, rung: Rung, order_day: date) -> Limit | None:
    """The visitor's own last day for this step, if it has one. A channel's window runs from
    the order date (the earliest its dispute can start); the latest reading runs from the last
    date the visitor gave. Never moved past a holiday: the day shown is never too late."""
    if rung.window:
        start = interview.date_of(rung.window_from)
        if start is None:
            return None
        rule = content.rules[rung.window]
        last = apply(rule, start)
        return Limit(rule, last, last, own=True)
    if not ch.window:
        return None
    rule = content.rules[ch.window]
    dates = [d for q in interview.problem.questions
             if interview.question(q).kind == "date" and (d := interview.date_of(q))]
    return Limit(rule, apply(rule, order_day), apply(rule, max(dates, default=order_day)), own=False)


def _track(content: Content, interview: Interview, rungs: tuple[Rung, ...], track: str,
           contacts: dict[str, dict], today: date, order_day: date) -> list[Step]:
    text = content.text
    # Within one track, a visitor who already went further need not go back down. (Never
    # across tracks: a courier complaint makes no seller or Tmall step unnecessary.)
    furthest_used = max((i for i, r in enumerate(rungs) if r.channel in contacts), default=-1)
    steps: list[Step] = []
    cursor = today  # the earliest day the next untaken step can start
    previous_start = today
    for i, rung in enumerate(rungs):
        ch = content.channels[rung.channel]
        act = rung.act or ch.act
        waits = [content.rules[w] for w in ch.wait]
        advice = any(w.kind == "advice" for w in waits)
        following = content.channels[rungs[i + 1].channel] if i + 1 < len(rungs) else None
        contact = contacts.get(ch.id)
        limit = _limit(content, interview, ch, rung, order_day)
        used_on = start_on = wait_end = move_on = None
        reason = urgency = ""
        waiting: tuple[str, ...] = ()
        if contact:
            used_on = date.fromisoformat(contact["date"])
            if contact["status"] == "waiting" and waits:
                wait_end, move_on = waits_end(waits, used_on), move_on_day(waits, used_on)
            else:  # an answer that did not help lets you move on at once
                move_on = used_on
            state = WAITING if move_on > today else DONE
            when = text("when_used", date=format_date(used_on), act=act)
            if contact["status"] != "waiting":
                when += text("when_answered", act=following.act) if following else text("when_answered_last")
            elif waits:
                waiting = _wait_words(content, ch, waits, used_on, wait_end, move_on, following)
            cursor = max(cursor, move_on)
            previous_start = today
        elif i < furthest_used:
            state = SKIPPED
            later = next(content.channels[r.channel].short for r in rungs[i + 1:] if r.channel in contacts)
            when = text("when_skipped", later=later)
        else:
            advised = max(today, previous_start) if rung.same_day else cursor
            start_on, state, urgency = _start(limit, advised, today)
            reason = _reason(content, limit, urgency)
            if state == EXPIRED:
                when = text("when_expired", act=act)
            elif reason:
                when = text("when_limit_today", reason=reason, act=act)
            elif state == NOW:
                when = text("when_start_today", act=act)
            elif ch.opens == "any_time":
                when = text("when_any_time", act=act)
            elif ch.opens == "law":
                when = text("when_start_on", date=format_date(start_on), act=act)
            else:  # the help desk's suggestion, never worded as a permission
                when = text("when_advised", date=format_date(start_on - timedelta(days=1)), act=act)
            if waits and state != EXPIRED:
                wait_end, move_on = waits_end(waits, start_on), move_on_day(waits, start_on)
                waiting = _wait_words(content, ch, waits, start_on, wait_end, move_on, following, projected=True)
                cursor = max(cursor, move_on)
            if state != EXPIRED:
                previous_start = start_on
        phone, phone_note, sure = (courier_phone(content, interview) if ch.id == "courier"
                                   else (ch.phone, ch.phone_note, ch.confidence_of("phone") == "high"))
        steps.append(Step(ch, rung.why, track, state, used_on, start_on, wait_end, move_on, when, phone,
                          phone_note, sure, _deadlines(content, limit, today), rung.tips + ch.tips, advice,
                          act, reason, limit, urgency, waiting))
    return steps


def _start(limit: Limit | None, advised: date, today: date) -> tuple[date, str, str]:
    """(first day, state, urgency) of a step not yet taken. The advice waits set the day,
    unless a limit of the visitor's own closes first: then the step is today, whatever the
    advice says. A step's own clock (the 7-day return) keeps it today while it is open. A
    channel whose window has passed on every reading is said to have passed."""
    if limit and limit.passed(today):
        if limit.own:
            pass  # the return has passed: the step goes on as advised, for exchange or repair
        elif limit.latest >= today:  # passed from the order date, open from a later date named
            return today, NOW, "maybe"
        else:
            return advised, EXPIRED, ""
    elif limit and limit.last < advised:
        return today, NOW, "soon"
    elif limit and limit.own:
        return today, NOW, "open"
    return advised, NOW if advised <= today else LATER, ""


def _reason(content: Content, limit: Limit | None, urgency: str) -> str:
    """Why a step is today although the advice would wait, in words ("" when it is not)."""
    if not urgency:
        return ""
    day = limit.latest if urgency == "maybe" else limit.last
    return content.text(f"limit_{urgency}", name=limit.rule.name, date=format_date(day, weekday=False))


def _wait_words(content: Content, ch: Channel, waits: list, start: date, end: date, move_on: date,
                following: Channel | None, projected: bool = False) -> tuple[str, ...]:
    """The wait after using a channel, its note and the day to move on, a line each, worded
    as law or as advice (the help desk's own suggestion is never called a deadline)."""
    text = content.text
    if waits[0].kind == "advice":
        words = text("wait_advice", rule=waits[0].describe(), end=format_date(end))
    elif len(waits) == 1:
        words = text("wait_law", rule=waits[0].describe(), end=format_date(end))
    else:  # periods in a row: name the first one's end too
        first = waits_end(waits[:1], start)
        words = text("wait_law_then", rule=waits[0].describe(), first=format_date(first),
                     then="；".join(w.describe() for w in waits[1:]), end=format_date(end))
    if any(provisional(w, start) for w in waits):
        words += text("plan_provisional")
    lines = [text("plan_wait") + words]
    if ch.wait_note:
        lines.append(ch.wait_note)
    if following and following.opens == "law":  # the law opens the next step: a real date
        lines.append(text("plan_next") + text("move_on", date=format_date(move_on), act=following.act))
    elif following and following.opens == "advice":
        lines.append(text("plan_next") + text("move_on_advised", date=format_date(end), act=following.act))
    return tuple(lines)


def _deadlines(content: Content, limit: Limit | None, today: date) -> tuple[str, ...]:
    """The visitor's own last day for this step, in words."""
    if limit is None:
        return ()
    key = "window_passed" if limit.passed(today) else "window_line"
    return (content.text(key, date=format_date(limit.last), rule=limit.rule.describe()),)


def summary(content: Content, plan: Plan) -> list[tuple[str, list[str]]]:
    """The plan at a glance, per track: one line per step (its state's character, the
    channel's short name, and when it can be used), under a step today for a limit the reason,
    and under the step being taken or waited on, when to move on."""
    text = content.text
    out = []
    problem_tracks = dict(plan.problem.tracks)
    for track in plan.tracks:
        rungs = problem_tracks[track.id]
        lines = [f"{GLYPH[DONE]} {track.ended}"] if track.ended else []
        for i, step in enumerate(track.steps):
            name = step.channel.short
            if step.state == DONE:
                when = text("summary_done", date=format_date(step.used_on, weekday=False))
            elif step.state == WAITING:
                when = text("summary_waiting", date=format_date(step.wait_end or step.move_on, weekday=False))
            elif step.state == SKIPPED:
                when = text("summary_skipped")
            elif step.state == EXPIRED:
                when = text("summary_expired", date=format_date(step.limit.last, weekday=False))
            elif step.start_on <= plan.today:
                when = text("today_word")
            elif step.channel.opens == "any_time":
                when = (text("summary_limit", name=step.limit.rule.name, date=format_date(step.limit.last, weekday=False))
                        if step.limit else "")
            elif step.channel.opens == "law":
                when = text("summary_from", date=format_date(step.start_on, weekday=False))
            else:
                when = text("summary_advised", date=format_date(step.start_on - timedelta(days=1), weekday=False))
            lines.append(f"{GLYPH[step.state]} {name}  {when}".rstrip())
            if step.urgency and step.state == NOW:  # short: the timeline is half the screen wide
                day = step.limit.latest if step.urgency == "maybe" else step.limit.last
                lines.append("│ " + text(f"summary_limit_{step.urgency}", name=step.limit.rule.name,
                                         date=format_date(day, weekday=False)))
            following = track.steps[i + 1] if i + 1 < len(track.steps) else None
            if step.state not in (NOW, WAITING):
                continue
            if following and following.state == LATER and not rungs[i + 1].same_day and step.wait_end:
                # (A step taken the same day as this one is open already: no date to wait for.)
                if following.channel.opens == "law":
                    lines.append("│ " + text("summary_move_on", date=format_date(step.move_on, weekday=False),
                                                     next=following.channel.short))
                elif following.channel.opens == "advice":
                    lines.append("│ " + text("summary_move_on_advised", date=format_date(step.wait_end, weekday=False),
                                                     next=following.channel.short))
            elif not following and step.state == NOW and step.wait_end and not step.advice:
                lines.append("│ " + text("summary_answer_by", date=format_date(step.wait_end, weekday=False)))
        out.append((track.name, lines))
    return out
