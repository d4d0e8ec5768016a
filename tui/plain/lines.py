"""Provides the terminal of the plain mode: lines out, a line in with the idle warning and
wipe, and the kiosk's quit keys held off — nothing drawn, no colour, the cursor left where
the answer goes (a braille display follows it)."""

from __future__ import annotations

import codecs
import os
import select
import signal
import sys
import time
from typing import Callable, TextIO


class Idle(Exception):
    """Nobody answered the idle warning: the visit is wiped."""


class Gone(Exception):
    """The input ended (a demo's Ctrl+D, a closed pipe): the plain mode stops."""


# How often a wait for a line looks at the clock (the idle warning's seconds are counted).
POLL = 0.25


class Lines:
    """Reads whole lines from `inp` (its file descriptor where it has one, so that a paste of
    several lines is read line by line and a wait can time out) and writes to `out`.
    `unattended(idle)` says what `idle` seconds without a line mean (Visit.unattended): the
    warning, with the seconds left, is said once; the wipe raises Idle."""

    def __init__(self, inp: TextIO = sys.stdin, out: TextIO = sys.stdout, *,
                 warn: Callable[[int], str] = str, kiosk: bool = False) -> None:
        self.inp, self.out = inp, out
        self.warn = warn
        self.unattended: Callable[[float], tuple[str, int]] = lambda idle: ("", 0)
        self.kiosk = kiosk
        try:
            self.fd = inp.fileno()
        except (AttributeError, OSError, ValueError):
            self.fd = None  # a StringIO in a test: no waiting, no idle
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._pending = ""
        if kiosk:
            # At a help desk no key may end the kiosk: Ctrl+C, Ctrl+\ and Ctrl+Z do nothing.
            for sig in (signal.SIGINT, signal.SIGQUIT, signal.SIGTSTP):
                signal.signal(sig, signal.SIG_IGN)

    def say(self, *lines: str) -> None:
        for line in lines:
            self.out.write(line + "\n")
        self.out.flush()

    def ask(self, prompt: str) -> str:
        """The visitor's next line, without its newline; the prompt stays on the answer's
        line. Raises Idle after the idle wait and its warning, Gone at the input's end."""
        from ..visit import visit

        self.out.write(prompt)
        self.out.flush()
        started, warned = time.monotonic(), False
        while True:
            line = self._line(POLL)
            if line is not None and not (warned and not line.strip()):
                return line
            if line is not None:
                # Enter, as the warning asked: still here — the question waits on, anew.
                started, warned = time.monotonic(), False
                self.out.write(prompt)
                self.out.flush()
                continue
            what, left = self.unattended(time.monotonic() - started)
            if what == visit.WIPE:
                self.forget_typed()
                raise Idle
            if what == visit.WARN and not warned:
                warned = True
                self.say("", self.warn(left))
                self.out.write(prompt)  # the cursor back where the answer goes
                self.out.flush()

    def secret(self, prompt: str) -> str:
        """A line not echoed (the staff's passcode), with the same idle rule as ask."""
        if self.fd is None or not os.isatty(self.fd):
            return self.ask(prompt)
        import termios

        before = termios.tcgetattr(self.fd)
        quiet = before[:]
        quiet[3] &= ~termios.ECHO
        termios.tcsetattr(self.fd, termios.TCSANOW, quiet)
        try:
            return self.ask(prompt)
        finally:
            termios.tcsetattr(self.fd, termios.TCSANOW, before)
            self.say("")

    def clear(self) -> None:
        """At a wipe: the visit's lines off the terminal and out of its scrollback (a PIN, the
        answers), where the output is a terminal. The one escape sequence the plain mode
        sends: clear the screen, home the cursor, drop the scrollback."""
        try:
            tty = os.isatty(self.out.fileno())
        except (AttributeError, OSError, ValueError):
            tty = False
        if tty:
            self.out.write("\x1b[H\x1b[2J\x1b[3J")
            self.out.flush()

    def _line(self, wait: float) -> str | None:
        if self.fd is None:
            line = self.inp.readline()
            if not line:
                raise Gone
            return line.rstrip("\r\n")
        deadline = time.monotonic() + wait
        while "\n" not in self._pending:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([self.fd], [], [], left)
            if not ready:
                return None
            chunk = os.read(self.fd, 4096)
            if not chunk:
                if self.kiosk and os.isatty(self.fd):
                    continue  # Ctrl+D at the desk: nothing ends
                if self._pending:
                    chunk = b"\n"
                else:
                    raise Gone
            self._pending += self._decoder.decode(chunk)
        line, self._pending = self._pending.split("\n", 1)
        return line.rstrip("\r")

    def forget_typed(self) -> None:
        """Drop what was typed but not sent (the terminal's line, a pasted rest): the next
        visitor must not find it."""
        self._pending = ""
        if self.fd is not None and os.isatty(self.fd):
            import termios

            termios.tcflush(self.fd, termios.TCIFLUSH)
