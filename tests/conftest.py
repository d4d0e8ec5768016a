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
    from tui.store.staff import Settings

    def make(today: date = TODAY, **kw):
        kw.setdefault("save_dir", tmp_path / "saved")
        kw.setdefault("staff", None)  # demo mode unless a test gives the staff's keys
        kw.setdefault("settings", Settings())  # never the machine's own config
        kw.setdefault("db", tmp_path / "cases")
        kw.setdefault("log_dir", tmp_path / "logs")
        kw.setdefault("printer", "")  # no printer: 保存为 PDF, whatever this machine has
        return KioskApp(content, today=lambda: today, **kw)

    return make


@pytest.fixture
def staff_keys(tmp_path):
    """The staff's keys with passcode 12345678, in a temporary config folder."""
    from tui.store.staff import StaffKeys

    keys = StaffKeys(tmp_path / "config")
    keys.set("12345678")
    return keys


@pytest.fixture(scope="session")
def pg_server():
    """A real PostgreSQL server for this test process (each xdist worker has its own)."""
    from tests.pg import Server, need_server

    need_server()
    server = Server()
    yield server
    server.close()


@pytest.fixture
def pg_url(pg_server):
    """The URL of a fresh, empty database on the test server."""
    return pg_server.url(pg_server.new_database())


@pytest.fixture(params=["tinydb", "postgresql"])
def backend(request, tmp_path):
    """make(now=…, shapes=…) → a case store on one backend, the same one each call (a
    'restart'): the store's behaviour tests run on both."""
    from tui.store.cases import CaseStore

    if request.param == "tinydb":
        def tiny(**kw):
            return CaseStore(tmp_path / "cases", **kw)

        tiny.where = tmp_path / "cases"
        tiny.kept = lambda: "\n".join(p.read_text(encoding="utf-8", errors="replace")
                                      for p in sorted(tiny.where.rglob("*")) if p.is_file())
        yield tiny
        return
    server = request.getfixturevalue("pg_server")
    db = server.new_database()
    from tui.store.server import ServerStore

    made = []

    def make(**kw):
        store = ServerStore(make.where, tmp_path / "desk", **kw)
        made.append(store)
        return store

    make.where = server.url(db)
    make.kept = lambda: server.dump(db)
    yield make
    for store in made:
        store.close_connection()
