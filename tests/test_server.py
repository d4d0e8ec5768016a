"""Several desks on one real PostgreSQL server: the schema applied once however many desks
start, the desks' role unable to change events or the schema, appends, creates and guesses
from several processes at once, and what a desk says when the server is wrong or away."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta

import pytest

from tui.store.cases import CHINA, CaseLocked, WrongCodeOrPin
from tui.store.files import StoreError
from tui.store.server import LATEST, ServerStore, Unreachable

from .conftest import ROOT

ROLES = ROOT / "deploy" / "postgres" / "roles.sql"


@pytest.fixture(scope="session")
def roles(pg_server):
    """deploy/postgres/roles.sql as the guide runs it; one desk login and one staff login."""
    pg_server.psql_file(ROLES)
    pg_server.psql("CREATE ROLE desk_k3 LOGIN PASSWORD 'desk-pass' IN ROLE kiosk_desk")
    pg_server.psql("CREATE ROLE staff_a LOGIN IN ROLE kiosk_staff")
    return pg_server


@pytest.fixture
def owned(roles):
    """A fresh database owned by kiosk_owner, its schema applied by the owner: (server, db)."""
    db = roles.new_database(owner="kiosk_owner")
    ServerStore(roles.url(db, "kiosk_owner"), "/tmp").close_connection()
    return roles, db


def _children(script: str, *argvs: list[str], timeout: float = 300) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-c", script, *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, cwd=ROOT, env=env) for argv in argvs]
    outs = []
    for p in procs:
        out, err = p.communicate(timeout=timeout)
        assert p.returncode == 0, err[-2000:]
        outs.append(out)
    return outs


def test_desks_starting_at_once_apply_each_migration_once(pg_server, tmp_path):
    db = pg_server.new_database()
    url = pg_server.url(db)
    script = ("import sys; from tui.store.server import ServerStore; "
              "print(ServerStore(sys.argv[1], sys.argv[2]).version)")
    outs = _children(script, *[[url, str(tmp_path / f"d{i}")] for i in range(4)])
    assert [o.strip() for o in outs] == [str(LATEST)] * 4
    assert pg_server.psql("SELECT string_agg(version::text, ',' ORDER BY version) FROM kiosk_schema", db) == \
        ",".join(str(v) for v in range(1, LATEST + 1))


def test_a_desks_role_appends_but_never_changes_an_event_or_the_schema(owned, tmp_path):
    server, db = owned
    desk = ServerStore(server.url(db, "desk_k3"), tmp_path, desk="K3")
    code, pin = desk.create("lost", {})
    desk.append_event(code, "note", "2026-12-01", "first")
    assert desk.rights() == {"append": True, "change_events": False, "purge": False, "ddl": False, "tls": False}
    for statement in ("UPDATE events SET note = 'changed'", "DELETE FROM events", "DELETE FROM cases",
                      "DROP TABLE events", "CREATE TABLE x (i int)", "ALTER TABLE cases ADD COLUMN x int"):
        with pytest.raises(subprocess.CalledProcessError) as refused:
            server.psql(statement, db, user="desk_k3")
        assert "permission denied" in refused.value.stderr or "must be owner" in refused.value.stderr
    # Not even the schema's owner changes an event: an undo is an event of its own.
    with pytest.raises(subprocess.CalledProcessError) as refused:
        server.psql("UPDATE events SET note = 'changed'", db, user="kiosk_owner")
    assert "append-only" in refused.value.stderr
    assert desk.purge(timedelta(days=0)) == 0  # a desk's daily purge is the staff's
    assert desk.load(code).events[0]["note"] == "first"
    staff = ServerStore(server.url(db, "staff_a"), tmp_path)
    assert staff.purge(timedelta(days=-1)) == 1  # the staff's role purges, events with it
    assert server.psql("SELECT count(*) FROM events", db) == "0"


def test_a_desks_role_on_an_old_schema_is_told_to_ask_for_the_migration(roles, tmp_path):
    db = roles.new_database(owner="kiosk_owner")
    with pytest.raises(StoreError) as old:
        ServerStore(roles.url(db, "desk_k3"), tmp_path)
    assert old.value.key == "store_schema_old" and old.value.values == {"have": 0, "need": LATEST}


def test_a_server_of_a_newer_schema_is_refused_and_nothing_written(pg_server, tmp_path):
    db = pg_server.new_database()
    pg_url = pg_server.url(db)
    ServerStore(pg_url, tmp_path).close_connection()
    pg_server.psql("INSERT INTO kiosk_schema (version) VALUES (99)", db)
    with pytest.raises(StoreError) as newer:
        ServerStore(pg_url, tmp_path)
    assert newer.value.key == "store_schema_newer"


def test_wrong_url_wrong_password_and_no_server_each_say_what_is_wrong(pg_server, tmp_path):
    from tui.core.content import load_content

    from .conftest import CONTENT_DIR

    text = load_content(CONTENT_DIR).text
    db = pg_server.new_database()
    with pytest.raises(StoreError) as bad_url:
        ServerStore("postgresql://a@b:notaport/x", tmp_path)
    with pytest.raises(StoreError) as bad_password:
        ServerStore(pg_server.url(db, tcp=True, password="wrong"), tmp_path)
    with pytest.raises(Unreachable) as away:
        ServerStore(f"postgresql://postgres@127.0.0.1:{_closed_port()}/{db}?connect_timeout=2", tmp_path)
    assert bad_url.value.key == "store_server_url"
    assert bad_password.value.key == "store_server_refused" and not isinstance(bad_password.value, Unreachable)
    assert "wrong" not in bad_password.value.detail  # the password is never in a message
    assert "连不上中心服务器" in away.value.message(text)
    assert "密码" in bad_password.value.message(text)
    right = ServerStore(pg_server.url(db, tcp=True, password="test-secret"), tmp_path)
    assert "test-secret" not in right.where


def _closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when this returns: nobody listens there


APPEND = """
import sys
from tui.store.server import ServerStore
store = ServerStore(sys.argv[1], sys.argv[2], desk=sys.argv[3])
for i in range(int(sys.argv[5])):
    store.append_event(sys.argv[4], "note", "2026-12-01", f"{sys.argv[3]}:{i}")
"""


def test_three_desks_appending_to_one_case_at_once_lose_nothing(pg_url, tmp_path):
    store = ServerStore(pg_url, tmp_path, desk="A3")
    code, _ = store.create("lost", {})
    desks = ["A3", "B4", "C6"]
    _children(APPEND, *[[pg_url, str(tmp_path / d), d, code, "1000"] for d in desks])
    events = store.load(code).events
    assert [e["n"] for e in events] == list(range(1, 3001))
    for d in desks:
        mine = [int(e["note"].split(":")[1]) for e in events if e["note"].startswith(f"{d}:")]
        assert mine == list(range(1000)), d  # every one, each once, in its desk's order


CREATE = """
import sys
from tui.store.server import ServerStore
store = ServerStore(sys.argv[1], sys.argv[2], desk=sys.argv[3])
import tui.store.server as server
for i in range(int(sys.argv[4])):
    print(store.create("lost", {})[0])
"""


def test_two_desks_creating_cases_at_once_never_share_a_code(pg_url, tmp_path, monkeypatch):
    outs = _children(CREATE, [pg_url, str(tmp_path / "a"), "A3", "150"], [pg_url, str(tmp_path / "b"), "B4", "150"])
    codes = [c for out in outs for c in out.split()]
    assert len(codes) == 300 and len(set(codes)) == 300
    # Drawn codes that clash are drawn again, never saved twice: a draw made to repeat.
    from tui.store import server as module

    drawn = iter([codes[0], codes[0], "7KQ3-M9XD"])
    monkeypatch.setattr(module, "new_code", lambda: next(drawn))
    assert ServerStore(pg_url, tmp_path).create("lost", {})[0] == "7KQ3-M9XD"


GUESS = """
import sys
from datetime import datetime
from tui.store.cases import CHINA, CaseLocked, WrongCodeOrPin
from tui.store.server import ServerStore
store = ServerStore(sys.argv[1], sys.argv[2], desk=sys.argv[3])
for _ in range(int(sys.argv[5])):
    try:
        store.open(sys.argv[4], "000000" if sys.argv[6] != "000000" else "111111")
        print("opened")
    except WrongCodeOrPin:
        print("wrong")
    except CaseLocked:
        print("locked")
"""


def test_five_misses_at_three_desks_lock_the_code_at_every_desk(pg_url, tmp_path):
    store = ServerStore(pg_url, tmp_path, desk="A3")
    code, pin = store.create("lost", {})
    outs = _children(GUESS, *[[pg_url, str(tmp_path / d), d, code, n, pin] for d, n in
                             (("A3", "2"), ("B4", "2"), ("C6", "1"))])
    said = [w for out in outs for w in out.split()]
    assert sorted(said) == ["locked"] + ["wrong"] * 4  # the fifth miss, wherever it fell, locks
    for desk in ("A3", "B4", "C6"):  # the right PIN waits at every desk
        with pytest.raises(CaseLocked):
            ServerStore(pg_url, tmp_path / desk, desk=desk).open(code, pin)


def test_guessing_many_codes_across_desks_slows_every_desk(pg_url, tmp_path):
    from tui.store.cases import KIOSK_FREE, KioskSlowed

    now = datetime(2026, 12, 1, 10, 0, tzinfo=CHINA)
    a = ServerStore(pg_url, tmp_path / "a", desk="A3", now=lambda: now)
    b = ServerStore(pg_url, tmp_path / "b", desk="B4", now=lambda: now)
    code, pin = a.create("lost", {})
    for i in range(KIOSK_FREE):
        with pytest.raises(WrongCodeOrPin):
            (a if i % 2 else b).open(f"{'34679ACDEF'[i]}ACD-EFGH", "123456")
    with pytest.raises(KioskSlowed):
        b.open(code, pin)  # desk B waits for the misses made at A and B


def test_a_full_server_disk_is_said_and_what_was_saved_stays(pg_server, tmp_path):
    if os.geteuid() != 0:
        pytest.skip("mounting a small disk for the server needs root")
    db = pg_server.new_database()
    url = pg_server.url(db)
    store = ServerStore(url, tmp_path)
    code, _ = store.create("lost", {})
    store.append_event(code, "note", "2026-12-01", "kept")
    disk = pg_server.small_disk(db, "events", megabytes=1)
    try:
        with pytest.raises(StoreError) as full:
            for i in range(20_000):
                store.append_event(code, "note", "2026-12-01", "x" * 500)
        assert full.value.key == "store_server_full"
        assert store.load(code).events[0]["note"] == "kept"
    finally:
        disk.release()
