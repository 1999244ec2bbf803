"""The one exception type for unreadable uploads, shared by every extractor module."""

from __future__ import annotations

from typing import Literal

from bot.wording import english

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
    """The upload cannot become resume text; `user_message` is safe to show to the user.

    `user_message` is the English text; `template` (a gettext msgid) and `values` let the
    interface say it in the reader's language (bot/wording.py).
    """

    def __init__(self, template: str, reason: UnreadableReason, **values: object) -> None:
        self.template = template
        self.values = values
        self.user_message = english(template, values)
        super().__init__(f"{reason}: {self.user_message}")
        self.reason: UnreadableReason = reason
