"""Provides DeskStore: a desk's view of the server's case store that keeps working when the
server cannot be reached — new cases saved on the desk under a desk-marked code, writes to
known cases queued, and both uploaded exactly once when the server is back."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Callable

from filelock import FileLock, Timeout

from ..core.dates import CHINA
from .cases import CaseError, CaseStore, WrongCodeOrPin, _aware, _code_key
from .codes import normalise_code
from .files import StoreError, append_line, atomic_write, json_lines, private_folder, write_new
from .schema import STATUSES, Shapes
from .server import OFFLINE_MARK, ServerStore, Unreachable, offline_code

# After the server is found away, the desk works offline and tries again only this much
# later: a visitor must not wait for a connection timeout at every step.
RETRY_AFTER = 10.0
QUEUE_FILE = "queue.jsonl"


class ServerAway(CaseError):
    """A case that lives on the server was asked for while the server cannot be reached:
    said as that, never as a wrong code or PIN."""

    key = "case_server_away"


class WrongOrElsewhere(CaseError):
    """An offline code of another desk that the server does not know (or a wrong PIN): the
    case may still be on that desk, waiting to be uploaded."""

    key = "case_wrong_or_elsewhere"


class DeskStore:
    def __init__(self, url: str, local: str | Path, desk: str,
                 now: Callable[[], datetime] = lambda: datetime.now(CHINA), shapes: Shapes | None = None) -> None:
        self.url, self.desk = url, desk
        self.root = Path(local)
        self.now = lambda: _aware(now())
        self._clock = now
        self.shapes = shapes or Shapes.default()
        try:
            private_folder(self.root)
        except OSError as e:
            raise StoreError("store_unusable", f"{self.root}: {e.strerror or e}") from e
        # One lock for this desk's folder across processes (the kiosk, `kiosk cases upload`):
        # an upload reads, sends and deletes with nothing written in between.
        self.lock = FileLock(str(self.root / ".desk.lock"), timeout=30, mode=0o600)
        # The cases saved here while offline, until the server has them: a TinyDB store of
        # their own, so they get every guarantee a desk's own cases have.
        self.local = CaseStore(self.root / "offline", now=now, shapes=self.shapes, codes=self._offline_code)
        self.queue_path = self.root / QUEUE_FILE
        self.server: ServerStore | None = None
        self.away = ""  # why the server cannot be used now ("" when it can)
        try:
            self.last_upload = (self.root / "last-upload").read_text(encoding="utf-8")[:40]
        except OSError:
            self.last_upload = ""
        self._retry_at = 0.0
        # The cases this process read from the server, so a visitor who opened one goes on
        # with it when the server drops in the middle of the visit. Forgotten at every wipe.
        self._known: dict[str, object] = {}
        # (code, number this desk showed) → the server's number, from the last upload: an
        # undo the visitor asks for afterwards names the event as the server numbered it.
        self._renumbered: dict[tuple[str, int], int] = {}
        self._online()

    # --- where things are -------------------------------------------------------------

    @property
    def where(self) -> str:
        from .server import masked

        return masked(self.url)

    @property
    def warnings(self) -> list[str]:
        return self.local.warnings + (self.server.warnings if self.server else [])

    def read_warnings(self, last: int = 20) -> list[str]:
        return (self.local.read_warnings(last) + (self.server.read_warnings(last) if self.server else []))[-last:]

    def forget(self) -> None:
        """Drop what this process holds of the visit's case (the wipe)."""
        self._known.clear()

    def _online(self) -> ServerStore | None:
        """The server store, or None while it cannot be reached (tried again every
        RETRY_AFTER seconds); each time it is back, what waits is uploaded first."""
        if self.server is None:
            if time.monotonic() < self._retry_at:
                return None
            try:
                self.server = ServerStore(self.url, self.root, desk=self.desk, now=self._clock, shapes=self.shapes)
            except StoreError as e:
                # A wrong password or schema is staff's to fix, yet the visitor is served
                # as if offline: nothing they save is lost.
                return self._went_away(e)
        if self.waiting() and not self._uploading:
            try:
                self.upload()
            except StoreError as e:
                return self._went_away(e)
        return self.server

    _uploading = False

    def _went_away(self, e: StoreError) -> None:
        self.away = e.detail or e.key
        self._retry_at = time.monotonic() + RETRY_AFTER
        if self.server is not None:
            self.server.close_connection()
        self.server = None
        return None

    def _try(self, action: Callable[[ServerStore], object], offline: Callable[[], object]):
        """`action` on the server; `offline` when it cannot be reached, before or during."""
        server = self._online()
        if server is not None:
            try:
                result = action(server)
                self.away = ""
                return result
            except StoreError as e:
                # Away, or its disk full: the desk keeps the write and sends it later.
                if not isinstance(e, Unreachable) and e.key != "store_server_full":
                    raise
                self._went_away(e)
        return offline()

    def offline_case(self, code: str) -> bool:
        """Whether a case is on this desk only, waiting for the server."""
        return self._is_local(normalise_code(code))

    def _locked(self):
        try:
            return self.lock.acquire()
        except Timeout as e:
            raise StoreError("store_busy", "desk lock held for 30 s") from e

    def _offline_code(self) -> str:
        """A code this desk never gave before: digests of every offline code it issued are
        kept (`offline-codes`, not the codes), since an uploaded case leaves the desk and its
        code could otherwise be drawn again for another visitor."""
        issued_path = self.root / "offline-codes"
        try:
            issued = set(issued_path.read_text(encoding="ascii", errors="replace").split())
        except OSError:
            issued = set()
        while (code := offline_code(self.desk)) and _code_key(code) in issued:
            pass
        try:
            append_line(issued_path, (_code_key(code) + "\n").encode("ascii"))
        except OSError as e:
            raise StoreError("store_write_failed", str(e.strerror)) from e
        return code

    def _is_local(self, code: str) -> bool:
        return code.startswith(OFFLINE_MARK) and self.local.load(code) is not None

    # --- cases ------------------------------------------------------------------------

    def create(self, problem: str, answers: dict) -> tuple[str, str]:
        def here():
            with self._locked():
                return self.local.create(problem, answers)

        return self._try(lambda s: s.create(problem, answers), here)

    @property
    def offline(self) -> bool:
        return self.server is None

    def open(self, code: str, pin: str):
        code = normalise_code(code)
        if self._is_local(code):
            return self.local.open(code, pin)

        def away():
            raise ServerAway()

        def on_server(server):
            try:
                return server.open(code, pin)
            except WrongCodeOrPin:
                if code.startswith(OFFLINE_MARK) and code[1:3] != self.desk:
                    raise WrongOrElsewhere(desk=code[1:3]) from None
                raise

        case = self._try(on_server, away)
        self._known[case.code] = case
        return case

    def load(self, code: str):
        code = normalise_code(code)
        if self._is_local(code):
            return self.local.load(code)

        def from_memory():
            if code not in self._known:
                raise ServerAway()
            return self._with_queue(self._known[code])

        case = self._try(lambda s: s.load(code), from_memory)
        if case is not None and not self.offline:
            self._known[code] = case
        return case

    def append_event(self, code: str, kind: str, day: str, note: str = "") -> dict:
        if self._is_local(code):
            with self._locked():
                return self.local.append_event(code, kind, day, note)
        seen = note.isascii() and note.isdecimal() and int(note)
        if kind in self.shapes.undo and seen and (code, seen) in self._renumbered:
            note = str(self._renumbered[(code, seen)])  # the event as the server numbered it
        # The id is the desk's: a write whose reply was lost is queued under the same id,
        # and the server applies it once.
        ident = str(uuid.uuid4())

        def queued():
            case = self.load(code)  # ServerAway for a case this desk never read
            event = {"n": len(case.events) + 1, "kind": kind, "date": day, "note": note,
                     "recorded": self.now().isoformat(timespec="seconds")}
            self._queue({"id": ident, "op": "event", "code": code, "kind": kind, "day": day, "note": note,
                         "n": event["n"], "at": event["recorded"]})
            return event

        return self._try(lambda s: s.append_event(code, kind, day, note, event_id=ident), queued)

    def update_answers(self, code: str, problem: str, answers: dict) -> None:
        if self._is_local(code):
            with self._locked():
                return self.local.update_answers(code, problem, answers)
        ident = str(uuid.uuid4())
        self._try(lambda s: s.update_answers(code, problem, answers, write_id=ident),
                  lambda: self._queue({"id": ident, "op": "answers", "code": code, "problem": problem,
                                       "answers": answers, "at": self.now().isoformat(timespec="seconds")},
                                      known=code))

    def close(self, code: str, status: str, outcome: str = "") -> None:
        if status not in STATUSES:
            raise ValueError(status)
        if self._is_local(code):
            with self._locked():
                return self.local.close(code, status, outcome)
        ident = str(uuid.uuid4())
        self._try(lambda s: s.close(code, status, outcome, write_id=ident),
                  lambda: self._queue({"id": ident, "op": "close", "code": code, "status": status,
                                       "outcome": outcome, "at": self.now().isoformat(timespec="seconds")},
                                      known=code))

    def unlock(self, code: str) -> None:
        self.local.unlock(code)
        self._try(lambda s: s.unlock(code), self._refuse)

    def list_cases(self, since: datetime | None = None, most: int | None = None) -> list[dict]:
        """Every desk's cases from the server, and this desk's not uploaded yet."""
        return self._try(lambda s: s.list_cases(since, most), self._refuse) + self.local.list_cases()

    def tallies(self) -> list[dict]:
        return self._try(lambda s: s.tallies(), self._refuse) + self.local.list_cases()

    def purge(self, older_than) -> int:
        gone = self.local.purge(older_than)
        return gone + (self._try(lambda s: s.purge(older_than), lambda: 0) or 0)

    def size(self) -> tuple[int, int]:
        return self._try(lambda s: s.size(), self.local.size)

    def _refuse(self):
        raise Unreachable("store_server_unreachable", self.away)

    # --- the queue --------------------------------------------------------------------

    def _queue(self, write: dict, known: str = "") -> None:
        """Add one write to the queue, on the disk before this returns (a kill after it
        loses nothing); a torn last line (a kill during it) is skipped when read."""
        if known and known not in self._known:
            raise ServerAway()
        line = (json.dumps(write, ensure_ascii=False) + "\n").encode("utf-8")
        try:
            with self._locked():
                append_line(self.queue_path, line)  # a line a power cut tore swallows nothing
        except OSError as e:
            raise StoreError("store_write_failed", str(e.strerror)) from e

    def queued(self) -> list[dict]:
        """The writes waiting, in order (a torn line or one of the wrong shape is not one)."""
        return [w for w in json_lines(self.queue_path) if _fits(w)]

    def waiting(self) -> int:
        """How many writes wait for the server: queued ones and the cases saved offline."""
        return len(self.queued()) + len(self.local.list_cases())

    def _with_queue(self, case):
        """A case read before the server went away, with this desk's queued writes on it."""
        events = list(case.events)
        status, outcome = case.status, case.outcome
        problem, answers = case.problem, case.answers
        for w in self.queued():
            if w.get("code") != case.code:
                continue
            if w["op"] == "event":
                events.append({"n": w["n"], "kind": w["kind"], "date": w["day"], "note": w["note"],
                               "recorded": w["at"]})
            elif w["op"] == "close":
                status, outcome = w["status"], w["outcome"]
            elif w["op"] == "answers":
                problem, answers = w["problem"], w["answers"]
        return replace(case, events=tuple(events), status=status, outcome=outcome, problem=problem,
                       answers=answers)

    def upload(self) -> int:
        """Send the cases saved offline and the queued writes; each lands once. The local
        copies go only after the server has committed them: a kill in between sends them
        again, and the server keeps the first. A case whose code the server holds for
        another case stays on the desk, and staff are told."""
        server = self.server
        if server is None:
            raise Unreachable("store_server_unreachable", self.away)
        self._uploading = True
        try:
            with self._locked():
                rows = {row["code"]: row for row in self.local.list_cases()}
                docs = []
                for code, row in rows.items():
                    doc = self.local.document(code)
                    if doc:
                        docs.append({**doc, "closed": row.get("closed", ""), "last": row.get("last", "")})
                writes = self.queued()
                new = server.upload(docs, writes)
                self._renumbered.update(server.numbers)
                if writes:
                    sent = {w["id"] for w in writes}
                    # No .bak of the queue: the notes it held have reached the server.
                    write_new(self.queue_path, "".join(json.dumps(w, ensure_ascii=False) + "\n" for w in
                                                       self.queued() if w["id"] not in sent).encode("utf-8"))
                for code in rows:
                    if code not in server.clashes:
                        self.local.remove(code)
            self.last_upload = self.now().isoformat(timespec="seconds")
            try:
                atomic_write(self.root / "last-upload", self.last_upload.encode())
            except (OSError, StoreError):
                pass  # only the staff console's line misses it
            return new
        finally:
            self._uploading = False


def _fits(write: object) -> bool:
    """A queued write of the shape the upload reads (a line of another version, or edited
    by hand, is not sent: it would stop every upload after it)."""
    from .schema import is_day, time_of

    if not isinstance(write, dict) or not isinstance(write.get("code"), str) or time_of(write.get("at")) is None:
        return False
    try:
        uuid.UUID(str(write.get("id")))
    except ValueError:
        return False
    texts = lambda *keys: all(isinstance(write.get(k), str) for k in keys)  # noqa: E731
    if write.get("op") == "event":
        return texts("kind", "note") and is_day(write.get("day")) and isinstance(write.get("n"), int)
    if write.get("op") == "close":
        return write.get("status") in STATUSES and texts("outcome")
    if write.get("op") == "answers":
        return texts("problem") and isinstance(write.get("answers"), dict)
    return False
