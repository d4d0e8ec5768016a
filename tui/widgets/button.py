"""Provides Button: Textual's button, created with the style classes it would otherwise add
to itself once mounted."""

from __future__ import annotations

from textual.widgets import Button as TextualButton


class Button(TextualButton):
    """Textual's Button, born with its style classes. Textual's adds `-style-default` (and
    the variant's class) from watchers once the button is mounted, and every class change
    restyles it: one more stylesheet pass per button, 3 to 14 buttons a screen, in the middle
    of each step (bench/run.py). Set at creation, the mount styles it once. (The kiosk has
    no flat buttons: Textual's flat style is set on mount whatever the classes.)"""

    def __init__(self, label=None, variant: str = "default", *, classes: str | None = None, **kwargs) -> None:
        born = ["-style-default"]
        if variant != "default":
            born.append(f"-{variant}")
        if classes:
            born.append(classes)
        super().__init__(label, variant, classes=" ".join(born), **kwargs)
