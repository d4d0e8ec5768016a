"""Provides the plan screen: what to do today, the two tracks side by side as small timelines,
then each step with why, how, what to have ready, its phone and page, and when to move on."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, Static

from ..core.dates import format_date
from ..core.plan import DONE, LATER, NOW, SKIPPED, STATE_TEXT, WAITING, Plan, Step, summary
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
        yield Static(Content(self.t("plan_intro")), classes="hint", markup=False)
        for tip in self.interview.problem.tips:
            yield Static(Content(self.t("plan_tips") + tip), classes="hint", markup=False)
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
        t = self.t
        out = Text(t("plan_today") + "\n", style="bold")
        doable = plan.doable_today()
        for step in doable:
            out.append(f"▶ {step.channel.act}")
            courier = step.channel.id == "courier"
            if step.phone:
                # The courier's line names the carrier: "中通快递客服热线 95311".
                out.append(f"：{step.phone_note} {step.phone}" if courier else f"：{step.phone}")
            elif courier and step.phone_note:
                out.append(f"：{step.phone_note}")  # which couriers it may be, or why no number
            out.append("\n")
        if not doable:
            out.append(t("plan_today_none") + "\n")
            # A step after one being waited on starts the day the wait is over.
            later = sorted((s for s in plan.steps if s.state == LATER), key=lambda s: s.start_on)
            if later:
                out.append(t("plan_today_next", date=format_date(later[0].start_on, weekday=False),
                             act=later[0].channel.act))
        out.rstrip()
        return out

    def render_step(self, number: int, step: Step) -> Text:
        """A step as rich Text: every piece is appended as plain text, never as markup. (Shown
        as Textual Content, which is where the kiosk's Chinese line breaking applies.)"""
        t = self.t
        fact = self.app.content.fact
        ch = step.channel
        out = Text()
        out.append(f"{number}. {ch.name}", style="bold")
        out.append("  ")
        out.append(f" {t(STATE_TEXT[step.state])} ", style=_BADGE_STYLES.get(step.state, "#a0a0a0"))
        if step.used_on:
            out.append(f"  {format_date(step.used_on)}")
        out.append("\n")
        out.append(t("plan_why") + step.why + "\n")
        out.append(t("plan_when") + step.when + "\n", style="bold" if step.state in (NOW, WAITING) else "")
        for line in step.deadlines:
            out.append(t("plan_deadline") + line + "\n", style="#ffd27f")
        if step.state in (DONE, SKIPPED):
            return out.rstrip() or out
        out.append(t("plan_how") + fact(ch.how, ch.confidence_of("how")) + "\n")
        # The courier's note names the carrier (or the carriers it may be); a channel's own
        # note is a fact with its own confidence.
        note_sure = "high" if ch.id == "courier" else ch.confidence_of("phone_note")
        if step.phone:
            out.append(t("plan_phone", phone=step.phone), style="bold")
            out.append(("" if step.phone_sure else t("unverified_mark")) + "\n")
            if step.phone_note:
                out.append("      " + fact(step.phone_note, note_sure) + "\n")
        elif step.phone_note:
            out.append(t("plan_phone", phone=fact(step.phone_note, note_sure)) + "\n")
        if ch.url:
            out.append(fact(t("plan_url", url=ch.url), ch.confidence_of("url")) + "\n")
        if ch.phone or ch.url or ch.id == "courier":
            hours = fact(t("plan_hours", hours=ch.hours), ch.confidence_of("hours")) if ch.hours else t("plan_hours_unknown")
            out.append(hours + "\n")
        if ch.preconditions:
            out.append(t("plan_preconditions") + ch.preconditions + "\n")
        out.append(t("plan_ready") + "、".join(ch.ready) + "\n")
        for tip in step.tips:
            out.append(t("plan_tips") + tip + "\n")
        out.append(t("plan_verified", date=ch.verified_on.isoformat()), style="italic #a0a0a0")
        return out
