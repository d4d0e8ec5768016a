"""Provides SafeStorage, a TinyDB storage that never leaves a torn file: it writes a temporary
file, syncs it, keeps the previous version as the last good copy, and recovers from that
copy when the file is damaged."""

from __future__ import annotations

import json
import os
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Callable

from tinydb.storages import Storage

from ..core.keyed import KeyedError, Reason
from .schema import CASE_MAX_BYTES, Misfit, read_json
from .words import say

SCHEMA = 1


class StoreError(KeyedError):
    """Storage cannot be used (full disk, read-only folder…)."""


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _flushed_temp(folder: Path, prefix: str, data: bytes) -> str:
    """`data` in a new temporary file in `folder` (0600), on the disk before it is renamed
    into place: a crash or a full disk never leaves half a file under the real name."""
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=prefix, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o600)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def write_new(path: Path, data: bytes) -> None:
    """Write a new file `path` (0600) whole or not at all; raises OSError."""
    tmp = _flushed_temp(path.parent, ".new-", data)
    try:
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def append_line(path: Path, line: bytes) -> None:
    """Append one line to a journal (0600), on the disk before this returns; a last line a
    crash tore does not swallow it — it starts on a line of its own. Raises OSError."""
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        size = os.fstat(fd).st_size
        if size and os.pread(fd, 1, size - 1) != b"\n":
            line = b"\n" + line
        os.write(fd, line)
        os.fsync(fd)
    finally:
        os.close(fd)


def json_lines(path: Path) -> list:
    """Every line of a journal that is JSON ([] without the file): a line torn by a crash
    is skipped — the write it held never returned."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    found = []
    for line in text.splitlines():
        try:
            found.append(json.loads(line))
        except ValueError:
            continue
    return found


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that a crash at any moment leaves either the old or the
    new file whole, with the old one kept as `<name>.bak`."""
    tmp = ""
    try:
        tmp = _flushed_temp(path.parent, f".{path.name}.", data)
        if path.exists():
            # A hard link is instant and atomic: the last good copy is exactly the old file.
            link = f"{tmp}.bak"
            os.link(path, link)
            os.replace(link, backup_of(path))
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except OSError as e:
        if tmp:
            Path(tmp).unlink(missing_ok=True)
            Path(f"{tmp}.bak").unlink(missing_ok=True)
        raise StoreError("store_write_failed", f"{path.parent.name}/{path.suffix}: {e.strerror or e}",
                         why=Reason(e)) from e


def private_folder(folder: Path) -> None:
    """Make `folder` and any parent it needs readable by this user only (0700), whatever
    the umask: mkdir(parents=True) would create the parents 0755, or 0777 under umask 000."""
    missing = []
    for parent in [folder, *folder.parents]:
        if parent.exists():
            break
        missing.append(parent)
    for parent in reversed(missing):
        parent.mkdir(mode=0o700, exist_ok=True)
        os.chmod(parent, 0o700)  # mkdir's mode is filtered by the umask
    os.chmod(folder, 0o700)


# A write takes milliseconds under the store's lock: a temporary file five minutes old is one
# a killed process left (it holds a whole case, PIN hash included), so it goes at the next
# store open or purge — not an hour or a day later.
DEAD_TMP = 300


def _dead_tmp(path: Path, now_ts: float) -> bool:
    try:
        st = path.stat()
    except OSError:
        return False
    return path.is_file() and now_ts - st.st_mtime > DEAD_TMP


def remove_dead_temporaries(folders, now_ts: float | None = None) -> int:
    """Delete the temporary files of writes that never finished (`.<name>.*.tmp`, and the
    `.tmp.bak` link beside one) directly inside each of `folders` — one listing each, cheap
    enough for every store open. Returns how many went."""
    now_ts = time.time() if now_ts is None else now_ts
    gone = 0
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            if name.startswith(".") and (name.endswith(".tmp") or name.endswith(".tmp.bak")) \
                    and _dead_tmp(Path(entry.path), now_ts):
                try:
                    os.unlink(entry.path)
                    gone += 1
                except OSError:
                    pass  # another process took it first, or the folder is read-only
    return gone


def purge_leftovers(folder: Path, cutoff: datetime, now: datetime | None = None) -> int:
    """Delete what the store leaves behind under `folder`: temporary files of writes that
    never finished, and damaged files moved aside (`.corrupt-*`) once older than `cutoff`
    (kept until then for the staff to look at). Returns how many files went."""
    now_ts = (now or datetime.now(cutoff.tzinfo)).timestamp()
    gone = 0
    for path in folder.rglob(".*.tmp*"):
        if _dead_tmp(path, now_ts):
            path.unlink(missing_ok=True)
            gone += 1
    gone += purge_older(folder, cutoff, "*.corrupt-*")
    return gone


def purge_older(folder: Path, cutoff: datetime, pattern: str) -> int:
    """Delete the files matching `pattern` under `folder` last changed before `cutoff`
    (the change time counts too: a file moved aside keeps its old modification time). A
    folder moved aside (`.corrupt-*`: it stood where a file should be) goes the same way."""
    import shutil

    gone = 0
    if not folder.is_dir():
        return 0
    for path in list(folder.rglob(pattern)):
        try:
            st = path.lstat()
        except OSError:
            continue
        if max(st.st_mtime, st.st_ctime) >= cutoff.timestamp():
            continue
        if path.is_file() or path.is_symlink():
            path.unlink(missing_ok=True)
            gone += 1
        elif path.is_dir() and ".corrupt-" in path.name:
            shutil.rmtree(path, ignore_errors=True)
            gone += 1
    return gone


def backup_of(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def _valid(data: object) -> bool:
    """A TinyDB file: tables of documents, with this program's schema number."""
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        return False
    meta = data.get("meta", {}).get("1")
    return isinstance(meta, dict) and meta.get("schema") == SCHEMA


def migrate(data: dict) -> dict:
    """Bring an older file to SCHEMA. Version 0 (files from before the schema number
    existed) had the same tables without `meta`."""
    if isinstance(data, dict) and "meta" not in data and all(isinstance(t, dict) for t in data.values()):
        data = dict(data)
        data["meta"] = {"1": {"schema": SCHEMA}}
    return data


class SafeStorage(Storage):
    """TinyDB storage for one file. A damaged file — not JSON, or JSON that does not fit
    `fits` (the shape the program expects of it) — is moved aside with a timestamp and the
    last good copy takes its place; `warn` tells the staff, naming the file only as `label`
    (a case file's name is its code, which staff warnings never show)."""

    def __init__(self, path: str | Path, warn: Callable[[str], None] = lambda message: None,
                 fits: Callable[[dict], bool] = lambda data: True, label: str = "",
                 rebuild: Callable[[], dict | None] | None = None, max_bytes: int = CASE_MAX_BYTES) -> None:
        self.path = Path(path)
        self.warn = warn
        self.fits = fits
        self.label = label or self.path.name
        self.rebuild = rebuild  # where the data can be made again when no good copy is left
        self.max_bytes = max_bytes  # larger is damage, refused before it is parsed

    def read(self) -> dict | None:
        data = self._load(self.path)
        if data is not None:
            return data
        if not os.path.lexists(self.path) and not os.path.lexists(backup_of(self.path)):
            return None  # a new file
        moved = False
        try:
            if os.path.lexists(self.path):
                aside = self.path.with_name(
                    f"{self.path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}")
                os.replace(self.path, aside)  # a folder in the file's place moves aside just the same
                moved = True
        except OSError as e:
            raise StoreError("store_failed", f"{self.label}: {e.strerror or e}",
                             why=Reason(e)) from e
        good = self._load(backup_of(self.path))
        if good is None:
            rebuilt = self._rebuilt()
            # Staff are told what really happened: restored, made again, or lost.
            self.warn(say("store_damaged_rebuilt" if rebuilt is not None else "store_damaged_no_copy",
                          what=self.label))
            return rebuilt
        if moved:
            self.warn(say("store_damaged_restored", what=self.label))
        atomic_write(self.path, json.dumps(good, ensure_ascii=False).encode("utf-8"))
        return good

    def _rebuilt(self) -> dict | None:
        data = self.rebuild() if self.rebuild else None
        if data is not None:
            data.setdefault("meta", {"1": {"schema": SCHEMA}})
            atomic_write(self.path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
        return data

    def _load(self, path: Path) -> dict | None:
        """The file's data when it is whole and fits; None when it is missing or damaged (a
        folder in its place, too large, not JSON, nested too deep, or not of its shape)."""
        try:
            data = migrate(read_json(path, self.max_bytes))
            return data if _valid(data) and self.fits(data) else None
        except FileNotFoundError:
            return None
        except OSError as e:
            # Not damage: the file cannot be read (permissions, I/O). Said with a key, never
            # as a raw error.
            raise StoreError("store_failed", f"{self.label}: {e.strerror or e}",
                             why=Reason(e)) from e
        except (Misfit, AttributeError, KeyError, TypeError, ValueError, RecursionError):
            return None  # a check that trips over the file's shape: it does not fit

    def write(self, data: dict) -> None:
        data.setdefault("meta", {"1": {"schema": SCHEMA}})
        # ensure_ascii=False keeps Chinese readable; the bytes are always UTF-8, whatever
        # the machine's locale says.
        atomic_write(self.path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
