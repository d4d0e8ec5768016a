"""Provides CaseStore: each case in its own TinyDB file (so opening one never reads the
others), an index for the staff's figures, and one file lock held across every
read-modify-write, so two kiosk processes never lose each other's updates."""

from __future__ import annotations

import hashlib
import json
import math
import os
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable

from filelock import FileLock, Timeout
from tinydb import TinyDB

from ..core.dates import CHINA
from ..core.keyed import Reason
from ..core.plaintext import plain, plain_tree
from .codes import hash_pin, new_code, new_pin, normalise_code, verify_pin
from .paths import cases_dir
from .files import (SafeStorage, StoreError, append_line, atomic_write, backup_of, json_lines, private_folder,
                    purge_leftovers, remove_dead_temporaries)
from .schema import (ATTEMPTS_MAX_BYTES, CASE_MAX_BYTES, CODE, INDEX_MAX_BYTES, STATUSES, Shapes,
                     attempts_fits, case_fits, index_fits, row_fits, time_of)
from .words import say

INDEX_JOURNAL = "index.jsonl"  # changes to index.json's rows not folded in yet
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


class CaseDamaged(CaseError):
    """The case's file is damaged and no good copy of it is left: said plainly, every time,
    instead of an apology or a crash (staff find the damaged file moved aside)."""

    key = "case_damaged"


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


def _code_key(code: str) -> str:
    # The attempts file keeps a digest, not the code: it lists codes people typed.
    return hashlib.sha256(b"wuliu-kiosk attempts:" + code.encode()).hexdigest()[:24]


class CaseStore:
    def __init__(self, root: str | Path, now: Callable[[], datetime] = lambda: datetime.now(CHINA),
                 shapes: Shapes | None = None, codes: Callable[[], str] | None = None) -> None:
        self.root = Path(root)
        self.where = str(self.root)
        # How a new case's code is drawn: an offline desk's codes carry its mark (tui.store.desk).
        self.new_code = codes or (lambda: new_code())  # looked up at each draw (tests pin it)
        # A clock without a zone would make every stored time unreadable to the next process.
        self.now = lambda: _aware(now())
        # What the content says about answers' and events' shapes (Shapes.of(content) from the
        # app); by default read from the content folder.
        self.shapes = shapes or Shapes.default()
        self.warnings: list[str] = []
        try:
            private_folder(self.root / "cases")
        except OSError as e:
            raise StoreError("store_unusable", f"{self.root}: {e.strerror or e}") from e
        # A separate lock file: locking the data file itself would fight the atomic replace.
        self.lock = FileLock(str(self.root / ".lock"), timeout=30, mode=0o600)
        # Temporary files a killed write left hold a whole case, PIN hash included: they go
        # at every open, not at the next daily purge. One listing per folder, no reads.
        folders = [self.root, *(e.path for e in _scandir(self.root / "cases") if e.is_dir())]
        remove_dead_temporaries(folders)

    # --- files ------------------------------------------------------------------------

    def _path(self, code: str) -> Path:
        return self.root / "cases" / code[:2] / f"{code}.json"

    def _db(self, path: Path) -> TinyDB:
        code = path.name[:-len(".json")]
        return TinyDB(path, storage=SafeStorage, warn=self._warn, label=say("store_label_case"),
                      fits=lambda data: case_fits(data, self.shapes, code), max_bytes=CASE_MAX_BYTES)

    def _index_db(self) -> TinyDB:
        return TinyDB(self.root / "index.json", storage=SafeStorage, warn=self._warn, fits=index_fits,
                      label=say("store_label_index"), rebuild=self._rebuilt_index, max_bytes=INDEX_MAX_BYTES)

    def _attempts(self) -> SafeStorage:
        return SafeStorage(self.root / "attempts.json", warn=self._warn, fits=attempts_fits,
                           label=say("store_label_attempts"), max_bytes=ATTEMPTS_MAX_BYTES)

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
        """The case document; None for a code with no case; CaseDamaged for one whose file is
        damaged with no good copy left (now, or moved aside by an earlier read)."""
        path = self._path(code)
        if not os.path.lexists(path) and not os.path.lexists(backup_of(path)):
            if self._moved_aside(path):
                raise CaseDamaged()
            return None
        with self._db(path) as db:
            doc = db.table("case", cache_size=0).get(doc_id=1)
        if doc is None and self._moved_aside(path):
            raise CaseDamaged()
        return doc

    @staticmethod
    def _moved_aside(path: Path) -> bool:
        return any(path.parent.glob(f"{path.name}.corrupt-*")) if path.parent.is_dir() else False

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
        """Note a change of a case's index row in index.jsonl, a line appended and synced:
        saving or closing a case costs the same at 50 cases or 50,000, where rewriting
        index.json cost 1.26 s at 50k (bench/run.py). The lines are folded into index.json
        when the staff read it (_index_table). A line that could not be written is no loss:
        the case file is the truth, and the index is made to agree with it when read."""
        fields.setdefault("last", self.now().isoformat(timespec="seconds"))
        line = json.dumps({"code": code, **fields}, ensure_ascii=False) + "\n"
        try:
            append_line(self.root / INDEX_JOURNAL, line.encode("utf-8"))
        except OSError as e:
            self._warn(say("store_activity_failed", why=Reason(e).said(say)))

    def _index_table(self, db):
        """The index's table with every line of index.jsonl folded in (in order, a later line
        over an earlier one), written back once and the journal emptied. Folding twice gives
        the same rows, so a crash between the write and the emptying loses nothing."""
        table = db.table("cases", cache_size=0)
        journal = self.root / INDEX_JOURNAL
        # A line torn by a crash is skipped: the case file still says it.
        changes = [c for c in json_lines(journal) if isinstance(c, dict) and isinstance(c.get("code"), str)]
        if changes:
            rows = {}
            for row in table.all():
                rows.setdefault(row.get("code") if isinstance(row, dict) else None, []).append(dict(row))
            for change in changes:
                kept = rows.get(change["code"])
                if kept:
                    kept[-1].update(change)
                else:
                    rows[change["code"]] = [change]
            table.truncate()
            table.insert_multiple([row for group in rows.values() for row in group])
        journal.unlink(missing_ok=True)
        return table

    def _codes_on_disk(self) -> set[str]:
        """The codes of the case files, from the folders' listings alone (no file is read): a
        case whose file stands, or only its last good copy."""
        codes = set()
        for folder in _scandir(self.root / "cases"):
            for entry in _scandir(folder.path) if folder.is_dir() else ():
                name = entry.name
                stem = name[:-len(".json")] if name.endswith(".json") else \
                    name[:-len(".json.bak")] if name.endswith(".json.bak") else ""
                if CODE.fullmatch(stem) and stem[:2] == folder.name:
                    codes.add(stem)
        return codes

    def _doc_rows(self, codes) -> list[dict]:
        """Index rows made from the case files of `codes`; a case damaged beyond repair has
        none (it is said once, when its file is found damaged)."""
        rows = []
        for code in sorted(codes):
            try:
                doc = self._read(code)
            except CaseDamaged:
                continue
            if doc:
                rows.append(_index_row(doc, self.shapes.undo))
        return rows

    def _rebuilt_index(self) -> dict | None:
        """The index made again from the case files (it was lost with no good copy): the
        staff's figures must not forget a case that is still on disk."""
        rows = self._doc_rows(self._codes_on_disk())
        if not rows:
            return None
        self._warn(say("store_index_rebuilt", n=len(rows)))
        return {"cases": {str(i + 1): row for i, row in enumerate(rows)}}

    def _reconciled(self, table) -> list:
        """The index's rows once they agree with the case files, which are the truth: a row
        that does not fit its schema (a created time of "soon", "" or without a zone…) is
        dropped and made again from its case file; a case file the index does not list (an
        index of {}, one restored from a copy one write old, a write killed between the case
        and the index) gets its row; a row whose case file is gone goes. Compared by file
        names, so only the cases that need it are read. Call with the lock held."""
        rows = table.all()
        on_disk = self._codes_on_disk()
        keep: dict[str, object] = {}
        bad = stale = 0
        drop = []
        for row in rows:
            code = row.get("code") if isinstance(row, dict) else None
            if not row_fits(row):
                bad += 1
                drop.append(row)
            elif code not in on_disk or code in keep:
                stale += code not in on_disk
                drop.append(row)
            else:
                keep[code] = row
        missing = self._doc_rows(on_disk - keep.keys())
        if drop:
            table.remove(doc_ids=[row.doc_id for row in drop])
        if missing:
            table.insert_multiple(missing)
        if bad:
            self._warn(say("store_index_bad_rows", n=bad))
        if stale:
            self._warn(say("store_index_stale_rows", n=stale))
        if missing:
            self._warn(say("store_index_rows_added", n=len(missing)))
        return table.all() if drop or missing else rows

    # --- cases ------------------------------------------------------------------------

    def create(self, problem: str, answers: dict) -> tuple[str, str]:
        """Save a new case; returns (code, PIN). The PIN is kept only as a salted hash."""
        pin = new_pin()
        answers = plain_tree(answers)
        with self._locked():
            code = self.new_code()
            while self._path(code).exists():
                code = self.new_code()
            try:
                private_folder(self._path(code).parent)
            except OSError as e:
                raise StoreError("store_write_failed", str(e.strerror), why=Reason(e)) from e
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
            except (OSError, StoreError) as e:
                raise StoreError("store_cannot_count", getattr(e, "detail", "") or str(e.strerror)) from e
            codes = data.setdefault("codes", {})
            kiosk = data.setdefault("kiosk", {}).setdefault("1", {"misses": []})
            # A miss stamped later than now (the clock was set back) counts as now: a wait is
            # never longer than its maximum, however the clock moves.
            recent = [t for t in kiosk["misses"] if now - min(time_of(t), now) < KIOSK_WINDOW]
            if len(recent) >= KIOSK_FREE:
                wait = timedelta(seconds=min(KIOSK_MAX_WAIT, 2 ** min(len(recent) - KIOSK_FREE + 1, 20)))
                left = min(time_of(recent[-1]), now) + wait - now
                if left > timedelta(0):
                    raise KioskSlowed(math.ceil(left.total_seconds()))
            key = _code_key(code)
            row = codes.get(key, {"key": key, "misses": 0, "locked_until": ""})
            locked_until = time_of(row["locked_until"]) if row["locked_until"] else None
            if locked_until and now < locked_until:
                raise CaseLocked(min(locked_until, now + LOCK_FOR))
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
            try:
                doc = self._read(code) if len(code) == 9 else None
            except CaseDamaged:
                verify_pin(pin, _DECOY)  # as slow as any other try
                raise
            if verify_pin(pin, doc["pin"] if doc else _DECOY) and doc is not None:
                del codes[key]  # the miss counted a moment ago was not one
                kiosk["misses"] = recent
                try:
                    attempts.write(data)
                except StoreError:
                    pass  # the right PIN opens the case; only one extra miss stays counted
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

    def document(self, code: str) -> dict | None:
        """The case as stored, PIN hash included: for copying it to a server (tui.store.desk)."""
        with self._locked():
            doc = self._read(normalise_code(code))
        return plain_tree(doc) if doc else None

    def remove(self, code: str) -> None:
        """Delete one case, its copies and its activity: once a server holds it."""
        with self._locked():
            path = self._path(code)
            for f in [path, backup_of(path), *path.parent.glob(f"{path.name}.corrupt-*")]:
                f.unlink(missing_ok=True)
            with self._index_db() as db:
                self._index_table(db).remove(lambda d: d.get("code") == code)
            self._drop_activity({code})

    def _drop_activity(self, codes: set[str]) -> None:
        """The activity log without the lines of `codes`: it must not outlive their cases."""
        log = self.root / "activity.jsonl"
        if codes and log.exists():
            kept = [line for line in log.read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)
                    if not any(f'"{code}"' in line for code in codes)]
            atomic_write(log, "".join(kept).encode("utf-8"))

    def append_event(self, code: str, kind: str, day: str, note: str = "") -> dict:
        """Add a dated event; returns it once it is on disk."""
        with self._locked():
            doc = self._read(code)
            if doc is None:
                raise WrongCodeOrPin()
            event = {"n": len(doc["events"]) + 1, "kind": kind, "date": day, "note": plain(note),
                     "recorded": self.now().isoformat(timespec="seconds")}
            self._write(code, {"events": [*doc["events"], event]})
            # An undo takes its event's kind off the figures (a 12305 appeal taken back was
            # not a channel used): the log says which kind it takes back.
            taken_back = _taken_back(doc["events"], event, self.shapes.undo)
            self._log_activity(code, kind, event["recorded"], taken_back)
        return event

    def _log_activity(self, code: str, kind: str, when: str, undoes: str = "") -> None:
        """One line per event in activity.jsonl — code, kind, time, and for an undo the kind
        it takes back; never the note — for the staff's figures (channels used) and the
        purge (last activity). Appending a line keeps an event's cost flat however many
        cases there are; rewriting the index did not (bench/run.py: append at 10k cases)."""
        record = {"code": code, "kind": kind, "at": when} | ({"undoes": undoes} if undoes else {})
        line = json.dumps(record) + "\n"
        try:
            fd = os.open(self.root / "activity.jsonl", os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            with os.fdopen(fd, "a", encoding="utf-8") as f:
                f.write(line)
        except OSError as e:
            # The event itself is saved; only the figures miss it. Staff are told.
            self._warn(say("store_activity_failed", why=Reason(e).said(say)))

    def _activity(self) -> dict[str, tuple[str, set[str]]]:
        """code → (last activity, kinds recorded and not taken back) from activity.jsonl."""
        seen: dict[str, tuple[str, Counter]] = {}
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
            if not all(isinstance(v, str) for v in (code, kind, at)) or time_of(at) is None:
                continue  # a line of the wrong shape says nothing
            last, kinds = seen.get(code, ("", Counter()))
            kinds[kind] += 1
            if isinstance(row.get("undoes"), str):
                kinds[row["undoes"]] -= 1
            seen[code] = (max(last, at), kinds)
        return {code: (last, {k for k, n in kinds.items() if n > 0}) for code, (last, kinds) in seen.items()}

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
        the kinds of event recorded — no answers, no notes. The index is first made to agree
        with the case files (_reconciled), so every row has the shape the figures read."""
        with self._locked():
            with self._index_db() as db:
                rows = [plain_tree(dict(d)) for d in self._reconciled(self._index_table(db))]
            activity = self._activity()
        for row in rows:
            last, kinds = activity.get(row.get("code", ""), ("", set()))
            row["last"] = max(row.get("last", ""), last)
            row["kinds"] = sorted(set(row.get("kinds", [])) | kinds)  # each leaves out what was taken back
        return rows

    def purge(self, older_than: timedelta) -> int:
        """Delete every case whose last activity (saved, an event, closed) is older than
        `older_than`, with its last good copy and damaged copies; also the store's leftovers
        (see purge_leftovers). Returns how many cases went. The index is first made to agree
        with the case files, so a case it did not list is purged too, and a bad row is
        skipped, logged and made again from its case file: one bad row never stops the
        purge."""
        now = self.now()
        cutoff = now - older_than
        gone = 0
        with self._locked():
            activity = self._activity()
            with self._index_db() as db:
                table = self._index_table(db)
                # Every row fits once reconciled: its created time is a time with a zone.
                old = [row for row in self._reconciled(table)
                       if _last_activity(row, activity.get(row["code"], ("", ()))[0]) < cutoff]
                for row in old:
                    path = self._path(row["code"])
                    for f in [path, backup_of(path), *path.parent.glob(f"{path.name}.corrupt-*")]:
                        f.unlink(missing_ok=True)
                    gone += 1
                table.remove(doc_ids=[row.doc_id for row in old])
            self._drop_activity({row["code"] for row in old})
            data = self._attempts().read()
            if data and data.get("codes"):
                # Locks long over say nothing useful; a lock still running is kept.
                data["codes"] = {k: r for k, r in data["codes"].items() if r.get("locked_until")
                                 and time_of(r["locked_until"]) > now}
                self._attempts().write(data)
        purge_leftovers(self.root, cutoff, now=now)
        return gone

    def size(self) -> tuple[int, int]:
        """(files, bytes) of everything in the case folder: for the staff console and doctor."""
        files = [p for p in self.root.rglob("*") if p.is_file()]
        return len(files), sum(p.stat().st_size for p in files)


def _index_row(doc: dict, undo: frozenset[str] | set[str]) -> dict:
    last = max([doc["created"], *(e.get("recorded", "") for e in doc["events"])])
    closed = last if doc["status"] != "open" else ""
    gone = {n for e in doc["events"] if e["kind"] in undo and (n := _event_number(e["note"]))}
    kinds = {e["kind"] for e in doc["events"] if e["n"] not in gone and e["kind"] not in undo}
    return {"code": doc["code"], "problem": doc["problem"], "status": doc["status"], "created": doc["created"],
            "closed": closed, "last": last, "kinds": sorted(kinds)}


def _event_number(note: str) -> int | None:
    """The number an undo's note names (tui.core.case.undone reads it the same way)."""
    return int(note) if note.isascii() and note.isdecimal() else None


def _taken_back(events: list[dict], event: dict, undo: frozenset[str] | set[str]) -> str:
    """The kind of the event an undo takes back, "" when `event` is no undo (or names none)."""
    n = _event_number(event["note"]) if event["kind"] in undo else None
    return next((e["kind"] for e in events if e["n"] == n), "")


def _last_activity(row: dict, logged: str = "") -> datetime:
    """The latest of a row's times (a reconciled row always has its created time) and its
    last logged activity."""
    stamps = [time_of(t) for t in (row.get("created"), row.get("closed"), row.get("last"), logged) if t]
    return max(t for t in stamps if t is not None)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=CHINA)


def _scandir(folder: Path) -> list:
    try:
        return list(os.scandir(folder))
    except OSError:
        return []
