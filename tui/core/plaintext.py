"""Provides plain(): text from a case, the content or a visitor, made safe to show — no
terminal control sequences, control characters or bidirectional overrides."""

from __future__ import annotations

import re

# Whole escape sequences first, so that nothing of them is left to show: CSI (ESC [ … final
# byte), OSC / DCS / SOS / PM / APC strings up to BEL or ST (ESC \), then any other two-byte
# ESC sequence. The 8-bit C1 forms (CSI = U+009B, OSC = U+009D …) are handled the same way.
_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"  # CSI: parameters, intermediates, final byte
    r"|(?:\x1b[\]P^_X]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # strings
    r"|\x1b[ -/]*[0-~]?"  # any other escape (ESC c resets the terminal, ESC 7 …)
)
# What is left that a terminal would act on or that reorders what is shown: C0 controls but
# tab and newline, DEL, C1 controls, and the bidirectional embeddings, overrides and isolates
# (U+202A–U+202E, U+2066–U+2069) that can make text read differently from what it says.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def plain(text: str) -> str:
    """`text` without terminal sequences and control characters; a carriage return becomes
    a line break (text pasted from Windows), everything else visible is kept."""
    if text.isprintable():
        return text  # the common case, decided in C
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", _SEQUENCE.sub("", text))


def plain_tree(value):
    """plain() applied to every string inside a JSON-like value (a stored case)."""
    if isinstance(value, str):
        return plain(value)
    if isinstance(value, dict):
        return {k: plain_tree(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_tree(v) for v in value]
    return value
