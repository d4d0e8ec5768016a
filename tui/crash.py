"""Provides log_crash(): an unexpected error written to the kiosk's own log — where it
happened and its type, never its message, local variables or anything a visitor typed —
and log_problem() for a trouble outside it (the printer) in that tool's own words."""

from __future__ import annotations

import os
import traceback
from datetime import datetime
from pathlib import Path

LOG_NAME = "kiosk.log"
# About a year of rare crashes in well under a megabyte: kiosk.log plus three older ones.
MAX_BYTES = 256 * 1024
KEEP = 3


def log_crash(folder: Path, error: BaseException, where: str) -> None:
    """Append one entry: time, where (a screen's class), the exception's type and the lines
    of code it passed through. The message is left out on purpose: Python puts values in it
    (a KeyError names the key, int() the text it could not read) and those can be a phone
    number or an address."""
    frames = traceback.extract_tb(error.__traceback__)
    lines = [f"{datetime.now().astimezone().isoformat(timespec='seconds')} crash in {where}: "
             f"{type(error).__module__}.{type(error).__qualname__}"]
    lines += [f"  {_short(f.filename)}:{f.lineno} in {f.name}" for f in frames[-12:]]
    try:
        _write(folder, "\n".join(lines) + "\n")
    except OSError:
        pass  # a full or read-only disk: the visitor must still get the kiosk back


def log_problem(folder: Path, where: str, detail: str) -> None:
    """Append one line about something that went wrong outside the kiosk (the printer, in
    CUPS's own words) for the staff: `detail` must hold no visitor data."""
    stamp = datetime.now().astimezone().isoformat(timespec="seconds")
    try:
        _write(folder, f"{stamp} {where}: {' '.join(detail.split())[:300]}\n")
    except OSError:
        pass


def _short(filename: str) -> str:
    # From the package or site-packages on: the machine's paths are of no use to a reader.
    for marker in ("/tui/", "/site-packages/", "/lib/python"):
        if marker in filename:
            return filename[filename.rindex(marker) + 1:]
    return Path(filename).name


def _write(folder: Path, entry: str) -> None:
    from .store.files import private_folder

    private_folder(folder)  # 0700 with any parent it makes, like the case folders
    log = folder / LOG_NAME
    if log.exists() and log.stat().st_size + len(entry.encode()) > MAX_BYTES:
        for n in range(KEEP - 1, 0, -1):
            older = folder / f"{LOG_NAME}.{n}"
            if older.exists():
                os.replace(older, folder / f"{LOG_NAME}.{n + 1}")
        os.replace(log, folder / f"{LOG_NAME}.1")
    fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as f:
        f.write(entry)


def read_log(folder: Path, last: int = 40) -> list[str]:
    """The last lines of the log, for the staff console and `kiosk doctor`."""
    try:
        return (folder / LOG_NAME).read_text(encoding="utf-8", errors="replace").splitlines()[-last:]
    except OSError:
        return []
