"""Provides the visit files waiting in the staff's folder — plans saved as PDF and complaint
texts saved where there is no printer — listed for the staff to print or delete (purge()
removes them after the retention either way)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ..core.dates import CHINA

KINDS = (".pdf", ".txt")


def waiting(folder: Path) -> list[Path]:
    """The visit files in `folder`, newest first (temporary files of a write aside)."""
    try:
        found = [p for p in folder.iterdir() if p.suffix in KINDS and not p.name.startswith(".") and p.is_file()]
    except OSError:
        return []
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def saved_at(path: Path) -> str:
    """When the file was saved, as staff read it ("12-03 13:40")."""
    return datetime.fromtimestamp(path.stat().st_mtime, CHINA).strftime("%m-%d %H:%M")
