"""Provides TitleBar: the line at the top of every screen — what it is about on the left,
where the visitor is (step 3 of 14, page 2 of 5) on the right — as one widget."""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.message import Message
from textual.widget import Widget


class TitleBar(Widget):
    """One widget, not a row of three: every step mounts, styles and lays out each widget
    of the next screen, and this bar is on all of them (bench/run.py). Clicked, it asks for
    the staff's help (as F1 does); once asked, it turns yellow on every screen of the visit,
    so staff walking by see who needs them, and where they are."""

    DEFAULT_CSS = """
    TitleBar.-help { background: $warning; color: $text; }
    """

    class HelpWanted(Message):
        """The visitor clicked the bar: they want a person from the desk."""

    def __init__(self, title: str, where: str = "", help_words: tuple[str, str] = ("", ""),
                 asked: bool = False) -> None:
        super().__init__(id="topbar", classes="-help" if asked else "")
        self.title = title
        self.where = where
        self.help_words = help_words  # (how to ask, said once asked), before `where`
        self.asked = asked

    def mark_help(self, asked: bool) -> None:
        if asked != self.asked:
            self.asked = asked
            self.set_class(asked, "-help")
            self.refresh()

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(self.HelpWanted())

    def retitle(self, title: str) -> None:
        if title != self.title:
            self.title = title
            self.refresh()

    def render(self) -> Content:
        ask = self.help_words[1 if self.asked else 0]
        where = Content(f"{ask} · {self.where}" if ask and self.where else ask or self.where)
        if where.cell_length > self.size.width - 2:  # a narrow window: the mark, else the counter
            where = Content(ask if self.asked else self.where)
        title = Content.styled(self.title, "bold")
        room = self.size.width - where.cell_length - 2  # at least two spaces between them
        if title.cell_length > room:
            title = title.truncate(max(room, 0), ellipsis=True)
        gap = self.size.width - title.cell_length - where.cell_length
        return Content.assemble(title, " " * max(gap, 1), where) if where.cell_length else title
