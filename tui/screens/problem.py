"""Provides the "what happened?" screen: one problem type, named as people say it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..widgets.choice import Menu
from .flow import FlowScreen

# Seconds the cursor stays on a problem before its page is built ahead: longer than a held
# key's repeat, shorter than the pause between two presses of a person reading the list.
CURSOR_REST = 0.1


class ProblemScreen(FlowScreen):
    def title_text(self) -> str:
        return self.t("problem_prompt")

    def compose_body(self) -> ComposeResult:
        yield Static(Content(self.t("problem_hint")), classes="hint", markup=False)
        problems = self.app.content.problems.values()
        yield Menu(*[Option(Content(f"{p.label}  —  {p.summary}"), id=p.id) for p in problems], id="problems")

    def on_mount(self) -> None:
        options = self.query_one("#problems", OptionList)
        chosen = self.interview.problem_id
        if chosen:
            options.highlighted = options.get_option_index(chosen)
        options.focus()

    def highlighted(self) -> str | None:
        """The problem the cursor is on (KioskApp.prepare_next builds its first page ahead)."""
        options = self.query_one("#problems", OptionList)
        if options.highlighted is None:
            return None
        return options.get_option_at_index(options.highlighted).id

    _resting = None  # the timer that builds the page under the cursor once it rests

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if not self._shown:
            return  # the first frame has it built (FlowScreen.compose)
        # Once the cursor rests: a key held down moves it 30 times a second, and building a
        # page at each move (45 ms of work here) would leave the cursor behind the key.
        if self._resting is not None:
            self._resting.stop()
        self._resting = self.set_timer(CURSOR_REST, lambda: self.app.prepare_next(self))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_next()

    def leave(self, forward: bool) -> bool:
        chosen = self.highlighted()
        message = self.app.visit.choose_problem(chosen, forward)
        self.show_error(message)
        return chosen is not None and not message
