"""Provides the kiosk's soak: many visits in one process, each typing a marker into the
complaint text and wiping, with the resident memory, the text boxes still alive and the
visitors' markers still reachable after each checkpoint — a wiped visit must leave nothing.

    python bench/soak.py            # 100 visits (about 6 minutes)
    python bench/soak.py --visits 200
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the tests' walk helpers drive the interview


def rss_mib() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20


async def soak(visits: int, checkpoints: set[int]) -> list[tuple[int, float, int, int]]:
    from textual.widgets import TextArea

    from tests.memory import forget_pilot_leftovers, reachable
    from tests.walk import type_text, walk_to
    from tui.app import KioskApp
    from tui.core.content import load_content
    from tui.store.staff import Settings

    tmp = Path(tempfile.mkdtemp(prefix="soak-"))
    app = KioskApp(load_content(ROOT / "content"), today=lambda: date(2026, 12, 2), save_dir=tmp / "saved",
                   staff=None, settings=Settings(), db=tmp / "cases", log_dir=tmp / "logs", printer="")
    rows = []
    async with app.run_test(size=(80, 24)) as pilot:
        for v in range(1, visits + 1):
            await walk_to(pilot, "damaged", "complaint")
            app.screen.query_one("#complaint", TextArea).focus()
            await type_text(pilot, f"ZQ{v:04d}Z")
            await pilot.click("#wipe")
            await pilot.pause()
            await pilot.click("#yes")
            await pilot.pause()
            if v in checkpoints:
                await pilot.pause(1.5)  # the wipe's clean-up runs a second after it
                await pilot.hover("#start")  # the harness's own last click was on the visit
                forget_pilot_leftovers()
                gc.unfreeze()  # what the kiosk froze at start-up is looked through too
                gc.collect()
                areas = sum(isinstance(o, TextArea) for o in gc.get_objects())
                found = sum(reachable(f"ZQ{n:04d}Z") > 0 for n in range(1, v + 1))
                rows.append((v, rss_mib(), areas, found))
                print(f"visit {v:4d}: {rss_mib():6.1f} MiB, {areas} text boxes alive, "
                      f"{found} of {v} visitors' markers reachable", flush=True)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--visits", type=int, default=100)
    args = ap.parse_args()
    checkpoints = {n for n in (1, 10, 50, 100, 200, 500) if n <= args.visits} | {args.visits}
    rows = asyncio.run(soak(args.visits, checkpoints))
    by_visit = {v: rss for v, rss, _, _ in rows}
    if 10 in by_visit:
        print(f"\nmemory at visit {args.visits} / visit 10: {by_visit[args.visits] / by_visit[10]:.3f} (budget 1.10)")
    print(f"text boxes alive after the last visit: {rows[-1][2]} (budget 0); "
          f"markers reachable: {rows[-1][3]} (budget 0)")


if __name__ == "__main__":
    main()
