"""What the tests and bench/soak.py look for in the process's memory after a wipe."""

from __future__ import annotations

import asyncio
import gc
import heapq


def reachable(needle: str) -> int:
    """Objects holding a string that contains `needle` (the needle itself aside)."""
    return sum(1 for o in gc.get_objects() for r in gc.get_referents(o)
               if isinstance(r, str) and needle in r and r is not needle)


def forget_pilot_leftovers() -> None:
    """Drop what the test harness, not the kiosk, keeps: Pilot waits with 30 s timeouts whose
    cancelled timer handles (each with a copy of the context, so of the screens then shown)
    stay in the event loop's heap until their time comes."""
    loop = asyncio.get_running_loop()
    loop._scheduled[:] = [h for h in loop._scheduled if not h.cancelled()]
    heapq.heapify(loop._scheduled)
