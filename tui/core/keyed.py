"""Provides KeyedError: an error whose message for the visitor is a key in content/i18n, so
the words live in content and the code only says which."""

from __future__ import annotations

import errno

# The causes of a system error a visitor can be told in their own words (os_* in
# content/i18n); any other is said as a system error with its number, for the staff.
_CAUSES = {errno.ENOSPC: "os_full", errno.EDQUOT: "os_full", errno.EROFS: "os_read_only",
           errno.EACCES: "os_no_permission", errno.EPERM: "os_no_permission", errno.EIO: "os_disk_error",
           errno.ENOENT: "os_missing", errno.EISDIR: "os_in_the_way", errno.ENOTDIR: "os_in_the_way",
           errno.EEXIST: "os_in_the_way", errno.EMFILE: "os_busy", errno.ENFILE: "os_busy"}


class Reason:
    """Why a system call failed, said in the visitor's words — not the system's English
    ("No space left on device") inside a Chinese sentence."""

    def __init__(self, error: BaseException) -> None:
        self.number = getattr(error, "errno", None) or 0
        self.key = _CAUSES.get(self.number, "os_other")

    def said(self, text) -> str:
        return text(self.key, n=self.number)


class KeyedError(Exception):
    """`key` names the visitor's message (content/i18n, through message()); `detail` is for
    the staff's log and console only — it may name folders or a tool's own words, never a
    visitor's data."""

    def __init__(self, key: str, detail: str = "", **values: object) -> None:
        super().__init__(f"{key}: {detail}" if detail else key)
        self.key, self.detail, self.values = key, detail, values

    def message(self, text) -> str:
        """The visitor's message, from `text` (Content.text)."""
        return text(self.key, **{k: v.said(text) if isinstance(v, Reason) else v for k, v in self.values.items()})
