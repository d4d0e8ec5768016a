"""Provides open_store(): the case store a desk is set to use — a case folder (TinyDB, the
embedded default) or a PostgreSQL server several desks share — and the rules for where
its password may be written."""

from __future__ import annotations

import hashlib
import os
import socket
from pathlib import Path
from typing import Callable

from .files import StoreError

SCHEMES = ("postgresql://", "postgres://")


def is_server(where: object) -> bool:
    return isinstance(where, str) and where.startswith(SCHEMES)


def has_password(url: str) -> bool:
    """Whether a connection string carries a password (it may only be in the 0600 settings
    file or libpq's ~/.pgpass, never on a command line, in the environment or a log)."""
    import psycopg

    try:
        return bool(psycopg.conninfo.conninfo_to_dict(url).get("password"))
    except psycopg.ProgrammingError:
        return False


def desk_id(settings=None) -> str:
    """The desk's two characters (settings `desk`), else two drawn from the host's name —
    staff are told to set one (kiosk doctor), since two desks could draw the same."""
    from .codes import ALPHABET
    from .server import valid_desk

    desk = getattr(settings, "desk", "") if settings is not None else ""
    if valid_desk(desk):
        return desk
    digest = hashlib.sha256(socket.gethostname().encode()).digest()
    return ALPHABET[digest[0] % len(ALPHABET)] + ALPHABET[digest[1] % len(ALPHABET)]


def chosen(db: str | Path | None, settings=None) -> str | Path:
    """Where the cases are: --db, else $KIOSK_DB, else the settings file's `database`, else
    the user's data folder. A URL given on the command line or in the environment must not
    hold a password (StoreError store_password_exposed)."""
    from .paths import cases_dir

    for given in (db, os.environ.get("KIOSK_DB") or None):
        if given is not None:
            text = str(given)
            if is_server(text):
                if has_password(text):
                    raise StoreError("store_password_exposed", "a password in --db or KIOSK_DB")
                return text
            return Path(text)
    if settings is None:
        from .staff import Settings

        settings = Settings.load()
    return settings.database or cases_dir()


def open_store(db: str | Path | None = None, *, settings=None, shapes=None,
               now: Callable | None = None, local: Path | None = None):
    """The case store: CaseStore on a folder, DeskStore (the server, offline-capable) on a URL."""
    where = chosen(db, settings)
    kwargs = {"now": now} if now else {}
    if is_server(str(where)):
        from .desk import DeskStore
        from .paths import desk_dir

        if settings is None:
            from .staff import Settings

            settings = Settings.load()
        return DeskStore(str(where), local or desk_dir(), desk_id(settings), shapes=shapes, **kwargs)
    from .cases import CaseStore

    return CaseStore(where, shapes=shapes, **kwargs)
