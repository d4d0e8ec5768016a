"""Provides FlowScreen, the frame every step of the guided flow shares: title, step counter,
body, a message line, and the back / next controls with their keys."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from ..widgets.button import Button
from ..widgets.title_bar import TitleBar
from .frame import FramedScreen, wipe_button


class FlowScreen(FramedScreen):
    """One step of the flow. Subclasses fill the body and decide what `leave` keeps; the
    screen posts where the visitor wants to go, and the app (on the visit) decides."""

    class Next(Message):
        """On from this step: its answers were kept and passed the page's rule."""

        def __init__(self, screen: FlowScreen) -> None:
            super().__init__()
            self.screen = screen

    class Back(Message):
        """One step back: what was typed is kept."""

        def __init__(self, screen: FlowScreen) -> None:
            super().__init__()
            self.screen = screen

    class Edit(Message):
        """From the check page, to the step of one answer, to change it."""

        def __init__(self, screen: FlowScreen, step: str) -> None:
            super().__init__()
            self.screen, self.step = screen, step

    BINDINGS = [
        Binding("escape", "back", "back"),
        # ctrl+n works wherever focus is (even in a text area); Enter works in inputs.
        Binding("ctrl+n", "next", "next", priority=True),
        # Enter goes on where nothing focused takes it (the plan, read with the focus on its
        # page); a box, a list or a button takes its own Enter first.
        Binding("enter", "next", "next", show=False),
    ]

    # The plan and the complaint text offer 保存为案件 and 打印 beside 上一步 / 下一步.
    offers_saving = False

    def __init__(self, step: str, number: int, total: int, editing: bool = False, supposing=None) -> None:
        super().__init__(name=step)
        self.step = step
        self.number = number
        self.total = total
        self.editing = editing  # opened from the check-your-answers page
        # Built ahead from answers as they would be once a highlighted problem is chosen
        # (KioskApp.prepare_next); None once shown, and for every other screen.
        self.supposing = supposing

    @property
    def interview(self):
        return self.supposing if self.supposing is not None else self.app.interview

    def basis(self) -> tuple:
        """Everything of the visit this screen is built from. A screen built ahead, while the
        visitor reads the one before (KioskApp.prepare_next), is shown only if this has not
        changed since; here, the whole visit. A screen built from less says so: the more it
        names, the less often the one built ahead can be shown."""
        return (*self.visit(), sorted(self.interview.evidence_ticked))

    def visit(self) -> tuple:
        """The whole visit but the evidence ticked (see basis)."""
        iv, app = self.interview, self.app
        return (iv.problem_id, repr(iv.answers), repr(iv.typed), repr(iv.complaint_texts), iv.complaint_to, app.case,
                app.today(), app.size, app.print_label())

    def renew(self) -> None:
        """Bring a screen built ahead up to date, just before it is shown, for what its
        `basis` leaves out (the check page's answers)."""

    def compose(self) -> ComposeResult:
        self.built_on = self.basis()  # read as the screen is built (KioskApp.screen_for)
        # Once this screen is on the terminal, the one its next button opens is built while
        # the visitor reads.
        self.after_first_frame(lambda: self.app.prepare_next(self))
        counter = self.t("step_counter", n=self.number, m=self.total)
        yield TitleBar(self.title_text(), (self.t("editing_mark") if self.editing else "") + counter,
                       (self.t("help_key"), self.t("help_asked_mark")), asked=self.app.help_asked)
        with VerticalScroll(id="body"):
            yield from self.compose_body()
        # The message line above the buttons is added when there is a message (show_error).
        with Horizontal(id="navbar"):
            yield Button(Content("‹ " + self.t("back") + "  Esc"), id="back")
            if self.offers_saving:
                yield Button(Content(self.t("save_case")), id="save-case")
                yield Button(Content(self.app.print_label()), id="print")
            yield Static("", id="keys")  # room between: the key is on the button it presses
            yield wipe_button(self.t("wipe"))
            label = self.forward_label()
            yield Button(Content(label + " ›  Ctrl+N"), id="next", variant="primary")

    def next_label(self) -> str:
        return self.t("next")

    def forward_label(self) -> str:
        """The words on the button that goes on: back to the check page when editing."""
        return self.t("back_to_review") if self.editing else self.next_label()


    # Decorated handlers: a screen's own on_button_pressed (修改, 复制…) runs beside them
    # without passing the navigation buttons on, so nothing is pressed twice.
    @on(Button.Pressed, "#next")
    def _next(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_next()

    @on(Button.Pressed, "#back")
    def _back(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_back()

    @on(Button.Pressed, "#save-case")
    def _save_case(self, event: Button.Pressed) -> None:
        event.stop()
        self.app.offer_case(self.show_error)

    @on(Button.Pressed, "#print")
    def _print(self, event: Button.Pressed) -> None:
        event.stop()
        self.print_visit()

    def print_visit(self) -> None:
        """The print button (or save as PDF): the plan with today's complaint text; the complaint screen
        prints the text on it."""
        self.app.print_visit(self)

    def leave(self, forward: bool) -> bool:
        """Keep what is on screen. Going forward, check it too: False (with a message
        shown) keeps the visitor here. Going back always keeps what was typed."""
        return True

    def action_next(self) -> None:
        if self.leave(forward=True):
            self.post_message(self.Next(self))

    def action_back(self) -> None:
        self.leave(forward=False)
        self.post_message(self.Back(self))
