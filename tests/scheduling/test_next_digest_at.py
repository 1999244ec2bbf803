"""When the next digest is due: the user's local hour, across DST and both sides of UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.services.schedule import next_digest_at, valid_timezone


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def local(zone: str, due: datetime | None) -> str:
    assert due is not None
    return due.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M %Z")


@pytest.mark.parametrize(
    ("zone", "now", "hour", "expected_utc", "expected_local"),
    [
        # Berlin springs forward on 2025-03-30 (CET → CEST): 09:00 local is 07:00 UTC that day.
        ("Europe/Berlin", utc(2025, 3, 29, 8, 30), 9, utc(2025, 3, 30, 7), "2025-03-30 09:00 CEST"),
        # ... and falls back on 2025-10-26 (CEST → CET): 09:00 local is 08:00 UTC.
        (
            "Europe/Berlin",
            utc(2025, 10, 25, 7, 30),
            9,
            utc(2025, 10, 26, 8),
            "2025-10-26 09:00 CET",
        ),
        # New York springs forward on 2025-03-09 and falls back on 2025-11-02.
        (
            "America/New_York",
            utc(2025, 3, 8, 14),
            8,
            utc(2025, 3, 9, 12),
            "2025-03-09 08:00 EDT",
        ),
        (
            "America/New_York",
            utc(2025, 11, 1, 13),
            8,
            utc(2025, 11, 2, 13),
            "2025-11-02 08:00 EST",
        ),
        # Auckland is ahead of UTC: its 08:00 on the 11th is 19:00 UTC on the 10th.
        (
            "Pacific/Auckland",
            utc(2025, 1, 10, 18),
            8,
            utc(2025, 1, 10, 19),
            "2025-01-11 08:00 NZDT",
        ),
        # Los Angeles is behind: its 20:00 on the 9th is 04:00 UTC on the 10th.
        (
            "America/Los_Angeles",
            utc(2025, 1, 10, 3),
            20,
            utc(2025, 1, 10, 4),
            "2025-01-09 20:00 PST",
        ),
    ],
)
def test_daily_digest_arrives_at_the_local_hour(
    zone: str, now: datetime, hour: int, expected_utc: datetime, expected_local: str
) -> None:
    due = next_digest_at("daily", hour, 0, zone, now)
    assert due == expected_utc
    assert local(zone, due) == expected_local


def test_a_skipped_local_hour_resolves_to_the_first_real_time_after_it() -> None:
    # 02:00 does not exist in Berlin on 2025-03-30; the digest comes at 03:00 CEST.
    due = next_digest_at("daily", 2, 0, "Europe/Berlin", utc(2025, 3, 29, 12))
    assert due == utc(2025, 3, 30, 1)
    assert local("Europe/Berlin", due) == "2025-03-30 03:00 CEST"
    following = next_digest_at("daily", 2, 0, "Europe/Berlin", due)
    assert local("Europe/Berlin", following) == "2025-03-31 02:00 CEST"
    # New York skips 02:00 on 2025-03-09 as well.
    ny = next_digest_at("daily", 2, 0, "America/New_York", utc(2025, 3, 8, 12))
    assert local("America/New_York", ny) == "2025-03-09 03:00 EDT"


def test_a_repeated_local_hour_gets_one_digest_not_two() -> None:
    # 02:00 happens twice in Berlin on 2025-10-26; the first one is the digest.
    due = next_digest_at("daily", 2, 0, "Europe/Berlin", utc(2025, 10, 25, 12))
    assert due == utc(2025, 10, 26, 0)
    following = next_digest_at("daily", 2, 0, "Europe/Berlin", due)
    assert following == utc(2025, 10, 27, 1)
    assert local("Europe/Berlin", following) == "2025-10-27 02:00 CET"
    # 01:00 happens twice in New York on 2025-11-02.
    ny = next_digest_at("daily", 1, 0, "America/New_York", utc(2025, 11, 1, 12))
    assert ny == utc(2025, 11, 2, 5)
    assert next_digest_at("daily", 1, 0, "America/New_York", ny) == utc(2025, 11, 3, 6)


def test_daily_right_after_the_due_time_moves_to_tomorrow() -> None:
    due = utc(2025, 6, 1, 7)  # 09:00 CEST
    assert next_digest_at("daily", 9, 0, "Europe/Berlin", due - timedelta(seconds=1)) == due
    assert next_digest_at("daily", 9, 0, "Europe/Berlin", due) == due + timedelta(days=1)
    after = next_digest_at("daily", 9, 0, "Europe/Berlin", due + timedelta(seconds=1))
    assert after == due + timedelta(days=1)


def test_weekly_across_a_dst_change_keeps_the_local_hour() -> None:
    # Monday 2025-03-24 09:00 CET is 08:00 UTC; the next Monday is after the change.
    monday = utc(2025, 3, 24, 8)
    due = next_digest_at("weekly", 9, 0, "Europe/Berlin", monday)
    assert due == utc(2025, 3, 31, 7)
    assert local("Europe/Berlin", due) == "2025-03-31 09:00 CEST"
    assert due - monday == timedelta(days=7, hours=-1)
    # New York, Sunday digest on the fall-back day: 25 hours longer than the week before.
    ny = next_digest_at("weekly", 8, 6, "America/New_York", utc(2025, 10, 26, 12, 1))
    assert local("America/New_York", ny) == "2025-11-02 08:00 EST"


def test_weekly_uses_the_local_weekday() -> None:
    # Monday 08:00 in Auckland is Sunday 19:00 UTC.
    due = next_digest_at("weekly", 8, 0, "Pacific/Auckland", utc(2025, 1, 10, 0))
    assert due == utc(2025, 1, 12, 19)
    assert local("Pacific/Auckland", due).startswith("2025-01-13 08:00")
    assert due is not None and due.astimezone(ZoneInfo("Pacific/Auckland")).weekday() == 0
    # Sunday 20:00 in Los Angeles is Monday 04:00 UTC.
    la = next_digest_at("weekly", 20, 6, "America/Los_Angeles", utc(2025, 1, 10, 0))
    assert la == utc(2025, 1, 13, 4)


def test_off_means_no_digest() -> None:
    assert next_digest_at("off", 9, 0, "Europe/Berlin", utc(2025, 1, 1)) is None


@pytest.mark.parametrize("name", ["America", "Etc", "Europe/", "", "Mars/Olympus", "../etc"])
def test_invalid_time_zone_names_are_rejected_not_crashing(name: str) -> None:
    assert valid_timezone(name) is False


@pytest.mark.parametrize("name", ["UTC", "Europe/Berlin", "Pacific/Auckland"])
def test_valid_time_zone_names(name: str) -> None:
    assert valid_timezone(name) is True
