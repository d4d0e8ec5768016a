"""Provides TitleBar: the line at the top of every screen — what it is about on the left,
where the visitor is (step 3 of 14, page 2 of 5) on the right — as one widget."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget


class TitleBar(Widget):
    """One widget, not a row of three: every step mounts, styles and lays out each widget
    of the next screen, and this bar is on all of them (bench/run.py)."""

    def __init__(self, title: str, where: str = "") -> None:
        super().__init__(id="topbar")
        self.title = title
        self.where = where

    def retitle(self, title: str) -> None:
        if title != self.title:
            self.title = title
            self.refresh()

    def render(self) -> Content:
        title, where = Content.styled(self.title, "bold"), Content(self.where)
        room = self.size.width - where.cell_length - 2  # at least two spaces between them
        if title.cell_length > room:
            title = title.truncate(max(room, 0), ellipsis=True)
        gap = self.size.width - title.cell_length - where.cell_length
        return Content.assemble(title, " " * max(gap, 1), where) if self.where else title
