"""A child process for the store tests: appends events and prints each one as soon as
append_event has returned (so the parent knows it must be on disk)."""

import sys

from tui.store.cases import CaseStore

root, code, label, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
codes = code.split(",")
store = CaseStore(root)
for i in range(count):
    target = codes[i % len(codes)]
    event = store.append_event(target, "note", "2026-11-26", f"{label}:{i}")
    print(f"{target} {event['note']}", flush=True)
