"""Provides the staff's commands: `kiosk cases` (figures, list, export, purge, unlock) and
`kiosk staff` (passcode, retention), `kiosk print-sample` — the staff console's work, from a shell."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from .store.files import StoreError
from .store.words import say


def _store(db: Path | str | None):
    from .store.opening import open_store

    try:
        store = open_store(db)
    except StoreError as e:
        print(say("cli_store_unusable", why=e.detail or e.key), file=sys.stderr)
        return None
    if getattr(store, "offline", False):
        # A staff command must not report one desk's cases as the network's.
        print(say("cli_server_away", where=store.where, why=store.away), file=sys.stderr)
        return None
    return store


def cases(args) -> int:
    which = getattr(args, "cases_command", None)
    if which in ("migrate", "schema"):
        try:
            return _migrate(args) if which == "migrate" else _schema(args)
        except StoreError as e:
            print(say("cli_failed", why=e.detail or e.key), file=sys.stderr)
            return 1
    store = _store(args.db)
    if store is None:
        return 1
    try:
        return _cases(args, store)
    except StoreError as e:
        print(f"案件文件出错 / the case store failed: {e.detail or e.key}", file=sys.stderr)
        return 1


def _cases(args, store) -> int:
    from .core.dates import today

    which = getattr(args, "cases_command", None)
    if which == "list":
        for row in sorted(store.list_cases(), key=lambda r: r.get("created", "")):
            print(f"{row.get('code', '')}\t{row.get('status', '')}\t{row.get('created', '')[:10]}\t"
                  f"{(row.get('last') or row.get('created', ''))[:10]}\t{row.get('problem', '')}")
        return 0
    if which == "export":
        from .store.export import cases_csv

        from .core.content import ContentError, default_content_dir, load_content

        try:
            content = load_content(getattr(args, "content", None) or default_content_dir())
        except ContentError:
            content = None  # the ids alone: an export must not wait on a content fix
        text = cases_csv(store.list_cases(), content)
        if args.out:
            from .store.files import atomic_write

            atomic_write(args.out, text.encode("utf-8-sig"))  # the BOM: Excel reads it as UTF-8
            print(f"{args.out}", file=sys.stderr)
        else:
            sys.stdout.write(text)
        return 0
    if which == "purge":
        from datetime import timedelta

        from .store import paths
        from .store.retention import parse_age, purge
        from .store.staff import Settings

        try:
            age = parse_age(args.older_than) if args.older_than else timedelta(days=Settings.load().retention_days)
        except ValueError as e:
            print(e, file=sys.stderr)
            return 2
        done = purge(store, args.save_dir or paths.save_dir(), age)
        print(f"删除了 / deleted: {done.cases} cases, {done.texts} saved texts, {done.leftovers} leftovers "
              f"(older than {age.days} days)")
        return 0
    if which == "unlock":
        store.unlock(args.code)
        print("ok")
        return 0
    if which == "upload":
        if not hasattr(store, "upload"):
            print(say("cli_upload_folder"), file=sys.stderr)
            return 2
        # Opening the desk store already sent what waited (it does at every connection).
        new = store.upload() if store.waiting() else 0
        print(say("cli_uploaded", new=new, left=store.waiting(), last=store.last_upload or "—"))
        return 0
    from .core.figures import figures

    from .core.content import ContentError, load_content

    try:
        content = load_content(args.content)  # names problems and channels; the ids without it
    except ContentError:
        content = None
    # On a server the figures are its aggregates over every desk; on a folder, its rows.
    rows = store.tallies() if hasattr(store, "tallies") else store.list_cases()
    f = figures(rows, content, today())
    files, size = store.size()
    if hasattr(store, "desk"):
        print(say("cli_server_figures", where=store.where, cases=files, kib=f"{size / 1024:.0f}", desk=store.desk,
                  waiting=store.waiting(), last=store.last_upload or "—"))
    else:
        print(f"案件文件夹 / case folder: {store.root} ({files} files, {size / 1024:.0f} KiB)")
    print(f"共 {f.total} 个案件 / cases; 今天 / today: {f.today}")
    median = "—" if f.median_days_to_resolve is None else f"{f.median_days_to_resolve:g} days ({f.resolved_counted})"
    print(f"从保存到解决的天数中位数 / median days to resolution: {median}")
    for title, counter in (("按状态 / by status", f.by_status), ("按问题 / by problem", f.by_problem),
                           ("按渠道 / by channel used", f.by_channel)):
        print(title)
        for value, n in counter.most_common():
            print(f"  {value}: {n}")
    warnings = store.read_warnings()
    if warnings:
        print("警告 / warnings (no case codes):")
        for line in warnings:
            print(f"  {line}")
    return 0


def _server(url, typed: bool = True, **kw):
    """The server store at `url`; `typed`: the URL came from the command line, where a
    password must not be (the settings file's may hold one)."""
    from .store.opening import has_password, is_server
    from .store.server import ServerStore

    if not is_server(str(url)):
        raise StoreError("store_server_url", "not a postgresql:// URL")
    if typed and has_password(str(url)):
        raise StoreError("store_password_exposed", "a password on the command line (use ~/.pgpass)")
    return ServerStore(str(url), _scratch(), **kw)


def _scratch() -> Path:
    from .store.paths import desk_dir

    return desk_dir()


def _schema(args) -> int:
    """`kiosk cases schema`: apply the migrations (as the schema's owner)."""
    from .store.opening import chosen

    store = _server(chosen(args.db), typed=False)  # chosen() refused a password in --db already
    print(say("cli_schema", version=store.version, where=store.where))
    return 0


def _migrate(args) -> int:
    """`kiosk cases migrate --to URL`: every case of a desk's folder onto the server, then
    checked count by count — cases, and each case's events — before it says done. Running
    it again adds nothing twice (codes and event ids)."""
    from .store.cases import CaseStore, default_root
    from .store.opening import desk_id
    from .store.staff import Settings

    folder = args.db if isinstance(getattr(args, "db", None), Path) else default_root()
    local = CaseStore(folder)
    server = _server(args.to, desk=desk_id(Settings.load()))  # the cases carry this desk's id
    rows = local.list_cases()
    docs = []
    for row in rows:
        doc = local.document(row["code"])
        if doc:
            docs.append({**doc, "closed": row.get("closed", ""), "last": row.get("last", "")})
    new, wrong = 0, []
    for start in range(0, len(docs), 500):  # one transaction per 500 cases
        new += server.upload(docs[start:start + 500], [])
        wrong += server.clashes  # a code the server holds for another case: not merged
    for doc in docs:
        there = server.load(doc["code"])
        if there is None or len(there.events) < len(doc["events"]):
            wrong.append(doc["code"])
    events = sum(len(d["events"]) for d in docs)
    print(say("cli_migrated", cases=len(docs), folder=folder, there=len(docs) - len(wrong), where=server.where,
              new=new, events=events))
    if wrong:
        print(say("cli_migrate_wrong", n=len(wrong)), file=sys.stderr)
        return 1
    print(say("cli_migrate_checked"))
    return 0


def staff(args) -> int:
    from .store.staff import MIN_LENGTH, Settings, StaffKeys

    if args.staff_command == "set-passcode":
        if args.stdin:
            passcode = sys.stdin.readline().rstrip("\n")
        else:
            passcode = getpass.getpass("新的管理口令 / new staff passcode: ")
            if getpass.getpass("再输入一次 / again: ") != passcode:
                print("两次输入不一样 / the two did not match", file=sys.stderr)
                return 2
        if len(passcode) < MIN_LENGTH:
            print(f"口令至少 {MIN_LENGTH} 个字符 / at least {MIN_LENGTH} characters", file=sys.stderr)
            return 2
        keys = StaffKeys()
        keys.set(passcode)
        print(f"已保存（只存加盐的慢哈希）/ saved as a salted slow hash: {keys.folder}")
        return 0
    if args.staff_command == "set-database":
        return _set_database(args)
    if args.staff_command == "set-desk":
        from .store.server import valid_desk

        desk = args.desk.strip().upper()
        if not valid_desk(desk):
            from .store.codes import ALPHABET

            print(say("cli_desk_bad", alphabet=ALPHABET), file=sys.stderr)
            return 2
        settings = Settings.load()
        settings.desk = desk
        settings.save()
        print(say("cli_desk", desk=desk))
        return 0
    if args.staff_command == "set-retention":
        from .store.retention import parse_age

        try:
            days = parse_age(args.days).days
        except ValueError as e:
            print(e, file=sys.stderr)
            return 2
        settings = Settings.load()  # the other settings (the server, the desk) stay
        settings.retention_days, settings.retention_set = days, True
        settings.save()
        print(f"保留 {days} 天 / kept {days} days")
        return 0
    return 2


def _set_database(args) -> int:
    """Ask the server's URL (not echoed: it may hold the password), try it, keep it in the
    0600 settings file. An empty answer goes back to the case folder."""
    from .store.opening import is_server
    from .store.server import ServerStore
    from .store.staff import Settings

    if args.stdin:
        url = sys.stdin.readline().strip()
    else:
        url = getpass.getpass(say("cli_database_prompt")).strip()
    settings = Settings.load()
    if url and not is_server(url):
        print(say("cli_database_scheme"), file=sys.stderr)
        return 2
    if url:
        try:
            store = ServerStore(url, _scratch(), desk=settings.desk)
        except StoreError as e:
            print(say("cli_database_refused", why=e.detail or e.key), file=sys.stderr)
            return 1
        print(say("cli_schema", version=store.version, where=store.where))
        store.close_connection()
    settings.database = url
    settings.save()
    print(say("cli_database_saved" if url else "cli_database_folder"))
    return 0


def print_sample(args) -> int:
    """`kiosk print-sample`: the made-up visit's sheet to a PDF file (--out) or the printer."""
    from .loading import load_or_say as _load
    from .core.dates import today
    from .printing import PrintError, pdf, spooler
    from .printing.sample import sample_sheet

    content = _load(args.content)
    if content is None:
        return 1
    try:
        data = pdf.render(sample_sheet(content, args.content, today(), longest=args.longest))
        if args.out:
            args.out.write_bytes(data)
            print(f"已写入 / written: {args.out}")
            return 0
        printer = spooler.configured(args.printer) or spooler.default_printer()
        job = spooler.send(data, printer, content.text("print_job_title"))
        print(f"已发送到 {printer}，任务号 {job} / sent to {printer}, job {job}")
        return 0
    except ValueError as e:
        print(f"示例内容有误 / content/sample.toml is wrong: {e}", file=sys.stderr)
    except PrintError as e:
        print(e.message(content.text), file=sys.stderr)
        if e.detail:
            print(f"  ({e.detail})", file=sys.stderr)
    except OSError as e:
        print(f"无法写入 / cannot write: {e.strerror or e}", file=sys.stderr)
    return 1
