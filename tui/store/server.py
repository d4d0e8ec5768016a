"""Provides ServerStore: the case store on a PostgreSQL server that several desks share —
the same operations and guarantees as the TinyDB CaseStore, with codes, misses and locks
counted in the server."""

from __future__ import annotations

import math
import uuid
from datetime import datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Callable

import psycopg
from psycopg import errors
from psycopg.types.json import Jsonb

from ..core.dates import CHINA
from ..core.plaintext import plain, plain_tree
from .cases import (_DECOY, KIOSK_FREE, KIOSK_MAX_WAIT, KIOSK_WINDOW, LOCK_FOR, MISSES_BEFORE_LOCK, CaseDamaged,
                    CaseLocked, KioskSlowed, WrongCodeOrPin, _aware, _case, _code_key, _event_number)
from .codes import ALPHABET, hash_pin, new_code, new_pin, normalise_code, verify_pin
from .files import StoreError
from .schema import STATUSES, Misfit, Shapes, case_fits, time_of
from .words import say

# Codes made offline start with this letter (then the desk's two characters): the server
# never makes one, so an offline code cannot clash with a code made online at any desk.
OFFLINE_MARK = "W"
# pg_advisory_xact_lock key for applying migrations: any constant the kiosk alone uses.
MIGRATION_LOCK = 0x77756C69
CONNECT_TIMEOUT = 3  # seconds: a desk that cannot reach the server says so quickly
SHOWN = {"sslmode", "sslrootcert", "connect_timeout", "application_name", "target_session_attrs"}


class Unreachable(StoreError):
    """The server cannot be reached (network, server down): a desk may work offline."""


def migrations() -> list[tuple[int, str]]:
    """(version, SQL) of every migration in tui/store/migrations, in order."""
    folder = resources.files("tui.store") / "migrations"
    found = sorted((int(f.name.split("_", 1)[0]), f.read_text(encoding="utf-8"))
                   for f in folder.iterdir() if f.name.endswith(".sql"))
    return found


LATEST = max(v for v, _ in migrations())


def masked(url: str) -> str:
    """The connection string without its password: for the screen and the logs."""
    try:
        parts = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "postgresql://?"
    host, db = parts.pop("host", ""), parts.pop("dbname", "")  # no host: the local socket
    user = parts.pop("user", "")
    port = parts.pop("port", "")
    # Only what says where and how securely: never a password, sslpassword or anything a
    # later libpq may add.
    extra = "&".join(f"{k}={v}" for k, v in sorted(parts.items()) if k in SHOWN)
    return f"postgresql://{user + '@' if user else ''}{host}{':' + port if port else ''}/{db}" + \
        (f"?{extra}" if extra else "")


def _check_url(url: str) -> None:
    """A connection string that cannot work is staff's to fix (not a network that is down):
    said without echoing it, since it may hold a password."""
    try:
        parts = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError as e:
        raise StoreError("store_server_url", _said(e).split(' in URI')[0].split(': "')[0]) from e
    port = str(parts.get("port") or "5432")
    if not all(p.isdigit() and 0 < int(p) < 65536 for p in port.split(",")):
        raise StoreError("store_server_url", "the port is not a number")
    if not parts.get("dbname"):
        raise StoreError("store_server_url", "no database named")


def _said(e: Exception) -> str:
    """A server's error in one line, without the connection string (it may hold a password)."""
    text = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    return text[:300]


class ServerStore:
    def __init__(self, url: str, local: str | Path, desk: str = "",
                 now: Callable[[], datetime] = lambda: datetime.now(CHINA), shapes: Shapes | None = None,
                 migrate: bool = True) -> None:
        self.url = url
        self.desk = desk
        # Warnings and staff exports stay on the desk (they are the desk's own).
        self.root = Path(local)
        self.now = lambda: _aware(now())
        self.shapes = shapes or Shapes.default()
        self.warnings: list[str] = []
        self.where = masked(url)
        self.clashes: list[str] = []  # codes of the last upload that name another case here
        self.numbers: dict[tuple[str, int], int] = {}
        self._conn: psycopg.Connection | None = None
        self._migrate = migrate
        _check_url(url)
        self.version = self._connect_and_migrate()

    # --- the connection ---------------------------------------------------------------

    def _connect(self) -> psycopg.Connection:
        if self._conn is None or self._conn.closed or self._conn.broken:
            try:
                self._conn = psycopg.connect(self.url, connect_timeout=CONNECT_TIMEOUT,
                                             application_name=f"wuliu-kiosk {self.desk}".strip())
            except psycopg.OperationalError as e:
                raise _refusal(e) from e
            except psycopg.ProgrammingError as e:  # a connection string that does not parse
                raise StoreError("store_server_url", _said(e).split(' in URI')[0].split(': "')[0]) from e
        return self._conn

    def _tx(self):
        """A transaction on the connection; a lost connection is Unreachable, a full disk or
        any other server error a StoreError with the server's words — never a traceback."""
        return _Transaction(self)

    def close_connection(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _connect_and_migrate(self) -> int:
        """The schema version once every migration is applied: each once, however many desks
        start at the same moment (they wait on one advisory lock). A role without the right to
        change the schema (a desk's) is told to ask for `kiosk cases schema` when it is
        behind; a schema newer than this kiosk refuses."""
        with self._tx() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            cur.execute("SELECT to_regclass('kiosk_schema') IS NOT NULL")
            have = 0
            if cur.fetchone()[0]:
                cur.execute("SELECT coalesce(max(version), 0) FROM kiosk_schema")
                have = cur.fetchone()[0]
            if have > LATEST:
                raise StoreError("store_schema_newer", f"{have} > {LATEST}", have=have, need=LATEST)
            if have < LATEST and not self._migrate:
                raise StoreError("store_schema_old", f"{have} < {LATEST}", have=have, need=LATEST)
            for version, text in migrations():
                if version <= have:
                    continue
                try:
                    cur.execute(text)
                except errors.InsufficientPrivilege as e:
                    raise StoreError("store_schema_old", _said(e), have=have, need=LATEST) from e
                cur.execute("INSERT INTO kiosk_schema (version) VALUES (%s)", (version,))
                have = version
        return have

    def _warn(self, message: str) -> None:
        self.warnings.append(f"{self.now().isoformat(timespec='seconds')} {message}")

    def read_warnings(self, last: int = 20) -> list[str]:
        return [plain(w) for w in self.warnings[-last:]]

    # --- cases ------------------------------------------------------------------------

    def create(self, problem: str, answers: dict) -> tuple[str, str]:
        """Save a new case; returns (code, PIN). The code is unique across every desk: the
        server's primary key refuses a second, and another is drawn."""
        pin = new_pin()
        stored = hash_pin(pin)
        answers = plain_tree(answers)
        now = self.now()
        with self._tx() as cur:
            while True:
                code = new_code()
                if code[0] == OFFLINE_MARK:
                    continue
                cur.execute("INSERT INTO cases (code, desk, problem, answers, pin, created, last) "
                            "VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (code) DO NOTHING RETURNING code",
                            (code, self.desk, problem, Jsonb(answers), Jsonb(stored), now, now))
                if cur.fetchone():
                    break
        return code, pin

    def upload(self, cases: list[dict], queued: list[dict]) -> int:
        """Apply what an offline desk kept, in one transaction, each write exactly once: cases
        made offline (with their events) by their code, then queued writes to known cases
        by their ids — a write the server already has (the upload was cut after the server
        had it, and is sent again) changes nothing. An undo names its event by the number
        the desk saw; where the server gave that event another number, the undo follows.
        Returns how many writes were new."""
        new = 0
        self.clashes = []
        numbers = self.numbers = {}  # (code, number the desk saw) → the server's, for later undos
        with self._tx() as cur:
            for doc in cases:
                cur.execute("INSERT INTO cases (code, desk, problem, answers, pin, status, outcome, created, closed, "
                            "last) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (code) DO NOTHING "
                            "RETURNING code",
                            (doc["code"], self.desk, doc["problem"], Jsonb(doc["answers"]), Jsonb(doc["pin"]),
                             doc["status"], doc.get("outcome", ""), doc["created"], doc.get("closed") or None,
                             doc.get("last") or doc["created"]))
                if cur.fetchone() is not None:
                    new += 1
                else:
                    # There already: the first upload of this case (cut before the desk
                    # heard), or — a desk id given to two desks — another visitor's case
                    # under the same code. Never merged: that one stays on the desk.
                    cur.execute("SELECT pin FROM cases WHERE code = %s", (doc["code"],))
                    if cur.fetchone()[0] != doc["pin"]:
                        self.clashes.append(doc["code"])
                        self._warn(say("store_upload_clash"))
                        continue
                for e in doc["events"]:
                    ident = uuid.uuid5(uuid.NAMESPACE_URL, f"wuliu-kiosk:{doc['code']}:{e['n']}")
                    event, added = self._append(cur, doc["code"], e["kind"], e["date"], e.get("note", ""),
                                                time_of(e.get("recorded")) or time_of(doc["created"]), ident, numbers)
                    numbers[(doc["code"], e["n"])] = event["n"]
                    new += added
            present: set[str] = set()
            for w in queued:
                code = w["code"]
                if code not in present:
                    cur.execute("SELECT 1 FROM cases WHERE code = %s", (code,))
                    if cur.fetchone() is None:
                        self._warn(say("store_upload_case_gone"))
                        continue  # purged on the server meanwhile: nothing to add it to
                    present.add(code)
                if w["op"] == "event":
                    event, added = self._append(cur, code, w["kind"], w["day"], w["note"], time_of(w["at"]),
                                                uuid.UUID(w["id"]), numbers)
                    numbers[(code, w["n"])] = event["n"]
                    new += added
                elif w["op"] == "close" and self._first_time(cur, w["id"], time_of(w["at"])):
                    at = time_of(w["at"])
                    cur.execute("UPDATE cases SET status = %s, outcome = %s, closed = %s, last = greatest(last, %s) "
                                "WHERE code = %s", (w["status"], w["outcome"], at if w["status"] != "open" else None,
                                                    at, code))
                elif w["op"] == "answers" and self._first_time(cur, w["id"], time_of(w["at"])):
                    cur.execute("UPDATE cases SET problem = %s, answers = %s, last = greatest(last, %s) "
                                "WHERE code = %s", (w["problem"], Jsonb(w["answers"]), time_of(w["at"]), code))
        return new

    def open(self, code: str, pin: str):
        """The case, if code and PIN match. The misses are counted in the server before the
        PIN is checked: five at any desks lock the code at all of them for 15 minutes, and
        many across the network slow every try — neither says whether a code exists."""
        code = normalise_code(code)
        key = _code_key(code)
        now = self.now()
        with self._tx() as cur:
            # One try at a time per typed code across the network: the row lock orders them.
            # An upsert that always returns the row, locked: a row deleted by another desk
            # between an insert and a select cannot leave this try without one.
            cur.execute("INSERT INTO code_misses (key) VALUES (%s) ON CONFLICT (key) DO UPDATE SET key = EXCLUDED.key "
                        "RETURNING misses, locked_until", (key,))
            misses, locked_until = cur.fetchone()
            cur.execute("SELECT count(*), max(at) FROM misses WHERE at > %s", (now - KIOSK_WINDOW,))
            recent, last_miss = cur.fetchone()
            if recent >= KIOSK_FREE:
                wait = timedelta(seconds=min(KIOSK_MAX_WAIT, 2 ** min(recent - KIOSK_FREE + 1, 20)))
                left = min(last_miss, now) + wait - now
                if left > timedelta(0):
                    raise KioskSlowed(math.ceil(left.total_seconds()))
            if locked_until and now < locked_until:
                raise CaseLocked(min(locked_until, now + LOCK_FOR).astimezone(CHINA))
            misses += 1
            until = now + LOCK_FOR if misses >= MISSES_BEFORE_LOCK else None
            cur.execute("UPDATE code_misses SET misses = %s, locked_until = %s WHERE key = %s",
                        (0 if until else misses, until, key))
            cur.execute("INSERT INTO misses (at, desk) VALUES (%s, %s) RETURNING id", (now, self.desk))
            miss_id = cur.fetchone()[0]
            # The PIN hash only: the same one query for a code that exists and one that does
            # not (the events are read once the PIN is right).
            cur.execute("SELECT pin FROM cases WHERE code = %s", (code,))
            found = cur.fetchone()
        stored = found[0] if found else None
        if stored is None or not isinstance(stored, dict):
            verify_pin(pin, _DECOY)
            raise CaseLocked(until.astimezone(CHINA)) if until else WrongCodeOrPin()
        try:
            right = verify_pin(pin, stored)
        except (KeyError, TypeError, ValueError) as e:  # a hash of the wrong shape
            self._warn(say("store_server_row_bad", why=type(e).__name__))
            raise CaseDamaged() from e
        if not right:
            raise CaseLocked(until.astimezone(CHINA)) if until else WrongCodeOrPin()
        with self._tx() as cur:
            try:  # the miss counted a moment ago was not one
                cur.execute("DELETE FROM code_misses WHERE key = %s", (key,))
                cur.execute("DELETE FROM misses WHERE id = %s", (miss_id,))
            except psycopg.Error:
                pass  # the right PIN opens the case; only one extra miss stays counted
            doc = self._doc(cur, code)
        if doc is None:
            raise WrongCodeOrPin()  # deleted in the moment between (the purge)
        return self._checked(doc)

    def unlock(self, code: str) -> None:
        with self._tx() as cur:
            cur.execute("DELETE FROM code_misses WHERE key = %s", (_code_key(normalise_code(code)),))

    def load(self, code: str):
        with self._tx() as cur:
            doc = self._doc(cur, normalise_code(code))
        return self._checked(doc) if doc else None

    def _doc(self, cur, code: str) -> dict | None:
        """The case as the TinyDB store keeps it (PIN hash included), events in order."""
        cur.execute("SELECT code, problem, answers, pin, status, outcome, created FROM cases WHERE code = %s", (code,))
        row = cur.fetchone()
        if row is None:
            return None
        cur.execute("SELECT n, kind, day, note, recorded FROM events WHERE code = %s ORDER BY n", (code,))
        events = [{"n": n, "kind": kind, "date": day.isoformat(), "note": note,
                   "recorded": _stamp(recorded)} for n, kind, day, note, recorded in cur.fetchall()]
        return {"code": row[0], "problem": row[1], "answers": row[2], "pin": row[3], "status": row[4],
                "outcome": row[5], "created": _stamp(row[6]), "events": events}

    def _checked(self, doc: dict):
        """The case, once its shape is the one the kiosk reads: a row another program wrote
        wrongly is said to be damaged, never a crash on the visitor's screen."""
        try:
            case_fits({"case": {"1": doc}}, self.shapes, doc["code"])
        except Misfit as e:
            self._warn(say("store_server_row_bad", why=str(e)))
            raise CaseDamaged() from e
        return _case(doc)

    def _undoes(self, event: dict) -> int | None:
        return _event_number(event.get("note", "")) if event["kind"] in self.shapes.undo else None

    def append_event(self, code: str, kind: str, day: str, note: str = "", event_id: str | None = None) -> dict:
        """Add a dated event; returns it once the server has it. Two desks appending to one
        case at once wait on the case's row, so each gets the next number and none is lost.
        `event_id` (drawn by the desk): sent again after a lost reply, it changes nothing."""
        with self._tx() as cur:
            event, _ = self._append(cur, code, kind, day, note, self.now(),
                                    uuid.UUID(event_id) if event_id else uuid.uuid4())
        return event

    def _first_time(self, cur, write_id: str | None, at: datetime) -> bool:
        """Whether a desk's write `write_id` is new here (None: no id, always applied)."""
        if write_id is None:
            return True
        cur.execute("INSERT INTO writes (id, at) VALUES (%s, %s) ON CONFLICT DO NOTHING RETURNING id",
                    (write_id, at))
        return cur.fetchone() is not None

    def _append(self, cur, code: str, kind: str, day: str, note: str, recorded: datetime, ident: uuid.UUID,
                numbers: dict | None = None) -> tuple[dict, bool]:
        """(the event, whether it is new): one the server has by `ident` is returned as it is."""
        cur.execute("SELECT 1 FROM cases WHERE code = %s FOR UPDATE", (code,))
        if cur.fetchone() is None:
            raise WrongCodeOrPin()
        # One round trip for both: whether the server has this write already, and the next number.
        cur.execute("SELECT e.n, e.kind, e.day, e.note, e.recorded, (SELECT coalesce(max(n), 0) + 1 FROM events "
                    "WHERE code = %s) FROM (SELECT 1) one LEFT JOIN events e ON e.id = %s", (code, ident))
        had, had_kind, had_day, had_note, had_at, n = cur.fetchone()
        if had is not None:
            return {"n": had, "kind": had_kind, "date": had_day.isoformat(), "note": had_note,
                    "recorded": _stamp(had_at)}, False
        note = plain(note)
        if numbers and kind in self.shapes.undo and (seen := _event_number(note)) and (code, seen) in numbers:
            note = str(numbers[(code, seen)])
        event = {"n": n, "kind": kind, "date": day, "note": note, "recorded": _stamp(recorded)}
        cur.execute("INSERT INTO events (id, code, n, kind, day, note, recorded, desk, undoes) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                    (ident, code, n, kind, day, note, recorded, self.desk, self._undoes(event)))
        self._touched(cur, code, recorded, kind)
        return event, True

    def update_answers(self, code: str, problem: str, answers: dict, write_id: str | None = None) -> None:
        with self._tx() as cur:
            if not self._first_time(cur, write_id, self.now()):
                return
            cur.execute("UPDATE cases SET problem = %s, answers = %s, last = greatest(last, %s) WHERE code = %s",
                        (problem, Jsonb(plain_tree(answers)), self.now(), code))
            if cur.rowcount == 0:
                raise WrongCodeOrPin()

    def close(self, code: str, status: str, outcome: str = "", write_id: str | None = None) -> None:
        if status not in STATUSES:
            raise ValueError(status)
        at = self.now()
        with self._tx() as cur:
            if not self._first_time(cur, write_id, at):
                return
            cur.execute("UPDATE cases SET status = %s, outcome = %s, closed = %s, last = greatest(last, %s) "
                        "WHERE code = %s", (status, plain(outcome), at if status != "open" else None, at, code))
            if cur.rowcount == 0:
                raise WrongCodeOrPin()

    # --- the staff's view -------------------------------------------------------------

    def list_cases(self, since: datetime | None = None, most: int | None = None) -> list[dict]:
        """Rows for the staff, from every desk: code, problem, status, created, closed, last
        activity and the kinds of event recorded and not taken back — no answers, no notes.
        `since`: only cases active since then (a day's list); `most`: the latest so many —
        both by the index on `last`."""
        where = "WHERE last >= %(since)s" if since else ""
        limit = "ORDER BY last DESC LIMIT %(most)s" if most else ""
        with self._tx() as cur:
            # The times written by the server as _stamp writes them (China's time, to the
            # second): a day's thousands of rows are not converted one by one in Python.
            cur.execute(f"SELECT code, problem, status, {_ISO % 'created'}, coalesce({_ISO % 'closed'}, ''), "
                        f"{_ISO % 'last'}, kinds FROM cases {where} {limit}", {"since": since, "most": most})
            rows = cur.fetchall()
        return [{"code": code, "problem": plain(problem), "status": status, "created": created, "closed": closed,
                 "last": last, "kinds": sorted(kinds)} for code, problem, status, created, closed, last, kinds in rows]

    def tallies(self) -> list[dict]:
        """The staff's figures over every desk, from the tallies the server keeps: one row per
        (problem, status, day saved, day closed, kinds) with how many cases — counted by
        tui.core.figures as it counts list_cases' rows."""
        with self._tx() as cur:
            cur.execute("SELECT problem, status, made, ended, kinds, n FROM tallies WHERE n > 0")
            rows = cur.fetchall()
        return [{"problem": plain(p), "status": s, "created": c.isoformat(), "closed": cl.isoformat() if cl else "",
                 "kinds": sorted(k), "n": n} for p, s, c, cl, k, n in rows]

    def _touched(self, cur, code: str, at: datetime, kind: str) -> None:
        """After an event: the case's last activity, and its kinds — those recorded and not
        taken back. A kind is added to the row (the same cost at the 3,000th event as at the
        first); only an undo reads the case's events again, by the index on `undoes`."""
        if kind not in self.shapes.undo:
            cur.execute("UPDATE cases SET last = greatest(last, %(at)s), kinds = CASE WHEN %(kind)s = ANY (kinds) "
                        "THEN kinds ELSE ARRAY(SELECT k FROM unnest(kinds || %(kind)s::text) k ORDER BY k) END "
                        "WHERE code = %(code)s", {"at": at, "kind": kind, "code": code})
            return
        cur.execute("UPDATE cases c SET last = greatest(last, %(at)s), kinds = coalesce((SELECT array_agg(DISTINCT "
                    "e.kind ORDER BY e.kind) FROM events e WHERE e.code = c.code AND e.kind <> ALL (%(undo)s) "
                    "AND NOT EXISTS (SELECT 1 FROM events u WHERE u.code = e.code AND u.undoes = e.n "
                    "AND u.kind = ANY (%(undo)s))), '{}') WHERE c.code = %(code)s",
                    {"undo": sorted(self.shapes.undo), "code": code, "at": at})

    def purge(self, older_than: timedelta) -> int:
        """Delete every case (from every desk) idle longer than `older_than`, its events with
        it, and locks long over. Needs the staff's role: a desk's role may not delete, and
        its daily purge is then left to the staff's (0 deleted, said once)."""
        now = self.now()
        try:
            with self._tx() as cur:
                # `last` moves with every event and the closing, so it is the last activity.
                cur.execute("DELETE FROM cases WHERE last < %s", (now - older_than,))
                gone = cur.rowcount
                cur.execute("DELETE FROM code_misses WHERE locked_until IS NULL OR locked_until <= %s", (now,))
                cur.execute("DELETE FROM misses WHERE at < %s", (now - KIOSK_WINDOW,))
                cur.execute("DELETE FROM tallies WHERE n <= 0")
                cur.execute("DELETE FROM writes WHERE at < %s", (now - older_than,))
        except StoreError as e:
            if e.key != "store_server_denied":
                raise
            # Not a warning (those tell a visitor to fetch staff): the desk's role is meant not
            # to delete; `kiosk doctor` shows the role's rights.
            return 0
        return gone

    def size(self) -> tuple[int, int]:
        """(cases, bytes of the kiosk's tables) on the server."""
        with self._tx() as cur:
            cur.execute("SELECT count(*), pg_total_relation_size('cases') + pg_total_relation_size('events') "
                        "+ pg_total_relation_size('code_misses') + pg_total_relation_size('misses') FROM cases")
            cases, size = cur.fetchone()
        return cases, size

    def rights(self) -> dict[str, bool]:
        """What this role may do, for `kiosk doctor`: a desk's role should append and never
        change an event, delete a case or change the schema."""
        with self._tx() as cur:
            cur.execute("SELECT has_table_privilege('events', 'INSERT'), has_table_privilege('events', 'UPDATE'), "
                        "has_table_privilege('events', 'DELETE'), has_table_privilege('cases', 'DELETE'), "
                        "has_schema_privilege(current_schema(), 'CREATE'), "
                        "(SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid())")
            append, change, delete, purge, ddl, ssl = cur.fetchone()
        return {"append": append, "change_events": change or delete, "purge": purge, "ddl": ddl, "tls": bool(ssl)}


class _Transaction:
    """`with store._tx() as cur`: commit on success, roll back on error; psycopg's errors
    become the store's (Unreachable when the server is gone)."""

    def __init__(self, store: ServerStore) -> None:
        self.store = store

    def __enter__(self):
        for tries_left in (1, 0):
            conn = self.store._connect()
            try:
                self._tx = conn.transaction()
                self._tx.__enter__()  # BEGIN: the first word on a connection the server closed
                break
            except psycopg.OperationalError as e:
                self.store.close_connection()
                if not tries_left:
                    raise _refusal(e) from e
                # A connection from before a server restart: one new connection, then the
                # verdict — the first visitor after a restart is not sent offline.
        self.cur = conn.cursor()
        return self.cur

    def __exit__(self, kind, error, tb):
        try:
            self._tx.__exit__(kind, error, tb)
        except psycopg.Error as e:
            error = error or e
        if error is None or not isinstance(error, psycopg.Error):
            return False
        conn = self.store._conn
        if conn is not None and (conn.broken or conn.closed):
            self.store.close_connection()
        if isinstance(error, errors.InsufficientPrivilege):
            raise StoreError("store_server_denied", _said(error)) from error
        if isinstance(error, (errors.DiskFull, errors.OutOfMemory)):
            raise StoreError("store_server_full", _said(error)) from error
        if isinstance(error, psycopg.OperationalError):
            self.store.close_connection()
            raise _refusal(error) from error
        raise StoreError("store_server_failed", _said(error)) from error


def _refusal(e: Exception) -> StoreError:
    """Why a connection failed, in the words staff need: a wrong password is not a network
    that is down (the first is staff's to fix, the second lets the desk work offline)."""
    text = _said(e)
    staffs = ("password authentication failed", "no password supplied", "pg_hba.conf", "does not exist",
              "invalid sslmode", "root certificate file", "certificate verify failed", "SSL is not enabled",
              "server does not support SSL", "invalid connection option", "is not permitted to log in")
    if any(words in text for words in staffs):
        return StoreError("store_server_refused", text)
    return Unreachable("store_server_unreachable", text)


# A timestamptz column as _stamp() writes it: China's time (no summer time since 1991) to the second.
_ISO = "to_char(%s AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD\"T\"HH24:MI:SS\"+08:00\"')"


def _stamp(moment: datetime) -> str:
    return moment.astimezone(CHINA).isoformat(timespec="seconds")


def offline_code(desk: str) -> str:
    """A new code for a case saved while the server cannot be reached: the offline mark,
    the desk's two characters, five drawn — no desk and no server can make the same."""
    raw = OFFLINE_MARK + desk + new_code().replace("-", "")[:5]
    return f"{raw[:4]}-{raw[4:]}"


def valid_desk(desk: str) -> bool:
    return len(desk) == 2 and all(ch in ALPHABET for ch in desk)

