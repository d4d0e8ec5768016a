"""Provides load_or_say(): the content a command runs with, or None after printing each of its
problems — shared by the kiosk command and the staff's commands (one module, no cycle)."""

from __future__ import annotations

import sys
from pathlib import Path

from .core.content import ContentError, default_content_dir, load_content, load_content_cached


def load_or_say(folder: Path | None, cached: bool = False):
    """The content, or None after printing each problem as `file: key: what is wrong`.
    `cached`: reuse the content validated at an earlier start if nothing changed since."""
    root = folder or default_content_dir()
    try:
        if cached:
            from .store.paths import cache_dir

            return load_content_cached(root, cache_dir())
        return load_content(root)
    except ContentError as e:
        print(f"内容有误（{root}），请修正后再试 / content has problems:", file=sys.stderr)
        for line in e.problems:
            print(f"  {line}", file=sys.stderr)
        return None
