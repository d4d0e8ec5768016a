"""Provides CollectsGarbage, the kiosk app's garbage collection policy: Python's collector
runs only at moments no visitor waits on (it ran in the middle of steps and made their
median a third slower, bench/run.py)."""

from __future__ import annotations

import gc

# The young objects after GC_PAUSE seconds without a key or click once GC_SMALL were made (a
# step makes ~11,000), or at once past GC_BACKLOG (about a visit's worth, a few MiB);
# everything after GC_IDLE seconds.
GC_PAUSE = 1.0
GC_SMALL = 1_000
GC_BACKLOG = 150_000
GC_IDLE = 30.0


class CollectsGarbage:
    """A KioskApp part (it reads the app's clock and last input)."""

    collected_all = True  # no garbage collection pending

    def _collect_garbage(self) -> None:
        """Python's garbage collection, at moments no visitor waits on: the young objects
        (a few ms) once the visitor has paused, or at once if one never pauses and they pile
        up; everything (up to ~100 ms, growing with Textual's caches) only once nobody has
        touched the kiosk for a while."""
        if gc.isenabled():
            return  # the warm-up has not switched Python's own collector off yet
        paused = self.clock() - self.last_input
        young = gc.get_count()[0]
        if young > GC_BACKLOG or (young > GC_SMALL and paused >= GC_PAUSE):
            gc.collect(1)
            self.collected_all = False
        elif not self.collected_all and paused >= GC_IDLE:
            gc.collect()
            self.collected_all = True
