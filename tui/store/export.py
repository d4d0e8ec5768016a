"""Provides cases_csv(): the staff's case list as CSV — codes, problem, status, dates and
the kinds of event recorded; never answers, notes, PINs or their hashes."""

from __future__ import annotations

import csv
import io

FIELDS = ("code", "problem", "status", "created", "last", "closed", "kinds")


def cases_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in sorted(rows, key=lambda r: r.get("created", "")):
        # A cell starting with = + - @ is a formula to a spreadsheet: quote it as text.
        clean = {k: _cell(" ".join(row[k]) if isinstance(row.get(k), list) else str(row.get(k, ""))) for k in FIELDS}
        writer.writerow(clean)
    return out.getvalue()


def _cell(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
