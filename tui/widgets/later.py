"""Provides Later: Textual's Lazy for a screen that may be built before it is shown — what it
holds is mounted just after the screen's first frame on the terminal."""

from __future__ import annotations

from textual.lazy import Lazy
from textual.widget import Widget

from ..textual_private import lazy_held


class Later(Lazy):
    """What is below the first screenful. Textual's Lazy mounts it after the next refresh of
    the app; a screen built ahead, while the visitor still reads the one before it
    (KioskApp.prepare_next), would then carry it into its first frame, and lay out and draw
    all of it in the step. Its screen (FramedScreen.after_first_frame) says when."""

    async def mount_composed_widgets(self, widgets: list[Widget]) -> None:
        parent = self.parent
        if not isinstance(parent, Widget):
            return
        held = lazy_held(self)

        async def mount() -> None:
            if self.is_attached:  # the screen may have been closed unseen
                await parent.mount(held, after=self)
                await self.remove()

        after_first_frame = getattr(self.screen, "after_first_frame", None)
        if after_first_frame is None:
            await super().mount_composed_widgets(widgets)  # a screen never built ahead
        else:
            after_first_frame(mount)
