"""Provides the complaint texts: one for each body of the plan that takes a written complaint
(seller, Tmall, courier, 12305, 12315), objective and dated, with the law that applies to that
body and only the requests it can grant, from the answers and the content's templates."""

from __future__ import annotations

import re
import string
from datetime import date

from .content import Content, Recipient
from .dates import format_date
from .interview import UNKNOWN_CARRIER, Interview
from .plan import Plan

# The longest complaint text the kiosk takes: far more than any body's form takes (a
# complaint is a page, a few hundred characters; the longest draft is about 1,500) and small
# enough that editing stays quick (bench/run.py). The printed sheet is checked with it.
MAX_CHARS = 6000


def facts(content: Content, interview: Interview, today: date) -> list[str]:
    """The facts in the order they happened, each one sentence."""
    dated: list[tuple[date, int, str]] = []
    for index, qid in enumerate(interview.problem.questions):
        q = interview.question(qid)
        value = interview.answers.get(qid)
        if value in (None, "", []):
            continue
        if q.kind == "date" and q.fact:
            d = date.fromisoformat(value)
            dated.append((d, index, q.fact.format(date=format_date(d, weekday=False),
                                                  today=format_date(today, weekday=False),
                                                  days=(today - d).days)))
        elif q.kind == "contact" and value["status"] != "no":
            d = date.fromisoformat(value["date"])
            option = q.option(value["status"])
            # What the other side said has its own sentence: "no answer yet" and a quoted
            # answer must never stand side by side.
            if value["note"] and option.fact_noted:
                dated.append((d, index, option.fact_noted.format(date=format_date(d, weekday=False), note=value["note"])))
            else:
                dated.append((d, index, option.fact.format(date=format_date(d, weekday=False))))
        elif q.kind == "text" and q.fact:
            # Undated remarks come after everything that has a date.
            dated.append((date.max, index, q.fact.format(text=value)))
    return [text for _, _, text in sorted(dated, key=lambda x: (x[0], x[1]))]


def recipients_for(content: Content, plan: Plan) -> list[Recipient]:
    """The bodies this plan sends a written complaint to, in the plan's order."""
    order = [s.channel.id for s in plan.steps]
    found = [r for r in content.recipients.values() if any(c in order for c in r.channels)]
    return sorted(found, key=lambda r: min(order.index(c) for c in r.channels if c in order))


def default_recipient(content: Content, plan: Plan) -> str:
    """The body of the first step to take today (else the first one waited on)."""
    recipients = recipients_for(content, plan)
    candidates = plan.doable_today() + [t.current for t in plan.tracks if t.current]
    for step in candidates:
        for r in recipients:
            if step.channel.id in r.channels:
                return r.id
    return recipients[0].id if recipients else ""


def requests_for(content: Content, interview: Interview, recipient: Recipient) -> list[str]:
    """What this body is asked for: its standing requests, then those of the visitor's
    wishes it can grant (12305 cannot order a refund; only the seller or Tmall can)."""
    wants = interview.answers.get("want", [])
    return list(recipient.always) + [recipient.requests[w] for w in wants if w in recipient.requests]


def build_draft(content: Content, interview: Interview, recipient_id: str, today: date) -> str:
    """The complaint text for one recipient."""
    text = content.text
    recipient = content.recipients[recipient_id]
    problem = interview.problem
    tracking = interview.answers.get("tracking") or {}
    carrier = content.carriers.get(tracking.get("carrier", UNKNOWN_CARRIER))
    requests = requests_for(content, interview, recipient)
    ticked = [e for e in problem.evidence if e in interview.evidence_ticked]
    laws = [content.laws[law].cite for law in problem.laws if recipient.id in content.laws[law].to]
    values = {
        "today": format_date(today, weekday=False),
        "problem": problem.label,
        "order_no": interview.answers.get("order_no") or text("blank_order_no"),
        "tracking": tracking.get("number") or text("blank_tracking"),
        "carrier": carrier.name if carrier else text("blank_carrier"),
        "facts": "\n".join(f"{i}. {t}" for i, t in enumerate(facts(content, interview, today), 1)),
        "legal_basis": "、".join(laws) + "。" if laws else text("blank_legal_basis"),
        "requests": "\n".join(f"{i}. {r}。" for i, r in enumerate(requests, 1)) or text("blank_requests"),
        # Only evidence the visitor has: no "附后" with nothing to attach.
        "evidence": text("evidence_line", items="、".join(ticked)) if ticked else "",
    }
    # safe_substitute: a stray "$" in a staff-edited template must not crash the kiosk.
    filled = string.Template(recipient.template).safe_substitute(values)
    return re.sub(r"\n{3,}", "\n\n", filled).strip() + "\n"
