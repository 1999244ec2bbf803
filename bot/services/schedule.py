"""When a user's next digest is due, in their own time zone (DST-safe)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

FREQUENCIES = ("off", "daily", "weekly")


def valid_timezone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return "/" in name or name == "UTC"


def next_digest_at(
    frequency: str, hour: int, weekday: int, timezone: str, now: datetime
) -> datetime | None:
    """The first local `hour`:00 strictly after `now` (on `weekday` for weekly), in UTC.

    Local wall-clock arithmetic: a day that is 23 or 25 hours long because of DST still
    gets its digest at the chosen local hour; a non-existent local time (spring forward)
    resolves forward through zoneinfo's fold-free normalisation.
    """
    if frequency == "off":
        return None
    tz = ZoneInfo(timezone)
    local_now = now.astimezone(tz)
    day = local_now.date()
    for offset in range(0, 8 + 1):
        candidate_day = day + timedelta(days=offset)
        if frequency == "weekly" and candidate_day.weekday() != weekday:
            continue
        local = datetime.combine(candidate_day, time(hour, 0), tzinfo=tz)
        # Round-trip through UTC normalises times skipped by a DST jump.
        as_utc = local.astimezone(UTC)
        if as_utc > now.astimezone(UTC):
            return as_utc
    raise AssertionError("unreachable: a week always contains the weekday")
