"""Provides the plan: the problem's ladder of channels turned into dated steps from the
visitor's answers (what was already done, when to move on, the deadlines that apply)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .content import Channel, Content
from .dates import format_date
from .deadlines import apply, provisional
from .interview import UNKNOWN_CARRIER, Interview

DONE, WAITING, NOW, LATER, SKIPPED = "done", "waiting", "now", "later", "skipped"
# How each state is named to the visitor (content/i18n keys), on the plan and the case screen.
STATE_TEXT = {DONE: "plan_done", WAITING: "plan_waiting", NOW: "plan_now", LATER: "plan_later", SKIPPED: "plan_skipped"}
# Said after a working-day date that crosses a year whose holiday schedule is not published.
PROVISIONAL = "（该年放假安排尚未公布，日期可能变化）"


@dataclass(frozen=True)
class Step:
    """One rung of the ladder, for this case."""

    channel: Channel
    why: str
    state: str  # done | waiting | now | later | skipped
    used_on: date | None  # when the visitor used this channel, if they did
    start_on: date | None  # when to use it (for steps not yet taken)
    move_on: date | None  # from this date, go to the next step if still unresolved
    when: str  # "when to move on", in plain words
    phone: str
    phone_note: str
    deadlines: tuple[str, ...]  # time limits that bind this channel or the visitor


@dataclass(frozen=True)
class Plan:
    steps: tuple[Step, ...]

    @property
    def current(self) -> Step | None:
        """The step the visitor should act on (or is waiting on) now. When several answers
        are awaited, the one furthest up the ladder: moving on goes from there."""
        waiting = [s for s in self.steps if s.state == WAITING]
        return waiting[-1] if waiting else next((s for s in self.steps if s.state == NOW), None)


def _contacts(content: Content, interview: Interview, events: tuple[dict, ...]) -> dict[str, dict]:
    """Channel id → {status, date}: the channels the visitor already used, from the
    interview's contact answers and then from the case's events in date order."""
    found = {}
    for qid in interview.problem.questions:
        q = interview.question(qid)
        value = interview.answers.get(qid)
        if q.kind == "contact" and isinstance(value, dict) and value.get("status") not in (None, "no"):
            found[q.channel] = {"status": value["status"], "date": value["date"]}
    on_ladder = [r.channel for r in interview.problem.ladder]
    for event in sorted(events, key=lambda e: (e["date"], e["n"])):
        kind = content.events.get(event["kind"])
        if kind is None or kind.effect not in ("contacted", "answered", "silent"):
            continue
        # Of the event's channels, the one already in use, else the first on this ladder.
        used = [c for c in kind.channels if c in found and c in on_ladder]
        ladder_ones = [c for c in kind.channels if c in on_ladder]
        if not (used or ladder_ones):
            continue  # about a channel this problem's plan does not have: timeline only
        channel = (used or ladder_ones)[0]
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


def _phone(content: Content, interview: Interview, channel: Channel) -> tuple[str, str]:
    if channel.id != "courier":
        return channel.phone, channel.phone_note
    tracking = interview.answers.get("tracking") or {}
    carrier = content.carriers.get(tracking.get("carrier", UNKNOWN_CARRIER))
    if carrier is None:
        return "", "快递公司未确定：看物流详情页上的快递公司名称和电话"
    if not carrier.hotline:
        return "", f"{carrier.name}的客服电话未核实，请看物流详情页"
    return carrier.hotline, f"{carrier.name}客服热线"


def build_plan(content: Content, interview: Interview, today: date, events: tuple[dict, ...] = ()) -> Plan:
    """Turn the answers (and a saved case's events) into dated steps. Dates are projections:
    each step not yet taken starts when the one before it may be left, so the visitor sees a
    real calendar."""
    problem = interview.problem
    contacts = _contacts(content, interview, events)
    order_day = interview.date_of("order_date") or today
    ladder = problem.ladder
    # A visitor who already went further up the ladder need not go back down.
    furthest_used = max((i for i, r in enumerate(ladder) if r.channel in contacts), default=-1)

    steps: list[Step] = []
    cursor = today  # the earliest day the next untaken step can start
    open_found = False
    for i, rung in enumerate(ladder):
        ch = content.channels[rung.channel]
        wait = content.rules.get(ch.wait)
        phone, phone_note = _phone(content, interview, ch)
        contact = contacts.get(ch.id)
        used_on = start_on = move_on = None
        if contact:
            used_on = date.fromisoformat(contact["date"])
            # An answer that did not help lets you move on at once; silence gets the wait.
            move_on = apply(wait, used_on) if contact["status"] == "waiting" and wait else used_on
            state = WAITING if move_on > today else DONE
            if state == WAITING:
                open_found = True
                when = f"等对方答复到 {format_date(move_on)}；到时仍未解决，就走下一步。"
            elif contact["status"] == "waiting":
                when = f"已等到 {format_date(move_on)} 仍没有答复，可以走下一步了。"
            else:
                when = "答复没有解决问题，可以走下一步了。"
            cursor = max(cursor, move_on)
        elif i < furthest_used:
            state = SKIPPED
            when = "你已经找过后面的渠道，这一步可以不做。"
        else:
            state = LATER if open_found else NOW
            open_found = True
            start_on = cursor
            if wait and i < len(ladder) - 1:
                move_on = apply(wait, start_on)
                lead = "今天就" if start_on == today else f"{format_date(start_on)} 起"
                when = f"{lead}可以找{ch.short}；{wait.describe()}。到 {format_date(move_on)} 仍未解决，就走下一步。"
                cursor = move_on
            elif i == len(ladder) - 1:
                when = "这是最后的途径，前面的渠道都不能解决时再用。"
            else:
                when = f"{format_date(start_on)} 起可以找{ch.short}。"
        steps.append(Step(ch, rung.why, state, used_on, start_on, move_on, when, phone, phone_note,
                          _deadlines(content, ch, order_day, used_on, start_on, today)))
    return Plan(tuple(steps))


def _deadlines(content: Content, ch: Channel, order_day: date, used_on: date | None,
               start_on: date | None, today: date) -> tuple[str, ...]:
    lines = []
    window = content.rules.get(ch.window)
    if window:
        # Counted from the order date, the earliest day the dispute can start: whatever
        # the exact starting point, this date is never later than the real limit.
        last = apply(window, order_day)
        late = "，已经过了，请尽快咨询该渠道是否还能受理" if last < today else ""
        lines.append(f"最晚 {format_date(last)} 前提出{late}（{window.describe()}）。")
    answer = content.rules.get(ch.answer)
    if answer and (used_on or start_on):
        filed = used_on or start_on
        lead = f"你在 {format_date(filed)} 提交" if used_on else f"如在 {format_date(filed)} 提交"
        lines.append(f"{lead}，应在 {format_date(apply(answer, filed))} 前有结果（{answer.describe()}）。"
                     + (PROVISIONAL if provisional(answer, filed) else ""))
    return tuple(lines)
