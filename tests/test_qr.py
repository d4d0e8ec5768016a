"""QR codes a phone really reads: every official page from the channel directory at two
terminal sizes in both themes, the plan's codes, and the fallback when there is no room."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from tui.core.qr import capacity, make_matrix, size_for, split_text

from .scan import scan_screen


def channel_urls(content):
    return [ch.url for ch in content.channels.values() if ch.url]


def test_shipped_content_has_official_urls(content):
    assert set(channel_urls(content)) == {"https://consumerservice.taobao.com/online-help", "https://sswz.spb.gov.cn",
                                          "https://www.12315.cn", "https://www.cca.org.cn"}


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_every_channel_url_decodes_from_the_directory(make_app, size, theme):
    app = make_app()
    decoded = []
    async with app.run_test(size=size) as pilot:
        app.theme = theme
        await pilot.click("#channels")
        await pilot.pause()
        for _ in range(len(app.screen.pages())):
            await pilot.pause()
            decoded += scan_screen(app)
            await pilot.press("right")
    assert sorted(decoded) == sorted(channel_urls(app.content))


async def goto_channel(pilot, channel_id):
    screen = pilot.app.screen
    for _ in range(screen.page_count()):
        page = pilot.app.screen.pages()[pilot.app.screen.page]
        if page is not None and page.id == channel_id:
            return
        await pilot.press("right")
        await pilot.pause()
    raise AssertionError(f"no page for {channel_id}")


async def test_text_beside_the_code_and_phone(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click("#channels")
        await goto_channel(pilot, "spb_12305")
        text = str(app.screen.query_one(".qr-text", Static).visual)
        assert "电话：12305" in text and "网址：https://sswz.spb.gov.cn" in text and "资料核对于 2026-11-26" in text


async def test_too_small_terminal_says_how_to_make_room_and_keeps_the_text(make_app):
    app = make_app()
    async with app.run_test(size=(60, 18)) as pilot:
        await pilot.press("tab", "tab", "enter")  # 开始 → 继续我的案件 → 官方渠道 (below the fold here)
        await pilot.pause()
        await goto_channel(pilot, "tmall_cs")
        code = str(app.screen.query_one(".qr-code", Static).visual)
        assert "窗口太小，放不下二维码" in code and "×" in code
        assert "https://consumerservice.taobao.com/online-help" in str(app.screen.query_one(".qr-text", Static).visual)
        assert scan_screen(app) == []
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert scan_screen(app) == ["https://consumerservice.taobao.com/online-help"]


def test_strongest_level_that_fits_wins():
    short = make_matrix("https://sswz.spb.gov.cn", 37, 19)
    assert short.level == "H" and short.width == 37
    long = make_matrix("https://consumerservice.taobao.com/online-help", 37, 19)
    assert long.level == "L"
    assert make_matrix("https://consumerservice.taobao.com/online-help", 30, 19) is None
    assert size_for(3) == (37, 19)


def test_capacity_matches_the_qr_tables():
    assert capacity(37, 19) == 53  # version 3, level L, byte mode
    assert capacity(45, 23) == 106  # version 5
    assert capacity(10, 5) == 0


@pytest.mark.parametrize("limit", [4, 5, 53, 106])
def test_split_text_never_cuts_a_character(limit):
    text = "投诉书\n订单号：1234567890123456789\n物流信息 2026年11月5日 后没有更新。🙂 [/bold] $x"
    parts = split_text(text, limit)
    assert "".join(parts) == text
    assert all(len(p.encode("utf-8")) <= limit for p in parts)


async def test_plan_codes_decode_to_their_channel(make_app):
    from tui.widgets.qr import QRBlock

    from .walk import walk_to

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "damaged", stop="plan")
        blocks = list(app.screen.query(QRBlock))
        # The purchase track's pages, then the delivery track's: a courier complaint makes no
        # Tmall step unnecessary, so Tmall customer service keeps its code.
        assert [b.payload for b in blocks] == ["https://consumerservice.taobao.com/online-help", "https://www.12315.cn",
                                               "https://www.cca.org.cn", "https://sswz.spb.gov.cn"]
        for block in blocks:
            app.screen.query_one("#body").scroll_to_widget(block, animate=False, top=True)
            await pilot.pause()
            assert block.payload in scan_screen(app)


async def test_take_away_is_offered_only_where_the_text_fits_in_two_codes(make_app):
    from textual.widgets import TextArea

    from .walk import walk_to

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, "signed_not_received", stop="complaint")
        # At a desk's 80×24 the text would need fifteen codes: no button that cannot work.
        assert not app.screen.query_one("#take-away").display
        await pilot.resize_terminal(160, 50)
        await pilot.pause()
        assert app.screen.query_one("#take-away").display
        # Made too long by an edit: pressed, it says how large the window must be.
        area = app.screen.query_one("#complaint", TextArea)
        area.load_text(area.text * 2)
        await pilot.pause()
        await pilot.click("#take-away")
        await pilot.pause()
        assert app.screen.step == "complaint"
        message = str(app.screen.query_one("#error").visual)
        assert "这个窗口太小" in message and "请把终端放大到至少 200×60" in message


@pytest.mark.parametrize("size", [(160, 50)])
async def test_complaint_text_survives_the_trip_to_a_phone(make_app, size):
    from textual.widgets import TextArea

    from .walk import walk_to

    app = make_app()
    async with app.run_test(size=size) as pilot:
        await walk_to(pilot, "signed_not_received", stop="complaint")
        text = app.screen.query_one("#complaint", TextArea).text
        await pilot.click("#take-away")
        await pilot.pause()
        parts = app.screen.parts
        assert 1 <= len(parts) <= 2 and "".join(parts) == text  # a help desk's full screen: two codes at most
        scanned = []
        for n in range(1, len(parts) + 1):
            title = str(app.screen.query_one("#topbar").render())
            assert f"第 {n}/{len(parts)} 部分" in title
            found = scan_screen(app)
            assert len(found) == 1, f"part {n}: {found}"
            scanned.append(found[0])
            await pilot.press("right")
            await pilot.pause()
        assert "".join(scanned) == text  # byte for byte, Chinese included
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.step == "complaint"
