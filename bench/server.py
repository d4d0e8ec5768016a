"""Provides the benchmark of the case store on a PostgreSQL server: open, append, create, the
staff's figures and a day's list at 1,000,000 cases, an upload of 1,000 queued writes, and
the same operations on the TinyDB store at 10k cases in the same run (the ratios).

    python bench/server.py             # 1,000,000 cases on the server (a few minutes to build)
    python bench/server.py --cases 100000

Run by bench/run.py too (its section 5). Needs Debian's postgresql-15; as root the cluster
runs as the postgres user (pg_ctl refuses root). The server is durable as a real one is
(fsync and synchronous commit on).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PIN = "246810"


def _median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def _p95_ms(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000


def build(server, db: str, n: int) -> None:
    """n cases over the last 365 days, two events each (a day and two days after it was
    saved, and a quarter closed then), written by SQL in bulk (create()
    hashes each PIN slowly: a million would take days); the tallies counted once after."""
    from tui.store.codes import hash_pin

    pin = json.dumps(hash_pin(PIN))
    answers = json.dumps({"order_date": "2026-11-01", "order_no": "1234567890123456789",
                          "tracking": {"number": "73123456789012", "carrier": "zto"},
                          "seller_contact": {"status": "waiting", "date": "2026-11-20", "note": "客服说在查"},
                          "details": "外箱有压痕" * 10}, ensure_ascii=False)
    alphabet = "34679ACDEFGHJKMNPQRTUVWXY"
    # Codes from the case number in the codes' own alphabet ('3' and 7 digits base 25): unique,
    # and none starts with W (an offline desk's mark).
    code_sql = (f"'3' || (SELECT string_agg(substr('{alphabet}', 1 + ((i / (25 ^ k)::bigint) % 25)::int, 1), '' "
                "ORDER BY k DESC) FROM generate_series(0, 6) k)")
    server.psql("ALTER TABLE cases DISABLE TRIGGER cases_tally", db)
    server.psql(f"""
        INSERT INTO cases (code, desk, problem, answers, pin, status, created, closed, last, kinds)
        SELECT left(c, 4) || '-' || right(c, 4), (ARRAY['A3','C6','K4'])[1 + i % 3],
               (ARRAY['lost','delay','damaged','no_update','fake_signed'])[1 + i % 5],
               '{answers}'::jsonb, '{pin}'::jsonb,
               CASE WHEN i % 4 = 0 THEN 'resolved' ELSE 'open' END,
               t, CASE WHEN i % 4 = 0 THEN least(t + interval '2 days', now()) END,
               least(t + interval '2 days', now()),
               ARRAY['courier_complained','seller_contacted']
        FROM (SELECT i, {code_sql} AS c,
                     now() - (i % 365) * interval '1 day' - (i % 86400) * interval '1 second' AS t
              FROM generate_series(0, {n - 1}) i) s""", db)
    server.psql("""
        INSERT INTO events (id, code, n, kind, day, note, recorded, desk)
        SELECT gen_random_uuid(), code, k, (ARRAY['seller_contacted','courier_complained'])[k],
               (created AT TIME ZONE 'Asia/Shanghai')::date, '对方说再等等', least(created + k * interval '1 day', now()), desk
        FROM cases, generate_series(1, 2) k""", db)
    server.psql("""
        INSERT INTO tallies (problem, status, made, ended, kinds, n)
        SELECT problem, status, (created AT TIME ZONE 'Asia/Shanghai')::date,
               (closed AT TIME ZONE 'Asia/Shanghai')::date, kinds, count(*)
        FROM cases GROUP BY 1, 2, 3, 4, 5""", db)
    server.psql("ALTER TABLE cases ENABLE TRIGGER cases_tally", db)
    server.psql("VACUUM ANALYZE", db)


def measure(store, codes: list[str], repeats: int, now) -> dict[str, list[float]]:
    """The operations a desk and the staff do, each timed `repeats` times (figures fewer)."""
    from tui.core.figures import figures

    rng = random.Random(7)
    out: dict[str, list[float]] = {k: [] for k in ("load by code", "append event", "create (no PBKDF2)",
                                                   "open with PIN", "figures", "day's list")}

    def clock(name: str, fn) -> object:
        t0 = time.perf_counter()
        result = fn()
        out[name].append(time.perf_counter() - t0)
        return result

    for code in (rng.choice(codes) for _ in range(repeats)):
        clock("load by code", lambda c=code: store.load(c))
        clock("append event", lambda c=code: store.append_event(c, "courier_silent", "2026-11-26", "仍没有答复"))
    for _ in range(max(5, repeats // 10)):
        clock("open with PIN", lambda c=rng.choice(codes): store.open(c, PIN))
    # create() hashes one new PIN (PBKDF2, ~0.2 s by design): timed here with that hash made
    # beforehand, so the figure is the store's own work.
    from tui.store import cases as tiny_module, server as server_module

    ready = server_module.hash_pin(PIN)
    saved = tiny_module.hash_pin, server_module.hash_pin
    tiny_module.hash_pin = server_module.hash_pin = lambda pin, salt=None: ready
    try:
        for _ in range(max(5, repeats // 10)):
            clock("create (no PBKDF2)", lambda: store.create("lost", {"details": "bench"}))
    finally:
        tiny_module.hash_pin, server_module.hash_pin = saved
    for _ in range(10):
        clock("figures", lambda: figures(store.tallies() if hasattr(store, "tallies") else store.list_cases(),
                                         None, now().date()))
        start = now().replace(hour=0, minute=0, second=0, microsecond=0)
        clock("day's list", lambda: store.list_cases(since=start) if hasattr(store, "tallies") else
              [r for r in store.list_cases() if r.get("last", "") >= start.isoformat()])
    return out


def upload_time(server, url: str, codes: list[str], writes: int) -> float:
    """A desk's queue of `writes` events for known cases, written as the desk writes it
    offline, then uploaded: seconds for the upload alone."""
    from tui.store.desk import QUEUE_FILE, DeskStore

    folder = Path(tempfile.mkdtemp(prefix="kiosk-bench-desk-"))
    rng = random.Random(11)
    at = datetime.now().astimezone().isoformat(timespec="seconds")
    lines = [json.dumps({"id": str(uuid.uuid4()), "op": "event", "code": rng.choice(codes), "kind": "note",
                         "day": "2026-12-01", "note": f"queued {i}", "n": 1, "at": at}, ensure_ascii=False)
             for i in range(writes)]
    desk = DeskStore(url, folder, "K3")  # nothing waits yet: connects only
    (folder / QUEUE_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    t0 = time.perf_counter()
    desk.upload()
    took = time.perf_counter() - t0
    assert desk.waiting() == 0
    return took


def report(cases: int, repeats: int, tinydb_at: int = 10_000) -> None:
    from tests.pg import Server
    from tui.store.server import ServerStore

    print(f"\n## 5. Case store on a PostgreSQL server ({cases:,} cases, durable: fsync on) against "
          f"TinyDB at {tinydb_at:,} (median ms; p95 in brackets)")
    server = Server(durable=True)
    try:
        db = server.new_database()
        url = server.url(db)
        ServerStore(url, "/tmp").close_connection()  # the schema
        t0 = time.perf_counter()
        build(server, db, cases)
        print(f"  (built {cases:,} cases, {2 * cases:,} events on the server in {time.perf_counter() - t0:.0f} s)")
        store = ServerStore(url, tempfile.mkdtemp(prefix="kiosk-bench-desk-"))
        codes = server.psql(f"SELECT string_agg(code, ',') FROM (SELECT code FROM cases TABLESAMPLE "
                            f"SYSTEM (1) LIMIT 2000) s", db).split(",")
        pg = measure(store, codes, repeats, store.now)

        from bench.run import build_store
        from tui.store.cases import CaseStore

        work = Path(tempfile.mkdtemp(prefix="kiosk-bench-tiny-"))
        tiny_codes = build_store(work, tinydb_at)
        tiny = CaseStore(work)
        tn = measure(tiny, tiny_codes, repeats, tiny.now)
        budgets = {"load by code": 5, "append event": 5, "create (no PBKDF2)": 20, "figures": 100,
                   "day's list": 100, "open with PIN": None}
        print(f"  {'':22}{'server':>22}{'TinyDB':>22}{'ratio':>9}   budget (server)")
        for name, budget in budgets.items():
            s, t = _median_ms(pg[name]), _median_ms(tn[name])
            verdict = "" if budget is None else f"≤ {budget} ms {'OK' if _p95_ms(pg[name]) <= budget else 'OVER'}"
            print(f"  {name:22}{s:10.2f} [{_p95_ms(pg[name]):8.2f}]{t:10.2f} [{_p95_ms(tn[name]):8.2f}]"
                  f"{s / t if t else 0:8.2f}×   {verdict}")
        print("  (open with PIN includes one PBKDF2 check, ~0.2 s by design, on both)")
        took = upload_time(server, url, codes, 1000)
        print(f"  upload of 1,000 queued writes: {took:.2f} s (budget ≤ 2 s) {'OK' if took <= 2 else 'OVER'}")
    finally:
        server.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=1_000_000)
    ap.add_argument("--repeats", type=int, default=200)
    args = ap.parse_args()
    report(args.cases, args.repeats)


if __name__ == "__main__":
    main()
