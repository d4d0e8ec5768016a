"""Stored shapes that must never stop the kiosk (issue 23): a damage matrix of case files
(answers, events, nesting, size, a folder in a file's place) each recovered from the last
good copy or refused with a message; an index that disagrees with the case files rebuilt with
every case; retention and figures past bad index rows; attempts.json and staff.json damage,
a clock set back, a full disk, and the temporary files of killed writes."""

from __future__ import annotations

import json
import os
import time
from datetime import date, datetime, timedelta

import pytest

from tui.cli import main
from tui.core.case import active, restore, timeline
from tui.core.figures import figures
from tui.core.plan import build_plan
from tui.store import cases
from tui.store import codes as store_codes
from tui.store import files
from tui.store.cases import CHINA, LOCK_FOR, KIOSK_MAX_WAIT, CaseDamaged, CaseError, CaseLocked, CaseStore, KioskSlowed
from tui.store.files import StoreError, backup_of
from tui.store.schema import CASE_MAX_BYTES, time_of
from tui.store.staff import StaffKeys, StaffWait
from tui.store.words import say

TODAY = date(2026, 11, 26)
ANSWERS = {"order_date": "2026-11-01", "order_no": "1234567890123456789",
           "tracking": {"number": "73123456789012", "carrier": "zto"}, "last_update": "2026-11-05",
           "seller_contact": {"status": "waiting", "date": "2026-11-20", "note": "客服说在查"},
           "courier_contact": {"status": "no", "date": "", "note": ""},
           "want": ["locate", "resend"], "details": "外箱有压痕"}


class Clock:
    def __init__(self, now=None):
        self.now = now or datetime(2026, 11, 26, 10, 0, tzinfo=CHINA)

    def __call__(self):
        return self.now


@pytest.fixture(autouse=True)
def quick_pins(monkeypatch):
    # PBKDF2 at 600,000 rounds is 0.2 s a PIN: these tests are about shapes, not the hash.
    monkeypatch.setattr(store_codes, "ITERATIONS", 1000)
    monkeypatch.setattr(cases, "_DECOY", store_codes.hash_pin("000000", b"decoy-salt-16byt"))


def _saved(store):
    """A realistic case with two events: its last good copy holds the first only."""
    code, pin = store.create("no_update", ANSWERS)
    store.append_event(code, "seller_contacted", "2026-11-20", "first")
    store.append_event(code, "courier_silent", "2026-11-21", "second")
    return code, pin


def _doc(d):
    return d["case"]["1"]


def _with(**fields):
    return lambda d: {**d, "case": {"1": {**_doc(d), **fields}}}


def _answer(**answers):
    return lambda d: {**d, "case": {"1": {**_doc(d), "answers": {**_doc(d)["answers"], **answers}}}}


def _event(**fields):
    return lambda d: {**d, "case": {"1": {**_doc(d), "events": [{**e, **fields} for e in _doc(d)["events"]]}}}


def _nested(depth):
    return "[" * depth + "]" * depth


# Each shape parses as JSON (or is refused before parsing) and crashed an open, or the core
# after it, before issue 23.
SHAPES = {
    "order date 20261101": _answer(order_date="20261101"),
    "order date 2026-02-30": _answer(order_date="2026-02-30"),
    "order date a number": _answer(order_date=20261101),
    "tracking number a number": _answer(tracking={"number": 73123456789012, "carrier": "zto"}),
    "tracking a string": _answer(tracking="73123456789012"),
    "contact without its date": _answer(seller_contact={"status": "waiting", "date": "", "note": ""}),
    "contact a list": _answer(seller_contact=["waiting"]),
    "want holds a number": _answer(want=["locate", 3]),
    "details a dict": _answer(details={"x": "y"}),
    "undo note ²": _event(kind="undone", note="²"),
    "event date with a time": _event(date="2026-11-20T00:00"),
    "event recorded without a zone": _event(recorded="2026-11-20T10:00:00"),
    "created without a zone": _with(created="2026-11-26T10:00:00"),
    "created soon": _with(created="soon"),
    "event n a word": _event(n="one"),
    "pin salt not hex": _with(pin={"alg": "pbkdf2-sha256", "salt": "zz", "hash": "00", "iterations": 1000}),
    "pin of 10^12 rounds": _with(pin={"alg": "pbkdf2-sha256", "salt": "00", "hash": "00", "iterations": 10**12}),
    "another case's code": _with(code="AAAA-AAAA"),
    "an unknown table, deep": lambda d: {**d, "x": {"1": {"a": json.loads(_nested(50))}}},
    "answers nested 500 deep": _answer(details=json.loads(_nested(500))),
    "an unknown field nested 200 deep": _with(extra=json.loads(_nested(200))),
}
RAW = {
    "nested 100,000 deep": lambda b: _nested(100_000).encode(),
    "over the size limit": lambda b: b[:-2] + b" " * CASE_MAX_BYTES + b"}}",
    "not UTF-8": lambda b: b"\xff\xfe" + b,
    # Parses (json's guard is at 1,000), then plain_tree() would recurse past Python's limit.
    "an unknown field nested 950 deep": lambda b: b.replace(b'"status"', b'"extra": ' + _nested(950).encode()
                                                             + b', "status"', 1),
}


def _damage(path, shape):
    if shape in RAW:
        path.write_bytes(RAW[shape](path.read_bytes()))
    elif shape == "a folder in its place":
        path.unlink()
        path.mkdir()
        (path / "x").write_text("y")
    else:
        path.write_text(json.dumps(SHAPES[shape](json.loads(path.read_text(encoding="utf-8")))), encoding="utf-8")


ALL = [*SHAPES, *RAW, "a folder in its place"]


@pytest.mark.parametrize("shape", ALL)
def test_a_damaged_case_file_is_recovered_from_its_last_good_copy(tmp_path, content, shape):
    store = CaseStore(tmp_path)
    code, pin = _saved(store)
    path = store._path(code)
    _damage(path, shape)
    case = store.open(code, pin)
    assert [e["note"] for e in case.events] == ["first"] and case.answers == ANSWERS
    assert list(path.parent.glob(f"{path.name}.corrupt-*")), "the damaged file is kept for the staff"
    assert any("已损坏" in w and "已用上一份完好的副本恢复" in w for w in store.warnings)
    # What the core makes of it: the interview, the plan and the timeline, as a visitor's open does.
    interview = restore(content, case.problem, case.answers)
    build_plan(content, interview, TODAY, active(content, case.events))
    timeline(content, interview, case.events)
    store.append_event(code, "seller_silent", "2026-11-22", "third")  # and the store carries on
    assert [e["note"] for e in store.load(code).events] == ["first", "third"]


@pytest.mark.parametrize("shape", ALL)
def test_a_damaged_case_file_without_a_good_copy_is_refused_with_a_message_every_time(tmp_path, content, shape):
    store = CaseStore(tmp_path)
    code, pin = _saved(store)
    path = store._path(code)
    _damage(path, shape)
    backup_of(path).unlink()
    for _ in range(3):  # never the apology: the same plain message at every open
        with pytest.raises(CaseDamaged) as refused:
            store.open(code, pin)
        assert refused.value.message(content.text) == content.text("case_damaged") != "case_damaged"
    with pytest.raises(CaseDamaged):
        store.load(code)
    assert any("没有可用的副本" in w for w in store.read_warnings())
    assert code not in {r["code"] for r in store.list_cases()}  # not counted as a case either
    other, other_pin = store.create("lost", {})
    assert store.open(other, other_pin).code == other  # the others are untouched


def test_a_case_file_that_cannot_be_read_is_a_keyed_error_not_a_raw_oserror(tmp_path, monkeypatch):
    store = CaseStore(tmp_path)
    code, pin = _saved(store)
    real = open

    def denied(path, *args, **kwargs):
        if str(path).endswith(f"{code}.json"):
            raise PermissionError(13, "Permission denied")
        return real(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", denied)
    with pytest.raises(StoreError) as failed:
        store.load(code)
    assert failed.value.key == "store_failed"
    said = failed.value.message(say)
    assert "没有写入的权限" in said and "Permission" not in said  # the visitor's words, not the system's


def test_a_full_disk_is_said_in_chinese(tmp_path, monkeypatch):
    store = CaseStore(tmp_path)
    code, _ = store.create("lost", {})

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", full)
    with pytest.raises(StoreError) as refused:
        store.append_event(code, "note", "2026-11-21", "x")
    said = refused.value.message(say)
    assert "磁盘已满" in said and "space" not in said


# --- the index against the case files ------------------------------------------------------


def _three(tmp_path, clock=None):
    """Three cases, each folded into index.json as the staff's list folds it (so the index's
    last good copy is the one from before the third)."""
    store = CaseStore(tmp_path, now=clock) if clock else CaseStore(tmp_path)
    codes = []
    for _ in range(3):
        codes.append(store.create("lost", {})[0])
        store.list_cases()
    return store, codes


def _index(tmp_path):
    """index.json once what index.jsonl noted is folded in (as the staff's list folds it)."""
    if (tmp_path / "index.jsonl").exists():
        CaseStore(tmp_path).list_cases()
    return json.loads((tmp_path / "index.json").read_text(encoding="utf-8"))


def test_an_empty_index_is_rebuilt_with_every_case_and_they_are_purged(tmp_path):
    clock = Clock()
    store, codes = _three(tmp_path, clock)
    (tmp_path / "index.json").write_text("{}", encoding="utf-8")
    assert {r["code"] for r in store.list_cases()} == set(codes)
    assert any("补上" in w for w in store.warnings)
    (tmp_path / "index.json").write_text("{}", encoding="utf-8")
    clock.now += timedelta(days=181)
    assert store.purge(timedelta(days=180)) == 3
    assert not list((tmp_path / "cases").rglob("*.json"))


def test_an_index_restored_from_a_copy_one_write_old_gets_the_last_case_back(tmp_path):
    store, codes = _three(tmp_path)
    index = tmp_path / "index.json"
    index.write_bytes(backup_of(index).read_bytes())  # the copy from before the third case
    assert {r["code"] for r in store.list_cases()} == set(codes)
    assert {r["code"] for r in _index(tmp_path)["cases"].values()} == set(codes)  # written back


def test_a_write_killed_between_the_case_and_the_index_loses_no_case(tmp_path, monkeypatch):
    store, codes = _three(tmp_path)

    def killed(self, code, **fields):
        raise SystemExit  # as if SIGKILL came right after the case file was written

    monkeypatch.setattr(CaseStore, "_index", killed)
    with pytest.raises(SystemExit):
        store.create("damaged", {})
    monkeypatch.undo()
    rows = CaseStore(tmp_path).list_cases()
    assert len(rows) == 4 and set(codes) < {r["code"] for r in rows}
    assert {r["problem"] for r in rows} == {"lost", "damaged"}


def test_an_index_row_whose_case_file_is_gone_is_dropped(tmp_path):
    store, codes = _three(tmp_path)
    store._path(codes[0]).unlink()
    backup_of(store._path(codes[0])).unlink(missing_ok=True)
    assert {r["code"] for r in store.list_cases()} == set(codes[1:])


def test_the_index_is_compared_by_file_names_without_reading_every_case(tmp_path, monkeypatch):
    store, codes = _three(tmp_path)
    store.list_cases()
    read = []
    real = CaseStore._read
    monkeypatch.setattr(CaseStore, "_read", lambda self, code: read.append(code) or real(self, code))
    store.list_cases()
    store.purge(timedelta(days=180))
    assert read == []  # the index agreed with the files: no case file was opened


BAD_CREATED = ["soon", "", "2020-01-01T10:00:00", 5, None]


@pytest.mark.parametrize("created", BAD_CREATED)
def test_purge_and_figures_go_past_a_bad_index_row(tmp_path, capsys, created):
    # A case saved in 2020, whose index row then went bad: it is purged all the same (its row
    # is made again from its file), the new ones are kept, and the staff are told.
    old_clock = Clock(datetime(2020, 1, 1, 10, 0, tzinfo=CHINA))
    old, _ = CaseStore(tmp_path, now=old_clock).create("lost", {})
    clock = Clock()
    store = CaseStore(tmp_path, now=clock)
    new = [store.create("delay", {})[0] for _ in range(2)]
    data = _index(tmp_path)
    for row in data["cases"].values():
        if row["code"] == old:
            row["created"] = created
    (tmp_path / "index.json").write_text(json.dumps(data), encoding="utf-8")
    f = figures(store.list_cases(), None, TODAY)
    assert f.total == 3 and f.today == 2
    assert any("格式不对" in w for w in store.read_warnings())
    (tmp_path / "index.json").write_text(json.dumps(data), encoding="utf-8")
    assert store.purge(timedelta(days=180)) == 1
    assert {r["code"] for r in store.list_cases()} == set(new)
    # And from the shell, with a bad row again: no traceback.
    old, _ = CaseStore(tmp_path, now=old_clock).create("lost", {})
    data = _index(tmp_path)
    for row in data["cases"].values():
        if row["code"] == old:
            row["created"] = created
    (tmp_path / "index.json").write_text(json.dumps(data), encoding="utf-8")
    assert main(["--db", str(tmp_path), "--save-dir", str(tmp_path / "saved"), "cases", "purge",
                 "--older-than", "180d"]) == 0
    assert "deleted: 1 cases" in capsys.readouterr().out


def test_a_bad_line_in_the_activity_log_does_not_stop_the_purge(tmp_path):
    store, codes = _three(tmp_path)
    with open(tmp_path / "activity.jsonl", "a", encoding="utf-8") as log:
        log.write(json.dumps({"code": codes[0], "kind": "x", "at": "soon"}) + "\n")
        log.write(json.dumps({"code": codes[1], "kind": "x", "at": "2026-11-26T10:00:00"}) + "\n")
    assert store.purge(timedelta(days=180)) == 0
    rows = store.list_cases()
    assert len(rows) == 3 and all(time_of(r["last"]) for r in rows)  # "soon" is not a last activity


# --- attempts, the clock, the staff passcode ----------------------------------------------


ATTEMPTS = {
    "a miss without a zone": {"kiosk": {"1": {"misses": ["2026-11-26T09:59:00"]}}},
    "a lock without a zone": {"codes": {"1": {"key": "k", "misses": 0, "locked_until": "2026-11-26T10:05:00"}}},
    "misses a word": {"codes": {"1": {"key": "k", "misses": "many", "locked_until": ""}}},
    "nested deep": {"kiosk": {"1": {"misses": json.loads(_nested(500))}}},
}


@pytest.mark.parametrize("shape", [*ATTEMPTS, "a folder in its place"])
def test_damaged_attempts_never_break_a_code_and_pin(tmp_path, shape):
    store = CaseStore(tmp_path)
    code, pin = store.create("lost", {})
    path = tmp_path / "attempts.json"
    for p in (path, backup_of(path)):
        p.unlink(missing_ok=True)
    if shape in ATTEMPTS:
        path.write_text(json.dumps({**ATTEMPTS[shape], "meta": {"1": {"schema": 1}}}), encoding="utf-8")
    else:
        path.mkdir()
    assert store.open(code, pin).code == code
    store.purge(timedelta(days=180))  # which also tidies the attempts


def test_a_clock_set_back_never_makes_a_wait_longer_than_its_maximum(tmp_path):
    clock = Clock()
    store = CaseStore(tmp_path, now=clock)
    code, pin = store.create("lost", {})
    for _ in range(5):
        with pytest.raises(CaseError):
            store.open(code, "000000" if pin != "000000" else "111111")
    clock.now -= timedelta(days=1)
    with pytest.raises(CaseLocked) as locked:
        store.open(code, pin)
    assert locked.value.until - clock.now <= LOCK_FOR  # not a day and 15 minutes
    # Thirty misses across the kiosk a moment ago, and then the clock goes back a day.
    clock.now += timedelta(days=1)
    path = tmp_path / "attempts.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["kiosk"]["1"]["misses"] = [clock.now.isoformat(timespec="seconds")] * 30
    path.write_text(json.dumps(data), encoding="utf-8")
    clock.now -= timedelta(days=1)
    with pytest.raises(KioskSlowed) as slowed:
        store.open("XXXX-XXXX", "000000")
    assert slowed.value.seconds <= KIOSK_MAX_WAIT


def test_a_clock_set_back_a_day_locks_the_staff_console_15_minutes_not_a_day(tmp_path):
    clock = Clock()
    keys = StaffKeys(tmp_path, now=clock)
    keys.set("right-passcode")
    for _ in range(5):
        try:
            keys.check("wrong-passcode")
        except StaffWait:
            pass
        clock.now += timedelta(seconds=20)
    clock.now -= timedelta(days=1)
    wait = keys.waiting()
    assert wait is not None and wait.locked and wait.seconds <= 15 * 60 + 1


STAFF = {
    "salt not hex": {"alg": "pbkdf2-sha256", "salt": "zz", "hash": "00", "iterations": 1000},
    "salt a number": {"alg": "pbkdf2-sha256", "salt": 7, "hash": "00", "iterations": 1000},
    "10^12 rounds": {"alg": "pbkdf2-sha256", "salt": "00", "hash": "00", "iterations": 10**12},
    "scrypt of 4 GiB": {"salt": "00", "hash": "00", "n": 2**20, "r": 32, "p": 1},
    "a list": [1, 2],
}


@pytest.mark.parametrize("shape", STAFF)
def test_a_damaged_staff_passcode_file_uses_its_copy_or_says_so(tmp_path, content, shape):
    keys = StaffKeys(tmp_path)
    keys.set("first-passcode")
    keys.set("right-passcode")  # the copy holds the first
    (tmp_path / "staff.json").write_text(json.dumps(STAFF[shape]), encoding="utf-8")
    assert keys.check("first-passcode") is True  # the last good copy
    backup_of(tmp_path / "staff.json").unlink()
    with pytest.raises(StoreError) as damaged:
        keys.check("first-passcode")
    assert damaged.value.key == "staff_passcode_damaged"
    assert content.text("staff_passcode_damaged") != "staff_passcode_damaged"
    assert not keys.is_set()  # so `kiosk --kiosk` asks for a new passcode instead of starting


@pytest.mark.parametrize("state", [{"misses": 2, "last": "2026-11-26T09:59:59", "locked_until": ""},
                                   {"misses": 10**6, "last": "2026-11-26T09:59:59+08:00"},
                                   {"locked_until": "soon"}, [1]])
def test_damaged_staff_attempts_never_stop_the_right_passcode(tmp_path, state):
    clock = Clock()
    keys = StaffKeys(tmp_path, now=clock)
    keys.set("right-passcode")
    (tmp_path / "staff-attempts.json").write_text(json.dumps(state), encoding="utf-8")
    clock.now += timedelta(minutes=20)
    assert keys.check("right-passcode") is True


# --- what killed writes leave ---------------------------------------------------------------


def test_temporary_files_with_pin_hashes_go_at_the_next_open(tmp_path):
    store = CaseStore(tmp_path)
    code, _ = store.create("lost", {})
    folder = store._path(code).parent
    dead = [folder / f".{code}.json.abc.tmp", folder / f".{code}.json.abc.tmp.bak", tmp_path / ".index.json.x.tmp"]
    fresh = folder / f".{code}.json.def.tmp"
    for f in (*dead, fresh):
        f.write_text('{"pin": {"hash": "..."}}')
    six_minutes_ago = time.time() - 360
    for f in dead:
        os.utime(f, (six_minutes_ago, six_minutes_ago))
    CaseStore(tmp_path)
    assert not any(f.exists() for f in dead) and fresh.exists()  # a write in progress is left alone


def test_a_temporary_passcode_file_goes_at_the_next_login(tmp_path):
    keys = StaffKeys(tmp_path)
    keys.set("right-passcode")
    dead = tmp_path / ".staff.json.abc.tmp"
    dead.write_text("{}")
    os.utime(dead, (time.time() - 360,) * 2)
    keys.check("right-passcode")
    assert not dead.exists()


def test_the_words_of_every_new_message_are_in_the_content(content):
    for key in ("case_damaged", "staff_passcode_damaged", "store_damaged_restored", "store_damaged_rebuilt",
                "store_damaged_no_copy", "store_index_bad_rows", "store_index_stale_rows", "store_index_rows_added",
                "store_label_case", "store_label_index", "store_label_attempts"):
        assert content.text(key) != key
        assert say(key, what="x", n=1, why="y") != key
