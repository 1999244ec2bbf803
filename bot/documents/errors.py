"""The one exception type for unreadable uploads, shared by every extractor module."""

from __future__ import annotations

from typing import Literal

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


class UnreadableDocument(Exception):
    """The upload cannot become resume text; `user_message` is safe to show to the user."""

    def __init__(self, user_message: str, reason: UnreadableReason) -> None:
        super().__init__(f"{reason}: {user_message}")
        self.user_message = user_message
        self.reason: UnreadableReason = reason
