"""Provides PrintJob: one press of the print button — the sheet made, sent to the printer (or saved as PDF
where none is set), then watched until it is printed — saying each outcome in the visitor's
words through a callback. Runs in a worker thread; knows nothing of the screens."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..core.keyed import Reason
from ..core.sheet import Sheet
from . import PrintError

# Seconds a sent job is watched, to tell the visitor it is printed or the printer stopped;
# a job not printed by then is cancelled (a printer warming up prints well within it).
WATCH = 60


@dataclass
class PrintJob:
    sheet: Sheet
    printer: str | None  # a name; "" for none (save as PDF); None for the system's default
    text: Callable[..., str]  # Content.text: every sentence said comes from content/i18n
    say: Callable[[str], None]  # shows a sentence to the visitor (safe to call from the thread)
    save: Callable[[bytes], Path]  # keeps the PDF in the staff's folder (raises OSError)
    log: Callable[[str, str], None]  # (where, CUPS's words) for the staff's log
    cancelled: Callable[[], bool] = lambda: False
    job: str = ""

    def run(self) -> tuple[bool, str]:
        """Make and deliver the sheet: (True when it was printed or saved — it counts, the
        sentence to say). The caller says it, after counting: a press that comes the moment
        the visitor reads that it was saved must find the count and the busy flag up to date."""
        from . import pdf, spooler

        t = self.text
        try:
            data = pdf.render(self.sheet)
            if self.printer == "":
                path = self.save(data)
                return True, t("print_saved", name=path.name)
            printer = self.printer or spooler.default_printer()
            self.job = spooler.send(data, printer, t("print_job_title"))
            self.printer = printer
            return True, t("print_sent", printer=printer, job=self.job)
        except PrintError as e:
            self.log(f"printing ({e.key})", e.detail)
            return False, e.message(t)
        except OSError as e:
            return False, t("save_failed", why=Reason(e).said(t))

    def follow(self) -> bool:
        """Watch a sent job: say when it is printed. A job that failed (CUPS keeps it, and may
        stop the printer), cannot reach its printer or is not printed within WATCH seconds
        is cancelled and the visitor told: it must not come out after they left. True once
        the job is no longer queued; False when the watch was cut short (the visit ended),
        so the caller cancels it."""
        from . import spooler

        if not self.job:
            return True
        for _ in range(WATCH):
            time.sleep(1)
            if self.cancelled():
                return False
            state, details = spooler.job_state(self.job)
            if state == "completed":
                self.say(self.text("print_done", job=self.job))
                return True
            try:
                stopped = not spooler.printer_state(self.printer).enabled
            except PrintError:
                stopped, details = True, details or "CUPS stopped answering"
            if state in ("failed", "unreachable") or stopped:
                break
        else:
            details = f"not printed within {WATCH} s: {details}"
        self.log("printing (job failed)", f"{self.job} cancelled: {details or 'printer stopped'}")
        spooler.cancel(self.job)
        self.say(self.text("print_job_stopped", printer=self.printer))
        return True
