"""Provides say(): the words of the store's warnings to staff and of its damaged-data messages,
from content/i18n/zh-CN.toml — the store loads no content model, so it reads that one file
once, lightly."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

_texts: dict[str, str] | None = None


def content_dir() -> Path:
    """The content folder as tui.core.content.default_content_dir finds it (not imported:
    loading that module costs 50 ms, and the store must stay light)."""
    env = os.environ.get("KIOSK_CONTENT")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent.parent
    packaged = here / "_content"
    return packaged if packaged.is_dir() else here.parent / "content"


def say(key: str, **values: object) -> str:
    """The staff's sentence for `key` with its {placeholders} filled; the key and values
    themselves when the words cannot be read (a warning must never fail for want of words)."""
    global _texts
    if _texts is None:
        try:
            data = tomllib.loads((content_dir() / "i18n" / "zh-CN.toml").read_text(encoding="utf-8"))
            _texts = {k: v for k, v in data.items() if isinstance(v, str)}
        except (OSError, ValueError):
            _texts = {}
    raw = _texts.get(key)
    try:
        return raw.format(**values) if raw else " ".join([key, *(f"{k}={v}" for k, v in values.items())])
    except (KeyError, IndexError, ValueError):
        return raw  # staff reworded it and lost a {placeholder}: the words still say something
