"""Provides the complaint text: objective and dated, built from the answers, the plan and
the content's template."""

from __future__ import annotations

import string
from datetime import date

from .content import Content
from .dates import format_date
from .interview import UNKNOWN_CARRIER, Interview
from .plan import Plan


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
            note = f"备注：“{value['note']}”。" if value["note"] else ""
            dated.append((d, index, q.option(value["status"]).fact.format(date=format_date(d, weekday=False), note=note)))
        elif q.kind == "text" and q.fact:
            # Undated remarks come after everything that has a date.
            dated.append((date.max, index, q.fact.format(text=value)))
    return [text for _, _, text in sorted(dated, key=lambda x: (x[0], x[1]))]


def build_draft(content: Content, interview: Interview, plan: Plan, today: date) -> str:
    problem = interview.problem
    tracking = interview.answers.get("tracking") or {}
    carrier = content.carriers.get(tracking.get("carrier", UNKNOWN_CARRIER))
    if tracking.get("number"):
        tracking_text = f"{tracking['number']}（{carrier.name if carrier else '快递公司待确认'}）"
    else:
        tracking_text = "暂无"
    want = interview.question("want") if "want" in content.questions else None
    requests = [want.option(w).request for w in interview.answers.get("want", []) if want and want.option(w)]
    ticked = [e for e in problem.evidence if e in interview.evidence_ticked]
    current = plan.current or (plan.steps[0] if plan.steps else None)
    values = {
        "target": current.channel.name if current else "",
        "today": format_date(today, weekday=False),
        "problem": problem.label,
        "order_no": interview.answers.get("order_no") or "（未填写）",
        "tracking": tracking_text,
        "facts": "\n".join(f"{i}. {t}" for i, t in enumerate(facts(content, interview, today), 1)) or "（未填写）",
        "legal_basis": "、".join(content.laws[law].cite for law in problem.laws) + "。",
        "requests": "\n".join(f"{i}. {r}。" for i, r in enumerate(requests, 1)) or "（未填写）",
        "evidence": ("、".join(ticked) + "（附后）") if ticked else "（附后）",
    }
    # safe_substitute: a stray "$" in a staff-edited template must not crash the kiosk.
    return string.Template(content.template).safe_substitute(values).strip() + "\n"
