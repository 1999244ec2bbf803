"""Dates and times as people type them, in English or German, read in their own time zone.

"15.01.2027", "15/01/2027", "2027-01-15", "15 Jan", "Jan 15", "15. Januar", "tomorrow" /
"morgen", "next Friday" / "nächsten Freitag", "in 3 days" / "in 3 Tagen", each with an
optional time: "at 9", "9:30", "9pm", "um 9 Uhr". The result is an aware datetime in UTC.

A small grammar over CLDR's month and weekday names (Babel, already a dependency) rather than
`dateparser`: dateparser pulls in the compiled `regex` wheel and pytz, and on this bot's own
examples it returned None for "nächsten Freitag", silently dropped the time of "tomorrow at 9"
and "morgen um 9 Uhr", and silently read "05/06/2027" as 5 June. Here every doubtful reading
is refused in words (`WhenProblem`, a ValueError whose message is for the user):
- "05/06/2027" (day and month both possible) → asks for the month as a word;
- a date or time in the past, "31.02.2027", a day-month that passed days ago ("28 Nov" on
  1 December: next year's is rarely meant) → says so;
- a local time that does not exist (02:30 on the night clocks go forward) → says so. A local
  time that happens twice (the night clocks go back) is the first of the two.
Both languages' words are always understood; `language` only chooses the language of the
messages and of dates shown in them.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from babel.dates import (
    format_date,
    format_time,
    get_datetime_format,
    get_day_names,
    get_month_names,
)

LANGUAGES = ("en", "de")
DEFAULT_TIME = time(9, 0)
# A day-month without a year that passed at most this long ago is refused, not moved a year on.
RECENTLY_PASSED = timedelta(days=31)

_MESSAGES = {
    "en": {
        "unreadable": (
            "I could not read “{text}” as a date. Write it like 15.01.2027, 15 Jan, tomorrow, "
            "next Friday or in 3 days, with a time if you like: at 9, 9:30 or 14:00."
        ),
        "ambiguous": (
            "“{text}” could be {first} or {second}. Write the month as a word "
            "({example}) or as year-month-day ({iso})."
        ),
        "no_such_day": "There is no {text}: that month has no such day.",
        "bad_time": "I could not read the time in “{text}”. Write it like 9, 9:30, 14:00 or 9pm.",
        "two_times": "“{text}” has two times in it. Send one date with one time.",
        "no_time_with": "“{text}” is already an exact moment; leave out the time of day.",
        "past": "{when} is in the past. Send a date and time that is still ahead.",
        "recently_passed": (
            "{day} has just passed. If you mean next year's, add the year: {example}."
        ),
        "gap": (
            "{time} does not exist on {day} in {zone}: the clocks jump forward that night. "
            "Pick another time."
        ),
        "too_far": "That is more than {days} days ahead. Pick an earlier date.",
    },
    "de": {
        "unreadable": (
            "„{text}“ kann ich nicht als Datum lesen. Schreib es etwa so: 15.01.2027, 15. Jan, "
            "morgen, nächsten Freitag oder in 3 Tagen, gern mit Uhrzeit: um 9, 9:30 oder 14:00."
        ),
        "ambiguous": (
            "„{text}“ kann {first} oder {second} sein. Schreib den Monat als Wort "
            "({example}) oder mit Punkten ({dotted})."
        ),
        "no_such_day": "Den {text} gibt es nicht: Der Monat hat keinen solchen Tag.",
        "bad_time": (
            "Die Uhrzeit in „{text}“ kann ich nicht lesen. Schreib sie etwa so: 9, 9:30, "
            "14:00 oder 9 Uhr."
        ),
        "two_times": "In „{text}“ stehen zwei Uhrzeiten. Schick ein Datum mit einer Uhrzeit.",
        "no_time_with": "„{text}“ ist schon ein genauer Zeitpunkt; lass die Uhrzeit weg.",
        "past": "{when} liegt in der Vergangenheit. Schick ein Datum und eine Uhrzeit in der "
        "Zukunft.",
        "recently_passed": (
            "Der {day} ist gerade vorbei. Wenn du den im nächsten Jahr meinst, schreib das Jahr "
            "dazu: {example}."
        ),
        "gap": (
            "{time} gibt es am {day} in {zone} nicht: In der Nacht wird die Uhr vorgestellt. "
            "Nimm eine andere Uhrzeit."
        ),
        "too_far": "Das ist mehr als {days} Tage entfernt. Nimm ein früheres Datum.",
    },
}


class WhenProblem(ValueError):
    """What the user typed is not one clear future moment; `message` says why, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _problem(language: str, key: str, **values: object) -> WhenProblem:
    return WhenProblem(_MESSAGES[_lang(language)][key].format(**values))


def _lang(language: str) -> str:
    primary = (language or "").replace("_", "-").split("-")[0].lower()
    return primary if primary in LANGUAGES else "en"


# ---------------------------------------------------------------------------- vocabulary


def _fold(word: str) -> str:
    """Without accents: "märz" → "marz" (people type without umlauts too)."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _spellings(word: str) -> set[str]:
    word = word.casefold().rstrip(".")
    umlauts = word.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    return {word, _fold(word), umlauts}


@cache
def _months() -> dict[str, int]:
    """January / Jan / Januar / Jän… → 1, from CLDR in both languages."""
    names: dict[str, int] = {}
    for locale in LANGUAGES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale).items():
                    for spelling in _spellings(str(name)):
                        names[spelling] = number
                        names.setdefault(spelling[:3], number)
    names["sept"] = 9
    return names


@cache
def _weekdays() -> dict[str, int]:
    """Friday / Fri / Freitag / Fr → 4 (Monday is 0, as in date.weekday() and Babel)."""
    names: dict[str, int] = {}
    for locale in LANGUAGES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_day_names(width, context, locale).items():
                    for spelling in _spellings(str(name)):
                        names[spelling] = number
                        names.setdefault(spelling[:3], number)
    names.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})
    return names


_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "ein": 1, "eine": 1, "einem": 1, "einer": 1, "einen": 1, "zwei": 2, "drei": 3, "vier": 4,
    "fünf": 5, "fuenf": 5, "funf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9,
    "zehn": 10,
}  # fmt: skip
_UNITS = {
    "day": "days", "days": "days", "tag": "days", "tage": "days", "tagen": "days",
    "week": "weeks", "weeks": "weeks", "woche": "weeks", "wochen": "weeks",
    "month": "months", "months": "months", "monat": "months", "monate": "months",
    "monaten": "months",
    "hour": "hours", "hours": "hours", "hr": "hours", "hrs": "hours", "h": "hours",
    "stunde": "hours", "stunden": "hours", "std": "hours",
    "minute": "minutes", "minutes": "minutes", "min": "minutes", "mins": "minutes",
    "minuten": "minutes",
}  # fmt: skip
_DAYS_FROM_TODAY = {
    "today": 0, "heute": 0,
    "tomorrow": 1, "morgen": 1,
    "day after tomorrow": 2, "the day after tomorrow": 2, "übermorgen": 2, "uebermorgen": 2,
    "ubermorgen": 2,
    "next week": 7, "nächste woche": 7, "naechste woche": 7, "nachste woche": 7,
}  # fmt: skip
_NEXT = {
    "next", "nächsten", "nächster", "nächste", "naechsten", "naechster", "naechste",
    "nachsten", "nachster", "nachste", "kommenden", "kommender", "kommende",
}  # fmt: skip
_THIS = {"this", "coming", "diesen", "dieser", "diese"}
_FILLER = {"on", "the", "of", "am", "den", "dem", "at", "um", "for", "by", "bis", "zum", "ab"}

# ---------------------------------------------------------------------------- grammar

_SUFFIX = r"(?P<suffix>a\.?m\.?|p\.?m\.?|uhr)"
_TIMES = (
    # 9:30, 14:00, 9h30, at 9:30 pm, um 9:30 Uhr
    re.compile(
        r"(?:(?<=\s)|^)(?:(?:at|um|@)\s*)?(?P<hour>\d{1,2})[:h](?P<minute>\d{2})\s*"
        + _SUFFIX
        + r"?(?=\s|$)"
    ),
    # at 9, um 9 Uhr, um 9.30 Uhr, @9pm
    re.compile(
        r"(?:(?<=\s)|^)(?:at|um|@)\s*(?P<hour>\d{1,2})(?:\.(?P<minute>\d{2}))?\s*"
        + _SUFFIX
        + r"?(?=\s|$)"
    ),
    # 9pm, 9 am, 9 Uhr, 9.30 Uhr
    re.compile(
        r"(?:(?<=\s)|^)(?P<hour>\d{1,2})(?:\.(?P<minute>\d{2}))?\s*" + _SUFFIX + r"(?=\s|$)"
    ),
)
_ISO = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})")
_NUMERIC = re.compile(
    r"(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?:(?P=sep)(?P<y>\d{4}|\d{2}))?\.?"
)
_DAY_MONTH = re.compile(
    r"(?P<d>\d{1,2})(?:\.|st|nd|rd|th)?\s*(?:of\s+)?(?P<month>[^\W\d_]+)\.?(?:\s+(?P<y>\d{4}))?"
)
_MONTH_DAY = re.compile(
    r"(?P<month>[^\W\d_]+)\.?\s+(?P<d>\d{1,2})(?:\.|st|nd|rd|th)?(?:\s+(?P<y>\d{4}))?"
)
_IN = re.compile(r"(?:in\s+)?(?P<n>\d{1,3}|[^\W\d_]+)\s+(?P<unit>[^\W\d_]+)")
_WEEKDAY = re.compile(r"(?:(?P<mod>[^\W\d_]+)\s+)?(?P<day>[^\W\d_]+)\.?")


@dataclass(frozen=True)
class _Reading:
    """What the date part said: a day (time of day still to come) or an exact moment."""

    day: date | None = None
    moment: datetime | None = None  # "in 3 hours": exact, in UTC
    rolls: bool = False  # a time alone: today, or tomorrow if today's has passed
    yearless: bool = False  # "15 Jan": the next 15 January


def read_when(
    text: str,
    *,
    now: datetime,
    zone: ZoneInfo | str,
    language: str = "en",
    default_time: time = DEFAULT_TIME,
    within: timedelta | None = None,
) -> datetime:
    """The moment `text` names, as an aware datetime in UTC.

    `now` is an aware datetime; dates are read on the calendar of `zone`. A date without a
    time is at `default_time` local time. `within` refuses moments further ahead than that.
    Raises WhenProblem (a ValueError) with a sentence for the user in `language`.
    """
    tz = zone if isinstance(zone, ZoneInfo) else ZoneInfo(zone)
    lang = _lang(language)
    shown = " ".join(text.split())[:80]
    normal = _normalise(text)
    if not normal:
        raise _problem(lang, "unreadable", text=shown)
    rest, at = _take_time(normal, shown, lang)
    reading = _read_date(rest, at is not None, now.astimezone(tz).date(), now, shown, lang)
    if reading.moment is not None:
        if at is not None:
            raise _problem(lang, "no_time_with", text=shown)
        result = reading.moment
    else:
        assert reading.day is not None
        day = reading.day
        if reading.rolls:
            assert at is not None
            if _local(day, at, tz) <= now:
                day += timedelta(days=1)
        if reading.yearless and day < now.astimezone(tz).date():
            if now.astimezone(tz).date() - day <= RECENTLY_PASSED:
                raise _problem(
                    lang,
                    "recently_passed",
                    day=_long_day(day, lang, year=False),
                    example=_long_day(_safe_day(day.year + 1, day.month, day.day) or day, lang),
                )
            day = _same_day_next_year(day, shown, lang)
        chosen = at if at is not None else default_time
        local = datetime.combine(day, chosen, tzinfo=tz)
        if local.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != local.replace(tzinfo=None):
            raise _problem(
                lang,
                "gap",
                time=format_time(chosen, "short", locale=lang),
                day=_long_day(day, lang),
                zone=tz.key,
            )
        result = local.astimezone(UTC)
    if result <= now:
        raise _problem(lang, "past", when=moment_text(result, tz, lang))
    if within is not None and result > now + within:
        raise _problem(lang, "too_far", days=within.days)
    return result


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"(\d)t(\d)", r"\1 \2", text)  # 2027-01-15T09:00
    text = text.replace(",", " ").replace("’", "'")
    return " ".join(text.split()).strip(" !?")


def _take_time(text: str, shown: str, lang: str) -> tuple[str, time | None]:
    for pattern in _TIMES:
        found = pattern.search(text)
        if found is None:
            continue
        rest = " ".join((text[: found.start()] + " " + text[found.end() :]).split())
        if any(p.search(rest) for p in _TIMES):
            raise _problem(lang, "two_times", text=shown)
        return rest, _clock(found, shown, lang)
    return text, None


def _clock(found: re.Match[str], shown: str, lang: str) -> time:
    hour = int(found["hour"])
    minute = int(found["minute"] or 0)
    suffix = (found["suffix"] or "").replace(".", "")
    if suffix in ("am", "pm"):
        if not 1 <= hour <= 12:
            raise _problem(lang, "bad_time", text=shown)
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise _problem(lang, "bad_time", text=shown)
    return time(hour, minute)


def _read_date(
    text: str, has_time: bool, today: date, now: datetime, shown: str, lang: str
) -> _Reading:
    words = [w for w in text.split() if w not in _FILLER]
    text = " ".join(words)
    if not text:
        # Only a time ("at 9"): today, or tomorrow once today's has passed.
        if not has_time:
            raise _problem(lang, "unreadable", text=shown)
        return _Reading(day=today, rolls=True)
    if text in _DAYS_FROM_TODAY:
        return _Reading(day=today + timedelta(days=_DAYS_FROM_TODAY[text]))
    if found := _ISO.fullmatch(text):
        return _Reading(day=_day(int(found["y"]), int(found["m"]), int(found["d"]), shown, lang))
    if found := _NUMERIC.fullmatch(text):
        return _numeric(found, today, shown, lang)
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        found = pattern.fullmatch(text)
        if found and found["month"].rstrip(".") in _months():
            month = _months()[found["month"].rstrip(".")]
            return _with_year(found["y"], month, int(found["d"]), today, shown, lang)
    if found := _IN.fullmatch(text):
        count = _count(found["n"])
        unit = _UNITS.get(found["unit"])
        if count is not None and unit is not None:
            return _ahead(count, unit, today, now)
    if found := _WEEKDAY.fullmatch(text):
        modifier = found["mod"]
        weekday = _weekdays().get(found["day"].rstrip("."))
        if weekday is not None and (modifier is None or modifier in _NEXT | _THIS):
            ahead = (weekday - today.weekday()) % 7
            if ahead == 0 and modifier not in _THIS:
                ahead = 7  # "Friday" said on a Friday: next week's
            return _Reading(day=today + timedelta(days=ahead))
    raise _problem(lang, "unreadable", text=shown)


def _numeric(found: re.Match[str], today: date, shown: str, lang: str) -> _Reading:
    """15.01.2027 is always day first; 15/01/2027 is read only when it cannot be misread."""
    a, b = int(found["a"]), int(found["b"])
    if found["sep"] == "." or a > 12 or a == b:
        day, month = a, b
    elif b > 12:
        day, month = b, a  # 01/15/2027, as written in the US
    else:
        year = _full_year(found["y"]) if found["y"] else today.year
        first, second = _safe_day(year, b, a), _safe_day(year, a, b)
        if first is None or second is None:
            raise _problem(lang, "unreadable", text=shown)
        raise _problem(
            lang,
            "ambiguous",
            text=shown,
            first=_long_day(first, lang, year=bool(found["y"])),
            second=_long_day(second, lang, year=bool(found["y"])),
            example=format_date(first, "d MMM y" if lang == "en" else "d. MMMM y", locale=lang),
            iso=first.isoformat(),
            dotted=f"{first.day:02d}.{first.month:02d}.{first.year}",
        )
    return _with_year(found["y"], month, day, today, shown, lang)


def _with_year(
    year_text: str | None, month: int, day: int, today: date, shown: str, lang: str
) -> _Reading:
    if year_text:
        return _Reading(day=_day(_full_year(year_text), month, day, shown, lang))
    this_year = _safe_day(today.year, month, day)
    if this_year is None:  # 29 February outside a leap year: the next one, if soon
        next_year = _day(today.year + 1, month, day, shown, lang)
        return _Reading(day=next_year)
    return _Reading(day=this_year, yearless=True)


def _same_day_next_year(day: date, shown: str, lang: str) -> date:
    return _day(day.year + 1, day.month, day.day, shown, lang)


def _ahead(count: int, unit: str, today: date, now: datetime) -> _Reading:
    if unit == "hours":
        return _Reading(moment=now.astimezone(UTC) + timedelta(hours=count))
    if unit == "minutes":
        return _Reading(moment=now.astimezone(UTC) + timedelta(minutes=count))
    if unit == "days":
        return _Reading(day=today + timedelta(days=count))
    if unit == "weeks":
        return _Reading(day=today + timedelta(weeks=count))
    months = today.month - 1 + count
    year, month = today.year + months // 12, months % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return _Reading(day=date(year, month, min(today.day, last)))


def _count(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _NUMBER_WORDS.get(word)


def _full_year(text: str) -> int:
    return 2000 + int(text) if len(text) == 2 else int(text)


def _safe_day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _day(year: int, month: int, day: int, shown: str, lang: str) -> date:
    found = _safe_day(year, month, day)
    if found is None:
        raise _problem(lang, "no_such_day", text=shown)
    return found


def _local(day: date, at: time, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


def _long_day(day: date, lang: str, *, year: bool = True) -> str:
    if year:
        return format_date(day, "long", locale=lang)
    return format_date(day, "d MMMM" if lang == "en" else "d. MMMM", locale=lang)


def moment_text(moment: datetime, zone: ZoneInfo, language: str) -> str:
    """ "Jan 15, 2027, 9:00 AM" / "15.01.2027, 09:00" in `zone`: CLDR's medium date and short
    time joined by the locale's own pattern (the same as handlers.i18n.moment)."""
    lang = _lang(language)
    local = moment.astimezone(zone)
    pattern = str(get_datetime_format("medium", locale=lang))
    return pattern.replace("{1}", format_date(local, "medium", locale=lang)).replace(
        "{0}", format_time(local, "short", locale=lang)
    )
