"""Provides cases_csv(): the staff's case list as CSV — codes, problem, status, dates and
the kinds of event recorded, as ids and (given the content) in words a spreadsheet user
reads; never answers, notes, PINs or their hashes."""

from __future__ import annotations

import csv
import io

FIELDS = ("code", "problem", "status", "created", "last", "closed", "kinds")


def cases_csv(rows: list[dict], content=None) -> str:
    """The ids stay (for scripts and for matching across exports); with `content`, three
    columns more say problem, status and events in the staff's words (content/i18n csv_*)."""
    words = _words(content) if content is not None else {}
    fields = FIELDS + tuple(words)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in sorted(rows, key=lambda r: r.get("created", "")):
        values = {k: " ".join(row[k]) if isinstance(row.get(k), list) else str(row.get(k, "")) for k in FIELDS}
        values |= {header: said(row) for header, said in words.items()}
        # A cell starting with = + - @ is a formula to a spreadsheet: quote it as text.
        writer.writerow({k: _cell(v) for k, v in values.items()})
    return out.getvalue()


def _words(content) -> dict:
    """Header → how a row is said: an id the content no longer has is shown as the id."""
    t = content.text

    def problem(row):
        p = content.problems.get(row.get("problem", ""))
        return p.label if p else str(row.get("problem", ""))

    def status(row):
        key = f"case_status_{row.get('status', '')}"
        return t(key) if key in content.texts else str(row.get("status", ""))

    def kinds(row):
        ids = row.get("kinds") or []
        return t("csv_list_separator").join(content.events[k].label if k in content.events else k for k in ids)

    return {t("csv_problem"): problem, t("csv_status"): status, t("csv_kinds"): kinds}


def _cell(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
