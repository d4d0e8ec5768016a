"""Provides StaffKeys (the staff passcode as a salted slow hash in a private file, with
wrong passcodes slowed and then locked, recorded so a restart lifts nothing) and Settings
(retention and the other choices staff make for the kiosk)."""

from __future__ import annotations

import json
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
        (self.folder / ATTEMPTS_FILE).unlink(missing_ok=True)

    def check(self, passcode: str) -> bool:
        """True for the passcode; raises StaffWait while wrong tries must wait, and
        StoreError when a wrong try cannot be recorded (then nothing is checked)."""
        from .codes import verify_pin

        stored = self._stored()
        if stored is None:
            return False
        state = self._load(ATTEMPTS_FILE) or {"misses": 0, "last": "", "locked_until": ""}
        now = self.now()
        wait = self.waiting(state, now)
        if wait:
            raise wait
        # Counted before checking, as with case PINs: a kiosk that cannot record a miss
        # refuses the try instead of allowing unlimited ones.
        misses = int(state.get("misses", 0)) + 1
        locked = now + LOCK_FOR if misses >= LOCK_AFTER else None
        self._save(ATTEMPTS_FILE, {"misses": 0 if locked else misses, "last": now.isoformat(),
                                   "locked_until": locked.isoformat() if locked else ""})
        if verify_pin(passcode, stored):
            (self.folder / ATTEMPTS_FILE).unlink(missing_ok=True)
            return True
        if locked:
            raise StaffWait(int(LOCK_FOR.total_seconds()), locked=True)
        return False

    def waiting(self, state: dict | None = None, now: datetime | None = None) -> StaffWait | None:
        """How long until a passcode may be tried again, or None."""
        state = state if state is not None else (self._load(ATTEMPTS_FILE) or {})
        now = now or self.now()
        if state.get("locked_until"):
            until = datetime.fromisoformat(state["locked_until"])
            if now < until:
                return StaffWait(int((until - now).total_seconds()) + 1, locked=True)
        misses = int(state.get("misses", 0))
        if misses and state.get("last"):
            ready = datetime.fromisoformat(state["last"]) + timedelta(seconds=2 ** (misses - 1))
            if now < ready:
                return StaffWait(int((ready - now).total_seconds()) + 1, locked=False)
        return None

    def _stored(self) -> dict | None:
        data = self._load(PASSCODE_FILE)
        return data if isinstance(data, dict) and "hash" in data and "salt" in data else None

    def _load(self, name: str) -> dict | None:
        try:
            data = json.loads((self.folder / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def _save(self, name: str, data: dict) -> None:
        # Imported here: `kiosk --kiosk` only asks is_set() before the first frame.
        from .files import atomic_write, private_folder

        private_folder(self.folder)
        atomic_write(self.folder / name, json.dumps(data).encode("utf-8"))


@dataclass
class Settings:
    """What staff set with `kiosk staff set-…`: kept in settings.json in the config folder."""

    retention_days: int = RETENTION_DAYS
    retention_set: bool = False  # False: the default is in use (kiosk doctor says so)

    @classmethod
    def load(cls, folder: Path | None = None) -> Settings:
        path = (folder or config_dir()) / SETTINGS_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            days = int(data["retention_days"])
        except (OSError, ValueError, KeyError, TypeError):
            return cls()
        return cls(retention_days=days, retention_set=days > 0) if days > 0 else cls()

    def save(self, folder: Path | None = None) -> None:
        from .files import StoreError, atomic_write, private_folder

        folder = folder or config_dir()
        try:
            private_folder(folder)
            atomic_write(folder / SETTINGS_FILE, json.dumps({"retention_days": self.retention_days}).encode())
        except OSError as e:
            raise StoreError("store_unusable", f"{folder}: {e.strerror or e}") from e
