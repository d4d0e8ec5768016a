"""Provides KeyedError: an error whose message for the visitor is a key in content/i18n, so
the words live in content and the code only says which."""

from __future__ import annotations


class KeyedError(Exception):
    """`key` names the visitor's message (content/i18n, through message()); `detail` is for
    the staff's log and console only — it may name folders or a tool's own words, never a
    visitor's data."""

    def __init__(self, key: str, detail: str = "", **values: object) -> None:
        super().__init__(f"{key}: {detail}" if detail else key)
        self.key, self.detail, self.values = key, detail, values

    def message(self, text) -> str:
        """The visitor's message, from `text` (Content.text)."""
        return text(self.key, **self.values)
