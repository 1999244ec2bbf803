"""Plain row types handed out by the repositories; services never see SQL rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID


class Stage(StrEnum):
    """Where an application is in the user's hiring pipeline (`application_stage_type`)."""

    SAVED = "saved"
    APPLIED = "applied"
    INTERVIEWING = "interviewing"
    OFFER = "offer"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class Status(StrEnum):
    """How far the pack is written (`application_status_type`)."""

    DRAFT = "draft"
    RESEARCH_COMPLETE = "research_complete"
    RESUME_READY = "resume_ready"
    COVER_LETTER_READY = "cover_letter_ready"


class Step(StrEnum):
    """The documents of a pack, in order (`document_type_enum`)."""

    RESEARCH_REPORT = "research_report"
    OPTIMIZED_RESUME = "optimized_resume"
    COVER_LETTER = "cover_letter"


class DocumentKind(StrEnum):
    """Every kind of stored document (`document_type_enum`): the pack's steps, then the
    interview prep, which is built on request and is not a step of the pack."""

    RESEARCH_REPORT = Step.RESEARCH_REPORT.value
    OPTIMIZED_RESUME = Step.OPTIMIZED_RESUME.value
    COVER_LETTER = Step.COVER_LETTER.value
    INTERVIEW_PREP = "interview_prep"


class ReminderKind(StrEnum):
    """Why a reminder exists (`reminders.kind`): set by hand, the follow-up a week after
    applying, or the evening-before nudge for an interview."""

    CUSTOM = "custom"
    FOLLOW_UP = "follow_up"
    INTERVIEW = "interview"


class Priority(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


class DigestFrequency(StrEnum):
    OFF = "off"
    DAILY = "daily"
    WEEKLY = "weekly"


STAGES = tuple(Stage)
STATUSES = tuple(Status)
STEP_ORDER = tuple(Step)


@dataclass(frozen=True)
class User:
    id: UUID
    telegram_id: int
    chat_id: int
    display_name: str
    language_code: str | None
    output_language: str
    timezone: str
    digest_frequency: str
    digest_hour: int
    digest_weekday: int
    next_digest_at: datetime | None
    stalled_after_days: int
    blocked_at: datetime | None
    pending_input: dict[str, Any]
    created_at: datetime
    # The interface language chosen in /settings (sql/0012); None follows language_code.
    interface_language: str | None = None


@dataclass(frozen=True)
class Resume:
    id: UUID
    user_id: UUID
    name: str
    content: str
    source: str
    is_primary: bool
    created_at: datetime


@dataclass(frozen=True)
class Application:
    id: UUID
    user_id: UUID
    name: str
    company_name: str
    role_title: str
    job_url: str | None
    job_description: str
    location: str | None
    remote: str | None
    priority_level: str
    status: str
    stage: str
    stage_changed_at: datetime
    resume_id: UUID | None
    match_before: int | None
    match_after: int | None
    match_details: dict[str, Any]
    research_completed: bool
    resume_optimized: bool
    cover_letter_generated: bool
    last_activity_at: datetime
    created_at: datetime
    # The message that is this application's living card (sql/0013); None until one is known.
    card_chat_id: int | None = None
    card_message_id: int | None = None
    # Pay, closing date, contact, reference, process, notes (sql/0014): see JobField.
    job_fields: dict[str, str] = field(default_factory=dict)
    # Set once by the first stage change that implies them (sql/0017).
    applied_at: datetime | None = None
    responded_at: datetime | None = None

    def next_step(self) -> str | None:
        if not self.research_completed:
            return "research_report"
        if not self.resume_optimized:
            return "optimized_resume"
        if not self.cover_letter_generated:
            return "cover_letter"
        return None

    def has_step(self, kind: str) -> bool:
        return {
            "research_report": self.research_completed,
            "optimized_resume": self.resume_optimized,
            "cover_letter": self.cover_letter_generated,
        }[kind]


@dataclass(frozen=True)
class WeekInNumbers:
    """The weekly summary: applications sent, employers' answers, interviews (held or booked)."""

    applied: int
    responses: int
    interviews: int


@dataclass(frozen=True)
class Document:
    id: UUID
    user_id: UUID
    application_id: UUID
    document_type: str
    version: int
    is_current: bool
    content: str
    feedback: str | None
    model: str
    removed_claims: list[dict[str, str]]
    created_at: datetime


@dataclass(frozen=True)
class Job:
    id: UUID
    user_id: UUID
    application_id: UUID
    kind: str
    status: str
    feedback: str | None
    chain: bool
    attempts: int
    max_attempts: int
    last_error: str | None
    error_retryable: bool
    chat_id: int | None
    document_id: UUID | None
    locked_by: str | None
    created_at: datetime


@dataclass(frozen=True)
class Reminder:
    id: UUID
    user_id: UUID
    application_id: UUID | None
    kind: str
    note: str
    due_at: datetime
    status: str
    sent_at: datetime | None


@dataclass(frozen=True)
class SimilarApplication:
    application_id: UUID
    company_name: str
    role_title: str
    similarity: float


@dataclass(frozen=True)
class SearchHit:
    application_id: UUID
    company_name: str
    role_title: str
    snippet: str
    score: float
    matched_in: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class UserFact:
    """A user's answer about a skill a posting asked for."""

    skill: str
    has: bool
    detail: str = ""
