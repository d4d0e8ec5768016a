"""Provides ComplaintArea: the complaint text's editor, which takes at most MAX_CHARS — a
huge paste is cut there (and says so) instead of making every later key slow."""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.widgets import TextArea

from ..core.draft import MAX_CHARS


class ComplaintArea(TextArea):
    class Cut(Message):
        """A paste did not fit: only its first part went in."""

    async def _on_paste(self, event: events.Paste) -> None:
        room = MAX_CHARS - len(self.text) + len(self.selected_text)
        if len(event.text) <= room:
            return  # TextArea's own handler (next in the class chain) pastes it
        event.prevent_default()  # not TextArea's handler too
        event.stop()
        if room > 0 and not self.read_only:
            result = self.replace(event.text[:room], *self.selection)
            self.move_cursor(result.end_location)
        self.post_message(self.Cut())
