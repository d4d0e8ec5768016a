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

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_next()

    def leave(self, forward: bool) -> bool:
        options = self.query_one("#problems", OptionList)
        if options.highlighted is None:
            if forward:
                self.show_error(self.t("problem_missing"))
            return False
        self.interview.choose_problem(options.get_option_at_index(options.highlighted).id)
        return True
