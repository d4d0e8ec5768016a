"""Provides the complaint texts: one for each body of the plan that takes a written complaint
(seller, Tmall, courier, 12305, 12315), objective and dated, with the law that applies to that
body and only the requests it can grant, from the answers and the content's templates."""

from __future__ import annotations

import re
import string
from datetime import date

from .content import Content, Law, Recipient
from .dates import format_date
from .interview import UNKNOWN_CARRIER, Interview
from .plan import Plan

# The longest complaint text the kiosk takes: far more than any body's form takes (a
# complaint is a page, a few hundred characters; the longest draft is about 1,500) and small
# enough that editing stays quick (bench/run.py). The printed sheet is checked with it.
MAX_CHARS = 6000


def facts(content: Content, interview: Interview, today: date, events: tuple[dict, ...] = (),
          to: Recipient | None = None) -> list[str]:
    """The facts in the order they happened, each one sentence: the answers, then what a
    saved case recorded since (each event in its own words, what the visitor noted quoted).
    Written to `to`, a contact with that body is told as to them (second person)."""
    dated: list[tuple[date, int, str]] = []
    for index, qid in enumerate(interview.problem.questions):
        q = interview.question(qid)
        value = interview.answers.get(qid)
        if value in (None, "", []):
            continue
        if q.kind == "date" and q.fact:
            d = date.fromisoformat(value)
            # On the day itself a promise is not broken yet: "已超过 0 天" would say it was.
            sentence = q.fact_same_day if d == today and q.fact_same_day else q.fact
            dated.append((d, index, sentence.format(date=format_date(d, weekday=False),
                                                    today=format_date(today, weekday=False),
                                                    days=(today - d).days)))
        elif q.kind == "contact" and value["status"] != "no":
            d = date.fromisoformat(value["date"])
            option = q.option(value["status"])
            to_them = to is not None and q.channel in to.channels
            fact = (to_them and option.fact_self) or option.fact
            noted = (to_them and option.fact_noted_self) or option.fact_noted
            # What the other side said has its own sentence: "no answer yet" and a quoted
            # answer must never stand side by side.
            if value["note"] and noted:
                dated.append((d, index, noted.format(date=format_date(d, weekday=False), note=value["note"])))
            else:
                dated.append((d, index, fact.format(date=format_date(d, weekday=False))))
        elif q.kind == "choices" and q.fact:
            items = "、".join(o.fact or o.label for o in q.options if o.id in value)
            day = interview.date_of(q.dated_by) if q.dated_by else None
            dated.append((day or date.max, index,
                          q.fact.format(items=items, date=format_date(day, weekday=False) if day else "")))
        elif q.kind == "text" and q.fact:
            # Undated remarks come after everything that has a date.
            dated.append((date.max, index, q.fact.format(text=value)))
    asked = len(interview.problem.questions)
    for event in events:
        kind = content.events.get(event["kind"])
        if kind is None or not kind.fact:
            continue
        d = date.fromisoformat(event["date"])
        sentence = kind.fact.format(date=format_date(d, weekday=False))
        if event.get("note"):
            sentence += content.text("event_fact_note", note=event["note"])
        dated.append((d, asked + event["n"], sentence))  # after the answers of the same day
    return [text for _, _, text in sorted(dated, key=lambda x: (x[0], x[1]))]


def recipients_for(content: Content, plan: Plan) -> list[Recipient]:
    """The bodies this plan sends a written complaint to, in the plan's order (none of a track
    that has ended: after a refund nobody is asked for it again)."""
    order = [s.channel.id for t in plan.tracks if not t.ended for s in t.steps]
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


def asked_of(content: Content, interview: Interview, recipient: Recipient) -> list[tuple[str, str]]:
    """(what, request) for each thing this body is asked: its standing requests ("always"),
    then those of the visitor's wishes it can grant (12305 cannot order a refund; only the
    seller or Tmall can), in this problem's words where it has its own. Two wishes that are
    alternatives (resend, refund) become one request: a text never asks for both."""
    own = interview.problem.requests.get(recipient.id, {})
    always = own.get("always", list(recipient.always))
    out = [("always", r) for r in ([always] if isinstance(always, str) else always)]
    wants = [w for w in interview.answers.get("want", []) if w in recipient.requests]
    for group in sorted(recipient.combine, key=lambda g: -g.count("+")):  # the longest match first
        parts = group.split("+")
        if all(p in wants for p in parts):
            wants[wants.index(parts[0])] = group
            for p in parts[1:]:
                wants.remove(p)
    for w in wants:
        out.append((w, own.get(w) or recipient.requests.get(w) or recipient.combine[w]))
    return out


def requests_for(content: Content, interview: Interview, recipient: Recipient) -> list[str]:
    """The requests of asked_of, in words."""
    return [words for _, words in asked_of(content, interview, recipient)]


def laws_for(content: Content, interview: Interview, recipient: Recipient) -> list[Law]:
    """The articles this text cites: the problem's laws for this body that cover something it
    is asked; statutes first, platform rules (参照) after."""
    asked = {part for what, _ in asked_of(content, interview, recipient) for part in what.split("+")}
    laws = [content.laws[law] for law in interview.problem.laws
            if recipient.id in content.laws[law].to and asked.intersection(content.laws[law].covers)]
    return [law for law in laws if law.binding] + [law for law in laws if not law.binding]


def build_draft(content: Content, interview: Interview, recipient_id: str, today: date,
                events: tuple[dict, ...] = ()) -> str:
    """The complaint text for one recipient (with a saved case's events among the facts)."""
    text = content.text
    recipient = content.recipients[recipient_id]
    problem = interview.problem
    tracking = interview.answers.get("tracking") or {}
    carrier = content.carriers.get(tracking.get("carrier", UNKNOWN_CARRIER))
    requests = requests_for(content, interview, recipient)
    ticked = [content.evidence[e] for e in problem.evidence if e in interview.evidence_ticked]
    laws = laws_for(content, interview, recipient)
    statutes = "、".join(law.cite for law in laws if law.binding)
    platform = "、".join(law.cite for law in laws if not law.binding)
    basis = statutes + (text("legal_basis_platform", rules=platform) if statutes and platform else "")
    if platform and not statutes:
        basis = text("legal_basis_platform_only", rules=platform)
    number = tracking.get("number") or text("blank_tracking")
    carrier_name = carrier.name if carrier else text("blank_carrier")
    values = {
        "today": format_date(today, weekday=False),
        "problem": problem.label,
        "order_no": interview.answers.get("order_no") or text("blank_order_no"),
        "tracking": number,
        "carrier": carrier_name,
        # A parcel never shipped has no tracking number to fill in: no line for it.
        "tracking_line": (text("tracking_line", tracking=number, carrier=carrier_name)
                          if "tracking" in problem.questions else ""),
        "facts": "\n".join(f"{i}. {t}" for i, t in enumerate(facts(content, interview, today, events, recipient), 1)),
        "legal_basis": basis + "。" if basis else text("blank_legal_basis"),
        "requests": "\n".join(f"{i}. {r}。" for i, r in enumerate(requests, 1)) or text("blank_requests"),
        # Only evidence the visitor has: no "附后" with nothing to attach.
        "evidence": text("evidence_line", items="、".join(ticked)) if ticked else "",
    }
    # safe_substitute: a stray "$" in a staff-edited template must not crash the kiosk.
    filled = string.Template(recipient.template).safe_substitute(values)
    return re.sub(r"\n{3,}", "\n\n", filled).strip() + "\n"
