"""A kiosk process at one desk of several on one server, for tests/test_server.py: runs one
visit as the kiosk's own Visit does (answers, plan, case) and prints what the visitor is
told. Arguments: URL, then one of `save PROBLEM`, `open CODE PIN`, `record CODE PIN NOTE`,
`guess CODE TIMES`. The desk's id and folder come from KIOSK_CONFIG / KIOSK_DESK_DIR."""

import sys

from tests.conftest import CONTENT_DIR, TODAY
from tests.test_visit import walk_to
from tui.core.content import load_content
from tui.visit import Visit

url, command, *rest = sys.argv[1:]
content = load_content(CONTENT_DIR)
visit = Visit(content, today=lambda: TODAY, db=url)
if command == "save":
    walk_to(visit, rest[0])
    assert visit.plan().steps
    code, pin = visit.save_case()
    print(code, pin)
elif command == "open":
    print(visit.failure(lambda: visit.open_case(rest[0], rest[1])) or f"opened {visit.case.problem}")
elif command == "record":
    said = visit.failure(lambda: visit.open_case(rest[0], rest[1]))
    said = said or visit.failure(lambda: visit.record_event("seller_contacted", "2026-11-26", rest[2]))
    print(said or " / ".join(e["note"] for e in visit.case.events))
elif command == "guess":
    wrong = "000000"
    for _ in range(int(rest[1])):
        print(visit.failure(lambda: visit.open_case(rest[0], wrong)) or "opened")
