"""Provides ComplaintArea: the complaint text's editor, which takes at most MAX_CHARS — a
huge paste is cut there (and says so) instead of making every later key slow."""

from __future__ import annotations

from ..core.draft import MAX_CHARS
from .limited import LimitedArea


class ComplaintArea(LimitedArea):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, most=MAX_CHARS, words="complaint_too_long", **kwargs)
