"""Provides the desk's Chinese input method, where there is one (KIOSK_IME, which deploy's
desk-session sets): the words that say how to type Chinese, and letters again at each wipe."""

from __future__ import annotations

import os
import shutil
import subprocess


def present() -> bool:
    return os.environ.get("KIOSK_IME") == "fcitx5" and shutil.which("fcitx5-remote") is not None


def hint(text) -> str:
    """How to type Chinese, for a box that takes it (`text`: the content's word lookup); ""
    where there is no input method (a terminal's own is the user's business)."""
    return text("ime_hint") if present() else ""


def letters_again() -> None:
    """The next visitor starts typing letters and digits, whatever the last one left on: the
    order number is the first thing typed. Not waited for: the wipe must not stall on it."""
    if present():
        try:
            subprocess.Popen(["fcitx5-remote", "-c"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        except OSError:
            pass
