"""Provides the channel directory: every official channel with its QR code, phone, hours
and the date its facts were checked, one per page, and the couriers' hotlines."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Static

from ..core.content import Channel, Content as KioskContent
from ..widgets.qr import QRBlock


def channel_lines(content: KioskContent, ch: Channel) -> list[str]:
    """What is printed beside a channel's code: the same facts a phone would open."""
    t = content.text
    lines = [ch.name, ""]
    lines.append(t("plan_phone", phone=ch.phone) if ch.phone else t("plan_phone_unknown"))
    if ch.phone_note:
        lines.append(ch.phone_note)
    if ch.url:
        lines.append(t("plan_url", url=ch.url))
    lines.append(t("plan_hours", hours=ch.hours) if ch.hours else t("plan_hours_unknown"))
    lines += ["", t("plan_verified", date=ch.verified_on.isoformat())]
    return lines


class ChannelsScreen(Screen):
    BINDINGS = [
        Binding("left", "page(-1)", show=False),
        Binding("right", "page(1)", show=False),
        Binding("escape", "home", show=False),
    ]

    def __init__(self, page: int = 0) -> None:
        super().__init__()
        self.page = page

    def pages(self) -> list[Channel | None]:
        """Official channels that can be reached directly; None is the couriers' page."""
        official = [ch for ch in self.app.content.channels.values() if ch.url or ch.phone]
        return [*official, None]

    def compose(self) -> ComposeResult:
        t = self.app.content.text
        pages = self.pages()
        with Horizontal(id="topbar"):
            yield Static(Content(t("channels")), id="title", markup=False)
            yield Static(Content(t("channels_title", n=self.page + 1, m=len(pages))), id="counter", markup=False)
        with VerticalScroll(id="body"):
            ch = pages[self.page]
            if ch is None:
                carriers = self.app.content.carriers.values()
                rows = [t("channels_carriers"), ""]
                rows += [f"{c.name}：{c.hotline or t('unknown')}" for c in carriers]
                rows += ["", t("plan_verified", date=max(c.verified_on for c in carriers).isoformat())]
                yield Static(Content("\n".join(rows)), id="carriers", markup=False)
            elif ch.url:
                # The hint goes beside the code: a line above it would push the code's
                # bottom off a 24-row screen.
                yield QRBlock(ch.url, channel_lines(self.app.content, ch) + ["", t("channels_hint")], id="qr")
            else:
                yield Static(Content("\n".join(channel_lines(self.app.content, ch))), markup=False)
        with Horizontal(id="navbar"):
            yield Button(Content("‹ " + t("prev_page")), id="prev")
            yield Button(Content(t("home") + "  Esc"), id="home")
            yield Button(Content(t("next_page") + " ›"), id="next", variant="primary")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "home":
            self.action_home()
        else:
            self.action_page(-1 if event.button.id == "prev" else 1)

    def action_page(self, step: int) -> None:
        self.app.switch_screen(ChannelsScreen((self.page + step) % len(self.pages())))

    def action_home(self) -> None:
        self.app.pop_screen()
