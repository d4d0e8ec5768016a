"""Provides the staff's commands: `kiosk cases` (figures, list, export, purge, unlock) and
`kiosk staff` (passcode, retention), `kiosk print-sample` — the staff console's work, from a shell."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from .store.files import StoreError


def _store(db: Path | None):
    from .store.cases import CaseStore, default_root

    root = db or default_root()
    try:
        return CaseStore(root)
    except StoreError as e:
        print(f"无法使用案件文件夹 / cannot use the case folder: {e.detail}", file=sys.stderr)
        return None


def cases(args) -> int:
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
    from .core.figures import figures

    from .core.content import ContentError, load_content

    try:
        content = load_content(args.content)  # names problems and channels; the ids without it
    except ContentError:
        content = None
    rows = store.list_cases()
    f = figures(rows, content, today())
    files, size = store.size()
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
    if args.staff_command == "set-retention":
        from .store.retention import parse_age

        try:
            days = parse_age(args.days).days
        except ValueError as e:
            print(e, file=sys.stderr)
            return 2
        Settings(retention_days=days, retention_set=True).save()
        print(f"保留 {days} 天 / kept {days} days")
        return 0
    return 2


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
