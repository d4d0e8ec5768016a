"""Provides the child process the benchmark starts in a pseudo-terminal: the kiosk (or a
minimal Textual app) runs as usual and reports on fd $BENCH_FD once its first screen is drawn
and interactive, then exits. With `session`, the kiosk first finishes its warm-up, then opens a
saved case and its full plan, so the memory figure covers a kiosk at work."""

from __future__ import annotations

import os
import resource
import sys
from pathlib import Path


def peak_rss_kib() -> int:
    """Peak resident memory of this process image. Not getrusage's ru_maxrss: on Linux that
    keeps the high-water mark of the parent the child was forked from."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def report(app, started: float) -> None:
    import time

    rss_kib = peak_rss_kib()
    os.write(int(os.environ["BENCH_FD"]), f"READY {time.perf_counter() - started:.6f} {rss_kib}\n".encode())
    app.exit()


def minimal(started: float):
    from textual.app import App
    from textual.widgets import Footer, Header, Static

    class Minimal(App):
        def compose(self):
            yield Header()
            yield Static("物流投诉自助")
            yield Footer()

        def on_ready(self) -> None:
            self.call_after_refresh(report, self, started)

    return Minimal()


def kiosk(started: float, session: bool):
    import tui.app
    from tui.cli import _load

    class Timed(tui.app.KioskApp):
        # CSS_PATH is resolved next to the class's own module: point it back to the kiosk's.
        CSS_PATH = str(Path(tui.app.__file__).with_name("app.tcss"))

        def on_ready(self) -> None:
            self.wait_for_welcome()

        def wait_for_welcome(self) -> None:
            from tui.screens.welcome import WelcomeScreen

            if not isinstance(self.screen, WelcomeScreen) or not self.screen.query("#start"):
                self.set_timer(0.001, self.wait_for_welcome)
            elif session and not self.warmed:
                self.set_timer(0.05, self.wait_for_welcome)  # a running kiosk has always warmed up
            elif session:
                self.open_a_case()
            else:
                self.call_after_refresh(report, self, started)

        def open_a_case(self) -> None:
            from tui.screens.case import CaseScreen
            from tui.screens.case_plan import CasePlanScreen

            self.open_case(os.environ["BENCH_CODE"], os.environ["BENCH_PIN"])
            self.push_screen(CaseScreen())
            self.push_screen(CasePlanScreen())
            self.call_after_refresh(self.call_after_refresh, report, self, started)

    return Timed(_load(None))


def main() -> None:
    import time

    started = time.perf_counter()
    which = sys.argv[1]
    app = minimal(started) if which == "minimal" else kiosk(started, session=which == "session")
    app.run()


if __name__ == "__main__":
    main()
