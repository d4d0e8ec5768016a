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



@pytest.fixture(scope="session")
def roles(pg_server):
    """deploy/postgres/roles.sql as the guide runs it; one desk login and one staff login."""
    return pg_server.with_roles()


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
    desks = ["A3", "K4", "C6"]
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
    outs = _children(CREATE, [pg_url, str(tmp_path / "a"), "A3", "60"], [pg_url, str(tmp_path / "b"), "K4", "60"])
    codes = [c for out in outs for c in out.split()]
    assert len(codes) == 120 and len(set(codes)) == 120  # each create hashes a PIN (0.2 s): 60 a desk
    # Drawn codes that clash are drawn again, never saved twice: a draw made to repeat.
    from tui.store import server as module

    drawn = iter([codes[0], "WK36-ACDE", codes[0], "7KQ3-M9XD"])  # W…: an offline desk's mark
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
                             (("A3", "2"), ("K4", "2"), ("C6", "1"))])
    said = [w for out in outs for w in out.split()]
    assert sorted(said) == ["locked"] + ["wrong"] * 4  # the fifth miss, wherever it fell, locks
    for desk in ("A3", "K4", "C6"):  # the right PIN waits at every desk
        with pytest.raises(CaseLocked):
            ServerStore(pg_url, tmp_path / desk, desk=desk).open(code, pin)


def test_guessing_many_codes_across_desks_slows_every_desk(pg_url, tmp_path):
    from tui.store.cases import KIOSK_FREE, KioskSlowed

    now = datetime(2026, 12, 1, 10, 0, tzinfo=CHINA)
    a = ServerStore(pg_url, tmp_path / "a", desk="A3", now=lambda: now)
    b = ServerStore(pg_url, tmp_path / "b", desk="K4", now=lambda: now)
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
    code, pin = store.create("lost", {})
    store.append_event(code, "note", "2026-12-01", "kept")
    disk = pg_server.small_disk(db, "events", megabytes=1)
    try:
        with pytest.raises(StoreError) as full:
            for i in range(20_000):
                store.append_event(code, "note", "2026-12-01", "x" * 500)
        assert full.value.key == "store_server_full"
        assert store.load(code).events[0]["note"] == "kept"
        # A desk keeps what a visitor records then, and sends it once there is room.
        from tui.store.desk import DeskStore

        desk = DeskStore(url, tmp_path / "desk", "K3")
        desk.open(code, pin)
        desk.append_event(code, "note", "2026-12-01", "while full " + "x" * 500)
        assert [w["note"][:10] for w in desk.queued()] == ["while full"]
    finally:
        disk.release()


def _desk(url: str, tmp_path, desk: str, *command: str) -> list[str]:
    from tui.store.staff import Settings

    config = tmp_path / f"config-{desk}"
    Settings(desk=desk).save(config)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KIOSK_CONFIG": str(config), "KIOSK_DESK_DIR": str(tmp_path / desk)}
    done = subprocess.run([sys.executable, "-m", "tests.desk_child", url, *command], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.splitlines()


def test_three_kiosks_on_one_server_share_cases_locks_and_figures(pg_server, tmp_path, content):
    """The issue's "done when": saved at one desk, resumed at another, locked at a third and
    so at all, and the staff's figures count every desk's cases."""
    from tui.core.figures import figures
    from tui.store.schema import Shapes

    from .conftest import TODAY

    db = pg_server.new_database()
    url = pg_server.url(db)
    code, pin = _desk(url, tmp_path, "A3", "save", "lost")[0].split()
    assert _desk(url, tmp_path, "K4", "record", code, pin, "从 B 台记录")[0] == "从 B 台记录"
    assert _desk(url, tmp_path, "C6", "open", code, pin)[0] == "opened lost"
    _desk(url, tmp_path, "K4", "save", "delay")
    _desk(url, tmp_path, "C6", "save", "damaged")
    said = _desk(url, tmp_path, "C6", "guess", code, "5")
    assert said[:4] == ["案件编号或密码不对，请核对后再试。"] * 4 and "已锁定" in said[4]
    for desk in ("A3", "K4"):  # the right PIN waits at the other desks too
        assert "已锁定" in _desk(url, tmp_path, desk, "open", code, pin)[0]
    staff = ServerStore(url, tmp_path / "staff", shapes=Shapes.of(content))
    f = figures(staff.tallies(), content, TODAY)
    assert f.total == 3 and f.by_channel["卖家"] == 1
    assert pg_server.psql("SELECT string_agg(desk, ',' ORDER BY desk) FROM cases", db) == "A3,C6,K4"
    assert pg_server.psql("SELECT desk FROM events", db) == "K4"


def test_a_row_of_the_wrong_shape_on_the_server_is_damaged_not_a_crash(pg_server, tmp_path, content):
    from tui.store.cases import CaseDamaged

    db = pg_server.new_database()
    store = ServerStore(pg_server.url(db), tmp_path)
    code, pin = store.create("lost", {"order_no": "1234"})
    pg_server.psql(f"UPDATE cases SET answers = '{{\"order_no\": [[[1]]]}}' WHERE code = '{code}'", db)
    with pytest.raises(CaseDamaged) as damaged:
        store.open(code, pin)
    assert "损坏" in damaged.value.message(content.text)
    assert store.warnings  # staff are told


def test_a_desks_folder_moves_to_the_server_counted_case_by_case(pg_server, tmp_path, capsys):
    from tui.cli import main
    from tui.store.cases import CaseStore

    folder = CaseStore(tmp_path / "cases")
    made = {}
    for i in range(30):
        code, pin = folder.create("lost", {"details": f"第 {i} 个"})
        for j in range(i % 4):
            folder.append_event(code, "note", "2026-11-26", f"{i}.{j}")
        made[code] = pin
    folder.close(next(iter(made)), "resolved", "退款了")
    db = pg_server.new_database()
    url = pg_server.url(db)
    assert main(["cases", "migrate", "--db", str(tmp_path / "cases"), "--to", url]) == 0
    out = capsys.readouterr().out
    assert "案件 / cases: 30" in out and "核对无误" in out
    assert main(["cases", "migrate", "--db", str(tmp_path / "cases"), "--to", url]) == 0  # again: nothing twice
    server = ServerStore(url, tmp_path / "desk")
    assert len(server.list_cases()) == 30 and pg_server.psql("SELECT count(*) FROM events", db) == str(
        sum(i % 4 for i in range(30)))
    first = next(iter(made))
    assert server.open(first, made[first]).status == "resolved"  # the same PIN opens it there
    assert main(["cases", "migrate", "--to", "postgresql://u:secret@/x"]) == 1  # no password on a command line
    assert "secret" not in capsys.readouterr().err


def test_the_servers_tallies_count_what_the_cases_say_through_every_change(pg_server, tmp_path, content):
    """The figures read from the tallies the server keeps equal the figures counted case by
    case, after creates, events, an undo, closing, reopening, a changed problem and a purge."""
    from tui.core.figures import figures
    from tui.store.schema import Shapes

    from .conftest import TODAY

    clock = [datetime(2026, 11, 1, 10, 0, tzinfo=CHINA)]
    store = ServerStore(pg_server.url(pg_server.new_database()), tmp_path, shapes=Shapes.of(content),
                        now=lambda: clock[0])
    codes = []
    for i, problem in enumerate(["lost", "delay", "damaged", "lost", "fake_signed"]):
        clock[0] += timedelta(days=3)
        codes.append(store.create(problem, {})[0])
    store.append_event(codes[0], "courier_complained", "2026-11-20")
    appeal = store.append_event(codes[0], "spb_appealed", "2026-11-21")
    store.append_event(codes[0], "undone", "2026-11-21", str(appeal["n"]))
    store.append_event(codes[1], "seller_contacted", "2026-11-21")
    store.close(codes[1], "resolved", "退款")
    store.close(codes[2], "abandoned")
    store.close(codes[2], "open")
    store.update_answers(codes[3], "delay", {})
    clock[0] += timedelta(days=200)
    store.append_event(codes[4], "note", "2027-06-01")
    assert store.purge(timedelta(days=180)) == 4  # all but the one touched just now

    def both():
        return figures(store.tallies(), content, TODAY), figures(store.list_cases(), content, TODAY)

    tallied, counted = both()
    assert tallied == counted and tallied.total == 1
    clock[0] = datetime(2026, 11, 26, 9, 0, tzinfo=CHINA)  # today, for the figures' "today"
    for problem in ("lost", "delay"):
        code = store.create(problem, {})[0]
        store.append_event(code, "seller_contacted", "2026-11-26")
    store.close(code, "resolved")
    tallied, counted = both()
    assert tallied == counted and tallied.today == 2 and tallied.by_channel["卖家"] == 2
    assert tallied.median_days_to_resolve == 0


def test_no_desk_can_bend_the_figures_or_delete_an_event(owned, tmp_path):
    server, db = owned
    desk = ServerStore(server.url(db, "desk_k3"), tmp_path, desk="K3")
    code, _ = desk.create("lost", {})
    desk.append_event(code, "note", "2026-12-01", "kept")
    with pytest.raises(subprocess.CalledProcessError) as refused:  # no temporary "tallies" of its own
        server.psql("CREATE TEMP TABLE tallies (LIKE public.tallies)", db, user="desk_k3")
    assert "permission denied" in refused.value.stderr
    # Even where a temporary table stands in the way (a superuser's session), the trigger
    # counts in the schema's own.
    server.psql("CREATE TEMP TABLE tallies (LIKE public.tallies); "
                "INSERT INTO cases (code, problem, answers, pin, created, last) "
                "VALUES ('7KQ3-M9XD', 'lost', '{}', '{}', now(), now())", db)
    assert server.psql("SELECT sum(n) FROM public.tallies WHERE problem = 'lost'", db) == "2"
    with pytest.raises(subprocess.CalledProcessError) as refused:
        server.psql("DELETE FROM events", db, user="kiosk_owner")
    assert "append-only" in refused.value.stderr


def test_a_url_is_shown_without_any_password(tmp_path):
    from tui.store.server import masked

    shown = masked("postgresql://desk:pw1@host:5433/wuliu?sslmode=verify-full&sslpassword=pw2&sslrootcert=/x.crt")
    assert shown == "postgresql://desk@host:5433/wuliu?sslmode=verify-full&sslrootcert=/x.crt"
    with pytest.raises(StoreError) as bad:
        ServerStore("postgresql://desk@/wuliu?host=/nowhere&sslmode=bogus", tmp_path)
    assert bad.value.key == "store_server_url" or bad.value.key == "store_server_refused"
