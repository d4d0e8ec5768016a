"""Provides purge(): personal data leaves with time — cases idle past the retention, saved
complaint texts as old, and what writes left behind (temporary and damaged files)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from .cases import CaseStore
from .files import purge_leftovers, purge_older


def parse_age(text: str) -> timedelta:
    """"180d" / "180" → 180 days; "12w" weeks. ValueError for anything else or < 1 day."""
    m = re.fullmatch(r"\s*(\d+)\s*([dw]?)\s*", text.lower())
    if not m or int(m.group(1)) < 1:
        raise ValueError(f"not an age: {text!r} (write e.g. 180d)")
    n = int(m.group(1))
    return timedelta(days=n * 7 if m.group(2) == "w" else n)


@dataclass
class Purged:
    cases: int
    texts: int
    leftovers: int


def purge(store: CaseStore, save_dir: Path, older_than: timedelta) -> Purged:
    cutoff = store.now() - older_than
    cases = store.purge(older_than)  # also the store's own leftovers
    # The visitors' saved complaint texts and plans (保存为 PDF) are theirs: they go too.
    texts = purge_older(save_dir, cutoff, "*.txt") + purge_older(save_dir, cutoff, "*.pdf")
    leftovers = purge_leftovers(save_dir, cutoff, now=store.now()) if save_dir.is_dir() else 0
    return Purged(cases, texts, leftovers)
