"""Provides printing through CUPS: which printer (the kiosk's setting or the system default),
whether it takes jobs, sending a PDF to it with `lp` — from memory, so no copy of the
visitor's plan is left in a file of ours — and what became of the job."""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass

from . import PrintError

TIMEOUT = 20  # seconds: a spooler that does not answer by then is treated as not running


@dataclass(frozen=True)
class PrinterState:
    name: str
    exists: bool
    enabled: bool = False  # not stopped (a stopped printer keeps jobs until someone restarts it)
    accepting: bool = False
    reason: str = ""  # CUPS's own words, for the staff

    @property
    def ready(self) -> bool:
        return self.exists and self.enabled and self.accepting


def _run(args: list[str], data: bytes | None = None) -> subprocess.CompletedProcess:
    # CUPS's tools answer in the user's language; the kiosk reads their answers, so it asks
    # in English and says what happened in its own words.
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
    try:
        done = subprocess.run(args, input=data, capture_output=True, env=env, timeout=TIMEOUT, check=False)
    except FileNotFoundError:
        raise PrintError("print_no_spooler", f"{args[0]} not found (apt-get install cups-client)") from None
    except (OSError, subprocess.SubprocessError) as e:
        raise PrintError("print_no_spooler", f"{args[0]}: {type(e).__name__}: {e}") from None
    said = (done.stdout + done.stderr).decode("utf-8", "replace")
    if re.search(r"scheduler is not running|Unable to connect to server|No such file or directory.*cups",
                 said, re.IGNORECASE):
        raise PrintError("print_no_spooler", said.strip())
    return done


def _text(done: subprocess.CompletedProcess) -> str:
    return (done.stdout + done.stderr).decode("utf-8", "replace").strip()


def configured(name: str | None = None) -> str | None:
    """The printer the kiosk is told to use (--printer, else $KIOSK_PRINTER); None means
    the system's default, looked up when printing."""
    return name or os.environ.get("KIOSK_PRINTER") or None


def default_printer() -> str | None:
    """The system's default printer, or None when there is none (or no CUPS at all)."""
    try:
        said = _text(_run(["lpstat", "-d"]))
    except PrintError:
        return None
    match = re.search(r"system default destination:\s*(\S+)", said)
    return match.group(1) if match else None


def printer_state(name: str) -> PrinterState:
    """Whether `name` exists, is enabled and accepts jobs. PrintError if CUPS is not there."""
    done = _run(["lpstat", "-p", name])
    said = _text(done)
    if done.returncode != 0 or not said.startswith(f"printer {name} "):
        # With no scheduler, lpstat knows no printers and calls every name invalid: ask it
        # whether it runs at all, so the staff hear the real trouble (raises if not).
        _run(["lpstat", "-r"])
        return PrinterState(name, exists=False, reason=said)
    enabled = " disabled " not in said.splitlines()[0] + " "
    reason = "\n".join(line.strip() for line in said.splitlines()[1:]).strip()
    accepts = _text(_run(["lpstat", "-a", name]))
    accepting = bool(re.match(rf"{re.escape(name)} accepting requests", accepts))
    if not accepting:
        reason = (reason + "\n" + accepts).strip()
    return PrinterState(name, exists=True, enabled=enabled, accepting=accepting, reason=reason)


def check(name: str | None) -> str:
    """The printer to send to, ready for a job; else PrintError with the visitor's message.
    A stopped printer would keep the visitor's plan in its queue after they left, so it is
    refused, not queued."""
    if not name:
        raise PrintError("print_no_printer", "no printer: give --printer NAME, set KIOSK_PRINTER, or a system "
                                             "default (lpoptions -d NAME)")
    state = printer_state(name)
    if not state.exists:
        raise PrintError("print_unknown_printer", state.reason, printer=name)
    if not state.enabled:
        raise PrintError("print_stopped", state.reason, printer=name)
    if not state.accepting:
        raise PrintError("print_not_accepting", state.reason, printer=name)
    return name


def send(pdf: bytes, name: str | None, title: str) -> str:
    """Print `pdf` on `name`; the job's id ("Desk-12"). The document goes to `lp` on its
    standard input: the only copy is the spooler's, which CUPS removes once printed
    (PreserveJobFiles No, deploy/README.md). The title names no case and no person."""
    printer = check(name)
    done = _run(["lp", "-d", printer, "-t", title, "-o", "job-sheets=none", "-"], data=pdf)
    said = _text(done)
    match = re.search(r"request id is (\S+)", said)
    if done.returncode != 0 or not match:
        raise PrintError("print_failed", said, printer=printer)
    return match.group(1)


def job_state(job: str) -> tuple[str, str]:
    """(state, CUPS's words): "pending", "failed" (a filter or the printer failed; CUPS keeps
    such a job), "completed" (no longer queued) or "unknown" (CUPS cannot say)."""
    try:
        said = _text(_run(["lpstat", "-l", "-o"]))
    except PrintError:
        return "unknown", ""
    jobs: dict[str, str] = {}
    current = ""
    for line in said.splitlines():
        if line and not line[0].isspace():
            current = line.split()[0]
            jobs[current] = ""
        elif current:
            jobs[current] += line.strip() + " "
    if job not in jobs:
        return "completed", ""
    details = jobs[job]
    if re.search(r"job-stopped|with-errors|job-canceled|aborted", details):
        return "failed", details.strip()
    # A printer CUPS has enabled but cannot reach: the backend retries for ever, and the
    # job would print whenever the printer comes back, with nobody there.
    if re.search(r"may not exist or is unavailable|Unable to connect|Connection refused|"
                 r"Network host .* is busy|Unable to locate printer|not responding", details, re.IGNORECASE):
        return "unreachable", details.strip()
    return "pending", details.strip()


def cancel(job: str) -> bool:
    """Cancel `job` and purge its document from CUPS's spool (cancel -x): a sheet that did
    not print must not come out later, with nobody there. True when CUPS took it (False
    too for a job already done)."""
    try:
        return _run(["cancel", "-x", job]).returncode == 0
    except PrintError:
        return False
