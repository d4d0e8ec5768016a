"""Provides the channel directory: every official channel with its QR code, phone, hours
and the date its facts were checked, one per page, and the couriers' hotlines."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from ..core.content import Channel, Content as KioskContent
from ..widgets.qr import QRBlock
from .paged import PagedScreen


def channel_lines(content: KioskContent, ch: Channel) -> list[str]:
    """What is printed beside a channel's code: the same facts a phone would open."""
    t, fact = content.text, content.fact
    lines = [ch.name, ""]
    lines.append(fact(t("plan_phone", phone=ch.phone), ch.confidence_of("phone")) if ch.phone else t("plan_phone_unknown"))
    if ch.phone_note:
        lines.append(fact(ch.phone_note, ch.confidence_of("phone_note")))
    if ch.url:
        lines.append(fact(t("plan_url", url=ch.url), ch.confidence_of("url")))
    lines.append(fact(t("plan_hours", hours=ch.hours), ch.confidence_of("hours")) if ch.hours else t("plan_hours_unknown"))
    lines += ["", t("plan_verified", date=ch.verified_on.isoformat())]
    return lines


class ChannelsScreen(PagedScreen):
    def pages(self) -> list[Channel | None]:
        """Official channels that can be reached directly; None is the couriers' page."""
        official = [ch for ch in self.app.content.channels.values() if ch.url or ch.phone]
        return [*official, None]

    def page_count(self) -> int:
        return len(self.pages())

    def title_text(self) -> str:
        return self.app.content.text("channels")

    def counter_text(self) -> str:
        return self.app.content.text("channels_title", n=self.page + 1, m=self.page_count())

    def compose_page(self) -> ComposeResult:
        content = self.app.content
        t = content.text
        ch = self.pages()[self.page]
        if ch is None:
            carriers = content.carriers.values()
            rows = [t("channels_carriers"), ""]
            rows += [f"{c.name}：{content.fact(c.hotline, c.confidence) if c.hotline else t('unknown')}" for c in carriers]
            rows += ["", t("plan_verified", date=max(c.verified_on for c in carriers).isoformat())]
            yield Static(Content("\n".join(rows)), id="carriers", markup=False)
        elif ch.url:
            # The hint goes beside the code: a line above it would push the code's bottom
            # off a 24-row screen.
            yield QRBlock(ch.url, channel_lines(content, ch) + ["", t("channels_hint")], id="qr")
        else:
            yield Static(Content("\n".join(channel_lines(content, ch))), markup=False)
