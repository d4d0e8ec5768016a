"""Provides the plan screen: what to do today, the two tracks side by side as small timelines,
then each step with why, how, what to have ready, its phone and page, and when to move on."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from ..core.plan import DONE, NOW, SKIPPED, WAITING, Plan, Step, summary
from ..core.sheet import DEADLINE, MUTED, PLAIN, STRONG, TITLE, Line, names_lines, step_heading, step_lines, today_lines
from ..widgets.button import Button
from ..widgets.later import Later
from ..widgets.qr import QRBlock
from .flow import FlowScreen

_BADGE_STYLES = {NOW: "bold #ffffff on #1f6f3f", WAITING: "bold #000000 on #e0b000", DONE: "#9fd89f"}


class PlanScreen(FlowScreen):
    offers_saving = True

    DEFAULT_CSS = """
    PlanScreen #today { border: round $success; padding: 0 1; height: auto; }
    PlanScreen #tracks { height: auto; margin: 1 0 0 0; max-width: 110; }
    PlanScreen .track { width: 1fr; height: auto; padding: 0 1 0 0; }
    PlanScreen #legend { color: $text-muted; margin: 0 0 1 0; }
    PlanScreen .track-heading { text-style: bold; margin: 1 0 0 0; border-bottom: solid $primary; }
    PlanScreen #prevention { margin: 1 0; }
    PlanScreen #steps { height: auto; }
    """

    def title_text(self) -> str:
        return self.t("plan_title")

    def compose_body(self) -> ComposeResult:
        plan = self.app.plan()
        content = self.app.content
        yield Static(Content.from_rich_text(self.render_today(plan)), id="today")
        with Horizontal(id="tracks"):
            for track, (name, lines) in zip(plan.tracks, summary(content, plan)):
                text = Text(name + "\n", style="bold")
                text.append("\n".join(lines))
                yield Static(Content.from_rich_text(text), classes="track", id=f"track-{track.id}")
        yield Static(Content(self.t("plan_legend")), id="legend", markup=False)
        for line in names_lines(content, plan):
            yield Static(Content(line.text), classes="hint", markup=False)
        if len(plan.tracks) > 1:  # "two tracks, each on its own": only where there are two
            yield Static(Content(self.t("plan_intro")), classes="hint", markup=False)
        for tip in self.interview.problem.tips:
            yield Static(Content(self.t("plan_tips") + tip), classes="hint", markup=False)
        # Below the first screenful: mounted just after the first frame is drawn (Later), so
        # the top of the plan shows without waiting for every step and QR code.
        with Later(Vertical(id="steps")):
            number = 0
            for track in plan.tracks:
                yield Static(Content(track.name), classes="track-heading", markup=False)
                for step in track.steps:
                    number += 1
                    yield Static(Content.from_rich_text(self.render_step(number, step)), classes=f"step {step.state}",
                                 id=f"step-{number}")
                    if step.channel.url and step.state not in (DONE, SKIPPED):
                        lines = [step.channel.name, self.t("plan_url", url=step.channel.url)]
                        if step.phone:
                            lines.append(self.t("plan_phone", phone=step.phone))
                        yield QRBlock(step.channel.url, lines + [self.t("qr_check")], reserve=4)
            yield Button(Content(self.t("plan_after")), id="prevention", compact=True)

    def on_mount(self) -> None:
        # The top of the plan is what the visitor came for: today, then the dates.
        self.query_one("#body").focus()

    @on(Button.Pressed, "#prevention")
    def _prevention(self, event: Button.Pressed) -> None:
        from .prevention import PreventionScreen

        event.stop()
        self.app.push_screen(PreventionScreen())

    def render_today(self, plan: Plan) -> Text:
        """What to do today, in every track: a line per step, with its phone."""
        return _text(today_lines(self.app.content, plan))

    def render_step(self, number: int, step: Step) -> Text:
        """A step as rich Text: every piece is appended as plain text, never as markup. (Shown
        as Textual Content, which is where the kiosk's Chinese line breaking applies.)"""
        title, state, used = step_heading(self.app.content, number, step)
        out = Text()
        out.append(title, style="bold")
        out.append("  ")
        out.append(f" {state} ", style=_BADGE_STYLES.get(step.state, "#a0a0a0"))
        if used:
            out.append(f"  {used}")
        out.append("\n")
        out.append_text(_text(step_lines(self.app.content, step)))
        return out


# How each kind of line looks on screen (the printed sheet sets them its own way).
_STYLES = {TITLE: "bold", STRONG: "bold", DEADLINE: "#ffd27f", MUTED: "italic #a0a0a0", PLAIN: ""}


def _text(lines: list[Line]) -> Text:
    out = Text()
    for i, line in enumerate(lines):
        out.append(line.text + ("\n" if i < len(lines) - 1 else ""), style=_STYLES[line.kind])
    return out
