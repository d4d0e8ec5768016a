"""Provides the plan screen: the escalation ladder for this case, each step with why, how,
what to have ready, its phone and page, and the date to move on."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from ..core.dates import format_date
from ..core.plan import DONE, LATER, NOW, SKIPPED, STATE_TEXT, WAITING, Step
from ..widgets.qr import QRBlock
from .flow import FlowScreen

_BADGE_STYLES = {NOW: "bold #ffffff on #1f6f3f", WAITING: "bold #000000 on #e0b000", DONE: "#9fd89f",
                 LATER: "#a0a0a0", SKIPPED: "#a0a0a0"}


class PlanScreen(FlowScreen):
    offers_saving = True

    def title_text(self) -> str:
        return self.t("plan_title")

    def compose_body(self) -> ComposeResult:
        plan = self.app.plan()
        yield Static(Content(self.t("plan_intro")), classes="hint", markup=False)
        for i, step in enumerate(plan.steps, 1):
            yield Static(self.render_step(i, step), classes=f"step {step.state}", id=f"step-{i}")
            if step.channel.url and step.state not in (DONE, SKIPPED):
                lines = [step.channel.name, self.t("plan_url", url=step.channel.url)]
                if step.phone:
                    lines.append(self.t("plan_phone", phone=step.phone))
                yield QRBlock(step.channel.url, lines + [self.t("qr_check")], reserve=4)
        self.current = plan.steps.index(plan.current) + 1 if plan.current else 1

    def on_mount(self) -> None:
        # Open on the step to act on now: steps already done are above it, a scroll away.
        body = self.query_one("#body")
        body.focus()
        if self.current > 1:
            self.call_after_refresh(body.scroll_to_widget, self.query_one(f"#step-{self.current}"), animate=False, top=True)

    def render_step(self, number: int, step: Step) -> Text:
        """A step as rich Text: every piece is appended as plain text, never as markup."""
        t = self.t
        ch = step.channel
        out = Text()
        out.append(f"{number}. {ch.name}", style="bold")
        out.append("  ")
        out.append(f" {t(STATE_TEXT[step.state])} ", style=_BADGE_STYLES[step.state])
        if step.used_on:
            out.append(f"  {format_date(step.used_on)}")
        out.append("\n")
        out.append(t("plan_why") + step.why + "\n")
        out.append(t("plan_when") + step.when + "\n", style="bold" if step.state in (NOW, WAITING) else "")
        for line in step.deadlines:
            out.append(t("plan_deadline") + line + "\n", style="#ffd27f")
        if step.state in (DONE, SKIPPED):
            return out
        out.append(t("plan_how") + ch.how + "\n")
        if step.phone:
            out.append(t("plan_phone", phone=step.phone), style="bold")
            out.append(f"（{step.phone_note}）\n" if step.phone_note else "\n")
        elif step.phone_note:
            out.append(t("plan_phone", phone=step.phone_note) + "\n")
        if ch.url:
            out.append(t("plan_url", url=ch.url) + "\n")
        if ch.phone or ch.url or ch.id == "courier":
            out.append((t("plan_hours", hours=ch.hours) if ch.hours else t("plan_hours_unknown")) + "\n")
        if ch.preconditions:
            out.append(t("plan_preconditions") + ch.preconditions + "\n")
        out.append(t("plan_ready") + "、".join(ch.ready) + "\n")
        out.append(t("plan_verified", date=ch.verified_on.isoformat()), style="italic #a0a0a0")
        return out
