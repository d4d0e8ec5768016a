"""Provides Words: every visitor-facing sentence of one language, from content/i18n/<lang>.toml,
and dates written as that language writes them — the one object a front asks for words."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
import datetime as dt

# The language every other is checked against: a key it has and another language lacks is
# a content error, so a visitor never sees a key where a sentence should be.
REFERENCE = "zh-CN"


def chosen_language() -> str:
    """The kiosk's language: $KIOSK_LANG (the name of a file in content/i18n), else Chinese."""
    return os.environ.get("KIOSK_LANG") or REFERENCE


@dataclass(frozen=True)
class Words:
    lang: str
    texts: dict[str, str] = field(default_factory=dict)

    def __call__(self, key: str, **values: object) -> str:
        """The sentence `key` with its {placeholders} filled (the key itself if missing: the
        content check refuses a language that lacks one)."""
        raw = self.texts.get(key, key)
        return raw.format(**values) if values else raw

    def date(self, d: dt.date, weekday: bool = True) -> str:
        """A date in these words: date_format, then date_with_weekday with the day's name
        from weekdays (all in i18n)."""
        shown = self("date_format", year=d.year, month=d.month, day=d.day)
        if not weekday:
            return shown
        names = self("weekdays").split(",")
        return self("date_with_weekday", date=shown, weekday=names[d.weekday()].strip())

    def missing(self, reference: Words) -> list[str]:
        """The keys `reference` has and these words lack."""
        return sorted(set(reference.texts) - set(self.texts))

    def use_for_dates(self) -> None:
        """Make these the words every date is written in (tui.core.dates.format_date): one
        language per kiosk process, and the domain writes dates in sentences all over."""
        from . import dates

        dates.written_by(self)
