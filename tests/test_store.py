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

from tui.core.plaintext import plain
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


def test_code_and_pin_open_the_case(backend):
    store = backend()
    code, pin = store.create("lost", {"order_no": "1234567890123456789"})
    assert len(code) == 9 and code[4] == "-" and set(code.replace("-", "")) <= set(ALPHABET)
    assert len(pin) == 6 and pin.isdigit()
    case = store.open(code.lower().replace("-", " "), pin)  # typed loosely
    assert case.problem == "lost" and case.answers["order_no"] == "1234567890123456789"
    raw = backend.kept()
    assert pin not in raw and '"salt"' in raw  # only a salted hash is stored


def test_unknown_code_and_wrong_pin_get_the_same_message(backend):
    store = backend()
    code, pin = store.create("lost", {})
    other = "0000" if pin != "0000" else "1111"
    with pytest.raises(WrongCodeOrPin) as wrong_pin:
        store.open(code, other)
    with pytest.raises(WrongCodeOrPin) as unknown:
        store.open("XXXX-XXXX", pin)
    assert type(wrong_pin.value) is type(unknown.value) and wrong_pin.value.values == unknown.value.values


def test_five_misses_lock_for_15_minutes_even_after_a_restart(backend):
    clock = Clock()
    store = backend(now=clock)
    code, pin = store.create("lost", {})
    for _ in range(4):
        with pytest.raises(WrongCodeOrPin):
            store.open(code, "999999" if pin != "999999" else "888888")
    with pytest.raises(CaseLocked):
        store.open(code, "999999" if pin != "999999" else "888888")
    restarted = backend(now=clock)
    with pytest.raises(CaseLocked) as locked:
        restarted.open(code, pin)  # even the right PIN waits
    assert locked.value.values == {"until": "10:15"}
    clock.now += timedelta(minutes=15, seconds=1)
    assert restarted.open(code, pin).code == code


def test_one_typo_after_a_lock_has_passed_is_one_miss_not_a_new_lock(backend):
    clock = Clock()
    store = backend(now=clock)
    code, pin = store.create("lost", {})
    for _ in range(4):
        with pytest.raises(WrongCodeOrPin):
            store.open(code, _wrong(pin))
    with pytest.raises(CaseLocked):
        store.open(code, _wrong(pin))
    clock.now += timedelta(minutes=15, seconds=1)
    with pytest.raises(WrongCodeOrPin):  # the owner back after the lock, one typo
        store.open(code, _wrong(pin))
    assert store.open(code, pin).code == code


def test_the_right_pin_clears_the_misses_before_it(backend):
    clock = Clock()
    store = backend(now=clock)
    code, pin = store.create("lost", {})
    for _ in range(4):
        with pytest.raises(WrongCodeOrPin):
            store.open(code, _wrong(pin))
    assert store.open(code, pin).code == code
    for _ in range(4):  # four more typos are four, not eight
        with pytest.raises(WrongCodeOrPin):
            store.open(code, _wrong(pin))
    with pytest.raises(CaseLocked):
        store.open(code, _wrong(pin))


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
    """Every character a person can see comes back as saved; control characters and
    terminal sequences never come back at all."""
    store = CaseStore(tmp_path_factory.mktemp("uni"))
    code, _ = store.create("lost", {"details": note})
    store.append_event(code, "note", "2026-11-26", note)
    case = store.load(code)
    assert case.events[-1]["note"] == plain(note) and case.answers["details"] == plain(note)
    if note.isprintable():
        assert case.events[-1]["note"] == note


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
    with pytest.raises(StoreError, match="store_write_failed"):
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


def test_four_processes_at_once_lose_nothing(backend):
    store = backend()
    codes = [store.create("lost", {})[0] for _ in range(2)]
    children = [_child(backend.where, codes, f"p{i}", 250) for i in range(4)]
    for child in children:
        child.communicate(timeout=300)
        assert child.returncode == 0
    events = {c: backend().load(c).events for c in codes}
    assert sum(len(e) for e in events.values()) == 1000
    for case_events in events.values():
        assert [e["n"] for e in case_events] == list(range(1, len(case_events) + 1))
        for p in range(4):
            mine = [int(e["note"].split(":")[1]) for e in case_events if e["note"].startswith(f"p{p}:")]
            assert mine == sorted(mine) and len(mine) == 125


def test_list_cases_shows_no_personal_answers(backend):
    store = backend()
    code, _ = store.create("lost", {"order_no": "1234567890123456789"})
    store.close(code, "resolved", "refund")
    rows = store.list_cases()
    assert rows == [{"code": code, "problem": "lost", "status": "resolved", "created": rows[0]["created"],
                     "closed": rows[0]["closed"], "last": rows[0]["closed"], "kinds": []}]
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


# --- files of the wrong shape (valid JSON the program cannot use) -------------------------

def _case_doc(store, code):
    return json.loads(store._path(code).read_text(encoding="utf-8"))


WRONG_CASE = {
    "empty object": lambda d: {},
    "no case table": lambda d: {"meta": d["meta"]},
    "locked_until is a word": lambda d: {**d, "case": {"1": {**d["case"]["1"], "locked_until": "soon"}}},
    "misses is text": lambda d: {**d, "case": {"1": {**d["case"]["1"], "misses": "many"}}},
    "event dated yesterday": lambda d: {**d, "case": {"1": {**d["case"]["1"], "events": [
        {**d["case"]["1"]["events"][0], "date": "yesterday"}]}}},
    "events not a list": lambda d: {**d, "case": {"1": {**d["case"]["1"], "events": {"1": "x"}}}},
    "answers a list": lambda d: {**d, "case": {"1": {**d["case"]["1"], "answers": []}}},
    "pin missing": lambda d: {**d, "case": {"1": {k: v for k, v in d["case"]["1"].items() if k != "pin"}}},
    "status unknown": lambda d: {**d, "case": {"1": {**d["case"]["1"], "status": "weird"}}},
    "created not a time": lambda d: {**d, "case": {"1": {**d["case"]["1"], "created": 5}}},
}


@pytest.mark.parametrize("shape", list(WRONG_CASE))
def test_a_case_file_of_the_wrong_shape_is_damaged_and_its_copy_restored(tmp_path, shape):
    store = CaseStore(tmp_path)
    code, pin = store.create("lost", {"order_no": "1234567890123456789"})
    store.append_event(code, "note", "2026-11-20", "first")
    store.append_event(code, "note", "2026-11-21", "second")
    path = store._path(code)
    path.write_text(json.dumps(WRONG_CASE[shape](_case_doc(store, code))), encoding="utf-8")
    case = store.open(code, pin)
    assert [e["note"] for e in case.events] == ["first"] and case.answers["order_no"] == "1234567890123456789"
    assert list(path.parent.glob(f"{path.name}.corrupt-*"))
    assert any("已损坏" in w for w in store.warnings)
    assert not any(code in w or code.replace("-", "") in w for w in store.read_warnings())  # no codes


WRONG_INDEX = {
    "rows are lists": {"cases": {"1": ["x"]}, "meta": {"1": {"schema": 1}}},
    "a row without code": {"cases": {"1": {"problem": "lost"}}, "meta": {"1": {"schema": 1}}},
    "status is a number": {"cases": {"1": {"code": "AAAA-AAAA", "status": 3}}, "meta": {"1": {"schema": 1}}},
    "cases is a list": {"cases": [1, 2], "meta": {"1": {"schema": 1}}},
}


@pytest.mark.parametrize("shape", list(WRONG_INDEX))
def test_a_wrong_shaped_index_is_restored_or_rebuilt_from_the_cases(tmp_path, shape):
    store = CaseStore(tmp_path)
    codes = [store.create("lost", {})[0] for _ in range(3)]
    index = tmp_path / "index.json"
    index.write_text(json.dumps(WRONG_INDEX[shape]), encoding="utf-8")
    # The last good copy has two of the three; the third's file is on disk, so the index that
    # disagrees with the files gets its row back (issue 23: the case files are the truth).
    assert {r["code"] for r in store.list_cases()} == set(codes)
    index.write_text(json.dumps(WRONG_INDEX[shape]), encoding="utf-8")
    files.backup_of(index).unlink()
    assert {r["code"] for r in store.list_cases()} == set(codes)
    code, _ = store.create("damaged", {})  # and saving goes on (it raised AttributeError before)
    assert code in {r["code"] for r in store.list_cases()}


# --- codes that do not leak ------------------------------------------------------------------


def _wrong(pin):
    return "999999" if pin != "999999" else "888888"


def test_an_unknown_code_locks_exactly_like_a_real_one(backend):
    clock = Clock()
    store = backend(now=clock)
    code, pin = store.create("lost", {})
    outcomes = {}
    for name, target in (("real", code), ("unknown", "XXXX-XXXX")):
        seen = []
        for _ in range(6):
            try:
                store.open(target, _wrong(pin))
            except (WrongCodeOrPin, CaseLocked) as e:
                seen.append(type(e).__name__)
        outcomes[name] = seen
        clock.now += timedelta(minutes=11)  # past the kiosk-wide window
    assert outcomes["real"] == outcomes["unknown"] == ["WrongCodeOrPin"] * 4 + ["CaseLocked"] * 2
    assert "XXXX-XXXX" not in backend.kept()  # the codes people typed are never kept


def test_many_misses_across_the_kiosk_slow_every_try_even_after_a_restart(backend):
    from tui.store.cases import KIOSK_FREE, KioskSlowed

    clock = Clock()
    store = backend(now=clock)
    code, pin = store.create("lost", {})
    guesses = [f"{a}{b}CD-EFGH" for a in "34679" for b in "ACDEF"][:KIOSK_FREE]
    for guess in guesses:  # ten different codes: no single code locks
        with pytest.raises(WrongCodeOrPin):
            store.open(guess, "123456")
    restarted = backend(now=clock)
    with pytest.raises(KioskSlowed) as slowed:
        restarted.open(code, pin)  # even the owner waits a moment
    assert slowed.value.seconds == 2
    clock.now += timedelta(seconds=2)
    with pytest.raises(WrongCodeOrPin):
        restarted.open("YYYY-YYYY", "123456")
    with pytest.raises(KioskSlowed) as slowed:
        restarted.open(code, pin)
    assert slowed.value.seconds == 4  # and longer after each further miss
    clock.now += timedelta(minutes=10)
    assert restarted.open(code, pin).code == code  # the window passes


def test_a_store_that_cannot_record_a_miss_refuses_the_try(tmp_path, monkeypatch):
    store = CaseStore(tmp_path)
    code, pin = store.create("lost", {})

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", full)
    for attempt in (_wrong(pin), pin):  # not even the right PIN is checked
        with pytest.raises(StoreError) as refused:
            store.open(code, attempt)
        assert refused.value.key == "store_cannot_count"


def test_staff_can_lift_a_lock(backend):
    store = backend()
    code, pin = store.create("lost", {})
    for _ in range(5):
        with pytest.raises((WrongCodeOrPin, CaseLocked)):
            store.open(code, _wrong(pin))
    store.unlock(code)
    assert store.open(code, pin).code == code


# --- what is kept, and for how long ----------------------------------------------------------


def test_purge_deletes_cases_idle_longer_than_retention_and_keeps_the_rest(backend):
    clock = Clock()
    store = backend(now=clock)
    old, _ = store.create("lost", {"order_no": "旧订单甲乙丙"})
    clock.now += timedelta(days=10)
    touched, _ = store.create("lost", {})  # created at day 10
    clock.now += timedelta(days=170)  # day 180: `old` is exactly 180 days old
    store.append_event(touched, "note", "2027-05-20", "still going")  # activity on day 180
    assert store.purge(timedelta(days=180)) == 0  # exactly the limit: kept
    clock.now += timedelta(seconds=1)
    assert store.purge(timedelta(days=180)) == 1
    assert store.load(old) is None and "旧订单甲乙丙" not in backend.kept()
    assert store.load(touched) is not None
    assert [r["code"] for r in store.list_cases()] == [touched]


def test_purge_removes_dead_temporary_files_and_old_damaged_copies(tmp_path):
    clock = Clock()
    store = CaseStore(tmp_path, now=clock)
    code, _ = store.create("lost", {})
    folder = store._path(code).parent
    dead = folder / f".{code}.json.abc.tmp"
    fresh = folder / f".{code}.json.def.tmp"
    corrupt = tmp_path / "index.json.corrupt-20260101-000000-1"  # moved aside just now
    for f in (dead, fresh, corrupt):
        f.write_text("{}")
    clock.now = datetime.now(CHINA)
    hour_ago = clock.now.timestamp() - 3601
    os.utime(dead, (hour_ago, hour_ago))
    os.utime(corrupt, (0, 0))  # its modification time is old; the move made its change time now
    store.purge(timedelta(days=180))
    assert not dead.exists() and fresh.exists() and corrupt.exists()  # damaged copies wait for retention
    clock.now += timedelta(days=179)
    store.purge(timedelta(days=180))
    assert corrupt.exists()
    clock.now += timedelta(days=2)
    store.purge(timedelta(days=180))
    assert not corrupt.exists()


def test_folders_are_private_whatever_the_umask(tmp_path):
    old = os.umask(0)
    try:
        store = CaseStore(tmp_path / "a" / "b" / "db")
        store.create("lost", {})
    finally:
        os.umask(old)
    for folder in (tmp_path / "a", tmp_path / "a" / "b", tmp_path / "a" / "b" / "db"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


def test_the_activity_log_keeps_kinds_and_times_never_notes_and_leaves_with_its_case(tmp_path):
    clock = Clock()
    store = CaseStore(tmp_path, now=clock)
    old, _ = store.create("lost", {})
    store.append_event(old, "seller_contacted", "2026-11-26", "电话 13912345678")
    clock.now += timedelta(days=100)
    kept, _ = store.create("lost", {})
    store.append_event(kept, "courier_contacted", "2027-03-06", "")
    log = (tmp_path / "activity.jsonl").read_text(encoding="utf-8")
    assert old in log and "13912345678" not in log
    assert {r["code"]: r["kinds"] for r in store.list_cases()} == {old: ["seller_contacted"],
                                                                    kept: ["courier_contacted"]}
    clock.now += timedelta(days=81)
    assert store.purge(timedelta(days=180)) == 1
    assert old not in (tmp_path / "activity.jsonl").read_text(encoding="utf-8")


def test_an_event_taken_back_is_not_a_channel_used_in_the_figures(backend, content):
    """A 12305 appeal recorded, then 撤销, does not count under 12305 in the staff's figures —
    from the activity log, and from the case file when the index is made again."""
    from datetime import date

    from tui.core.figures import figures
    from tui.store.schema import Shapes

    store = backend(shapes=Shapes.of(content))
    code, _ = store.create("lost", {})
    store.append_event(code, "courier_complained", "2026-11-20")
    appeal = store.append_event(code, "spb_appealed", "2026-11-28")
    store.append_event(code, "undone", "2026-11-28", str(appeal["n"]))
    used = figures(store.list_cases(), content, date(2026, 11, 28)).by_channel
    assert used["快递公司"] == 1 and used["12305"] == 0
    if hasattr(store, "tallies"):  # the server's aggregates count the same
        used = figures(store.tallies(), content, date(2026, 11, 28)).by_channel
        assert used["快递公司"] == 1 and used["12305"] == 0
        return
    (backend.where / "index.json").unlink()  # made again from the case files
    (backend.where / "activity.jsonl").unlink()
    used = figures(backend(shapes=Shapes.of(content)).list_cases(), content, date(2026, 11, 28)).by_channel
    assert used["快递公司"] == 1 and used["12305"] == 0


def test_saving_a_case_does_not_rewrite_the_index_and_the_staff_see_it_all_the_same(tmp_path):
    """A new case, a changed answer and a closing are lines appended to index.jsonl (the same
    cost at any size); the staff's list folds them in, once, and agrees after a restart."""
    store = CaseStore(tmp_path)
    first, _ = store.create("lost", {})
    store.list_cases()
    before = (tmp_path / "index.json").read_bytes()
    second, _ = store.create("delay", {})
    store.close(first, "resolved", "退款")
    store.update_answers(second, "damaged", {})
    assert (tmp_path / "index.json").read_bytes() == before  # not rewritten by any of the three
    rows = {r["code"]: r for r in CaseStore(tmp_path).list_cases()}
    assert rows[first]["status"] == "resolved" and rows[second]["problem"] == "damaged"
    assert not (tmp_path / "index.jsonl").exists()  # folded into index.json
    with open(tmp_path / "index.jsonl", "a", encoding="utf-8") as f:
        f.write('{"code": "' + second + '", "sta')  # a line a crash tore
    store.close(second, "abandoned")
    assert {r["code"]: r["status"] for r in store.list_cases()} == {first: "resolved", second: "abandoned"}
