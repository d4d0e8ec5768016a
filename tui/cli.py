"""Provides the `kiosk` command: run the kiosk (kiosk mode or demo), and the staff's
commands — passcode, retention, case figures, list, export and purge, a sample print, doctor,
content check."""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

from .loading import load_or_say as _load


def _where(text: str) -> Path | str:
    """--db: a case folder, or a server's URL kept as text (a Path would fold its //)."""
    return text if text.startswith(("postgresql://", "postgres://")) else Path(text)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kiosk", description="物流投诉自助 — Tmall parcel complaint kiosk")
    p.add_argument("--content", type=Path, help="content folder (default: $KIOSK_CONTENT or the built-in one)")
    p.add_argument("--save-dir", type=Path, help="folder for saved complaint texts (default: $KIOSK_SAVE_DIR or the user data folder)")
    p.add_argument("--db", type=_where, help="case folder, or postgresql://user@host/db (no password here: "
                                            "kiosk staff set-database) (default: $KIOSK_DB, the settings, "
                                            "or the user data folder)")
    p.add_argument("--printer", help="CUPS printer for 打印 (default: $KIOSK_PRINTER, else the system's default printer)")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--kiosk", action="store_true",
                      help="kiosk mode for a help desk: needs a staff passcode (kiosk staff set-passcode)")
    mode.add_argument("--demo", action="store_true",
                      help="try it without a staff passcode: Ctrl+Q opens the staff page and quits without one")
    p.add_argument("--plain", action="store_true",
                   help="plain mode: one question at a time as lines of text, no boxes or colour "
                        "(screen readers, braille displays, odd terminals); with --kiosk or --demo")
    # The folders also after a command (`kiosk cases list --db X`), as staff type them;
    # SUPPRESS: given only before the command, the value from there stays.
    folders = argparse.ArgumentParser(add_help=False)
    folders.add_argument("--content", type=Path, default=argparse.SUPPRESS, help="as kiosk --content")
    folders.add_argument("--save-dir", type=Path, default=argparse.SUPPRESS, help="as kiosk --save-dir")
    folders.add_argument("--db", type=_where, default=argparse.SUPPRESS, help="as kiosk --db")
    sub = p.add_subparsers(dest="command")
    sub.add_parser("run", help="start the kiosk (the default)")
    cal = sub.add_parser("calendar", help="print China's days off and make-up workdays of a year as the holidays "
                                          "package has them, in content/calendar.toml's form")
    cal.add_argument("years", nargs="+", type=int)
    cases = sub.add_parser("cases", parents=[folders],
                           help="staff: figures of saved cases (no personal data) and storage warnings")
    cases_sub = cases.add_subparsers(dest="cases_command")
    cases_sub.add_parser("list", parents=[folders], help="codes, problem, status and dates of every case (no answers)")
    export = cases_sub.add_parser("export", parents=[folders], help="the case list as CSV (never PINs or their hashes)")
    export.add_argument("--format", choices=["csv"], default="csv")
    export.add_argument("--out", type=Path, help="file to write (default: standard output)")
    purge = cases_sub.add_parser("purge", parents=[folders],
                                 help="delete cases, saved texts and leftovers older than the retention")
    purge.add_argument("--older-than", default=None, help="e.g. 180d (default: the retention setting)")
    unlock = cases_sub.add_parser("unlock", parents=[folders], help="lift the PIN lock of a case")
    unlock.add_argument("code")
    move = cases_sub.add_parser("migrate", parents=[folders],
                                help="copy this desk's case folder (--db, default the user data folder) to a "
                                     "PostgreSQL server, and check it count by count")
    move.add_argument("--to", required=True, type=_where, help="postgresql://user@host/db (password: ~/.pgpass)")
    cases_sub.add_parser("upload", parents=[folders],
                         help="send what this desk saved while the server was away (it also goes by itself)")
    cases_sub.add_parser("schema", parents=[folders],
                         help="bring the server's schema up to date (as the schema's owner, not a desk's role)")
    staff = sub.add_parser("staff", help="staff settings")
    staff_sub = staff.add_subparsers(dest="staff_command", required=True)
    setp = staff_sub.add_parser("set-passcode", help="set the staff passcode (asked twice, not echoed)")
    setp.add_argument("--stdin", action="store_true", help="read it from standard input (for scripts)")
    ret = staff_sub.add_parser("set-retention", help="how long cases and saved texts are kept, e.g. 180d")
    ret.add_argument("days")
    sdb = staff_sub.add_parser("set-database", help="use a PostgreSQL server shared by several desks: the URL, "
                                                    "password included, is asked (not echoed) and kept in the "
                                                    "0600 settings file; an empty answer goes back to the folder")
    sdb.add_argument("--stdin", action="store_true", help="read it from standard input (for scripts)")
    desk = staff_sub.add_parser("set-desk", help="this desk's id on a server: two characters of the case codes' "
                                                 "alphabet, different at every desk (e.g. K3)")
    desk.add_argument("desk")
    sample = sub.add_parser("print-sample", help="print a made-up visit's sheet (content/sample.toml) to check the "
                                                 "layout: to a PDF file with --out, else to the printer")
    sample.add_argument("--out", type=Path, help="write the PDF here instead of printing it")
    sample.add_argument("--printer", default=argparse.SUPPRESS, help="the CUPS printer (as kiosk --printer)")
    sample.add_argument("--longest", action="store_true",
                        help="with the longest complaint text the kiosk takes (it runs on to the next page)")
    doc = sub.add_parser("doctor", parents=[folders], help="check this machine for running the kiosk all day: prints ok / problem + fix")
    doc.add_argument("--user", help="as root: check as this user sees it (the desk's user, e.g. kiosk)")
    check = sub.add_parser("check-content", help="validate a content folder and list every problem")
    check.add_argument("dir", nargs="?", type=Path, help="content folder to check")
    return p


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
        from . import staff_cli

        return staff_cli.cases(args)
    if args.command == "staff":
        from . import staff_cli

        return staff_cli.staff(args)
    if args.command == "print-sample":
        from . import staff_cli

        return staff_cli.print_sample(args)
    if args.command == "doctor":
        from .doctor import doctor

        return doctor(args)
    if args.command == "calendar":
        from .core.calendar import from_package

        for year in args.years:
            off, work = from_package(year)
            print(f"[years.{year}]\nannounced = false  # true once checked against the State Council's notice")
            print("days_off = [" + ", ".join(f'"{d}"' for d in off) + "]")
            print("workdays = [" + ", ".join(f'"{d}"' for d in work) + "]\n")
        return 0
    return _run(args)


def _run(args) -> int:
    from .store.staff import StaffKeys

    keys = None if args.demo else StaffKeys()
    if keys is not None and not keys.is_set():
        print("没有设置工作人员口令，本机不能以正式模式运行。\n"
              "  设置口令： kiosk staff set-passcode\n"
              "  只是试用： kiosk --demo\n"
              "No staff passcode is set: run `kiosk staff set-passcode`, or `kiosk --demo` to try it.",
              file=sys.stderr)
        return 2
    from .store.files import StoreError
    from .store.opening import chosen

    try:
        chosen(args.db)  # a password on the command line: refused before a visitor comes
    except StoreError as e:
        from .store.words import say

        print(say(e.key), file=sys.stderr)
        return 2
    content = _load(args.content, cached=True)
    if content is None:
        return 1
    if args.plain:
        return _run_plain(args, content, keys)
    from .app import KioskApp  # Textual is imported only when the kiosk really runs

    from .printing.spooler import configured

    app = KioskApp(content, save_dir=args.save_dir, db=args.db, staff=keys, content_dir=args.content,
                   printer=configured(args.printer))
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


def _run_plain(args, content, keys) -> int:
    """The plain mode on the same visit as the full-screen kiosk (no Textual is imported)."""
    from .plain.front import PlainFront
    from .plain.lines import Lines
    from .printing.spooler import configured, default_printer
    from .store import paths
    from .visit import Visit

    visit = Visit(content, db=args.db, save_dir=args.save_dir)
    lines = Lines(warn=lambda n: content.text("plain_idle", n=n), kiosk=keys is not None)
    printer = configured(args.printer)
    if printer is None:
        printer = default_printer() or ""
    try:
        return PlainFront(visit, lines, staff=keys, printer=printer, log_dir=paths.log_dir()).run()
    except KeyboardInterrupt:  # a demo's Ctrl+C (at a desk it is turned off)
        visit.reset()
        return 0
