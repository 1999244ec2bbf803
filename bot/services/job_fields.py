"""The tracker's fields of a job, read from the posting when it is saved and edited by hand:
pay, closing date, contact person, reference number, hiring process and the user's notes.

Read conservatively: a field is filled only when the posting labels it ("Closing date:",
"Ansprechpartnerin:", "Ref:"); a wrong closing date is worse than none, so a date that does
not parse, or has passed, is left out.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.generation.posting import analyze_posting
from bot.generation.text import normalize
from bot.services.problems import InputProblem
from bot.services.when import WhenProblem, read_when


class JobField(StrEnum):
    SALARY = "salary"
    CLOSING_DATE = "closing_date"  # ISO date
    CONTACT = "contact"
    REFERENCE = "reference"
    PROCESS = "process"
    NOTES = "notes"
    INTERVIEW = "interview"  # ISO moment in the user's zone; set by InterviewService.book


MAX_CHARS = {JobField.NOTES: 1000, JobField.PROCESS: 300}
DEFAULT_MAX_CHARS = 200

_CLOSING_RE = re.compile(
    r"(?:closing date|closes|closing|deadline|apply by|applications? close[sd]?"
    r"|application deadline|bewerbungsfrist|bewerbungsschluss|einsendeschluss"
    r"|bewerben sie sich bis(?: zum)?|bewirb dich bis(?: zum)?)\b\s*(?:on|is|:|-|–)?\s*"
    r"(?P<date>[^\n;(]{4,40})",
    re.I,
)
_CONTACT_RE = re.compile(
    r"^\s*(?:[-*•]\s*)?(?:contact(?: person)?|hiring manager|recruiter|informal enquiries to"
    r"|ansprechpartner(?:in)?|ansprechperson|kontakt)\s*[:\-–]\s*(?P<who>.{3,120})$"
    # "please contact Mrs J. Hartley, HR Manager, on 01225 555 014."
    r"|\b(?:please |to )?contact (?P<whom>(?:the |our )?[A-Z][^;]{2,80}?),? (?:on|at|via) "
    r"(?P<how>[^;]{5,60}?)\.(?:\s|$)"
    # "Ihre Ansprechpartnerin ist Frau Katrin Lenz aus dem Personalwesen."
    r"|\bAnsprechpartner(?:in)? ist (?P<de>[^.;]{3,80}?)(?: aus [^.;]{3,60})?\.",
    re.I | re.M,
)
_REFERENCE_RE = re.compile(
    r"(?:job |vacancy |requisition )?(?:reference(?: number| no\.?| code)?|ref(?:\. no\.?|\.)?"
    r"|job id|requisition id|kennziffer|referenznummer|stellen-?id)\s*[:#]\s*"
    r"(?P<ref>[A-Za-z0-9][\w/.-]{2,30})",
    re.I,
)
_PROCESS_HEAD_RE = re.compile(
    r"^\s*#*\s*(?:our |the )?(?:hiring|interview|recruitment|selection|application) process"
    r"|^\s*#*\s*(?:what happens next|next steps|how to apply|ablauf|bewerbungsprozess"
    r"|so geht es weiter|auswahlverfahren)\b",
    re.I,
)
_PROCESS_INLINE_RE = re.compile(
    r"^\s*(?:our |the )?(?:hiring|interview|recruitment|selection) process\s*[:\-–]\s*"
    r"(?P<steps>[^\n]{5,300}?)(?:\.\s|\.?$)",
    re.I | re.M,
)


def read_job_fields(posting: str, *, now: datetime | None = None) -> dict[str, str]:
    """The labelled fields a posting states; absent ones are left out."""
    text = normalize(posting)
    out: dict[str, str] = {}
    salary = analyze_posting(text).salary
    if salary:
        out[JobField.SALARY] = _pay(salary)[:DEFAULT_MAX_CHARS]
    closing = _closing_date(text, now or datetime.now(UTC))
    if closing:
        out[JobField.CLOSING_DATE] = closing.isoformat()
    contact = _contact(text)
    if contact:
        out[JobField.CONTACT] = contact[:DEFAULT_MAX_CHARS]
    reference = next(
        (m.group("ref") for m in _REFERENCE_RE.finditer(text) if re.search(r"\d", m.group("ref"))),
        None,
    )
    if reference:
        out[JobField.REFERENCE] = reference.rstrip(".")
    process = _process(text)
    if process:
        out[JobField.PROCESS] = process
    return out


_AMOUNT = r"(?:[$€£]\s?\d[\d,.]*\s?[kK]?|\d[\d,.]*\s?[kK]?\s?(?:€|EUR|GBP|USD|CHF)(?![A-Za-z]))"
_PAY_RE = re.compile(
    rf"(?:(?:OTE|up to|from|ab|bis zu)\s+)?(?:\d[\d,.]*\s?[kK]?\s?(?:-|–|—|to|bis)\s?)?{_AMOUNT}"
    rf"(?:\s?(?:-|–|—|to|bis)\s?{_AMOUNT}|\s?(?:-|–|—|to|bis)\s?\d[\d,.]*\s?[kK]?)?"
    r"(?:\s*(?:per|a|an|/)\s*(?:year|annum|yr|hour|hr|month|week)"
    r"|\s+(?:brutto|gross|base|basic|p\.\s?a\.|jährlich|monatlich|pro\s+(?:jahr|monat)))*",
    re.I,
)


def _pay(line: str) -> str:
    """ "We offer a salary of 75,000-90,000 EUR, 30 days of vacation …" → the pay alone;
    a line without an amount (a pay scale, "TVöD P8") is kept as it is."""
    m = _PAY_RE.search(line)
    return m.group(0).strip() if m and len(line) > 40 else line


_WEEKDAY_RE = re.compile(
    r"^(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+|^(?:montag|dienstag|mittwoch|donnerstag"
    r"|freitag|samstag|sonntag),?\s+",
    re.I,
)


def _contact(text: str) -> str | None:
    m = _CONTACT_RE.search(text)
    if m is None:
        return None
    if m.group("who"):
        return m.group("who").strip(" .")
    if m.group("whom"):
        return f"{m.group('whom').strip(' ,')}, {m.group('how').strip(' .')}"
    return m.group("de").strip(" .")


def _closing_date(text: str, now: datetime) -> date | None:
    """ "Closing date: 12 noon, Friday 14 March" → 14 March: each comma-separated part is
    tried, without a weekday or a time after it."""
    for m in _CLOSING_RE.finditer(text):
        head = re.split(r"\.\s|\s+(?:at|um)\s+\d", m.group("date"))[0]
        for part in head.split(","):
            raw = re.sub(r"^(?:the|den|dem|on)\s+", "", part.strip(" .:"), flags=re.I)
            raw = _WEEKDAY_RE.sub("", raw)
            if not re.search(r"\d", raw):
                continue
            try:
                when = read_when(raw, now=now, zone=ZoneInfo("UTC"), language="en")
            except WhenProblem:
                continue
            return when.date()
    return None


def _process(text: str) -> str | None:
    inline = _PROCESS_INLINE_RE.search(text)
    if inline:
        return inline.group("steps").strip()[: MAX_CHARS[JobField.PROCESS]]
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if not _PROCESS_HEAD_RE.match(line):
            continue
        steps: list[str] = []
        for follow in lines[i + 1 : i + 8]:
            step = re.sub(r"^\s*(?:[-*•]|\d+[.)])\s*", "", follow).strip()
            if not step:
                if steps:
                    break
                continue
            if step.endswith(":") or (step.isupper() and len(step) > 3):
                break
            steps.append(step.rstrip("."))
        if steps:
            return " → ".join(steps)[: MAX_CHARS[JobField.PROCESS]]
    return None


def checked_value(field: JobField, value: str, *, now: datetime, zone: ZoneInfo) -> str | None:
    """A value the user typed for a field, cleaned; "-" clears it. A closing date is read as
    users write dates and stored as an ISO date."""
    value = " ".join(value.split()) if field != JobField.NOTES else value.strip()
    if value in ("-", "–", ""):
        return None
    limit = MAX_CHARS.get(field, DEFAULT_MAX_CHARS)
    if len(value) > limit:
        raise InputProblem("Send at most {limit} characters.", limit=limit)
    if field == JobField.CLOSING_DATE:
        try:
            moment = read_when(value, now=now, zone=zone, language="en", default_time=time(12))
        except WhenProblem as problem:
            raise InputProblem(str(problem)) from None
        return moment.astimezone(zone).date().isoformat()
    return value
