"""Provides CaseStore: each case in its own TinyDB file (so opening one never reads the
others), an index for the staff's figures, and one file lock held across every
read-modify-write, so two kiosk processes never lose each other's updates."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable

from filelock import FileLock, Timeout
from tinydb import TinyDB

from ..core.dates import CHINA
from .codes import hash_pin, new_code, new_pin, normalise_code, verify_pin
from .files import SafeStorage, StoreError

MISSES_BEFORE_LOCK = 5
LOCK_FOR = timedelta(minutes=15)
# A PIN hash no real case has: checked when a code is unknown, so that an unknown code
# takes as long to refuse as a wrong PIN does.
_DECOY = hash_pin("000000", b"decoy-salt-16byt")


def default_root() -> Path:
    """Where cases live unless staff say otherwise: $KIOSK_DB, else the user's data folder."""
    env = os.environ.get("KIOSK_DB")
    if env:
        return Path(env)
    from platformdirs import user_data_path

    return user_data_path("wuliu-kiosk") / "cases"


class CaseError(Exception):
    """Something the visitor must be told; the message is for them, in Chinese."""


class WrongCodeOrPin(CaseError):
    def __init__(self) -> None:
        # Never says which of the two was wrong: that would tell a guesser a code exists.
        super().__init__("案件编号或密码不对，请核对后再试。")


class CaseLocked(CaseError):
    def __init__(self, until: datetime) -> None:
        super().__init__(f"密码错误次数太多，这个案件已锁定到 {until:%H:%M}。请稍后再试，或请工作人员帮忙。")
        self.until = until


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
    return Case(doc["code"], doc["problem"], doc["answers"], tuple(doc["events"]), doc["status"], doc["created"],
                doc.get("outcome", ""))


class CaseStore:
    def __init__(self, root: str | Path, now: Callable[[], datetime] = lambda: datetime.now(CHINA)) -> None:
        self.root = Path(root)
        self.now = now
        self.warnings: list[str] = []
        try:
            for folder in (self.root, self.root / "cases"):
                folder.mkdir(parents=True, exist_ok=True, mode=0o700)
                os.chmod(folder, 0o700)  # mkdir's mode is filtered by the umask
        except OSError as e:
            raise StoreError(f"无法使用案件文件夹 {self.root}：{e.strerror or e}") from e
        # A separate lock file: locking the data file itself would fight the atomic replace.
        self.lock = FileLock(str(self.root / ".lock"), timeout=30, mode=0o600)

    # --- files ------------------------------------------------------------------------

    def _path(self, code: str) -> Path:
        return self.root / "cases" / code[:2] / f"{code}.json"

    def _db(self, path: Path) -> TinyDB:
        return TinyDB(path, storage=SafeStorage, warn=self._warn)

    def _warn(self, message: str) -> None:
        """Keep a warning for this process and in warnings.log, which `kiosk cases` shows staff."""
        stamped = f"{self.now().isoformat(timespec='seconds')} {message}"
        self.warnings.append(stamped)
        try:
            fd = os.open(self.root / "warnings.log", os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            with os.fdopen(fd, "a", encoding="utf-8") as f:
                f.write(stamped + "\n")
        except OSError:
            pass  # the warning is still in self.warnings; a full disk must not stop the visitor

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
            raise StoreError("案件文件正忙，请稍后再试。") from e

    def _index(self, code: str, **fields: object) -> None:
        with self._db(self.root / "index.json") as db:
            table = db.table("cases", cache_size=0)
            found = table.get(lambda d: d.get("code") == code)
            if found is None:
                table.insert({"code": code, **fields})
            else:
                table.update(fields, doc_ids=[found.doc_id])

    # --- cases ------------------------------------------------------------------------

    def create(self, problem: str, answers: dict) -> tuple[str, str]:
        """Save a new case; returns (code, PIN). The PIN is kept only as a salted hash."""
        pin = new_pin()
        with self._locked():
            code = new_code()
            while self._path(code).exists():
                code = new_code()
            self._path(code).parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            now = self.now().isoformat(timespec="seconds")
            self._write(code, {"code": code, "problem": problem, "answers": answers, "events": [], "status": "open",
                               "created": now, "pin": hash_pin(pin), "misses": 0, "locked_until": ""})
            self._index(code, problem=problem, status="open", created=now, closed="")
        return code, pin

    def open(self, code: str, pin: str) -> Case:
        """The case, if code and PIN match. Five misses lock it for 15 minutes, recorded in
        the case file so a restart does not lift the lock."""
        code = normalise_code(code)
        with self._locked():
            doc = self._read(code) if len(code) == 9 else None
            if doc is None:
                verify_pin(pin, _DECOY)
                raise WrongCodeOrPin()
            now = self.now()
            if doc["locked_until"] and now < datetime.fromisoformat(doc["locked_until"]):
                raise CaseLocked(datetime.fromisoformat(doc["locked_until"]))
            if verify_pin(pin, doc["pin"]):
                if doc["misses"] or doc["locked_until"]:
                    self._write(code, {"misses": 0, "locked_until": ""})
                return _case(doc)
            misses = doc["misses"] + 1
            if misses >= MISSES_BEFORE_LOCK:
                until = now + LOCK_FOR
                self._write(code, {"misses": 0, "locked_until": until.isoformat(timespec="seconds")})
                raise CaseLocked(until)
            self._write(code, {"misses": misses})
            raise WrongCodeOrPin()

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
            event = {"n": len(doc["events"]) + 1, "kind": kind, "date": day, "note": note,
                     "recorded": self.now().isoformat(timespec="seconds")}
            self._write(code, {"events": [*doc["events"], event]})
        return event

    def update_answers(self, code: str, problem: str, answers: dict) -> None:
        """Replace the saved answers (a visitor who saved, then changed an answer)."""
        with self._locked():
            if self._read(code) is None:
                raise WrongCodeOrPin()
            self._write(code, {"problem": problem, "answers": answers})
            self._index(code, problem=problem)

    def close(self, code: str, status: str, outcome: str = "") -> None:
        """Mark a case resolved or abandoned, with how."""
        if status not in ("resolved", "abandoned", "open"):
            raise ValueError(status)
        with self._locked():
            if self._read(code) is None:
                raise WrongCodeOrPin()
            self._write(code, {"status": status, "outcome": outcome})
            self._index(code, status=status, closed=self.now().isoformat(timespec="seconds") if status != "open" else "")

    def list_cases(self) -> list[dict]:
        """Index rows for the staff: code, problem, status, created, closed — no answers."""
        with self._locked():
            with self._db(self.root / "index.json") as db:
                return [dict(d) for d in db.table("cases", cache_size=0).all()]
