"""Provides printing: the sheet as an A4 PDF (`pdf`), sent to the help desk's printer through
CUPS (`spooler`) by one press of 打印 (`job`), a made-up visit for a test page (`sample`), and
PrintError, whose key names the visitor's message in content/i18n."""

from __future__ import annotations

from ..core.keyed import KeyedError


class PrintError(KeyedError):
    """Printing could not go on; nothing of the visit is lost. `detail` keeps CUPS's own words
    (English, sometimes naming files) for the staff's log."""
