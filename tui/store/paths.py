"""Provides where the kiosk keeps things — cases, saved texts, the crash log, the staff's
config and the content cache — each overridable by an environment variable. Light on
purpose: imported at start-up."""

from __future__ import annotations

import os
from pathlib import Path

APP = "wuliu-kiosk"


def _data(env: str, sub: str) -> Path:
    if os.environ.get(env):
        return Path(os.environ[env])
    from platformdirs import user_data_path

    return user_data_path(APP) / sub


def cases_dir() -> Path:
    """$KIOSK_DB, else <user data>/wuliu-kiosk/cases. A server's URL in $KIOSK_DB is not a
    folder (tui.store.opening reads it): the folder is then the user data one."""
    if os.environ.get("KIOSK_DB", "").startswith(("postgresql://", "postgres://")):
        from platformdirs import user_data_path

        return user_data_path(APP) / "cases"
    return _data("KIOSK_DB", "cases")


def save_dir() -> Path:
    """Saved complaint texts: $KIOSK_SAVE_DIR, else <user data>/wuliu-kiosk/complaints."""
    return _data("KIOSK_SAVE_DIR", "complaints")


def log_dir() -> Path:
    """The crash log: $KIOSK_LOG_DIR, else <user data>/wuliu-kiosk/logs."""
    return _data("KIOSK_LOG_DIR", "logs")


def config_dir() -> Path:
    """The staff passcode and settings: $KIOSK_CONFIG, else the user's config folder."""
    if os.environ.get("KIOSK_CONFIG"):
        return Path(os.environ["KIOSK_CONFIG"])
    from platformdirs import user_config_path

    return user_config_path(APP)


def cache_dir() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path(APP)


def desk_dir() -> Path:
    """A desk on a server: its offline cases, queue and warnings — $KIOSK_DESK_DIR, else
    <user data>/wuliu-kiosk/desk."""
    return _data("KIOSK_DESK_DIR", "desk")
