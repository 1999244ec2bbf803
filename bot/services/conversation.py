"""What the bot is waiting for from a user: one typed state, stored in PostgreSQL
(`users.pending_input`), so a restart mid-conversation loses nothing.

Handlers dispatch a typed message on `Pending.waiting` through one table instead of
comparing strings and reading dict keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from uuid import UUID


class Waiting(StrEnum):
    NOTHING = ""
    RESUME = "resume"  # the next text is a resume (optionally replacing one)
    RESUME_NAME = "resume_name"  # a new name for the resume in `replace`
    POSTING = "posting"  # the next text or link is a job posting
    FEEDBACK = "feedback"  # what to change in a document
    EDIT = "edit"  # a new value for one field of an application
    REMIND_DATE = "remind_date"
    INTERVIEW_DATE = "interview_date"  # when the interview of an application is
    TIMEZONE = "timezone"
    SEARCH = "search"
    CHOICE = "choice"  # the user is asked whether the kept text is a resume or a posting


@dataclass(frozen=True)
class Pending:
    waiting: Waiting = Waiting.NOTHING
    application: UUID | None = None
    kind: str | None = None  # the document the feedback is for
    field: str | None = None  # the application field being edited
    replace: UUID | None = None  # the resume a pasted text replaces
    text: str | None = None  # a posting kept until the resume arrives, or a text to classify

    def to_json(self) -> dict[str, str]:
        values = {
            "await": self.waiting.value,
            "app": str(self.application) if self.application else None,
            "kind": self.kind,
            "field": self.field,
            "replace": str(self.replace) if self.replace else None,
            "text": self.text,
        }
        return {k: v for k, v in values.items() if v}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Pending:
        """Anything unreadable (an older or damaged state) is "waiting for nothing"."""
        data = data or {}
        try:
            return cls(
                waiting=Waiting(data.get("await", "")),
                application=UUID(data["app"]) if data.get("app") else None,
                kind=data.get("kind"),
                field=data.get("field"),
                replace=UUID(data["replace"]) if data.get("replace") else None,
                text=data.get("text") or data.get("posting"),
            )
        except (ValueError, TypeError, KeyError):
            return cls()
