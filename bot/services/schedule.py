"""When a user's next digest is due, in their own time zone (DST-safe)."""

from __future__ import annotations

import functools
import logging
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

FREQUENCIES = ("off", "daily", "weekly")
_log = logging.getLogger(__name__)


def valid_timezone(name: str) -> bool:
    """An IANA zone such as Europe/Berlin (or UTC); never raises on what a user typed."""
    if not name or len(name) > 64:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        # OSError: a tzdata directory such as "America" is not a zone.
        return False
    return "/" in name or name == "UTC"


@functools.cache
def _zones_by_lower_name() -> dict[str, str]:
    return {zone.lower(): zone for zone in available_timezones()}


def canonical_timezone(name: str) -> str | None:
    """The IANA spelling of what a user typed ("europe/berlin " → "Europe/Berlin"), or None."""
    key = name.strip()
    if valid_timezone(key):
        return key
    found = _zones_by_lower_name().get(key.lower().replace(" ", "_"))
    return found if found is not None and valid_timezone(found) else None


def zone_of(name: str) -> ZoneInfo:
    """A stored zone that stopped resolving (tzdata change) must not stop the digests."""
    if valid_timezone(name):
        return ZoneInfo(name)
    _log.warning("unknown time zone %r; scheduling in UTC", name)
    return ZoneInfo("UTC")


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
    tz = zone_of(timezone)
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
