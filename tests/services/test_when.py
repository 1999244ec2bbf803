"""Dates as users type them (English and German), read in their own time zone, as UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.services.when import WhenProblem, moment_text, read_when

BERLIN = "Europe/Berlin"
NEW_YORK = "America/New_York"
# Tuesday 1 December 2026, 10:00 in Berlin (09:00 UTC).
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo(BERLIN))


def local(text: str, zone: str = BERLIN, now: datetime = NOW, language: str = "en") -> str:
    due = read_when(text, now=now, zone=zone, language=language)
    assert due.tzinfo is UTC
    return due.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M %Z")


def refusal(text: str, zone: str = BERLIN, now: datetime = NOW, language: str = "en") -> str:
    with pytest.raises(WhenProblem) as caught:
        read_when(text, now=now, zone=zone, language=language)
    assert isinstance(caught.value, ValueError)
    return caught.value.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15.01.2027", "2027-01-15 09:00 CET"),
        ("15/01/2027", "2027-01-15 09:00 CET"),
        ("01/15/2027", "2027-01-15 09:00 CET"),  # the US order, when it cannot be misread
        ("2027-01-15", "2027-01-15 09:00 CET"),
        ("15.01.27", "2027-01-15 09:00 CET"),
        ("15.1.", "2027-01-15 09:00 CET"),
        ("15 Jan", "2027-01-15 09:00 CET"),  # no year: the next 15 January
        ("Jan 15", "2027-01-15 09:00 CET"),
        ("January 15th, 2027", "2027-01-15 09:00 CET"),
        ("the 15th of January", "2027-01-15 09:00 CET"),
        ("24 Dec", "2026-12-24 09:00 CET"),
        ("tomorrow", "2026-12-02 09:00 CET"),
        ("today at 18:00", "2026-12-01 18:00 CET"),
        ("day after tomorrow", "2026-12-03 09:00 CET"),
        ("next Friday", "2026-12-04 09:00 CET"),
        ("Friday 9pm", "2026-12-04 21:00 CET"),
        ("on Tue", "2026-12-08 09:00 CET"),  # today is Tuesday: "Tuesday" is next week's
        ("in 3 days", "2026-12-04 09:00 CET"),
        ("in two weeks", "2026-12-15 09:00 CET"),
        ("in 2 months", "2027-02-01 09:00 CET"),
        ("in 3 hours", "2026-12-01 13:00 CET"),
        ("tomorrow at 9", "2026-12-02 09:00 CET"),
        ("15 Jan at 9:30", "2027-01-15 09:30 CET"),
        ("15.01.2027 9:00", "2027-01-15 09:00 CET"),
        ("2027-01-15T14:45", "2027-01-15 14:45 CET"),
        ("Jan 15 7:30 pm", "2027-01-15 19:30 CET"),
        ("at 9", "2026-12-02 09:00 CET"),  # 09:00 today has passed: tomorrow's
        ("11:15", "2026-12-01 11:15 CET"),  # still ahead today
    ],
)
def test_english(text: str, expected: str) -> None:
    assert local(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15.01.2027", "2027-01-15 09:00 CET"),
        ("15. Januar", "2027-01-15 09:00 CET"),
        ("15. Jan. 2027", "2027-01-15 09:00 CET"),
        ("am 3. März", "2027-03-03 09:00 CET"),
        ("3. Maerz", "2027-03-03 09:00 CET"),
        ("morgen", "2026-12-02 09:00 CET"),
        ("übermorgen", "2026-12-03 09:00 CET"),
        ("nächsten Freitag", "2026-12-04 09:00 CET"),
        ("am Freitag um 14:30", "2026-12-04 14:30 CET"),
        ("kommenden Mo", "2026-12-07 09:00 CET"),
        ("in 3 Tagen", "2026-12-04 09:00 CET"),
        ("in zwei Wochen", "2026-12-15 09:00 CET"),
        ("in einem Monat", "2027-01-01 09:00 CET"),
        ("in 2 Stunden", "2026-12-01 12:00 CET"),
        ("morgen um 9 Uhr", "2026-12-02 09:00 CET"),
        ("morgen um 9.30 Uhr", "2026-12-02 09:30 CET"),
        ("15.01.2027 um 17 Uhr", "2027-01-15 17:00 CET"),
        ("Mittwoch 8:15", "2026-12-02 08:15 CET"),
    ],
)
def test_german(text: str, expected: str) -> None:
    assert local(text, language="de") == expected


def test_new_york_reads_its_own_calendar() -> None:
    # 1 December 2026 02:00 UTC is still 30 November, 21:00 in New York.
    now = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
    assert local("tomorrow", NEW_YORK, now) == "2026-12-01 09:00 EST"
    assert local("15.01.2027 9:00", NEW_YORK, now) == "2027-01-15 09:00 EST"
    assert read_when("15.01.2027 9:00", now=now, zone=NEW_YORK) == datetime(
        2027, 1, 15, 14, 0, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("zone", "now", "text", "expected"),
    [
        # Berlin springs forward on 28 March 2027: 09:00 the day after is CEST (07:00 UTC).
        (BERLIN, datetime(2027, 3, 26, 12, tzinfo=UTC), "in 3 days", "2027-03-29 09:00 CEST"),
        (BERLIN, datetime(2027, 3, 27, 12, tzinfo=UTC), "morgen 9:00", "2027-03-28 09:00 CEST"),
        # ... and falls back on 31 October 2027.
        (BERLIN, datetime(2027, 10, 30, 12, tzinfo=UTC), "tomorrow", "2027-10-31 09:00 CET"),
        # New York springs forward on 14 March 2027 and falls back on 7 November 2027.
        (NEW_YORK, datetime(2027, 3, 13, 20, tzinfo=UTC), "tomorrow", "2027-03-14 09:00 EDT"),
        (NEW_YORK, datetime(2027, 11, 6, 20, tzinfo=UTC), "next Sunday", "2027-11-07 09:00 EST"),
        # "in 3 hours" is exact time, however the clocks change: 00:30 EDT + 3 h = 02:30 EST.
        (NEW_YORK, datetime(2027, 11, 7, 4, 30, tzinfo=UTC), "in 3 hours", "2027-11-07 02:30 EST"),
    ],
)
def test_across_daylight_saving_changes(zone: str, now: datetime, text: str, expected: str) -> None:
    assert local(text, zone, now) == expected


def test_a_local_time_that_does_not_exist_is_refused() -> None:
    now = datetime(2027, 3, 1, tzinfo=UTC)
    message = refusal("2027-03-28 02:30", BERLIN, now)
    assert "2:30\u202fAM" in message and "Europe/Berlin" in message and "forward" in message
    assert "vorgestellt" in refusal("28.03.2027 2:30", BERLIN, now, language="de")
    assert "forward" in refusal("14.03.2027 2:15", NEW_YORK, now)


def test_a_local_time_that_happens_twice_is_the_first() -> None:
    now = datetime(2027, 10, 1, tzinfo=UTC)
    due = read_when("31.10.2027 02:30", now=now, zone=BERLIN)
    assert due == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)  # 02:30 CEST, before the change
    due = read_when("2027-11-07 1:30", now=now, zone=NEW_YORK)
    assert due == datetime(2027, 11, 7, 5, 30, tzinfo=UTC)  # 01:30 EDT


def test_past_dates_are_refused_with_what_was_understood() -> None:
    assert refusal("2025-01-01") == (
        "Jan 1, 2025, 9:00\u202fAM is in the past. Send a date and time that is still ahead."
    )
    assert refusal("01.12.2026 8:00", language="de").startswith(
        "01.12.2026, 08:00 liegt in der Vergangenheit"
    )
    assert "in the past" in refusal("today")  # 09:00 today has passed at 10:00
    assert "in the past" in refusal("today at 9:59")


def test_a_day_and_month_that_just_passed_is_not_moved_a_year_on_silently() -> None:
    assert refusal("28 Nov") == (
        "28 November has just passed. If you mean next year's, add the year: November 28, 2027."
    )
    assert "28. November 2027" in refusal("28.11.", language="de")
    assert local("28.11.2027") == "2027-11-28 09:00 CET"
    # Long past this year: the next one is what anyone means.
    assert local("15 Jan") == "2027-01-15 09:00 CET"


def test_ambiguous_day_and_month_are_asked_about() -> None:
    message = refusal("05/06/2027")
    assert "June 5, 2027" in message and "May 6, 2027" in message
    assert "2027-06-05" in message
    german = refusal("05/06/2027", language="de")
    assert "5. Juni 2027" in german and "6. Mai 2027" in german and "05.06.2027" in german
    # Dots are always day first, so they are never ambiguous.
    assert local("05.06.2027") == "2027-06-05 09:00 CEST"


@pytest.mark.parametrize(
    "text",
    ["", "   ", "garbage", "soon", "next", "the 45th", "15 Foo 2027", "in many days", "on"],
)
def test_garbage_is_refused_with_examples(text: str) -> None:
    assert "15.01.2027" in refusal(text)
    assert "nächsten Freitag" in refusal(text, language="de")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31.02.2027", "There is no 31.02.2027"),
        ("2027-13-01", "There is no 2027-13-01"),
        ("25:00", "could not read the time"),
        ("13pm", "could not read the time"),
        ("tomorrow 7:61", "could not read the time"),
        ("9:30 10:00", "two times"),
        ("in 3 hours at 9", "exact moment"),
    ],
)
def test_impossible_dates_and_times(text: str, expected: str) -> None:
    assert expected in refusal(text)


def test_a_horizon_can_be_set() -> None:
    with pytest.raises(WhenProblem, match="more than 366 days"):
        read_when("2028-06-01", now=NOW, zone=BERLIN, within=timedelta(days=366))
    assert read_when("2027-06-01", now=NOW, zone=BERLIN, within=timedelta(days=366))


def test_moment_text_speaks_the_readers_language() -> None:
    due = datetime(2027, 1, 15, 8, 0, tzinfo=UTC)
    assert moment_text(due, ZoneInfo(BERLIN), "de") == "15.01.2027, 09:00"
    assert moment_text(due, ZoneInfo(NEW_YORK), "en") == "Jan 15, 2027, 3:00\u202fAM"
