"""Provides SafeStorage, a TinyDB storage that never leaves a torn file: it writes a temporary
file, syncs it, keeps the previous version as the last good copy, and recovers from that
copy when the file is damaged."""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path
from typing import Callable

from tinydb.storages import Storage

SCHEMA = 1


class StoreError(Exception):
    """Storage cannot be used (full disk, read-only folder…); the message is for people."""


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that a crash at any moment leaves either the old or the
    new file whole, with the old one kept as `<name>.bak`."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o600)
        if path.exists():
            # A hard link is instant and atomic: the last good copy is exactly the old file.
            link = f"{tmp}.bak"
            os.link(path, link)
            os.replace(link, backup_of(path))
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        Path(f"{tmp}.bak").unlink(missing_ok=True)
        raise StoreError(f"无法写入 {path.name}：{e.strerror or e}。原来的文件没有改动。") from e


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
    """TinyDB storage for one file. A damaged file is moved aside with a timestamp and the
    last good copy takes its place; `warn` tells the staff."""

    def __init__(self, path: str | Path, warn: Callable[[str], None] = lambda message: None) -> None:
        self.path = Path(path)
        self.warn = warn

    def read(self) -> dict | None:
        data = self._load(self.path)
        if data is not None:
            return data
        if not self.path.exists() and not backup_of(self.path).exists():
            return None
        if self.path.exists():
            aside = self.path.with_name(f"{self.path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}")
            os.replace(self.path, aside)
            self.warn(f"{self.path.name} 已损坏，已移到 {aside.name}，并用上一份完好的副本恢复。")
        good = self._load(backup_of(self.path))
        if good is None:
            self.warn(f"{self.path.name} 没有可用的副本，这个案件无法恢复。")
            return None
        atomic_write(self.path, json.dumps(good, ensure_ascii=False).encode("utf-8"))
        return good

    def _load(self, path: Path) -> dict | None:
        try:
            data = json.loads(path.read_bytes().decode("utf-8"))
        except (FileNotFoundError, ValueError, UnicodeDecodeError):
            return None
        data = migrate(data)
        return data if _valid(data) else None

    def write(self, data: dict) -> None:
        data.setdefault("meta", {"1": {"schema": SCHEMA}})
        # ensure_ascii=False keeps Chinese readable; the bytes are always UTF-8, whatever
        # the machine's locale says.
        atomic_write(self.path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
