"""Provides figures(): the anonymous numbers staff see — cases by problem, status and
channel, today and in total, and the median days from saving a case to its resolution —
from the index rows alone (codes and dates, never answers)."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from .content import Content


@dataclass
class Figures:
    total: int = 0
    today: int = 0  # cases saved today
    by_status: Counter = field(default_factory=Counter)
    by_problem: Counter = field(default_factory=Counter)
    by_channel: Counter = field(default_factory=Counter)  # cases that recorded using a channel
    median_days_to_resolve: float | None = None  # None: no case resolved yet
    resolved_counted: int = 0


def figures(rows: list[dict], content: Content | None, today: date) -> Figures:
    """Counted from index rows; a row with "n" (a server's aggregate, tallies()) stands for
    that many cases alike."""
    f = Figures()
    days = []
    for row in rows:
        n = row.get("n", 1)
        f.total += n
        f.by_status[row.get("status", "?")] += n
        problem = row.get("problem", "?")
        f.by_problem[content.problems[problem].label if content and problem in content.problems else problem] += n
        created = _day(row.get("created", ""))
        if created == today:
            f.today += n
        channels = set()
        for kind in row.get("kinds", []):
            event = content.events.get(kind) if content else None
            channels.update(event.channels[:1] if event else ())
        for channel in channels:
            f.by_channel[content.channels[channel].short if channel in content.channels else channel] += n
        closed = _day(row.get("closed", ""))
        if row.get("status") == "resolved" and created and closed:
            days.extend([(closed - created).days] * n)
    if days:
        f.median_days_to_resolve = statistics.median(days)
        f.resolved_counted = len(days)
    return f


def _day(stamp: str) -> date | None:
    try:
        return datetime.fromisoformat(stamp).date() if stamp else None
    except ValueError:
        return None
