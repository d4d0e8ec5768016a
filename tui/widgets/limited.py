"""Provides LimitedInput and LimitedArea: a one-line and a many-line text box that take at
most `most` characters. A paste that does not fit goes in up to the limit and says so (the
TooLong message), instead of being refused without a word — or, with no limit at all,
making every later key slow (a 333,334-character paste: 700 ms a key)."""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, TextArea

# Limits of the one-line boxes, each well past the longest thing that belongs in it, so that
# only a paste of something else is ever cut (and the box's own check then says why).
DATE_MOST = 30  # the longest date form read (year, month and day in Chinese) is 11 characters
NUMBER_MOST = 40  # order numbers are 16–20 digits, tracking numbers at most ~20 characters
CODE_MOST = 20  # a case code is 9 characters, typed with spaces or dashes at most 17
PIN_MOST = 12  # a PIN is 4–6 digits; longer is kept, so the resume screen says what is wrong


class TooLong(Message):
    """A paste did not fit: only its first part went in. `words` is the content/i18n key of
    the sentence to say, with `n` the limit."""

    def __init__(self, control: Widget, most: int, words: str) -> None:
        super().__init__()
        self._control, self.most, self.words = control, most, words

    @property
    def control(self) -> Widget:
        return self._control


class LimitedInput(Input):
    def __init__(self, *args, most: int, words: str = "input_too_long", **kwargs) -> None:
        super().__init__(*args, max_length=most, **kwargs)  # Input itself refuses keys past it
        self.most, self.words = most, words

    def on_paste(self, event: events.Paste) -> None:
        line = event.text.splitlines()[0] if event.text else ""
        start, end = sorted(self.selection)
        room = self.most - len(self.value) + (end - start)
        if len(line) <= room:
            return  # Input's own handler (_on_paste) pastes it
        event.prevent_default()
        event.stop()
        if room > 0:
            self.replace(line[:room], start, end)
        self.post_message(TooLong(self, self.most, self.words))


class LimitedArea(TextArea):
    def __init__(self, *args, most: int, words: str = "input_too_long", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.most, self.words = most, words

    async def on_paste(self, event: events.Paste) -> None:
        room = self.most - len(self.text) + len(self.selected_text)
        if len(event.text) <= room:
            return  # TextArea's own handler (_on_paste) pastes it
        event.prevent_default()  # not TextArea's handler too (the public way to stop a base class's)
        event.stop()
        if room > 0 and not self.read_only:
            result = self.replace(event.text[:room], *self.selection)
            self.move_cursor(result.end_location)
        self.post_message(TooLong(self, self.most, self.words))
