"""A child process for the store tests: appends events and prints each one as soon as
append_event has returned (so the parent knows it is saved) — on a case folder or a
PostgreSQL server alike."""

import sys

from tui.store.opening import open_store

where, code, label, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
codes = code.split(",")
store = open_store(where)
for i in range(count):
    target = codes[i % len(codes)]
    event = store.append_event(target, "note", "2026-11-26", f"{label}:{i}")
    print(f"{target} {event['note']}", flush=True)
