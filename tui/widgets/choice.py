"""Provides the kiosk's choice widgets, whose state reads without colour: a list with a ›
cursor (Menu), ticks drawn [✓] / [ ] (Ticks), and radio buttons drawn (●) / ( ) (Radio).
Colour may add to them, never carry them alone."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.content import Content
from textual.strip import Strip
from textual.widgets import OptionList, RadioButton, SelectionList
from textual.widgets.option_list import OptionDoesNotExist

CURSOR = "›"


class Menu(OptionList):
    """An option list whose highlighted option has a › before it."""

    def _get_left_gutter_width(self) -> int:
        return 2

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        try:
            index, offset = self._lines[self.scroll_offset.y + y]
        except IndexError:
            return strip
        style = next(iter(strip)).style if strip.cell_length else None
        mark = f"{CURSOR} " if index == self.highlighted and offset == 0 else "  "
        return Strip([Segment(mark, style), *strip], strip.cell_length + 2)


class Ticks(SelectionList):
    """A selection list drawn › [✓] ticked / [ ] not."""

    def _get_left_gutter_width(self) -> int:
        return 6

    def render_line(self, y: int) -> Strip:
        line = OptionList.render_line(self, y)  # the prompt, without SelectionList's ▐X▌
        try:
            index, offset = self._lines[self.scroll_offset.y + y]
            selection = self.get_option_at_index(index)
        except (IndexError, OptionDoesNotExist):
            return line
        style = next(iter(line)).style if line.cell_length else Style()
        # Clicking the box toggles it, as on SelectionList's own button.
        box_style = (style or Style()) + Style(meta={"option": index})
        first = offset == 0
        cursor = CURSOR if first and index == self.highlighted else " "
        box = ("[✓]" if selection.value in self._selected else "[ ]") if first else "   "
        return Strip([Segment(f"{cursor} ", style), Segment(box, box_style), Segment(" ", style), *line],
                     line.cell_length + 6)


class Radio(RadioButton):
    """A radio button drawn (●) when chosen and ( ) when not, with a › where the arrow keys
    are (its RadioSet marks that button -selected)."""

    @property
    def _button(self) -> Content:
        cursor = CURSOR if self.has_class("-selected") else " "
        return Content.assemble(cursor, "(", ("●", "bold") if self.value else " ", ")")
