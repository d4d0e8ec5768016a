"""Every character of the complaint text is drawn on screen: read back from the screen's own
cells (what the terminal is sent), inside the box and clear of its scrollbar, scrolled from
top to bottom — not from the text the box holds."""

from __future__ import annotations

import re

import pytest
from textual.widgets import TextArea

from .walk import walk_to


async def drawn_text(pilot, area: TextArea) -> str:
    """The characters the screen draws in `area`'s content (its scrollbar and padding
    aside), page by page from its top."""
    box = area.scrollable_content_region  # inside the padding, left of the scrollbar
    total = area.virtual_size.height
    rows: list[str] = []
    for top in range(0, max(total, 1), box.height):
        area.scroll_to(y=top, animate=False)
        await pilot.pause()
        strips = pilot.app.screen._compositor.render_strips()
        for y in range(box.y, box.bottom):
            if area.scroll_offset.y + (y - box.y) >= total or len(rows) >= total:
                break
            if area.scroll_offset.y + (y - box.y) < len(rows):
                continue  # the last page scrolled less than a page: rows already read
            rows.append(strips[y].crop(box.x, box.right).text)
    return "".join(rows)


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("problem_id", ["no_update", "lost", "locker_no_consent"])
@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_every_character_of_the_complaint_text_is_drawn(make_app, problem_id, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await walk_to(pilot, problem_id, "complaint")
        await pilot.pause()
        area = app.screen.query_one("#complaint", TextArea)
        assert area.virtual_size.height > area.scrollable_content_region.height  # it scrolls: a scrollbar is there
        assert squeezed(await drawn_text(pilot, area)) == squeezed(area.text)
