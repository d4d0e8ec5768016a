"""Provides what a plan says in words — today's steps, each step's lines — and the printed
sheet built from them: the plan, both tracks' dates, each step with its phone, page and QR
code, the evidence checklist, the chosen complaint text and the case code (never the PIN)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .content import Content
from .dates import format_date
from .interview import Interview, shown
from .plan import DONE, LATER, NOW, SKIPPED, STATE_TEXT, WAITING, Plan, Step, summary

# How a line is set: the screen gives each kind a style, the sheet a weight or a grey.
PLAIN, TITLE, STRONG, DEADLINE, MUTED = "plain", "title", "strong", "deadline", "muted"
LARGE = "large"  # the code slip's code and PIN: read by someone without their glasses


@dataclass(frozen=True)
class Line:
    text: str
    kind: str = PLAIN


def today_lines(content: Content, plan: Plan) -> list[Line]:
    """What to do today, in every track: a line per step, with its phone; or, when every
    track is waiting, the day the next step opens."""
    t = content.text
    out = [Line(t("plan_today"), TITLE)]
    doable = plan.doable_today()
    for step in doable:
        line = f"▶ {step.act or step.channel.act}"
        courier = step.channel.id == "courier"
        if step.phone:
            # The courier's line names the carrier: "中通快递客服热线 95311".
            line += f"：{step.phone_note} {step.phone}" if courier else "：" + t("today_phone", phone=step.phone)
        elif courier and step.phone_note:
            line += f"：{step.phone_note}"  # which couriers it may be, or why no number
        out.append(Line(line))
        if step.channel.plain:  # "12305" alone says nothing to someone who never heard of it
            out.append(Line("  " + t("plan_plain", short=step.channel.short, plain=step.channel.plain), MUTED))
        if step.reason:  # why it is today although the advice would wait: a limit
            out.append(Line("  " + step.reason, DEADLINE))
    if not doable:
        out.append(Line(t("plan_today_none")))
        # A step after one being waited on starts the day the wait is over (the court has no
        # start date at all).
        later = sorted((s for s in plan.steps if s.state == LATER and s.channel.opens != "any_time"),
                       key=lambda s: s.start_on)
        if later and later[0].channel.opens == "law":
            out.append(Line(t("plan_today_next", date=format_date(later[0].start_on, weekday=False),
                              act=later[0].act or later[0].channel.act)))
        elif later:
            out.append(Line(t("plan_today_next_advised", act=later[0].act or later[0].channel.act,
                              date=format_date(later[0].start_on - timedelta(days=1), weekday=False))))
    return out


def names_lines(content: Content, plan: Plan) -> list[Line]:
    """What the bodies known by a number are (12315, 12305), for those of the plan that today's
    lines did not already explain."""
    today = {s.channel.id for s in plan.doable_today()}
    seen = [s.channel for s in plan.steps if s.channel.plain and s.channel.id not in today]
    return [Line(content.text("plan_plain", short=ch.short, plain=ch.plain), MUTED) for ch in seen]


def step_heading(content: Content, number: int, step: Step) -> tuple[str, str, str]:
    """A step's title ("3. 天猫官方客服"), its state in words and the day it was used ("")."""
    used = format_date(step.used_on) if step.used_on else ""
    return f"{number}. {step.channel.name}", content.text(STATE_TEXT[step.state]), used


def step_lines(content: Content, step: Step) -> list[Line]:
    """A step in words, under its heading: why, when, the visitor's time limits, and — for a
    step still to take — how, phone, page, hours, conditions, what to have ready, tips and
    when its facts were checked."""
    t = content.text
    ch = step.channel
    marked = []  # a fact not held sure gets a mark; the step says once what the mark means

    def fact(value: str, confidence: str) -> str:
        if confidence == "high":
            return value
        marked.append(value)
        return value + t("unverified_mark_short")

    out = []
    out.append(Line(t("plan_why") + step.why))
    out.append(Line(t("plan_when") + step.when, STRONG if step.state in (NOW, WAITING) else PLAIN))
    out.extend(Line("  " + line) for line in step.waiting)
    out.extend(Line(t("plan_deadline") + line, DEADLINE) for line in step.deadlines)
    if step.state in (DONE, SKIPPED):
        return out
    out.append(Line(t("plan_how") + fact(ch.how, ch.confidence_of("how"))))
    # The courier's note names the carrier (or the carriers it may be); a channel's own
    # note is a fact with its own confidence.
    note_sure = "high" if ch.id == "courier" else ch.confidence_of("phone_note")
    if step.phone:
        out.append(Line(t("plan_phone", phone=fact(step.phone, "high" if step.phone_sure else "medium")), STRONG))
        if step.phone_note:
            out.append(Line("      " + fact(step.phone_note, note_sure)))
    elif step.phone_note:
        out.append(Line(t("plan_phone", phone=fact(step.phone_note, note_sure))))
    if ch.url:
        out.append(Line(fact(t("plan_url", url=ch.url), ch.confidence_of("url"))))
    if ch.phone or ch.url or ch.id == "courier":
        hours = fact(t("plan_hours", hours=ch.hours), ch.confidence_of("hours")) if ch.hours else t("plan_hours_unknown")
        out.append(Line(hours))
    if ch.preconditions:
        out.append(Line(t("plan_preconditions") + ch.preconditions))
    out.append(Line(t("plan_ready") + fact("、".join(ch.ready), ch.confidence_of("ready"))))
    out.extend(Line(t("plan_tips") + tip) for tip in step.tips)
    out.append(Line(t("plan_verified_marked" if marked else "plan_verified", date=ch.verified_on.isoformat()), MUTED))
    return out


# --- the printed sheet -------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """A piece of the sheet, kept on one page when it fits. `qr` is a web address drawn as a
    code beside the lines; `ticks` is a checklist; `columns` puts tracks side by side;
    `flows` lets a long text run on to the next page."""

    lines: tuple[Line, ...] = ()
    qr: str = ""
    qr_caption: str = ""
    ticks: tuple[tuple[str, bool], ...] = ()
    columns: tuple[tuple[Line, ...], ...] = ()
    flows: bool = False
    heading: str = ""  # a section heading drawn above the block


@dataclass(frozen=True)
class Sheet:
    title: str
    printed: str  # "打印于 2026年11月27日" — dated, since the dates in it are counted from it
    blocks: tuple[Block, ...]
    footer: str  # on every page, with the page number after it
    page_label: str  # "第 {n}/{m} 页", from content/i18n


def build_sheet(content: Content, interview: Interview, plan: Plan, *, today: date,
                complaint_to: str = "", complaint: str = "", case_code: str = "") -> Sheet:
    """The printed sheet for a visit. A case's PIN is never on it: paper is left on desks."""
    t = content.text
    problem = plan.problem
    blocks: list[Block] = []
    head = [Line(t("print_problem", problem=problem.label))]
    # The numbers a hotline asks for first, where a visitor on the phone finds them.
    for qid in ("order_no", "tracking"):
        if qid in problem.questions:
            known = interview.answers.get(qid) not in (None, "")
            head.append(Line(t(f"print_{qid}", value=shown(interview, qid) if known else t("print_unknown"))))
    if case_code:
        head.append(Line(t("print_case_code", code=case_code), STRONG))
        head.append(Line(t("print_case_hint")))
    blocks.append(Block(tuple(head)))
    blocks.append(Block(tuple(today_lines(content, plan))))
    columns = []
    for name, lines in summary(content, plan):
        columns.append((Line(name, STRONG), *(Line(line) for line in lines)))
    blocks.append(Block(columns=tuple(columns), heading=t("plan_summary")))
    # "Two tracks, each on its own": said only where there are two.
    intro = (Line(t("plan_intro")),) if len(plan.tracks) > 1 else ()
    blocks.append(Block((Line(t("plan_legend"), MUTED), *names_lines(content, plan), *intro)))
    number = 0
    for track in plan.tracks:
        first = True
        for step in track.steps:
            number += 1
            live = step.state not in (DONE, SKIPPED)
            url = step.channel.url if live else ""
            title, state, used = step_heading(content, number, step)
            head = (Line(f"{title}  {used}" if used else title, TITLE), Line(state, STRONG))
            blocks.append(Block(head + tuple(step_lines(content, step)), qr=url,
                                qr_caption=t("print_qr_caption") if url else "",
                                heading=track.name if first else ""))
            first = False
    if problem.evidence:
        ticks = tuple((content.evidence[item], item in interview.evidence_ticked) for item in problem.evidence)
        count = t("evidence_count", n=sum(on for _, on in ticks), m=len(ticks))
        blocks.append(Block((Line(count, MUTED),), ticks=ticks, heading=t("evidence_title")))
    if complaint.strip():
        to = content.recipients[complaint_to].short if complaint_to in content.recipients else ""
        blocks.append(Block(tuple(Line(p) for p in complaint.split("\n")), flows=True,
                            heading=t("print_complaint_heading", to=to) if to else t("complaint_title")))
    footer = t("print_footer", date=format_date(today, weekday=False), verified=_verified(plan))
    return Sheet(title=t("print_title"), printed=t("print_date", date=format_date(today)),
                 blocks=tuple(blocks), footer=footer, page_label=t("print_page"))


def build_slip(content: Content, code: str, pin: str, *, today: date) -> Sheet:
    """The code slip: a case's code and PIN on a sheet of their own, which the visitor keeps
    — never on the plan's sheet, which is left on desks and shown to hotlines."""
    t = content.text
    lines = (Line(t("case_code"), STRONG), Line(" ".join(code), LARGE), Line(""),
             Line(t("case_pin"), STRONG), Line(" ".join(pin), LARGE), Line(""), Line(t("slip_advice")))
    return Sheet(title=t("slip_title"), printed=t("print_date", date=format_date(today)), blocks=(Block(lines),),
                 footer=t("slip_footer"), page_label=t("print_page"))


def _verified(plan: Plan) -> str:
    """The oldest `verified_on` among the channels on the sheet: the facts are at least
    that fresh."""
    days = [s.channel.verified_on for s in plan.steps]
    return min(days).isoformat() if days else ""
