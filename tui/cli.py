"""Provides the `kiosk` command: run the kiosk, or check the content staff edited."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .core.content import ContentError, default_content_dir, load_content


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kiosk", description="物流投诉自助 — Tmall parcel complaint kiosk")
    p.add_argument("--content", type=Path, help="content folder (default: $KIOSK_CONTENT or the built-in one)")
    p.add_argument("--save-dir", type=Path, help="folder for saved complaint texts (default: $KIOSK_SAVE_DIR or the user data folder)")
    sub = p.add_subparsers(dest="command")
    sub.add_parser("run", help="start the kiosk (the default)")
    check = sub.add_parser("check-content", help="validate a content folder and list every problem")
    check.add_argument("dir", nargs="?", type=Path, help="content folder to check")
    return p


def _load(folder: Path | None):
    """The content, or None after printing each problem as `file: key: what is wrong`."""
    root = folder or default_content_dir()
    try:
        return load_content(root)
    except ContentError as e:
        print(f"内容有误（{root}），请修正后再试 / content has problems:", file=sys.stderr)
        for line in e.problems:
            print(f"  {line}", file=sys.stderr)
        return None


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "check-content":
        content = _load(args.dir or args.content)
        if content is None:
            return 1
        print(f"OK: {len(content.problems)} problems, {len(content.channels)} channels, "
              f"{len(content.carriers)} carriers, {len(content.rules)} rules, {len(content.laws)} laws")
        return 0
    content = _load(args.content)
    if content is None:
        return 1
    from .app import KioskApp  # Textual is imported only when the kiosk really runs

    KioskApp(content, save_dir=args.save_dir).run()
    return 0
