"""Provides install(): every text Textual wraps — Static, Label, Button, the complaint's
TextArea — breaks lines the Chinese way (tui.core.linebreak), not only at spaces."""

from __future__ import annotations

import textual.content
import textual.document._wrapped_document as wrapped_document

from ..core.linebreak import CACHED, wrap_offsets

# Textual's own functions, kept for what the Chinese rules need not handle: a line with tabs,
# or a single line longer than anything the kiosk shows (a huge paste), where the rules would
# only cost time on every key.
_divide_line = textual.content.divide_line
_compute_wrap_offsets = wrapped_document.compute_wrap_offsets


def divide_line(text: str, width: int, fold: bool = True) -> list[int]:
    if len(text) > CACHED:
        return _divide_line(text, width, fold)
    return wrap_offsets(text, width, fold)


def compute_wrap_offsets(text: str, width: int, tab_size: int, fold: bool = True,
                         precomputed_tab_sections: list[tuple[str, int]] | None = None) -> list[int]:
    if "\t" in text or len(text) > CACHED:
        return _compute_wrap_offsets(text, width, tab_size, fold, precomputed_tab_sections)
    return wrap_offsets(text, width, fold, hang=False)  # the cursor may sit on a space


def install() -> None:
    """Replace the two places Textual (pinned in pyproject.toml) wraps text: Content, which
    every Static, Label and Button draws through, and the TextArea's wrapped document."""
    textual.content.divide_line = divide_line
    wrapped_document.compute_wrap_offsets = compute_wrap_offsets
