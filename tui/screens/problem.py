"""Provides the "what happened?" screen: one problem type, named as people say it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..widgets.choice import Menu
from .flow import FlowScreen


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

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if self._shown:  # before, the first frame has it done (FlowScreen.compose)
            self.call_after_refresh(self.app.prepare_next, self)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_next()

    def leave(self, forward: bool) -> bool:
        chosen = self.highlighted()
        if chosen is None:
            if forward:
                self.show_error(self.t("problem_missing"))
            return False
        self.interview.choose_problem(chosen)
        return True
