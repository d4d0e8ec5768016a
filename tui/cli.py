"""Provides the `kiosk` command: run the kiosk, or check the content staff edited."""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

from .core.content import ContentError, default_content_dir, load_content, load_content_cached


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kiosk", description="物流投诉自助 — Tmall parcel complaint kiosk")
    p.add_argument("--content", type=Path, help="content folder (default: $KIOSK_CONTENT or the built-in one)")
    p.add_argument("--save-dir", type=Path, help="folder for saved complaint texts (default: $KIOSK_SAVE_DIR or the user data folder)")
    p.add_argument("--db", type=Path, help="case folder (default: $KIOSK_DB or the user data folder)")
    sub = p.add_subparsers(dest="command")
    sub.add_parser("run", help="start the kiosk (the default)")
    cal = sub.add_parser("calendar", help="print China's days off and make-up workdays of a year as the holidays "
                                          "package has them, in content/calendar.toml's form")
    cal.add_argument("years", nargs="+", type=int)
    sub.add_parser("cases", help="staff: counts of saved cases (no personal data) and storage warnings")
    check = sub.add_parser("check-content", help="validate a content folder and list every problem")
    check.add_argument("dir", nargs="?", type=Path, help="content folder to check")
    return p


def _load(folder: Path | None, cached: bool = False):
    """The content, or None after printing each problem as `file: key: what is wrong`.
    `cached`: reuse the content validated at an earlier start if nothing changed since."""
    root = folder or default_content_dir()
    try:
        if cached:
            from platformdirs import user_cache_path

            return load_content_cached(root, user_cache_path("wuliu-kiosk"))
        return load_content(root)
    except ContentError as e:
        print(f"内容有误（{root}），请修正后再试 / content has problems:", file=sys.stderr)
        for line in e.problems:
            print(f"  {line}", file=sys.stderr)
        return None


def main(argv: list[str] | None = None) -> int:
    # Python's garbage collector is off while the kiosk starts: it would otherwise walk the
    # tens of thousands of objects importing Textual makes, several times, before the first
    # frame (bench/run.py: start-up). The app's warm-up freezes what start-up made and then
    # collects only while nobody waits (KioskApp._collect_garbage).
    gc.disable()
    args = _parser().parse_args(argv)
    if args.command == "check-content":
        content = _load(args.dir or args.content)
        if content is None:
            return 1
        print(f"OK: {len(content.problems)} problems, {len(content.channels)} channels, "
              f"{len(content.carriers)} carriers, {len(content.rules)} rules, {len(content.laws)} laws")
        return 0
    if args.command == "cases":
        return _cases(args.db)
    if args.command == "calendar":
        from .core.calendar import from_package

        for year in args.years:
            off, work = from_package(year)
            print(f"[years.{year}]\nannounced = false  # true once checked against the State Council's notice")
            print("days_off = [" + ", ".join(f'"{d}"' for d in off) + "]")
            print("workdays = [" + ", ".join(f'"{d}"' for d in work) + "]\n")
        return 0
    content = _load(args.content, cached=True)
    if content is None:
        return 1
    from .app import KioskApp  # Textual is imported only when the kiosk really runs

    app = KioskApp(content, save_dir=args.save_dir, db=args.db)
    try:
        app.run()
    except Exception as e:  # noqa: BLE001 — outside the app's own boundary: log, print no data
        from .crash import log_crash

        log_crash(app.log_dir, e, "start")
        print("kiosk stopped after an unexpected error (details without personal data: kiosk doctor)",
              file=sys.stderr)
        return 70
    # Non-zero after a crash the app could not recover from: a supervisor restarts it.
    return app.return_code or 0


def _cases(db: Path | None) -> int:
    """Figures for the staff: how many cases, by status and by problem; and any warning the
    store left (a damaged file that was recovered). No codes, answers or notes."""
    from collections import Counter

    from .store.cases import CaseStore, default_root
    from .store.files import StoreError

    root = db or default_root()
    try:
        rows = CaseStore(root).list_cases()
    except StoreError as e:
        print(str(e), file=sys.stderr)
        return 1
    print(f"案件文件夹 / case folder: {root}")
    print(f"共 {len(rows)} 个案件 / cases")
    for title, key in (("按状态 / by status", "status"), ("按问题 / by problem", "problem")):
        print(title)
        for value, n in Counter(r.get(key, "?") for r in rows).most_common():
            print(f"  {value}: {n}")
    log = root / "warnings.log"
    if log.exists():
        print("警告 / warnings:")
        for line in log.read_text(encoding="utf-8", errors="replace").splitlines()[-20:]:
            print(f"  {line}")
    return 0
