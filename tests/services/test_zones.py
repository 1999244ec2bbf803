"""Time zones as people name them: cities (GeoNames), IANA names, abbreviations."""

from __future__ import annotations

import pytest

from bot.services.zones import ZoneProblem, city_of, read_timezone


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("Munich", "Europe/Berlin"),
        ("München", "Europe/Berlin"),
        ("munchen", "Europe/Berlin"),
        ("Berlin", "Europe/Berlin"),
        ("New York", "America/New_York"),
        ("NYC", "America/New_York"),
        ("london", "Europe/London"),  # London, England: bigger than London, Ontario
        ("  Köln ", "Europe/Berlin"),
        ("Wien", "Europe/Vienna"),
        ("Mailand", "Europe/Rome"),
        ("Paris, France", "Europe/Paris"),
        ("San Francisco", "America/Los_Angeles"),
        ("Tokyo", "Asia/Tokyo"),
        ("Germany", "Europe/Berlin"),  # a country in one time zone
        ("Europe/Berlin", "Europe/Berlin"),
        ("america/new_york", "America/New_York"),
        ("UTC", "UTC"),
        ("CET", "Europe/Berlin"),
        ("MEZ", "Europe/Berlin"),
        ("est", "America/New_York"),
        ("PST", "America/Los_Angeles"),
    ],
)
def test_names_people_type(typed: str, zone: str) -> None:
    assert read_timezone(typed) == zone


def test_the_city_read_is_told_back() -> None:
    assert city_of("münchen") == "Munich"
    assert city_of("new york") == "New York City"
    assert city_of("Europe/Berlin") is None
    assert city_of("UTC") is None  # an abbreviation, not Utrecht


def test_a_country_with_several_zones_asks_for_a_city() -> None:
    with pytest.raises(ZoneProblem) as caught:
        read_timezone("United States")
    assert "several time zones" in caught.value.message
    assert "New York City" in caught.value.message


@pytest.mark.parametrize("typed", ["", "xyzzy", "America", "Europe/Atlantis", "+02:00"])
def test_unknown_names_say_how_to_write_one(typed: str) -> None:
    with pytest.raises(ZoneProblem) as caught:
        read_timezone(typed)
    assert isinstance(caught.value, ValueError)
    assert "Munich" in caught.value.message and "Europe/Berlin" in caught.value.message
    assert "CET" in caught.value.message
    with pytest.raises(ZoneProblem, match="kenne ich nicht"):
        read_timezone(typed, "de")
