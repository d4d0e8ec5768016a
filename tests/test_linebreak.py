"""Chinese line breaking: the rules on single texts, and on every line drawn on every screen of
every problem at 80×24, 100×30 and 160×50."""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len

from tui.core.linebreak import CLOSING, OPENING
from tui.widgets.linebreak import wrap_offsets

from .walk import TYPED, answer, in_screen_order, start


def lines(text: str, width: int) -> list[str]:
    cuts = [0, *wrap_offsets(text, width), len(text)]
    return [text[a:b].rstrip() for a, b in zip(cuts, cuts[1:])]


@pytest.mark.parametrize(
    "text, width, expected",
    [
        # Breaks between Chinese characters, not only at spaces.
        ("回答几个简单问题你会得到", 10, ["回答几个简", "单问题你会", "得到"]),
        # Closing punctuation never starts a line: it goes up with the character before.
        ("再由卖家找快递索赔。", 18, ["再由卖家找快递索", "赔。"]),
        ("问题，答复", 4, ["问", "题，", "答复"]),
        # Opening punctuation never ends a line.
        ("请看（订单页）", 6, ["请看", "（订单", "页）"]),
        # A number stays with its unit.
        ("建议最多等 3 天", 12, ["建议最多等", "3 天"]),
        ("快递公司 7 天内没答复", 12, ["快递公司", "7 天内没答复"]),
        ("快递公司 7 天内没答复", 9, ["快递公司", "7 天内没", "答复"]),
        ("须在 1 年内提出", 6, ["须在", "1 年内", "提出"]),
        # A date stays with its weekday.
        ("也就是 2026年12月27日 星期日 前。", 26, ["也就是", "2026年12月27日 星期日 前。"]),
        # A web address is not split when it fits on a line.
        ("网址：https://consumerservice.taobao.com/online-help", 50,
         ["网址：", "https://consumerservice.taobao.com/online-help"]),
        # … and cut only when it cannot fit on any line: after a / or a dot, never mid-word.
        ("https://consumerservice.taobao.com/online-help", 20,
         ["https://", "consumerservice.", "taobao.com/", "online-help"]),
        # The arrow stays with the word after it.
        ("订单详情 → 查看物流", 8, ["订单详情", "→ 查看物", "流"]),
        # English still breaks at spaces.
        ("the quick brown fox", 10, ["the quick", "brown fox"]),
    ],
)
def test_rules_on_single_texts(text, width, expected):
    got = lines(text, width)
    assert got == expected
    assert all(cell_len(line) <= width for line in got)


def test_long_lines_keep_textuals_own_wrapping_and_stay_fast():
    import time

    from tui.widgets.linebreak import compute_wrap_offsets, divide_line

    huge = "字" * 100_000  # a paste into the complaint text
    began = time.perf_counter()
    offsets = compute_wrap_offsets(huge, 70, 4)
    divide_line(huge, 70)
    assert len(offsets) == 100_000 * 2 // 70
    assert time.perf_counter() - began < 2  # a generous bound; bench/run.py measures steps


# --- on the screens ---------------------------------------------------------------------

SIZES = [(80, 24), (100, 30), (160, 50)]
URL_CHARS = re.compile(r"[A-Za-z0-9./:_-]")
CJK = re.compile(r"[\u4e00-\u9fff]")


def drawn_lines(widget) -> list[str]:
    """A widget's text as drawn, line by line: its content area, without border or padding."""
    from textual.geometry import Region

    width, height = widget.region.size  # border and padding included, margin not
    gutter = widget.styles.gutter
    strips = widget.render_lines(Region(0, 0, width, height))[gutter.top:height - gutter.bottom]
    return [strip.crop(gutter.left, width - gutter.right).text.strip() for strip in strips]


def source_text(widget) -> str:
    from textual.widgets import Button

    return str(widget.label if isinstance(widget, Button) else widget.visual)


def defects(rows: list[str], source: str, width: int) -> list[str]:
    """The line-breaking rules, checked where the kiosk broke a line (two drawn lines that
    stand together in one line of the source text), not where the text has a newline."""
    found = []
    sources = source.splitlines()
    for i, row in enumerate(rows):
        if not row:
            continue
        following = rows[i + 1] if i + 1 < len(rows) else ""
        wrapped = bool(following) and any(row + following in s or f"{row} {following}" in s for s in sources)
        if not wrapped and not any(row in s and not s.startswith(row) for s in sources):
            continue  # neither the end nor the middle of a wrapped line
        if row[0] in CLOSING and any(s.find(row) > 0 for s in sources):
            found.append(f"starts with closing punctuation: {row!r}")
        if not wrapped:
            continue
        if row[-1] in OPENING:
            found.append(f"ends with opening punctuation: {row!r}")
        if row.endswith("→"):
            found.append(f"ends with an arrow: {row!r}")
        if row[-1].isdigit() and CJK.match(following):
            found.append(f"number cut from its unit: {row!r} / {following!r}")
        if re.search(r"\d日$", row) and following.startswith("星期"):
            found.append(f"date cut from its weekday: {row!r} / {following!r}")
        last_word = row.split()[-1]
        url = re.search(r"https?://\S*$", last_word)
        if url and URL_CHARS.match(following) and cell_len(url.group(0) + following.split()[0]) <= width:
            found.append(f"web address cut though it fits a line: {row!r} / {following!r}")
    return found


def screen_defects(app) -> list[str]:
    from textual.widgets import Button, Label, Static

    found = []
    for widget in app.screen.query("*"):
        if not isinstance(widget, (Static, Label, Button)) or "qr-code" in widget.classes:
            continue
        if not widget.display or widget.region.width == 0:
            continue
        rows = drawn_lines(widget)
        found += [f"{type(app.screen).__name__} #{widget.id or ''} {tuple(app.size)}: {d}"
                  for d in defects(rows, source_text(widget), widget.content_size.width)]
    return found


async def check_sizes(pilot) -> list[str]:
    found = []
    for size in SIZES:
        await pilot.resize_terminal(*size)
        await pilot.pause()
        found += screen_defects(pilot.app)
    await pilot.resize_terminal(80, 24)
    await pilot.pause()
    return found


@pytest.mark.parametrize("problem_id", ["no_update", "delay", "damaged", "lost", "signed_not_received",
                                        "locker_no_consent", "wrong_items", "courier_service", "not_shipped"])
async def test_no_line_breaking_defect_on_any_screen(make_app, problem_id):
    app = make_app()
    found = []
    async with app.run_test(size=(80, 24)) as pilot:
        found += await check_sizes(pilot)  # Welcome
        await start(pilot, problem_id)
        for qid in in_screen_order(app, problem_id):
            if qid == app.interview.questions_on(app.screen.step)[0]:
                found += await check_sizes(pilot)  # each screen once
            await answer(pilot, qid, TYPED[qid])
        for step in ("review", "plan", "evidence", "complaint"):
            assert app.screen.step == step
            found += await check_sizes(pilot)
            if step != "complaint":
                await pilot.press("ctrl+n")
                await pilot.pause()
    assert not found, "\n".join(found)


@pytest.mark.parametrize("width, lines", [
    (20, ["网址：", "https://", "consumerservice.", "taobao.com/", "online-help"]),
    (30, ["网址：", "https://consumerservice.", "taobao.com/online-help"]),
])
def test_a_web_address_too_long_for_its_line_is_cut_after_a_dot_or_slash(width, lines):
    """Never "consumerservice.tao / bao.com" or "onli / ne-help" in a QR code's caption."""
    from tui.widgets.linebreak import wrap_offsets

    text = "网址：https://consumerservice.taobao.com/online-help"
    cuts = [0, *wrap_offsets(text, width), len(text)]
    assert [text[a:b] for a, b in zip(cuts, cuts[1:])] == lines


def test_the_sheet_cuts_a_long_address_after_a_dot_or_slash_too():
    from tui.printing import PrintError, pdf

    try:
        cairo = pdf._cairo()
        family = pdf.cjk_font()
    except PrintError:
        pytest.skip("no cairo or CJK font")
    layout = pdf.Layout(cairo, cairo.Context(cairo.ImageSurface(cairo.FORMAT_RGB24, 1, 1)), family)
    lines = layout.wrap("https://consumerservice.taobao.com/online-help", 100, 8.5)
    assert len(lines) > 1 and all(line[-1] in "/." or line == lines[-1] for line in lines)
