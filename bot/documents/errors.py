"""The one exception type for unreadable uploads, shared by every extractor module."""

from __future__ import annotations

from typing import Literal

from bot.wording import Refusal, english

UnreadableReason = Literal[
    "too_large",
    "too_complex",
    "unsupported_type",
    "corrupt",
    "encrypted",
    "empty",
    "scanned",
    "too_short",
    "too_long",
]


class UnreadableDocument(Refusal):
    """The upload cannot become resume text; `user_message` is safe to show to the user."""

    def __init__(self, template: str, reason: UnreadableReason, **values: object) -> None:
        super().__init__(template, values, f"{reason}: {english(template, values)}")
        self.reason: UnreadableReason = reason
