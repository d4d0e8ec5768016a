"""Case files on a shared machine: codes and PINs, lockout that survives a restart, file
modes, recovery from damaged files, a full disk, SIGKILL at random moments, and four
processes writing at once."""

from __future__ import annotations

import json
import os
import random
import signal
import stat
import subprocess
import sys
import time
from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.store import files
from tui.store.cases import CHINA, CaseLocked, CaseStore, WrongCodeOrPin
from tui.store.codes import ALPHABET, normalise_code
from tui.store.files import StoreError

from .conftest import ROOT


class Clock:
    def __init__(self):
        self.now = datetime(2026, 11, 26, 10, 0, tzinfo=CHINA)

    def __call__(self):
        return self.now


def test_code_and_pin_open_the_case(tmp_path):
    store = CaseStore(tmp_path)
    code, pin = store.create("lost", {"order_no": "1234567890123456789"})
    assert len(code) == 9 and code[4] == "-" and set(code.replace("-", "")) <= set(ALPHABET)
    assert len(pin) == 6 and pin.isdigit()
    case = store.open(code.lower().replace("-", " "), pin)  # typed loosely
    assert case.problem == "lost" and case.answers["order_no"] == "1234567890123456789"
    raw = store._path(code).read_text(encoding="utf-8")
    assert pin not in raw and '"salt"' in raw  # only a salted hash is stored


def test_unknown_code_and_wrong_pin_get_the_same_message(tmp_path):
    store = CaseStore(tmp_path)
    code, pin = store.create("lost", {})
    other = "0000" if pin != "0000" else "1111"
    with pytest.raises(WrongCodeOrPin) as wrong_pin:
        store.open(code, other)
    with pytest.raises(WrongCodeOrPin) as unknown:
        store.open("XXXX-XXXX", pin)
    assert str(wrong_pin.value) == str(unknown.value)


def test_five_misses_lock_for_15_minutes_even_after_a_restart(tmp_path):
    clock = Clock()
    store = CaseStore(tmp_path, now=clock)
    code, pin = store.create("lost", {})
    for _ in range(4):
        with pytest.raises(WrongCodeOrPin):
            store.open(code, "999999" if pin != "999999" else "888888")
    with pytest.raises(CaseLocked):
        store.open(code, "999999" if pin != "999999" else "888888")
    restarted = CaseStore(tmp_path, now=clock)
    with pytest.raises(CaseLocked, match="锁定到 10:15"):
        restarted.open(code, pin)  # even the right PIN waits
    clock.now += timedelta(minutes=15, seconds=1)
    assert restarted.open(code, pin).code == code


def test_files_are_private(tmp_path):
    store = CaseStore(tmp_path / "db")
    code, _ = store.create("lost", {})
    store.append_event(code, "note", "2026-11-26")
    for path in (tmp_path / "db").rglob("*"):
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), f"{path}: {oct(mode)}"


@settings(max_examples=60, deadline=None)
@given(note=st.text(max_size=300))
def test_any_unicode_note_round_trips(tmp_path_factory, note):
    store = CaseStore(tmp_path_factory.mktemp("uni"))
    code, _ = store.create("lost", {"details": note})
    store.append_event(code, "note", "2026-11-26", note)
    case = store.load(code)
    assert case.events[-1]["note"] == note and case.answers["details"] == note


def test_chinese_is_stored_as_chinese(tmp_path):
    store = CaseStore(tmp_path)
    code, _ = store.create("lost", {"details": "外箱破损"})
    assert "外箱破损" in store._path(code).read_text(encoding="utf-8")


DAMAGE = {
    "truncated": lambda b: b[: len(b) // 2],
    "nul-filled": lambda b: b"\x00" * len(b),
    "not-json": lambda b: b"this is not json",
    "wrong-schema": lambda b: json.dumps({"case": {"1": {"x": 1}}, "meta": {"1": {"schema": 99}}}).encode(),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_damaged_file_is_moved_aside_and_the_last_good_copy_restored(tmp_path, damage):
    store = CaseStore(tmp_path)
    code, pin = store.create("lost", {})
    store.append_event(code, "note", "2026-11-20", "first")
    store.append_event(code, "note", "2026-11-21", "second")
    path = store._path(code)
    path.write_bytes(DAMAGE[damage](path.read_bytes()))
    case = store.open(code, pin)
    assert [e["note"] for e in case.events] == ["first"]  # the copy kept before the last write
    assert list(path.parent.glob(f"{path.name}.corrupt-*")), "the damaged file is kept for the staff"
    assert any("已损坏" in w for w in store.warnings)
    store.append_event(code, "note", "2026-11-22", "third")  # and the store carries on
    assert [e["note"] for e in store.load(code).events] == ["first", "third"]


def test_old_file_without_schema_is_migrated(tmp_path):
    store = CaseStore(tmp_path)
    code, pin = store.create("lost", {"a": 1})
    path = store._path(code)
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["meta"]
    path.write_text(json.dumps(data), encoding="utf-8")
    assert store.open(code, pin).answers == {"a": 1}


def test_full_disk_gives_a_message_and_leaves_the_file_intact(tmp_path, monkeypatch):
    store = CaseStore(tmp_path)
    code, _ = store.create("lost", {})
    store.append_event(code, "note", "2026-11-20", "kept")
    before = store._path(code).read_bytes()

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", full)
    with pytest.raises(StoreError, match="原来的文件没有改动"):
        store.append_event(code, "note", "2026-11-21", "lost")
    monkeypatch.undo()
    assert store._path(code).read_bytes() == before
    assert not list(store._path(code).parent.glob(".*.tmp*"))


def _child(root, codes, label, count):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "tests.store_child", str(root), ",".join(codes), label, str(count)],
                            stdout=subprocess.PIPE, text=True, cwd=ROOT, env=env)


def test_sigkill_at_random_moments_never_loses_a_returned_event(tmp_path):
    store = CaseStore(tmp_path)
    code, _ = store.create("lost", {})
    rng = random.Random(20261126)
    confirmed: list[str] = []
    for round_ in range(200):
        child = _child(tmp_path, [code], f"r{round_}", 10_000)
        time.sleep(rng.uniform(0.15, 0.5))  # start-up takes ~0.15 s: kill while it writes
        os.kill(child.pid, signal.SIGKILL)
        out, _ = child.communicate()
        confirmed += [line.split(" ", 1)[1] for line in out.splitlines()]
        notes = {e["note"] for e in CaseStore(tmp_path).load(code).events}
        missing = [c for c in confirmed if c not in notes]
        assert not missing, f"round {round_}: {missing[:3]}"
    assert len(confirmed) > 200


def test_four_processes_at_once_lose_nothing(tmp_path):
    store = CaseStore(tmp_path)
    codes = [store.create("lost", {})[0] for _ in range(2)]
    children = [_child(tmp_path, codes, f"p{i}", 250) for i in range(4)]
    for child in children:
        child.communicate(timeout=300)
        assert child.returncode == 0
    events = {c: CaseStore(tmp_path).load(c).events for c in codes}
    assert sum(len(e) for e in events.values()) == 1000
    for case_events in events.values():
        assert [e["n"] for e in case_events] == list(range(1, len(case_events) + 1))
        for p in range(4):
            mine = [int(e["note"].split(":")[1]) for e in case_events if e["note"].startswith(f"p{p}:")]
            assert mine == sorted(mine) and len(mine) == 125


def test_list_cases_shows_no_personal_answers(tmp_path):
    store = CaseStore(tmp_path)
    code, _ = store.create("lost", {"order_no": "1234567890123456789"})
    store.close(code, "resolved", "refund")
    rows = store.list_cases()
    assert rows == [{"code": code, "problem": "lost", "status": "resolved", "created": rows[0]["created"], "closed": rows[0]["closed"]}]
    assert "1234567890123456789" not in json.dumps(rows)


def test_normalise_code():
    assert normalise_code(" 7kq3 m9xd ") == "7KQ3-M9XD"
    assert normalise_code("7KQ3-M9XD") == "7KQ3-M9XD"


def test_a_pin_hashed_with_scrypt_by_an_earlier_version_still_opens(tmp_path):
    import hashlib

    from tui.store.codes import verify_pin

    salt = bytes(range(16))
    old = {"salt": salt.hex(), "n": 2**14, "r": 8, "p": 1,
           "hash": hashlib.scrypt(b"482913", salt=salt, n=2**14, r=8, p=1, dklen=32).hex()}
    assert verify_pin("482913", old) and not verify_pin("482914", old)
