"""Provides the kiosk's choice widgets, whose state reads without colour: a list with a ›
cursor, drawn only while the list has the focus (Menu), ticks drawn [✓] / [ ] (Ticks), one choice among a few drawn (●) / ( )
(OneOf) or ● / ○ along one line (OneOfRow), and one among many shown on one line, its list
opened over the page (Pick). Colour may add to them, never carry them alone."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual import events, on
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import OptionList, SelectionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from ..textual_private import Gutter, option_at_line
from .button import Button

CURSOR = "›"


class _CursorWhileFocused:
    """The › is drawn only on the list that has the focus: on a page of three lists it is the
    one mark that says which list the arrows move, with or without colour (NO_COLOR)."""

    def on_focus(self, event: events.Focus) -> None:
        self.refresh()

    def on_blur(self, event: events.Blur) -> None:
        self.refresh()


class Menu(_CursorWhileFocused, Gutter, OptionList):
    """An option list whose highlighted option has a › before it."""

    GUTTER = 2

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        try:
            index, offset = option_at_line(self, y)
        except IndexError:
            return strip
        style = next(iter(strip)).style if strip.cell_length else None
        mark = f"{CURSOR} " if index == self.highlighted and offset == 0 and self.has_focus else "  "
        return Strip([Segment(mark, style), *strip], strip.cell_length + 2)


class Ticks(_CursorWhileFocused, Gutter, SelectionList):
    """A selection list drawn › [✓] ticked / [ ] not. Space ticks; Enter goes on, as it does
    everywhere else in the kiosk (it posts Submitted, and the screen decides where to)."""

    BINDINGS = [Binding("enter", "submit", "go on", show=False)]
    GUTTER = 6

    class Submitted(Message):
        """Enter on the list: the visitor is done ticking."""

        def __init__(self, ticks: Ticks) -> None:
            super().__init__()
            self.ticks = ticks

        @property
        def control(self) -> Ticks:
            return self.ticks

    def action_submit(self) -> None:
        self.post_message(self.Submitted(self))

    def render_line(self, y: int) -> Strip:
        line = OptionList.render_line(self, y)  # the prompt, without SelectionList's ▐X▌
        try:
            index, offset = option_at_line(self, y)
            selection = self.get_option_at_index(index)
        except (IndexError, OptionDoesNotExist):
            return line
        style = next(iter(line)).style if line.cell_length else Style()
        # Clicking the box toggles it, as on SelectionList's own button.
        box_style = (style or Style()) + Style(meta={"option": index})
        first = offset == 0
        cursor = CURSOR if first and index == self.highlighted and self.has_focus else " "
        box = ("[✓]" if selection.value in self.selected else "[ ]") if first else "   "
        return Strip([Segment(f"{cursor} ", style), Segment(box, box_style), Segment(" ", style), *line],
                     line.cell_length + 6)


class OneOf(_CursorWhileFocused, Gutter, OptionList):
    """One choice among a few, drawn › (●) chosen / ( ) not: the arrows move the ›, Enter,
    space or a click chooses. One widget, where a RadioSet is one per option and one more:
    every widget mounted is part of a step's time (bench/run.py)."""

    BINDINGS = [Binding("space", "select", "choose", show=False)]
    GUTTER = 6

    class Changed(Message):
        """A choice was made (again, if Enter chose the same one: the visitor means it)."""

        def __init__(self, one_of: OneOf) -> None:
            super().__init__()
            self.one_of = one_of

        @property
        def control(self) -> OneOf:
            return self.one_of

    def __init__(self, *options: tuple[Content, str], value: str = "", **kwargs) -> None:
        super().__init__(*[Option(label, id=key) for label, key in options], **kwargs)
        self.value = value  # the chosen option's id; "" before a choice
        keys = [key for _, key in options]
        if value in keys:
            self.highlighted = keys.index(value)  # coming back, the › is on the choice made

    def render_line(self, y: int) -> Strip:
        line = OptionList.render_line(self, y)
        try:
            index, offset = option_at_line(self, y)
            option = self.get_option_at_index(index)
        except (IndexError, OptionDoesNotExist):
            return line
        style = next(iter(line)).style if line.cell_length else Style()
        first = offset == 0
        cursor = CURSOR if first and index == self.highlighted and self.has_focus else " "
        mark = ("(●)" if option.id == self.value else "( )") if first else "   "
        clickable = (style or Style()) + Style(meta={"option": index})  # a click on the mark chooses too
        return Strip([Segment(f"{cursor} {mark} ", clickable), *line], line.cell_length + 6)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # the Changed message says it, with the value set
        self.value = event.option.id or ""
        self.refresh()
        self.post_message(self.Changed(self))


class OneOfRow(Widget, can_focus=True):
    """One choice among a few along one line after its label, drawn ● chosen / ○ not, with a
    › before the one the arrows are on while the row has the focus: ← → move it, Enter or
    space chooses, a click on a choice chooses it. One widget where a button for each choice
    was one each (bench/run.py times every step)."""

    DEFAULT_CSS = """
    OneOfRow { height: 1; width: 1fr; }
    """
    BINDINGS = [
        Binding("left", "move(-1)", "previous", show=False),
        Binding("right", "move(1)", "next", show=False),
        Binding("enter,space", "choose", "choose", show=False),
    ]

    class Changed(Message):
        """A choice was made: `value` is its key."""

        def __init__(self, row: OneOfRow, value: str) -> None:
            super().__init__()
            self.row = row
            self.value = value

        @property
        def control(self) -> OneOfRow:
            return self.row

    def __init__(self, label: Content, options: list[tuple[Content, str]], value: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.label = label
        self.options = options
        self.value = value
        keys = [key for _, key in options]
        self.cursor = keys.index(value) if value in keys else 0

    def _parts(self) -> list[tuple[str, Content, str]]:
        """(cursor mark, the choice drawn with its state, key) for each choice, in order."""
        return [(CURSOR if self.has_focus and i == self.cursor else " ",
                 Content.assemble("● " if key == self.value else "○ ", text), key)
                for i, (text, key) in enumerate(self.options)]

    def render(self) -> Content:
        pieces: list = [self.label]
        for mark, drawn, key in self._parts():
            style = " ".join(name for name, wanted in (("reverse", mark == CURSOR), ("bold", key == self.value))
                             if wanted)
            pieces += [mark, drawn.stylize(style) if style else drawn, "  "]
        return Content.assemble(*pieces)

    def key_at(self, x: int) -> str | None:
        """The choice drawn at column x of the row (a click there chooses it), if any."""
        at = self.label.cell_length
        for mark, drawn, key in self._parts():
            end = at + len(mark) + drawn.cell_length
            if at <= x < end:
                return key
            at = end + 2
        return None

    def column_of(self, key: str) -> int:
        """The column where the choice `key` is drawn (its ● or ○)."""
        at = self.label.cell_length
        for mark, drawn, other in self._parts():
            if other == key:
                return at + len(mark)
            at += len(mark) + drawn.cell_length + 2
        raise KeyError(key)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_move(self, step: int) -> None:
        # Moving chooses, as on a radio row: the text below follows the arrows at once (it
        # used to wait for an Enter nobody was told about).
        if self.options:
            self.cursor = (self.cursor + step) % len(self.options)
            self.action_choose()

    def action_choose(self) -> None:
        if self.options:
            self._choose(self.options[self.cursor][1])

    def on_click(self, event: events.Click) -> None:
        key = self.key_at(event.x)
        if key is not None:
            self.cursor = [k for _, k in self.options].index(key)
            self._choose(key)

    def _choose(self, key: str) -> None:
        self.value = key
        self.refresh()
        self.post_message(self.Changed(self, key))


class Pick(Button):
    """One choice among many on one line: its label, the choice, then ▾. Enter or a click
    opens the list over the page (PickScreen). One widget where Textual's Select is six,
    every one of them mounted with the page: bench/run.py times each step."""

    class Changed(Message):
        """The value changed (chosen from the list, or set by the program)."""

        def __init__(self, pick: Pick) -> None:
            super().__init__()
            self.pick = pick

        @property
        def control(self) -> Pick:
            return self.pick

    value: reactive[str] = reactive("", init=False)

    def __init__(self, options: list[tuple[Content, str]], value: str, label: Content = Content(""),
                 **kwargs) -> None:
        self.options = options
        self.prefix = label  # what is chosen (the courier company), said before the choice
        super().__init__(self._label(value), **kwargs)
        self.set_reactive(Pick.value, value)

    def _label(self, value: str) -> Content:
        label = next((label for label, key in self.options if key == value), Content(""))
        return Content.assemble(self.prefix, label, "  ▾")

    def watch_value(self, value: str) -> None:
        self.label = self._label(value)
        self.post_message(self.Changed(self))

    def press(self) -> Pick:
        if self.disabled or not self.display:
            return self
        from ..screens.pick import PickScreen  # here: the screen module imports this one

        def picked(value: str | None) -> None:
            if value is not None:
                self.value = value
            self.focus()

        self.app.push_screen(PickScreen(self.options, self.value), picked)
        return self
