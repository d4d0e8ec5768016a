"""Provides one schema per stored file — a case file (answers and events included), the index
and its rows, attempts.json, staff.json and staff-attempts.json — and a read that bounds a
file's size and nesting before anything uses it. A file that parses but does not fit its
schema is damaged, exactly like one that does not parse."""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from .codes import ITERATIONS
from .words import content_dir

STATUSES = ("open", "resolved", "abandoned")
CODE = re.compile(r"[0-9A-Z]{4}-[0-9A-Z]{4}")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_HEX = re.compile(r"(?:[0-9a-fA-F]{2})+")

# Far above anything the program writes (a case with 1,000 events of 200 characters is about
# 400 KB; the index of 50,000 cases about 10 MB), far below what would stall the kiosk.
CASE_MAX_BYTES = 4 << 20
INDEX_MAX_BYTES = 128 << 20
ATTEMPTS_MAX_BYTES = 16 << 20
SMALL_MAX_BYTES = 64 << 10  # staff.json, staff-attempts.json
# The deepest the program nests is 5 (file → table → case → answers → contact); anything
# much deeper is damage, and would make plain_tree() or json.dumps() recurse to a crash.
MAX_DEPTH = 12
MAX_TEXT = 100_000  # characters in any one stored string
MAX_EVENTS = 10_000


class Misfit(ValueError):
    """A stored value that does not fit its schema."""


def need(condition: object) -> None:
    if not condition:
        raise Misfit()


# --- reading ---------------------------------------------------------------------------


def read_json(path: Path, max_bytes: int) -> object:
    """The JSON in `path`: FileNotFoundError when there is none; Misfit when it is not a
    regular file, is larger than `max_bytes`, is not UTF-8 JSON or nests too deep — checked
    before the parse where it can be (size), and around it (nesting: json's own recursion
    guard, then a bounded walk). Other OSErrors (permissions, I/O) pass through."""
    import stat

    st = path.stat()
    if not stat.S_ISREG(st.st_mode):
        raise Misfit()  # a folder (or a pipe) where the file should be
    if st.st_size > max_bytes:
        raise Misfit()
    with open(path, "rb") as f:
        raw = f.read(max_bytes + 1)
    need(len(raw) <= max_bytes)  # grew while being read
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError) as e:
        raise Misfit() from e
    need(depth_within(data, MAX_DEPTH))
    return data


def depth_within(value: object, limit: int) -> bool:
    """True when `value` nests no deeper than `limit` (walked without recursion)."""
    stack = [(value, 1)]
    while stack:
        v, d = stack.pop()
        if isinstance(v, dict):
            if d > limit:
                return False
            stack.extend((x, d + 1) for x in v.values())
        elif isinstance(v, list):
            if d > limit:
                return False
            stack.extend((x, d + 1) for x in v)
    return True


# --- values ----------------------------------------------------------------------------


def is_text(value: object, most: int = MAX_TEXT) -> bool:
    return isinstance(value, str) and len(value) <= most


def is_int(value: object, least: int = 0, most: int = 1 << 62) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and least <= value <= most


def is_day(value: object) -> bool:
    """A real calendar day written YYYY-MM-DD (what the program writes; date.fromisoformat
    would also take 20261101, which later code does not)."""
    if not isinstance(value, str) or not _DAY.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def time_of(value: object) -> datetime | None:
    """The moment `value` names, when it is an ISO time with a zone (what the program
    writes); None otherwise — a naive time cannot be compared with the kiosk's clock."""
    if not isinstance(value, str) or not 10 <= len(value) <= 40:
        return None
    try:
        t = datetime.fromisoformat(value)
    except ValueError:
        return None
    return t if t.tzinfo is not None and t.utcoffset() is not None else None


def is_time(value: object, empty_ok: bool = False) -> bool:
    return (empty_ok and value == "") or time_of(value) is not None


def _scalar(value: object) -> bool:
    return value is None or isinstance(value, (bool, int, float)) or is_text(value)


# --- what the content says about shapes ------------------------------------------------


@dataclass(frozen=True)
class Shapes:
    """What the content tells the store about a case's shapes: each question's kind (so a
    date answer must be a real date) and the event kinds that take back another event (their
    note is that event's number)."""

    kinds: dict[str, str] = field(default_factory=dict)
    undo: frozenset[str] = frozenset({"undone"})

    @classmethod
    def of(cls, content) -> Shapes:
        """From a loaded Content (tui.core.content), the one the app runs with."""
        return cls({q: question.kind for q, question in content.questions.items()},
                   frozenset(k for k, e in content.events.items() if e.effect == "undo"))

    @classmethod
    def default(cls) -> Shapes:
        """From the content folder's problems.toml and events.toml, read once per process;
        without them, the built-in undo kind only (answers then get the shape checks)."""
        global _default
        if _default is None:
            _default = cls._read(content_dir())
        return _default

    @classmethod
    def _read(cls, root: Path) -> Shapes:
        try:
            questions = tomllib.loads((root / "problems.toml").read_text(encoding="utf-8")).get("questions", {})
            kinds = {q: t["kind"] for q, t in questions.items() if isinstance(t, dict) and isinstance(t.get("kind"), str)}
        except (OSError, ValueError, AttributeError):
            kinds = {}
        try:
            events = tomllib.loads((root / "events.toml").read_text(encoding="utf-8")).get("events", {})
            undo = frozenset(k for k, t in events.items() if isinstance(t, dict) and t.get("effect") == "undo")
        except (OSError, ValueError, AttributeError):
            undo = frozenset()
        return cls(kinds, undo or frozenset({"undone"}))


_default: Shapes | None = None


# --- the files ---------------------------------------------------------------------------


def _tables(data: object, known: set[str]) -> None:
    """A TinyDB file: tables of documents. Tables this program does not use may be there
    (an older or newer version) but must be small documents."""
    need(isinstance(data, dict))
    for name, table in data.items():
        need(isinstance(table, dict) and all(isinstance(doc, dict) for doc in table.values()))
        if name not in known:
            need(depth_within(table, 3))


def answers_fit(answers: object, shapes: Shapes) -> None:
    """The saved answers, in the shapes tui.core reads (tui.core.interview's checks write
    them): a date question's answer a real YYYY-MM-DD day; a tracking answer a dict of
    number and carrier, both text; a contact a dict of status, note and — unless the status
    is "no" — a real day; choices a list of texts; everything else text."""
    need(isinstance(answers, dict) and len(answers) <= 200)
    for qid, value in answers.items():
        kind = shapes.kinds.get(qid)
        # Shapes checked whatever the content says, so a question the content no longer
        # knows still holds nothing that could trip the core.
        if isinstance(value, list):
            need(len(value) <= 100 and all(_scalar(v) for v in value))
        elif isinstance(value, dict):
            need(len(value) <= 10 and all(_scalar(v) for v in value.values()))
            if "status" in value or kind == "contact":
                _contact(value)
            if "number" in value or kind == "tracking":
                need(is_text(value.get("number"), 200) and is_text(value.get("carrier"), 200))
        else:
            need(_scalar(value))  # a question the content does not know is dropped on restore
        if kind == "date":
            need(is_day(value))
        elif kind in ("order_no", "text"):
            need(is_text(value))
        elif kind == "choices":
            need(isinstance(value, list) and all(is_text(v, 200) for v in value))
        elif kind in ("contact", "tracking"):
            need(isinstance(value, dict))


def _contact(value: dict) -> None:
    need(is_text(value.get("status"), 200) and is_text(value.get("note", ""), 10_000))
    if value["status"] == "no":
        need(value.get("date", "") == "" or is_day(value.get("date")))
    else:
        need(is_day(value.get("date")))


def pin_fits(pin: object) -> None:
    """A salted hash verify_pin() can check in about the time it should: PBKDF2 with a
    sane iteration count, or the scrypt of earlier versions within its memory bound."""
    need(isinstance(pin, dict))
    need(is_text(pin.get("salt"), 256) and _HEX.fullmatch(pin["salt"]))
    need(is_text(pin.get("hash"), 256) and _HEX.fullmatch(pin["hash"]))
    if pin.get("alg") == "pbkdf2-sha256":
        need(is_int(pin.get("iterations"), 1, 10 * ITERATIONS))
    else:
        n, r, p = pin.get("n"), pin.get("r"), pin.get("p")
        need(is_int(n, 2, 1 << 20) and n & (n - 1) == 0 and is_int(r, 1, 64) and is_int(p, 1, 16))
        need(128 * n * r <= 32 << 20)  # hashlib.scrypt's default memory limit


def case_fits(data: object, shapes: Shapes, code: str | None = None) -> bool:
    """A case file: one case document, every field of the shape the program reads."""
    _tables(data, {"case", "meta"})
    doc = data.get("case", {}).get("1")
    need(isinstance(doc, dict))
    need(isinstance(doc.get("code"), str) and CODE.fullmatch(doc["code"]))
    need(code is None or doc["code"] == code)  # a file holding another case is not this one
    need(is_text(doc.get("problem"), 200) and doc.get("status") in STATUSES and is_time(doc.get("created")))
    need(is_text(doc.get("outcome", "")))
    answers_fit(doc.get("answers"), shapes)
    pin_fits(doc.get("pin"))
    events = doc.get("events")
    need(isinstance(events, list) and len(events) <= MAX_EVENTS)
    for e in events:
        need(isinstance(e, dict) and is_int(e.get("n"), 1) and is_text(e.get("kind"), 200))
        need(is_text(e.get("note", "")) and is_day(e.get("date")) and is_time(e.get("recorded", ""), empty_ok=True))
        if e["kind"] in shapes.undo:
            # tui.core.case reads an undo's note as the number of the event it takes back:
            # "²" passes str.isdigit() but not int().
            note = e.get("note", "")
            need(not note.isdigit() or (note.isascii() and len(note) <= 9))
    # Fields of earlier versions, no longer used, must still not be nonsense.
    need("misses" not in doc or is_int(doc["misses"]))
    need(is_time(doc.get("locked_until", ""), empty_ok=True))
    return True


def index_fits(data: object) -> bool:
    """The index file: a table of rows that are documents. Each row is checked on its own
    (row_fits): one bad row is replaced from its case file, not the whole index discarded."""
    _tables(data, {"cases", "meta"})
    for row in data.get("cases", {}).values():
        need(all(_scalar(v) or (isinstance(v, list) and all(is_text(k, 200) for k in v)) for v in row.values()))
    return True


def row_fits(row: object) -> bool:
    """One index row: a case code, a creation time with its zone, and the optional fields of
    the shapes the figures and the purge read."""
    try:
        need(isinstance(row, dict) and isinstance(row.get("code"), str) and CODE.fullmatch(row["code"]))
        need(is_time(row.get("created")))
        need(is_text(row.get("problem", ""), 200) and row.get("status", "open") in STATUSES)
        need(is_time(row.get("closed", ""), empty_ok=True) and is_time(row.get("last", ""), empty_ok=True))
        kinds = row.get("kinds", [])
        need(isinstance(kinds, list) and all(is_text(k, 200) for k in kinds))
    except Misfit:
        return False
    return True


def attempts_fits(data: object) -> bool:
    """attempts.json: per code digest its misses and lock; kiosk-wide the times of misses."""
    _tables(data, {"codes", "kiosk", "meta"})
    for row in data.get("codes", {}).values():
        need(is_text(row.get("key"), 64) and is_int(row.get("misses"), 0, 1000))
        need(is_time(row.get("locked_until", ""), empty_ok=True))
    for row in data.get("kiosk", {}).values():
        misses = row.get("misses")
        need(isinstance(misses, list) and len(misses) <= 100_000 and all(is_time(t) for t in misses))
    return True


def passcode_fits(data: object) -> bool:
    """staff.json: the staff passcode's salted hash, checkable as a PIN's is."""
    pin_fits(data)
    return True


def staff_attempts_fits(data: object) -> bool:
    """staff-attempts.json: wrong passcodes in a row, the last one's time, a lock."""
    need(isinstance(data, dict) and is_int(data.get("misses", 0), 0, 1000))
    need(is_time(data.get("last", ""), empty_ok=True) and is_time(data.get("locked_until", ""), empty_ok=True))
    return True
