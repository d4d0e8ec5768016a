"""Shared fixtures: the real content, a pinned today, and a kiosk app on temporary folders."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tui.core.content import load_content

ROOT = Path(__file__).resolve().parent.parent
CONTENT_DIR = ROOT / "content"
TODAY = date(2026, 11, 26)


@pytest.fixture(autouse=True, scope="session")
def crashes_fail_tests():
    """The kiosk survives an unexpected error (crash boundary); a test must still fail on one."""
    from tui.app import KioskApp

    KioskApp.RAISE_CRASHES = True


@pytest.fixture(scope="session")
def content():
    return load_content(CONTENT_DIR)


@pytest.fixture
def make_app(content, tmp_path):
    from tui.app import KioskApp

    def make(today: date = TODAY, **kw):
        kw.setdefault("save_dir", tmp_path / "saved")
        kw.setdefault("passcode", "")
        kw.setdefault("db", tmp_path / "cases")
        kw.setdefault("log_dir", tmp_path / "logs")
        return KioskApp(content, today=lambda: today, **kw)

    return make
