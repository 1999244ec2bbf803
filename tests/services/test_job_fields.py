"""The tracker's job fields read from real postings of several fields, and typed by hand."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.services.job_fields import JobField, checked_value, read_job_fields
from bot.services.problems import InputProblem

POSTINGS = Path(__file__).resolve().parents[1] / "fixtures" / "postings"
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def fields(name: str) -> dict[str, str]:
    return read_job_fields((POSTINGS / name).read_text(), now=NOW)


def test_labelled_fields_are_read_from_postings() -> None:
    teacher = fields("23_staldhelms_maths_teacher.txt")
    assert teacher[JobField.CLOSING_DATE] == "2027-03-14"  # "12 noon, Friday 14 March"
    assert teacher[JobField.CONTACT].startswith("Mrs J. Hartley")
    assert fields("37_northernlakes_hr_advisor.txt")[JobField.REFERENCE] == "340-HR-6129-A"
    assert fields("12_brennert_embedded_linux.txt")[JobField.CONTACT] == "Frau Katrin Lenz"
    assert fields("41_kestrel_ops_platform_engineer.txt")[JobField.PROCESS].startswith(
        "30-minute intro call"
    )
    assert "£" in fields("26_harbourvine_sous_chef.txt")[JobField.SALARY]


def test_nothing_is_guessed_when_the_posting_does_not_say() -> None:
    backend = fields("01_ledgerly_backend.txt")
    assert JobField.CLOSING_DATE not in backend and JobField.CONTACT not in backend
    # A closing date that has passed is no closing date to track.
    past = read_job_fields("Data Analyst\nAcme\n\nClosing date: 23 May 2025 at 5pm", now=NOW)
    assert JobField.CLOSING_DATE not in past


def test_typed_values_are_checked() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    typed = checked_value(JobField.CLOSING_DATE, "15.01.2027", now=NOW, zone=berlin)
    assert typed == "2027-01-15"
    assert checked_value(JobField.CONTACT, "-", now=NOW, zone=berlin) is None
    with pytest.raises(InputProblem):
        checked_value(JobField.CLOSING_DATE, "someday", now=NOW, zone=berlin)
    with pytest.raises(InputProblem):
        checked_value(JobField.REFERENCE, "x" * 500, now=NOW, zone=berlin)
