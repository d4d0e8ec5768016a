"""A desk on a server that goes away: the visit goes on (plan, texts, a case saved on the desk
under a desk-marked code, events queued), the server's cases say they are away instead of
"wrong PIN", and everything reaches the server exactly once when it is back — also when the
upload is killed half-way."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT, TODAY
from tests.test_visit import walk_to
from tui.store import desk as desk_module
from tui.store.desk import DeskStore, ServerAway
from tui.store.server import ServerStore
from tui.visit import Visit


@pytest.fixture
def server(pg_server):
    """The test server, started again after a test that stopped it."""
    yield pg_server
    pg_server.start_if_stopped()


@pytest.fixture
def retry_at_once(monkeypatch):
    monkeypatch.setattr(desk_module, "RETRY_AFTER", 0.0)


@pytest.fixture
def desk_env(tmp_path, monkeypatch):
    """The desk's folder and settings (desk K3) where a kiosk would find them."""
    from tui.store.staff import Settings

    monkeypatch.setenv("KIOSK_DESK_DIR", str(tmp_path / "desk"))
    monkeypatch.setenv("KIOSK_CONFIG", str(tmp_path / "config"))
    Settings(desk="K3").save(tmp_path / "config")
    return tmp_path / "desk"


def test_the_server_stopped_in_the_middle_of_a_visit(content, server, tmp_path, desk_env, retry_at_once):
    url = server.url(server.new_database())
    visit = Visit(content, today=lambda: TODAY, db=url, save_dir=tmp_path / "saved")
    walk_to(visit, "lost")
    code, pin = visit.save_case()
    assert not code.startswith("W") and visit.kept_here(code) == ""
    server.stop()
    # The visitor goes on: the plan and the texts need no server, the event is queued.
    assert visit.plan().steps
    visit.record_event("seller_contacted", "2026-11-26", "offline note")
    assert [e["note"] for e in visit.case.events] == ["offline note"]
    # The next visitor saves a new case: on the desk, under a code no desk or server makes.
    visit.reset()
    walk_to(visit, "damaged")
    offline_code, offline_pin = visit.save_case()
    assert offline_code.startswith("WK3") and "连不上中心服务器" in visit.kept_here(offline_code)
    visit.record_event("seller_contacted", "2026-11-27", "on the desk")
    # A case that lives on the server cannot be opened now: said so, never "wrong PIN".
    visit.reset()
    assert "连不上服务器" in visit.failure(lambda: visit.open_case(code, pin))
    assert visit.failure(lambda: visit.open_case(offline_code, offline_pin)) == ""  # the desk's own opens
    server.start()
    visit.reset()
    assert visit.failure(lambda: visit.open_case(code, pin)) == ""  # back: the queue went first
    there = ServerStore(url, tmp_path / "look")
    assert [e["note"] for e in there.load(code).events] == ["offline note"]
    assert [e["note"] for e in there.load(offline_code).events] == ["on the desk"]
    assert there.open(offline_code, offline_pin).problem == "damaged"  # the same code and PIN
    assert visit.store.waiting() == 0 and not visit.kept_here(offline_code)


def test_a_server_case_not_read_at_this_desk_is_away_not_wrong(server, tmp_path, retry_at_once):
    url = server.url(server.new_database())
    code, pin = ServerStore(url, tmp_path / "other").create("lost", {})
    desk = DeskStore(url, tmp_path / "desk", "K3")
    server.stop()
    with pytest.raises(ServerAway):
        desk.open(code, pin)
    with pytest.raises(ServerAway):
        desk.append_event(code, "note", "2026-12-01")
    assert desk.queued() == []  # nothing was queued for a case it cannot show


def _offline_work(url: str, folder, events: int, cases: int, server) -> tuple[str, dict[str, int]]:
    """A case read online, then with the server stopped `events` events queued for it and
    `cases` new cases saved on the desk, each with two events; the server started again."""
    desk = DeskStore(url, folder, "K3")
    code, pin = desk.create("lost", {})
    desk.open(code, pin)
    server.stop()
    for i in range(events):
        desk.append_event(code, "note", "2026-12-01", f"q{i}")
    made = {}
    for i in range(cases):
        c, _ = desk.create("lost", {"details": f"case {i}"})
        desk.append_event(c, "note", "2026-12-01", f"{c}:1")
        desk.append_event(c, "note", "2026-12-01", f"{c}:2")
        made[c] = 2
    assert desk.offline and desk.waiting() == events + cases
    server.start()
    return code, made


def _exactly_once(url, tmp_path, code, events, made):
    there = ServerStore(url, tmp_path / "look")
    notes = [e["note"] for e in there.load(code).events]
    assert sorted(notes) == sorted(f"q{i}" for i in range(events)), "each queued event once"
    assert notes == [f"q{i}" for i in range(events)], "in the order they were made"
    for c, n in made.items():
        assert [e["note"] for e in there.load(c).events] == [f"{c}:{i}" for i in range(1, n + 1)]
    assert len(there.list_cases()) == 1 + len(made)


def test_an_upload_cut_after_the_server_has_it_is_sent_again_and_counted_once(server, tmp_path, monkeypatch,
                                                                               retry_at_once):
    url = server.url(server.new_database())
    code, made = _offline_work(url, tmp_path / "desk", 50, 3, server)
    desk = DeskStore.__new__(DeskStore)  # the desk as it restarts, cut right after the commit

    def killed(*args, **kwargs):
        raise KeyboardInterrupt("killed between the server's commit and the queue's rewrite")

    monkeypatch.setattr(desk_module, "write_new", killed)
    with pytest.raises(KeyboardInterrupt):
        DeskStore.__init__(desk, url, tmp_path / "desk", "K3")
    monkeypatch.undo()
    monkeypatch.setattr(desk_module, "RETRY_AFTER", 0.0)
    again = DeskStore(url, tmp_path / "desk", "K3")  # sends everything again
    assert again.waiting() == 0
    _exactly_once(url, tmp_path, code, 50, made)


UPLOAD = """
import sys
from tui.store.desk import DeskStore
print("connecting", flush=True)
DeskStore(sys.argv[1], sys.argv[2], "K3")  # uploads what waits as it starts
print("done", flush=True)
"""


def test_sigkill_while_the_queue_uploads_loses_nothing_and_doubles_nothing(server, tmp_path, retry_at_once):
    url = server.url(server.new_database())
    folder = tmp_path / "desk"
    code, made = _offline_work(url, folder, 1000, 20, server)
    rng = random.Random(20261207)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    kills = 0
    for _ in range(12):
        child = subprocess.Popen([sys.executable, "-c", UPLOAD, url, str(folder)], stdout=subprocess.PIPE,
                                 text=True, cwd=ROOT, env=env)
        assert child.stdout.readline().strip() == "connecting"
        time.sleep(rng.uniform(0.0, 0.3))  # connecting and the upload take ~0.5 s: killed at any point in them
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)
            kills += 1
        child.communicate()
        if child.returncode == 0:
            break  # this one finished the upload
    assert kills >= 1
    DeskStore(url, folder, "K3")  # whatever is left goes now
    _exactly_once(url, tmp_path, code, 1000, made)


def test_the_queue_on_disk_survives_a_kill_of_the_desk(server, tmp_path, retry_at_once):
    """Events queued by a desk process that is then killed are on the desk's disk and reach
    the server from the next process."""
    url = server.url(server.new_database())
    folder = tmp_path / "desk"
    desk = DeskStore(url, folder, "K3")
    code, pin = desk.create("lost", {})
    script = ("import sys, os, signal\nfrom tui.store.desk import DeskStore\n"
              "d = DeskStore(sys.argv[1], sys.argv[2], 'K3')\nd.open(sys.argv[3], sys.argv[4])\n"
              "print('open', flush=True)\nsys.stdin.readline()\n"
              "for i in range(5):\n    d.append_event(sys.argv[3], 'note', '2026-12-01', f'k{i}')\n"
              "print('queued', flush=True)\nos.kill(os.getpid(), signal.SIGKILL)\n")
    child = subprocess.Popen([sys.executable, "-c", script, url, str(folder), code, pin], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert child.stdout.readline().strip() == "open"
    server.stop()
    child.stdin.write("\n")
    child.stdin.flush()
    assert child.stdout.readline().strip() == "queued"
    child.wait()
    assert child.returncode == -signal.SIGKILL
    server.start()
    DeskStore(url, folder, "K3")
    assert [e["note"] for e in ServerStore(url, tmp_path / "look").load(code).events] == [f"k{i}" for i in range(5)]


def test_a_write_whose_reply_was_lost_is_applied_once(server, tmp_path, monkeypatch, retry_at_once):
    """The server commits, the network drops before the desk hears: the desk queues the
    write under the same id, and the server, which has it, keeps one."""
    url = server.url(server.new_database())
    desk = DeskStore(url, tmp_path / "desk", "K3")
    code, pin = desk.create("lost", {})
    desk.open(code, pin)
    real_append, real_close = ServerStore.append_event, ServerStore.close

    def lost(real):
        def call(self, *args, **kwargs):
            real(self, *args, **kwargs)
            raise desk_module.Unreachable("store_server_unreachable", "the reply was lost")
        return call

    monkeypatch.setattr(ServerStore, "append_event", lost(real_append))
    monkeypatch.setattr(ServerStore, "close", lost(real_close))
    desk.append_event(code, "seller_contacted", "2026-12-01", "once")
    assert [w["op"] for w in desk.queued()] == ["event"]  # queued, though the server has it
    desk.close(code, "resolved", "退款")  # (the queued event is sent again first: the server keeps one)
    assert [w["op"] for w in desk.queued()] == ["close"]
    monkeypatch.undo()
    monkeypatch.setattr(desk_module, "RETRY_AFTER", 0.0)
    ServerStore(url, tmp_path / "other").close(code, "open")  # another desk reopens it meanwhile
    desk.load(code)  # back: the queue goes
    there = ServerStore(url, tmp_path / "look").load(code)
    assert [e["note"] for e in there.events] == ["once"]
    assert there.status == "open"  # the close the server already had is not applied again


def test_an_offline_code_is_never_given_twice_and_a_clash_is_never_merged(server, tmp_path, monkeypatch,
                                                                          retry_at_once):
    url = server.url(server.new_database())
    drawn = iter(["WK33-AAAA", "WK33-AAAA", "WK33-CCCC"])
    monkeypatch.setattr(desk_module, "offline_code", lambda desk: next(drawn))
    desk = DeskStore(url, tmp_path / "desk", "K3")
    server.stop()
    first, _ = desk.create("lost", {"details": "第一位"})
    server.start()
    desk._online()  # back: the case goes to the server
    assert desk.waiting() == 0
    server.stop()
    second, _ = desk.create("lost", {"details": "第二位"})  # the first code is gone from the desk
    assert (first, second) == ("WK33-AAAA", "WK33-CCCC")
    # Another desk set up with the same id made WK33-CCCC too: uploading never merges them.
    other = DeskStore(url, tmp_path / "twin", "K3")
    monkeypatch.setattr(other, "_offline_code", lambda: "WK33-CCCC")
    other.local.new_code = other._offline_code
    twin, twin_pin = other.create("delay", {"details": "另一台"})
    server.start()
    other._online()
    desk._online()
    assert desk.offline_case(second) and desk.warnings  # kept on the desk, staff told
    there = ServerStore(url, tmp_path / "look")
    assert there.load(second).problem == "delay" and there.open(twin, twin_pin)


def test_a_torn_last_line_does_not_swallow_the_next_write(server, tmp_path, retry_at_once):
    url = server.url(server.new_database())
    desk = DeskStore(url, tmp_path / "desk", "K3")
    code, pin = desk.create("lost", {})
    desk.open(code, pin)
    server.stop()
    desk.append_event(code, "note", "2026-12-01", "before")
    with open(desk.queue_path, "ab") as f:
        f.write(b'{"id": "torn by a power cut", "op": "ev')
    desk.append_event(code, "note", "2026-12-01", "after")
    assert [w["note"] for w in desk.queued()] == ["before", "after"]


def test_the_first_visitor_after_a_server_restart_is_not_sent_offline(server, tmp_path):
    url = server.url(server.new_database())
    desk = DeskStore(url, tmp_path / "desk", "K3")
    desk.create("lost", {})
    server.stop()
    server.start()
    code, _ = desk.create("lost", {})
    assert not code.startswith("W") and not desk.offline


def test_another_desks_offline_code_says_it_may_still_be_there(server, tmp_path, content):
    from tui.store.desk import WrongOrElsewhere

    desk = DeskStore(server.url(server.new_database()), tmp_path / "desk", "K3")
    with pytest.raises(WrongOrElsewhere) as elsewhere:
        desk.open("WA3C-DEFG", "123456")
    assert "A3 号服务点" in elsewhere.value.message(content.text)


def test_a_queue_line_of_the_wrong_shape_stops_no_upload(server, tmp_path, retry_at_once):
    url = server.url(server.new_database())
    desk = DeskStore(url, tmp_path / "desk", "K3")
    code, pin = desk.create("lost", {})
    desk.open(code, pin)
    server.stop()
    with open(desk.queue_path, "a", encoding="utf-8") as f:
        f.write('{"id": "3f1c0e4e-6f0d-4a57-9a4b-0d3c3c9d1e11", "op": "event", "code": "' + code +
                '", "kind": "note", "day": "next week", "note": "", "n": 1, "at": "2026-12-01T10:00:00+08:00"}\n')
    desk.append_event(code, "note", "2026-12-01", "good")
    server.start()
    desk.load(code)
    assert [e["note"] for e in ServerStore(url, tmp_path / "look").load(code).events] == ["good"]
