"""Provides StaffKeys (the staff passcode as a salted slow hash in a private file, with
wrong passcodes slowed and then locked, recorded so a restart lifts nothing) and Settings
(retention and the other choices staff make for the kiosk)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable

from ..core.dates import CHINA
from .paths import config_dir

PASSCODE_FILE = "staff.json"
ATTEMPTS_FILE = "staff-attempts.json"
SETTINGS_FILE = "settings.json"
MIN_LENGTH = 8
# After the n-th wrong passcode in a row the next try waits 2^(n-1) seconds (1, 2, 4, 8);
# the LOCK_AFTER-th locks the console for LOCK_FOR. Staff who mistype wait seconds; 200
# guesses (the finding that started this) take about ten hours instead of six seconds.
LOCK_AFTER = 5
LOCK_FOR = timedelta(minutes=15)
RETENTION_DAYS = 180  # DESIGN: cases and saved texts are kept half a year after their last use


class StaffWait(Exception):
    """Too many wrong passcodes: no passcode is checked for `seconds` more."""

    def __init__(self, seconds: int, locked: bool) -> None:
        super().__init__(seconds)
        self.seconds, self.locked = seconds, locked


class StaffKeys:
    def __init__(self, folder: Path | None = None,
                 now: Callable[[], datetime] = lambda: datetime.now(CHINA)) -> None:
        self.folder = folder or config_dir()
        self.now = now
        self._in_memory: dict | None = None  # the wrong tries the disk could not take

    def is_set(self) -> bool:
        return self._stored() is not None

    def set(self, passcode: str) -> None:
        """Store a new passcode (its salted hash only) and clear any lockout."""
        from .codes import hash_pin
        from .files import private_folder

        if len(passcode) < MIN_LENGTH:
            raise ValueError(f"the passcode needs at least {MIN_LENGTH} characters")
        private_folder(self.folder)
        self._save(PASSCODE_FILE, hash_pin(passcode))
        self._forget_misses()

    def check(self, passcode: str) -> bool:
        """True for the passcode; raises StaffWait while wrong tries must wait, and
        StoreError when the passcode file is damaged with no good copy (then nothing can be
        checked: `kiosk staff set-passcode` makes a new one). A wrong try that cannot be
        recorded on disk (a full disk) is counted in this process instead, with the same
        waits and lock, so the right passcode still opens the console — and its purge, which
        frees the space."""
        from .codes import verify_pin
        from .files import StoreError, remove_dead_temporaries

        # A temporary file of a write killed midway holds the passcode's hash: it goes at the
        # next login, not at a daily purge.
        remove_dead_temporaries([self.folder])
        stored = self._stored()
        if stored is None:
            if self._damaged(PASSCODE_FILE):
                raise StoreError("staff_passcode_damaged", PASSCODE_FILE)
            return False
        now = self.now()
        state = self._state()
        wait = self.waiting(state, now)
        if wait:
            raise wait
        # Counted before checking, as with case PINs.
        misses = state["misses"] + 1
        locked = now + LOCK_FOR if misses >= LOCK_AFTER else None
        counted = {"misses": 0 if locked else misses, "last": now.isoformat(),
                   "locked_until": locked.isoformat() if locked else ""}
        try:
            self._save(ATTEMPTS_FILE, counted)
            self._in_memory = None
        except (StoreError, OSError):
            self._in_memory = counted
        if verify_pin(passcode, stored):
            try:
                self._forget_misses()
            except OSError:
                pass  # a read-only folder: the misses stay counted, the passcode still opens
            return True
        if locked:
            raise StaffWait(int(LOCK_FOR.total_seconds()), locked=True)
        return False

    def _state(self) -> dict:
        """The wrong tries so far: from staff-attempts.json (or its last good copy) when it
        fits its schema, and the count kept in memory when the disk could not take it —
        whichever is further along."""
        from .schema import staff_attempts_fits

        # No last good copy here: a damaged count starts again (a wrong try is a small thing
        # next to a console that cannot be reached).
        disk = self._load(ATTEMPTS_FILE, staff_attempts_fits, backup=False) or {}
        state = {"misses": 0, "last": "", "locked_until": "", **disk}
        memory = getattr(self, "_in_memory", None)
        if memory and (memory["locked_until"], memory["misses"], memory["last"]) > \
                (state["locked_until"], state["misses"], state["last"]):
            state = dict(memory)
        return state

    def waiting(self, state: dict | None = None, now: datetime | None = None) -> StaffWait | None:
        """How long until a passcode may be tried again, or None. Never longer than the lock
        or the longest wait: a clock set back a day must not lock the console for a day."""
        from .schema import time_of

        state = state if state is not None else self._state()
        now = now or self.now()
        until = time_of(state.get("locked_until") or "")
        if until and now < until:
            until = min(until, now + LOCK_FOR)
            return StaffWait(int((until - now).total_seconds()) + 1, locked=True)
        misses = min(int(state.get("misses", 0)), LOCK_AFTER)
        last = time_of(state.get("last") or "")
        if misses and last:
            ready = min(last, now) + timedelta(seconds=2 ** (misses - 1))
            if now < ready:
                return StaffWait(int((ready - now).total_seconds()) + 1, locked=False)
        return None

    def _stored(self) -> dict | None:
        from .schema import passcode_fits

        return self._load(PASSCODE_FILE, passcode_fits)

    def _damaged(self, name: str) -> bool:
        return any(os.path.lexists(p) for p in (self.folder / name, _backup(self.folder / name)))

    def _load(self, name: str, fits: Callable[[object], bool], backup: bool = True) -> dict | None:
        """The file's data when it fits its schema, else its last good copy's, else None."""
        # Light imports only: is_set() runs before the kiosk's first frame.
        from .schema import SMALL_MAX_BYTES, Misfit, read_json

        for path in (self.folder / name, *([_backup(self.folder / name)] if backup else [])):
            try:
                data = read_json(path, SMALL_MAX_BYTES)
                if fits(data):
                    return data
            except (OSError, Misfit, AttributeError, KeyError, TypeError, ValueError):
                continue
        return None

    def _save(self, name: str, data: dict) -> None:
        # Imported here: `kiosk --kiosk` only asks is_set() before the first frame.
        from .files import atomic_write, private_folder

        private_folder(self.folder)
        atomic_write(self.folder / name, json.dumps(data).encode("utf-8"))

    def _forget_misses(self) -> None:
        self._in_memory = None
        for path in (self.folder / ATTEMPTS_FILE, _backup(self.folder / ATTEMPTS_FILE)):
            path.unlink(missing_ok=True)


def _backup(path: Path) -> Path:
    return path.with_name(path.name + ".bak")  # as tui.store.files names it, without importing it


@dataclass
class Settings:
    """What staff set with `kiosk staff set-…`: kept in settings.json (0600) in the config
    folder — the only place, with libpq's ~/.pgpass, a server's password may be written."""

    retention_days: int = RETENTION_DAYS
    retention_set: bool = False  # False: the default is in use (kiosk doctor says so)
    database: str = ""  # a postgresql:// URL; "" = the case folder
    desk: str = ""  # this desk's two characters on a server (tui.store.opening.desk_id)

    @classmethod
    def load(cls, folder: Path | None = None) -> Settings:
        path = (folder or config_dir()) / SETTINGS_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                return cls()
        except (OSError, ValueError):
            return cls()
        found = cls()
        try:
            days = int(data.get("retention_days", 0))
            if days > 0:
                found.retention_days, found.retention_set = days, True
        except (ValueError, TypeError):
            pass
        for name in ("database", "desk"):
            if isinstance(data.get(name), str):
                setattr(found, name, data[name][:2000])
        return found

    def save(self, folder: Path | None = None) -> None:
        from .files import StoreError, atomic_write, private_folder

        folder = folder or config_dir()
        data = {"retention_days": self.retention_days} if self.retention_set else {}
        data |= {k: v for k, v in (("database", self.database), ("desk", self.desk)) if v}
        try:
            private_folder(folder)
            atomic_write(folder / SETTINGS_FILE, json.dumps(data).encode())
        except OSError as e:
            raise StoreError("store_unusable", f"{folder}: {e.strerror or e}") from e
