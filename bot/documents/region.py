"""Paper size and date format for a document, from where the job is (or else the user).

The reader is the employer, so the job's country decides first (a US employer prints on
Letter and reads "November 30, 2026"); the user's timezone is the fallback. Territories on
US Letter are CLDR's `paperSize` list; everything else is A4.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from babel import Locale, UnknownLocaleError
from babel.core import get_global

from bot.generation.places import place_of

Paper = Literal["A4", "Letter"]
_LETTER_TERRITORIES = frozenset(
    ["BZ", "CA", "CL", "CO", "CR", "GT", "MX", "NI", "PA", "PH", "PR", "SV", "US", "VE"]
)


@dataclass(frozen=True)
class Region:
    paper: Paper
    locale: str  # a Babel locale such as "en_US" or "de_DE"


def country_of(location: str | None) -> str | None:
    """ISO country of a location such as "Peoria, IL", "Leeds, UK" or "München"."""
    if not location:
        return None
    parts = [p.strip() for p in re.split(r"[,/;()|·]|\s[-–]\s", location) if p.strip()]
    for part in reversed(parts):
        place = place_of(part)
        if place is not None and place.country:
            return place.country
    return None


def locale_for(language: str, territory: str | None) -> str:
    if territory:
        try:
            return str(Locale.parse(f"{language}_{territory}"))
        except (UnknownLocaleError, ValueError):
            pass
    defaults = {"en": "en_GB", "de": "de_DE", "fr": "fr_FR", "es": "es_ES", "ru": "ru_RU"}
    return defaults.get(language, "en_GB")


def region_for(location: str | None, timezone: str | None, language: str | None) -> Region:
    """The job's country if known, else the user's timezone's country; A4 when unsure."""
    territory = country_of(location)
    if territory is None and timezone:
        territory = get_global("zone_territories").get(timezone)
    paper: Paper = "Letter" if territory in _LETTER_TERRITORIES else "A4"
    return Region(paper, locale_for((language or "en")[:2].lower(), territory))
