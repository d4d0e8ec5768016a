"""Provides `kiosk doctor`: checks the machine for running the kiosk all day — locale,
terminal, Chinese width, font, folders, content, passcode, retention, printing, and the
desk's own pieces (terminal config, input method, unit) — and prints `ok` or `问题 / problem`
with how to fix it. As root, `--user kiosk` checks that user's folders (from ssh or a VT)."""

from __future__ import annotations

import locale
import os
import shutil
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Check:
    name: str
    ok: bool | None  # None: could not be checked here (not a terminal…): not a problem
    detail: str
    fix: str = ""


def doctor(args) -> int:
    user = getattr(args, "user", None)
    if user and os.getuid() == 0:
        return _as_user(user, args)
    checks = run_checks(args)
    for c in checks:
        mark = {True: "ok     ", False: "问题   ", None: "未检查 "}[c.ok]
        print(f"{mark} {c.name}: {c.detail}")
        if c.ok is False and c.fix:
            print(f"        → {c.fix}")
    problems = sum(c.ok is False for c in checks)
    print(f"\n{problems} 个问题 / problems" if problems else "\n一切正常 / all good")
    return 1 if problems else 0


def run_checks(args) -> list[Check]:
    from .store import paths

    from .store.files import StoreError
    from .store.opening import chosen, is_server

    checks = [_locale(), *_terminal(), _font()]
    try:
        where = chosen(args.db)
    except StoreError as e:
        checks.append(Check("case store", False, e.detail, "kiosk staff set-database (the password stays in the "
                                                           "0600 settings file)"))
        where = None  # not shown: what was given holds a password
    if where is not None and is_server(str(where)):
        checks += _server(str(where))
        where = paths.desk_dir()
    folders = [("案件文件夹 / case folder", where)] if where is not None else []
    for label, folder in (*folders,
                          ("投诉文字文件夹 / saved texts", args.save_dir or paths.save_dir()),
                          ("故障记录 / crash log", paths.log_dir()),
                          ("设置 / config", paths.config_dir())):
        checks.append(_folder(label, Path(folder)))
    checks += [_content(args), *_staff(), _crashes(paths.log_dir()), *_printing(args), *_desk()]
    return checks


def _as_user(user: str, args) -> int:
    """The same checks as that user sees them: their folders, config and passcode (root's
    XDG_* and KIOSK_* settings are left behind, they would point at root's own)."""
    import pwd
    import sys

    try:
        account = pwd.getpwnam(user)
    except KeyError:
        print(f"问题    no user {user} on this machine")
        return 1
    keep = {k: v for k, v in os.environ.items()
            if not k.startswith(("XDG_", "KIOSK_")) and k not in ("HOME", "USER", "LOGNAME", "MAIL")}
    keep.update(HOME=account.pw_dir, USER=user, LOGNAME=user)
    desk = os.environ.get("KIOSK_DESK")
    command = ["runuser", "-u", user, "--", "env", "-i", *(f"{k}={v}" for k, v in keep.items()),
               *([f"KIOSK_DESK={desk}"] if desk else []), sys.executable, "-m", "tui", "doctor"]
    try:
        # From the user's home: a python run with -m puts its folder first on the path, and
        # root's folder (a checkout of this repository) must not stand in for the install.
        home = account.pw_dir if os.path.isdir(account.pw_dir) else "/"
        return subprocess.run(command, cwd=home).returncode
    except OSError as e:
        print(f"问题    cannot run as {user}: {e}")
        return 1


DESK = Path("/etc/wuliu-kiosk")


def _desk() -> list[Check]:
    """The help desk's session as deploy/install.sh sets it up: foot takes its config, fcitx5
    has pinyin and the desk's settings, the unit starts it at boot. Nothing to check on a
    machine without the desk's folder (someone trying the kiosk)."""
    desk = Path(os.environ.get("KIOSK_DESK") or DESK)
    if not desk.is_dir():
        return [Check("desk", None, f"{desk} not found: not a help desk set up by deploy/install.sh")]
    checks = []
    if shutil.which("foot"):
        done = subprocess.run(["foot", "--check-config", "-c", str(desk / "foot.ini")], capture_output=True, text=True)
        error = next((line for line in (done.stderr + done.stdout).splitlines() if "err" in line), "")
        checks.append(Check("terminal config", done.returncode == 0,
                            f"{desk / 'foot.ini'}: " + ("foot accepts it" if done.returncode == 0 else error or "rejected"),
                            "install deploy/desk/foot.ini again (sh deploy/install.sh)"))
    else:
        checks.append(Check("terminal config", False, "foot is not installed", "apt-get install foot"))
    pinyin = Path("/usr/share/fcitx5/addon/pinyin.conf").exists()
    profile = desk / "fcitx5" / "profile"
    configured = profile.exists() and "pinyin" in profile.read_text(encoding="utf-8", errors="replace")
    checks.append(Check("Chinese input", bool(shutil.which("fcitx5")) and pinyin and configured,
                        ("fcitx5 with pinyin" if shutil.which("fcitx5") and pinyin else "fcitx5 or its pinyin missing")
                        + (f", {profile}" if configured else f", no pinyin in {profile}"),
                        "apt-get install fcitx5 fcitx5-pinyin; sh deploy/install.sh"))
    if shutil.which("systemctl") and Path("/run/systemd/system").is_dir():
        state = subprocess.run(["systemctl", "is-enabled", "wuliu-kiosk.service"], capture_output=True, text=True)
        checks.append(Check("starts at boot", state.stdout.strip() == "enabled",
                            f"wuliu-kiosk.service: {state.stdout.strip() or state.stderr.strip()}",
                            "systemctl enable wuliu-kiosk.service"))
    else:
        checks.append(Check("starts at boot", None, "no running systemd here"))
    return checks


def _printing(args) -> list[Check]:
    """The printed sheet can be made (cairo, a Chinese font), the printer takes jobs, and
    CUPS keeps no copy of what was printed."""
    from .printing import PrintError, pdf, spooler

    try:
        sheet = Check("printed sheet", True, f"cairo, font {pdf.can_render()}")
    except PrintError as e:
        sheet = Check("printed sheet", False, e.detail, "apt-get install libcairo2 fonts-wqy-zenhei")
    name = spooler.configured(getattr(args, "printer", None))
    try:
        name = name or spooler.default_printer()
        if not name:
            printer = Check("printer", None, "none set: visitors get 保存为 PDF",
                            "kiosk --printer NAME, KIOSK_PRINTER=NAME, or lpoptions -d NAME")
        else:
            state = spooler.printer_state(name)
            printer = Check("printer", state.ready, f"{name}: " + (
                "ready" if state.ready else "not in CUPS" if not state.exists else
                "stopped" if not state.enabled else "not accepting jobs") + (f" ({state.reason})" if state.reason else ""),
                "lpadmin -p NAME -v URI -E" if not state.exists else f"cupsenable {name}; cupsaccept {name}")
    except PrintError as e:
        printer = Check("printer", False, f"{name}: CUPS: {e.detail}", "apt-get install cups; systemctl start cups")
    return [sheet, _ink(args) if sheet.ok else Check("sheet ink", None, "no sheet to check"), printer, _spool()]


def _ink(args) -> Check:
    """The sample sheet (with the longest complaint text) drawn to a PDF, rasterised, and every
    character looked for in the ink: a font can print a character blank while the PDF's text
    still has it."""
    from .core.content import ContentError, default_content_dir, load_content
    from .core.dates import today
    from .printing import PrintError
    from .printing.ink import blank_on_sheet
    from .printing.sample import sample_sheet

    root = args.content or default_content_dir()
    try:
        blank = blank_on_sheet(sample_sheet(load_content(root), root, today(), longest=True))
    except ContentError:
        return Check("sheet ink", None, "content has problems: see above")
    except PrintError as e:
        return Check("sheet ink", None, e.detail, "apt-get install poppler-utils")
    if not blank:
        return Check("sheet ink", True, "every character of the sample sheet is drawn")
    chars = "".join(dict.fromkeys(ch for _, ch, _ in blank))
    return Check("sheet ink", False, f"printed blank: {chars} (e.g. page {blank[0][0]}: {blank[0][2][:30]})",
                 "apt-get install fonts-wqy-zenhei (a TrueType CJK face the sheet prefers)")


# Where CUPS_SERVER may point and still be this machine's own cupsd, configured in /etc/cups.
LOCAL_CUPS = ("", "/run/cups/cups.sock", "/var/run/cups/cups.sock", "localhost", "localhost:631",
              "127.0.0.1", "127.0.0.1:631")


def _spool() -> Check:
    # CUPS's own setting: by default it keeps a printed document's file for a day.
    server = os.environ.get("CUPS_SERVER", "")
    if server not in LOCAL_CUPS and "CUPS_SERVERROOT" not in os.environ:
        # Another print server: /etc/cups here says nothing about what it keeps.
        return Check("print spool", None, f"CUPS_SERVER={server}: that server's cupsd.conf is not read from here",
                     "check 'PreserveJobFiles No' in that server's cupsd.conf, or set CUPS_SERVERROOT to its folder")
    conf = Path(os.environ.get("CUPS_SERVERROOT", "/etc/cups")) / "cupsd.conf"
    try:
        text = conf.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return Check("print spool", None, f"cannot read {conf}")
    keeps = not any(line.split()[:2] == ["PreserveJobFiles", "No"] for line in text.splitlines())
    return Check("print spool", not keeps, f"{conf}: " + ("keeps printed files" if keeps else "PreserveJobFiles No"),
                 f"add 'PreserveJobFiles No' to {conf}, then restart cups (deploy/README.md)")


def _locale() -> Check:
    # The setting, not what Python made of it: Python turns a C locale into UTF-8 for itself
    # (PEP 538/540), but the terminal and the tools around the kiosk read these variables.
    lang = os.environ.get("LC_ALL") or os.environ.get("LC_CTYPE") or os.environ.get("LANG") or ""
    ok = lang.lower().replace("-", "").endswith("utf8")
    return Check("UTF-8 locale", ok, f"{lang or '(unset)'} (Python: {locale.getpreferredencoding(False)})",
                 "set LANG=C.UTF-8 (or zh_CN.UTF-8) for the kiosk user / in deploy/wuliu-kiosk.service")


def _terminal() -> list[Check]:
    term = os.environ.get("TERM", "")
    colour = os.environ.get("COLORTERM", "")
    if term in ("linux", "dumb", ""):
        kind = Check("terminal", False, f"TERM={term or '(unset)'}",
                     "the bare Linux console cannot draw Chinese: run the kiosk in a graphical terminal "
                     "(deploy/README.md: sway + foot)")
    else:
        ok = colour in ("truecolor", "24bit") or "256color" in term
        kind = Check("terminal colours", ok, f"TERM={term} COLORTERM={colour or '(unset)'}",
                     "use a terminal with 256 colours or more (foot sets TERM=foot and truecolor)")
    try:
        # The terminal itself, even when the report is piped or saved to a file.
        tty_fd = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY)
    except OSError:
        return [kind, Check("terminal size", None, "not run in a terminal"),
                Check("Chinese width", None, "not run in a terminal")]
    try:
        size = os.get_terminal_size(tty_fd)
        big = Check("terminal size", size.columns >= 80 and size.lines >= 24, f"{size.columns}×{size.lines}",
                    "make the window (or font) so that at least 80×24 cells fit; 160×50 shows QR codes best")
        return [kind, big, _chinese_width(tty_fd)]
    finally:
        os.close(tty_fd)


def _chinese_width(fd: int) -> Check:
    """Print 中 and ask the terminal where the cursor went: two cells on is right."""
    import select
    import termios
    import tty

    old = termios.tcgetattr(fd)
    reply = b""
    try:
        tty.setraw(fd)
        os.write(fd, "\r中\x1b[6n".encode())
        while select.select([fd], [], [], 1.0)[0]:
            reply += os.read(fd, 32)
            if reply.endswith(b"R"):
                break
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, old)
        os.write(fd, b"\r\x1b[K")
    try:
        column = int(reply.rsplit(b";", 1)[1].rstrip(b"R"))
    except (IndexError, ValueError):
        return Check("Chinese width", None, "the terminal did not answer")
    return Check("Chinese width", column == 3, f"中 takes {column - 1} cells",
                 "use a terminal and font that draw Chinese two cells wide (foot + fonts-noto-cjk)")


def _font() -> Check:
    if not shutil.which("fc-list"):
        return Check("CJK font", None, "fc-list not found (fontconfig)")
    out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
    families = sorted({line.split(",")[0] for line in out.splitlines() if line.strip()})
    return Check("CJK font", bool(families), ", ".join(families[:3]) or "none",
                 "install a Chinese font, e.g. apt install fonts-noto-cjk")


def _folder(label: str, folder: Path) -> Check:
    try:
        folder.exists()
    except OSError as e:  # a folder above it this user may not enter (another user's home)
        return Check(label, False, f"{folder}: {e.strerror}", "run kiosk doctor as the kiosk's user (--user kiosk)")
    if not folder.exists():
        return Check(label, None, f"{folder} (not made yet: made 0700 on first use)")
    mode = stat.S_IMODE(folder.stat().st_mode)
    probe = folder / f".doctor-{os.getpid()}"
    try:
        probe.write_bytes(b"")
        probe.unlink()
        writable = True
    except OSError:
        writable = False
    if not writable:
        return Check(label, False, f"{folder} is not writable", f"chown -R the kiosk user {folder}")
    if mode & 0o077:
        return Check(label, False, f"{folder} is {oct(mode)} (others can read it)", f"chmod 700 {folder}")
    return Check(label, True, f"{folder} (0700, writable)")


def _server(url: str) -> list[Check]:
    """The server several desks share: reached, its schema this kiosk's, the role's rights
    those of a desk (append, never change an event, no schema changes), TLS on the wire,
    this desk's id set, and what waits to be uploaded."""
    from .store.files import StoreError
    from .store.opening import desk_id
    from .store.server import LATEST, ServerStore, masked
    from .store.staff import Settings
    from .store.paths import desk_dir

    settings = Settings.load()
    checks = [Check("desk id", bool(settings.desk), settings.desk or f"not set (drawn from the host name: "
                                                                     f"{desk_id(settings)})",
                    "kiosk staff set-desk K3 (a different one at every desk)")]
    try:
        store = ServerStore(url, desk_dir(), desk=desk_id(settings), migrate=False)
    except StoreError as e:
        fix = "kiosk cases schema (as the schema's owner)" if e.key == "store_schema_old" else \
            "check the URL, the password (kiosk staff set-database) and pg_hba.conf; deploy/postgres.md"
        return [*checks, Check("server", False, f"{masked(url)}: {e.detail or e.key}", fix)]
    try:
        rights = store.rights()
    except StoreError as e:
        return [*checks, Check("server", False, f"{store.where}: {e.detail}")]
    finally:
        store.close_connection()
    import psycopg

    host = psycopg.conninfo.conninfo_to_dict(url).get("host") or ""
    # Over a local socket the data never leaves the machine: TLS is not asked there.
    tls_ok = True if rights["tls"] else (None if host.startswith("/") or not host else False)
    checks += [Check("server", True, f"{store.where}, schema {store.version} of {LATEST}"),
               Check("server role", rights["append"] and not rights["change_events"] and not rights["ddl"],
                     f"append {rights['append']}, change events {rights['change_events']}, "
                     f"change the schema {rights['ddl']}, delete cases {rights['purge']}",
                     "connect as a desk's role (deploy/postgres/roles.sql), not the schema's owner"),
               Check("server TLS", tls_ok, "encrypted" if rights["tls"] else "not encrypted" +
                     (" (a local socket)" if tls_ok is None else ""),
                     "sslmode=verify-full in the URL and ssl = on on the server (deploy/postgres.md)")]
    from .store.desk import QUEUE_FILE

    queue = desk_dir() / QUEUE_FILE
    queued = sum(1 for line in queue.open(encoding="utf-8", errors="replace") if line.strip()) \
        if queue.exists() else 0
    offline = desk_dir() / "offline" / "cases"
    cases = sum(1 for p in offline.rglob("*.json")) if offline.is_dir() else 0
    checks.append(Check("upload queue", queued + cases == 0 or None,
                        f"{cases} cases saved offline and {queued} writes waiting for the server",
                        "kiosk cases upload"))
    return checks


def _content(args) -> Check:
    from .core.content import ContentError, default_content_dir, load_content

    root = args.content or default_content_dir()
    try:
        c = load_content(root)
    except ContentError as e:
        return Check("content", False, f"{len(e.problems)} problems in {root}: {e.problems[0]}",
                     f"kiosk check-content {root}")
    return Check("content", True, f"{root}: {len(c.problems)} problems, {len(c.channels)} channels")


def _staff() -> list[Check]:
    from .store.staff import Settings, StaffKeys

    keys = StaffKeys()
    settings = Settings.load()
    return [Check("staff passcode", keys.is_set(), "set" if keys.is_set() else "not set",
                  "kiosk staff set-passcode"),
            Check("retention", settings.retention_set,
                  f"{settings.retention_days} days" + ("" if settings.retention_set else " (the default, not chosen)"),
                  "kiosk staff set-retention 180d (what your data-protection rules say)")]


def _crashes(folder: Path) -> Check:
    from .crash import read_log

    entries = [line for line in read_log(folder, 400) if " crash in " in line]
    return Check("crash log", None if not entries else True,
                 f"{len(entries)} recent crash(es); last: {entries[-1][:60]}" if entries else "no crashes logged")
