"""Provides CaseStore: each case in its own TinyDB file (so opening one never reads the
others), an index for the staff's figures, and one file lock held across every
read-modify-write, so two kiosk processes never lose each other's updates."""

from __future__ import annotations

import hashlib
import json
import math
import os
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Callable

from filelock import FileLock, Timeout
from tinydb import TinyDB

from ..core.dates import CHINA
from ..core.plaintext import plain, plain_tree
from .codes import hash_pin, new_code, new_pin, normalise_code, verify_pin
from .paths import cases_dir
from .files import SafeStorage, StoreError, atomic_write, backup_of, private_folder, purge_leftovers

MISSES_BEFORE_LOCK = 5
LOCK_FOR = timedelta(minutes=15)
# Kiosk-wide: past KIOSK_FREE misses (any codes) within KIOSK_WINDOW, each further try waits
# 2, 4, 8 … seconds after the last miss, up to KIOSK_MAX_WAIT: guessing many codes is slow,
# while a visitor with a typo never notices.
KIOSK_FREE = 10
KIOSK_WINDOW = timedelta(minutes=10)
KIOSK_MAX_WAIT = 300
# A PIN hash no real case has: checked when a code is unknown, so that an unknown code
# takes as long to refuse as a wrong PIN does.
_DECOY = hash_pin("000000", b"decoy-salt-16byt")
STATUSES = ("open", "resolved", "abandoned")


def default_root() -> Path:
    """Where cases live unless staff say otherwise: $KIOSK_DB, else the user's data folder."""
    return cases_dir()


class CaseError(Exception):
    """Something the visitor must be told: `key` names the message in content/i18n."""

    key = ""

    def __init__(self, **values: object) -> None:
        super().__init__(self.key)
        self.values = values

    def message(self, text) -> str:
        return text(self.key, **self.values)


class WrongCodeOrPin(CaseError):
    # Never says which of the two was wrong: that would tell a guesser a code exists.
    key = "case_wrong"


class CaseLocked(CaseError):
    key = "case_locked"

    def __init__(self, until: datetime) -> None:
        super().__init__(until=f"{until:%H:%M}")
        self.until = until


class KioskSlowed(CaseError):
    key = "kiosk_slow"

    def __init__(self, seconds: int) -> None:
        super().__init__(seconds=seconds)
        self.seconds = seconds


@dataclass(frozen=True)
class Case:
    code: str
    problem: str
    answers: dict
    events: tuple[dict, ...]
    status: str  # open | resolved | abandoned
    created: str
    outcome: str = ""


def _case(doc: dict) -> Case:
    # Whatever the file holds is shown as text: a note carrying terminal escape codes must
    # not reach the screen (it could write the clipboard or clear the screen).
    doc = plain_tree(doc)
    return Case(doc["code"], doc["problem"], doc["answers"], tuple(doc["events"]), doc["status"], doc["created"],
                doc.get("outcome", ""))


# --- what a file must look like to be used (anything else is damaged) ---------------------


def _is_time(value: object, empty_ok: bool = False) -> bool:
    if empty_ok and value == "":
        return True
    if not isinstance(value, str):
        return False
    datetime.fromisoformat(value)  # ValueError: does not fit
    return True


def _case_fits(data: dict) -> bool:
    """A case file: one case document with every field of the right type."""
    doc = data.get("case", {}).get("1")
    if not isinstance(doc, dict):
        return False
    text = ("code", "problem", "status", "created")
    if not all(isinstance(doc.get(k), str) for k in text) or doc["status"] not in STATUSES:
        return False
    _is_time(doc["created"])
    if not isinstance(doc.get("answers"), dict) or not isinstance(doc.get("outcome", ""), str):
        return False
    pin = doc.get("pin")
    if not isinstance(pin, dict) or not isinstance(pin.get("salt"), str) or not isinstance(pin.get("hash"), str):
        return False
    bytes.fromhex(pin["salt"])
    events = doc.get("events")
    if not isinstance(events, list):
        return False
    for e in events:
        if not isinstance(e, dict) or not isinstance(e.get("n"), int) or not isinstance(e.get("kind"), str):
            return False
        if not isinstance(e.get("note", ""), str) or not isinstance(e.get("date"), str):
            return False
        date.fromisoformat(e["date"])
        _is_time(e.get("recorded", ""), empty_ok=True)
    # Fields of earlier versions, no longer used, must still not be nonsense.
    if "misses" in doc and not isinstance(doc["misses"], int):
        return False
    return _is_time(doc.get("locked_until", ""), empty_ok=True)


def _index_fits(data: dict) -> bool:
    """The index: rows of code, problem, status and dates (all text)."""
    for row in data.get("cases", {}).values():
        if not isinstance(row, dict) or not all(isinstance(row.get(k, ""), str) for k in
                                                ("code", "problem", "status", "created", "closed", "last")):
            return False
        if not row.get("code"):
            return False
        if not isinstance(row.get("kinds", []), list) or not all(isinstance(k, str) for k in row.get("kinds", [])):
            return False
    return True


def _attempts_fits(data: dict) -> bool:
    for row in data.get("codes", {}).values():
        if not isinstance(row, dict) or not isinstance(row.get("key"), str) or not isinstance(row.get("misses"), int):
            return False
        _is_time(row.get("locked_until", ""), empty_ok=True)
    for row in data.get("kiosk", {}).values():
        if not isinstance(row, dict) or not isinstance(row.get("misses"), list):
            return False
        for t in row["misses"]:
            _is_time(t)
    return True


def _code_key(code: str) -> str:
    # The attempts file keeps a digest, not the code: it lists codes people typed.
    return hashlib.sha256(b"wuliu-kiosk attempts:" + code.encode()).hexdigest()[:24]


class CaseStore:
    def __init__(self, root: str | Path, now: Callable[[], datetime] = lambda: datetime.now(CHINA)) -> None:
        self.root = Path(root)
        self.now = now
        self.warnings: list[str] = []
        try:
            private_folder(self.root / "cases")
        except OSError as e:
            raise StoreError("store_unusable", f"{self.root}: {e.strerror or e}") from e
        # A separate lock file: locking the data file itself would fight the atomic replace.
        self.lock = FileLock(str(self.root / ".lock"), timeout=30, mode=0o600)

    # --- files ------------------------------------------------------------------------

    def _path(self, code: str) -> Path:
        return self.root / "cases" / code[:2] / f"{code}.json"

    def _db(self, path: Path) -> TinyDB:
        return TinyDB(path, storage=SafeStorage, warn=self._warn, fits=_case_fits, label="一个案件文件")

    def _index_db(self) -> TinyDB:
        return TinyDB(self.root / "index.json", storage=SafeStorage, warn=self._warn, fits=_index_fits,
                      label="案件索引", rebuild=self._rebuilt_index)

    def _attempts(self) -> SafeStorage:
        return SafeStorage(self.root / "attempts.json", warn=self._warn, fits=_attempts_fits, label="尝试记录")

    def _warn(self, message: str) -> None:
        """Keep a warning for this process and in warnings.log, which staff see (no codes)."""
        stamped = f"{self.now().isoformat(timespec='seconds')} {message}"
        self.warnings.append(stamped)
        try:
            fd = os.open(self.root / "warnings.log", os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            with os.fdopen(fd, "a", encoding="utf-8") as f:
                f.write(stamped + "\n")
        except OSError:
            pass  # the warning is still in self.warnings; a full disk must not stop the visitor

    def read_warnings(self, last: int = 20) -> list[str]:
        try:
            text = (self.root / "warnings.log").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return []
        return [plain(line) for line in text.splitlines()[-last:]]

    def _read(self, code: str) -> dict | None:
        path = self._path(code)
        if not path.exists() and not path.with_name(path.name + ".bak").exists():
            return None
        with self._db(path) as db:
            return db.table("case", cache_size=0).get(doc_id=1)

    def _write(self, code: str, doc: dict) -> None:
        with self._db(self._path(code)) as db:
            table = db.table("case", cache_size=0)
            if table.contains(doc_id=1):
                table.update(doc, doc_ids=[1])
            else:
                table.insert(doc)

    def _locked(self):
        """The lock, held until the `with` block ends (acquire()'s proxy releases it once)."""
        try:
            return self.lock.acquire()
        except Timeout as e:
            raise StoreError("store_busy", "lock held for 30 s") from e

    def _index(self, code: str, **fields: object) -> None:
        fields.setdefault("last", self.now().isoformat(timespec="seconds"))
        with self._index_db() as db:
            table = db.table("cases", cache_size=0)
            found = table.get(lambda d: d.get("code") == code)
            if found is None:
                table.insert({"code": code, **fields})
            else:
                table.update(fields, doc_ids=[found.doc_id])

    def _rebuilt_index(self) -> dict | None:
        """The index made again from the case files (it was lost with no good copy): the
        staff's figures must not forget a case that is still on disk."""
        rows = {}
        for path in sorted((self.root / "cases").glob("*/*.json")):
            with self._db(path) as db:
                doc = db.table("case", cache_size=0).get(doc_id=1)
            if doc:
                rows[str(len(rows) + 1)] = _index_row(doc)
        if not rows:
            return None
        self._warn(f"案件索引已按 {len(rows)} 个案件文件重建。")
        return {"cases": rows}

    # --- cases ------------------------------------------------------------------------

    def create(self, problem: str, answers: dict) -> tuple[str, str]:
        """Save a new case; returns (code, PIN). The PIN is kept only as a salted hash."""
        pin = new_pin()
        answers = plain_tree(answers)
        with self._locked():
            code = new_code()
            while self._path(code).exists():
                code = new_code()
            try:
                private_folder(self._path(code).parent)
            except OSError as e:
                raise StoreError("store_write_failed", str(e.strerror), why=e.strerror or type(e).__name__) from e
            now = self.now().isoformat(timespec="seconds")
            self._write(code, {"code": code, "problem": problem, "answers": answers, "events": [], "status": "open",
                               "created": now, "pin": hash_pin(pin)})
            self._index(code, problem=problem, status="open", created=now, closed="")
        return code, pin

    def open(self, code: str, pin: str) -> Case:
        """The case, if code and PIN match. Any code — one that exists or not — is locked
        for 15 minutes after five misses, and many misses across the kiosk slow every try:
        neither tells a guesser whether a code exists. Both are kept on disk, so a restart
        lifts nothing; a miss is recorded before the PIN is checked, so a store that cannot
        record it refuses the try."""
        code = normalise_code(code)
        with self._locked():
            now = self.now()
            attempts = self._attempts()
            try:
                data = attempts.read() or {}
            except OSError as e:
                raise StoreError("store_cannot_count", str(e.strerror)) from e
            codes = data.setdefault("codes", {})
            kiosk = data.setdefault("kiosk", {}).setdefault("1", {"misses": []})
            recent = [t for t in kiosk["misses"] if now - datetime.fromisoformat(t) < KIOSK_WINDOW]
            if len(recent) >= KIOSK_FREE:
                wait = timedelta(seconds=min(KIOSK_MAX_WAIT, 2 ** (len(recent) - KIOSK_FREE + 1)))
                left = datetime.fromisoformat(recent[-1]) + wait - now
                if left > timedelta(0):
                    raise KioskSlowed(math.ceil(left.total_seconds()))
            key = _code_key(code)
            row = codes.get(key, {"key": key, "misses": 0, "locked_until": ""})
            if row["locked_until"] and now < datetime.fromisoformat(row["locked_until"]):
                raise CaseLocked(datetime.fromisoformat(row["locked_until"]))
            misses = row["misses"] + 1
            until = now + LOCK_FOR if misses >= MISSES_BEFORE_LOCK else None
            stamp = now.isoformat(timespec="seconds")
            codes[key] = {"key": key, "misses": 0 if until else misses,
                          "locked_until": until.isoformat(timespec="seconds") if until else ""}
            kiosk["misses"] = [*recent, stamp]
            try:
                attempts.write(data)
            except StoreError as e:
                raise StoreError("store_cannot_count", e.detail) from e
            doc = self._read(code) if len(code) == 9 else None
            if verify_pin(pin, doc["pin"] if doc else _DECOY) and doc is not None:
                del codes[key]  # the miss counted a moment ago was not one
                kiosk["misses"] = recent
                attempts.write(data)
                return _case(doc)
            if until:
                raise CaseLocked(until)
            raise WrongCodeOrPin()

    def unlock(self, code: str) -> None:
        """Staff: lift a case's lock (its owner was locked out by someone holding the code)."""
        with self._locked():
            attempts = self._attempts()
            data = attempts.read() or {}
            if data.get("codes", {}).pop(_code_key(normalise_code(code)), None) is not None:
                attempts.write(data)

    def load(self, code: str) -> Case | None:
        """The case without a PIN check: for the store's own callers (tests, staff tools)."""
        with self._locked():
            doc = self._read(normalise_code(code))
        return _case(doc) if doc else None

    def append_event(self, code: str, kind: str, day: str, note: str = "") -> dict:
        """Add a dated event; returns it once it is on disk."""
        with self._locked():
            doc = self._read(code)
            if doc is None:
                raise WrongCodeOrPin()
            event = {"n": len(doc["events"]) + 1, "kind": kind, "date": day, "note": plain(note),
                     "recorded": self.now().isoformat(timespec="seconds")}
            self._write(code, {"events": [*doc["events"], event]})
            self._log_activity(code, kind, event["recorded"])
        return event

    def _log_activity(self, code: str, kind: str, when: str) -> None:
        """One line per event in activity.jsonl — code, kind, time; never the note — for the
        staff's figures (channels used) and the purge (last activity). Appending a line keeps
        an event's cost flat however many cases there are; rewriting the index did not
        (bench/run.py: append at 10k cases)."""
        line = json.dumps({"code": code, "kind": kind, "at": when}) + "\n"
        try:
            fd = os.open(self.root / "activity.jsonl", os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            with os.fdopen(fd, "a", encoding="utf-8") as f:
                f.write(line)
        except OSError as e:
            # The event itself is saved; only the figures miss it. Staff are told.
            self._warn(f"活动记录无法写入（{e.strerror or type(e).__name__}），统计数字可能少算。")

    def _activity(self) -> dict[str, tuple[str, set[str]]]:
        """code → (last activity, kinds recorded) from activity.jsonl."""
        seen: dict[str, tuple[str, set[str]]] = {}
        try:
            text = (self.root / "activity.jsonl").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return seen
        for line in text.splitlines():
            try:
                row = json.loads(line)
                code, kind, at = row["code"], row["kind"], row["at"]
            except (ValueError, KeyError, TypeError):
                continue  # a line torn by a crash
            if not all(isinstance(v, str) for v in (code, kind, at)):
                continue
            last, kinds = seen.get(code, ("", set()))
            seen[code] = (max(last, at), kinds | {kind})
        return seen

    def update_answers(self, code: str, problem: str, answers: dict) -> None:
        """Replace the saved answers (a visitor who saved, then changed an answer)."""
        with self._locked():
            if self._read(code) is None:
                raise WrongCodeOrPin()
            self._write(code, {"problem": problem, "answers": plain_tree(answers)})
            self._index(code, problem=problem)

    def close(self, code: str, status: str, outcome: str = "") -> None:
        """Mark a case resolved or abandoned, with how."""
        if status not in STATUSES:
            raise ValueError(status)
        with self._locked():
            if self._read(code) is None:
                raise WrongCodeOrPin()
            self._write(code, {"status": status, "outcome": plain(outcome)})
            self._index(code, status=status, closed=self.now().isoformat(timespec="seconds") if status != "open" else "")

    def list_cases(self) -> list[dict]:
        """Index rows for the staff: code, problem, status, created, closed, last activity and
        the kinds of event recorded — no answers, no notes."""
        with self._locked():
            with self._index_db() as db:
                rows = [plain_tree(dict(d)) for d in db.table("cases", cache_size=0).all()]
            activity = self._activity()
        for row in rows:
            last, kinds = activity.get(row.get("code", ""), ("", set()))
            row["last"] = max(row.get("last", ""), last)
            row["kinds"] = sorted(set(row.get("kinds", [])) | kinds)
        return rows

    def purge(self, older_than: timedelta) -> int:
        """Delete every case whose last activity (saved, an event, closed) is older than
        `older_than`, with its last good copy and damaged copies; also the store's leftovers
        (see purge_leftovers). Returns how many cases went."""
        cutoff = self.now() - older_than
        gone = 0
        with self._locked():
            activity = self._activity()
            with self._index_db() as db:
                table = db.table("cases", cache_size=0)
                old = [row for row in table.all()
                       if _last_activity({**row, "last": max(row.get("last", ""),
                                                             activity.get(row["code"], ("", ()))[0])}) < cutoff]
                for row in old:
                    path = self._path(row["code"])
                    for f in [path, backup_of(path), *path.parent.glob(f"{path.name}.corrupt-*")]:
                        f.unlink(missing_ok=True)
                    gone += 1
                table.remove(doc_ids=[row.doc_id for row in old])
            if old and (self.root / "activity.jsonl").exists():
                # The purged cases' lines go too: the log must not outlive what it is about.
                gone_codes = {row["code"] for row in old}
                kept = [line for line in (self.root / "activity.jsonl").read_text(
                    encoding="utf-8", errors="replace").splitlines(keepends=True)
                        if not any(f'"{code}"' in line for code in gone_codes)]
                atomic_write(self.root / "activity.jsonl", "".join(kept).encode("utf-8"))
            data = self._attempts().read()
            if data and data.get("codes"):
                # Locks long over say nothing useful; a lock still running is kept.
                data["codes"] = {k: r for k, r in data["codes"].items() if r.get("locked_until")
                                 and datetime.fromisoformat(r["locked_until"]) > self.now()}
                self._attempts().write(data)
        purge_leftovers(self.root, cutoff, now=self.now())
        return gone

    def size(self) -> tuple[int, int]:
        """(files, bytes) of everything in the case folder: for the staff console and doctor."""
        files = [p for p in self.root.rglob("*") if p.is_file()]
        return len(files), sum(p.stat().st_size for p in files)


def _index_row(doc: dict) -> dict:
    last = max([doc["created"], *(e.get("recorded", "") for e in doc["events"])])
    closed = last if doc["status"] != "open" else ""
    return {"code": doc["code"], "problem": doc["problem"], "status": doc["status"], "created": doc["created"],
            "closed": closed, "last": last, "kinds": sorted({e["kind"] for e in doc["events"]})}


def _last_activity(row: dict) -> datetime:
    stamps = [row.get(k, "") for k in ("created", "closed", "last")]
    latest = max(datetime.fromisoformat(t) for t in stamps if t)
    return latest if latest.tzinfo else latest.replace(tzinfo=CHINA)
