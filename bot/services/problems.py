"""Bad input is answered in words: services raise InputProblem with the sentence to show."""

from __future__ import annotations


class InputProblem(Exception):
    """The user's input cannot be used as is; `message` says why and what to do."""

    def __init__(self, message: str, *, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def looks_binary(text: str) -> bool:
    """Control characters (other than whitespace) mean this is not prose someone pasted."""
    if "\x00" in text:
        return True
    sample = text[:5000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t")
    return controls > max(3, len(sample) // 100)


def clean_text(text: str) -> str:
    """Normalise line endings and strip invisible junk that breaks hashing and search."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u200b", "")
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


def checked_text(
    text: str, *, noun: str, min_chars: int, max_chars: int, short_hint: str, long_hint: str
) -> str:
    """Clean pasted text and refuse empty, binary, too short or too long input in words."""
    content = clean_text(text)
    if not content:
        raise InputProblem(f"That message is empty. Paste the {noun}, or see /help.")
    if looks_binary(content):
        raise InputProblem(f"That does not look like a {noun} (it is not plain text).")
    if len(content) < min_chars:
        raise InputProblem(
            f"That is only {len(content)} characters; a {noun} needs at least {min_chars}. "
            + short_hint,
            code="too_short",
        )
    if len(content) > max_chars:
        raise InputProblem(
            f"That is {len(content):,} characters; the limit is {max_chars:,}. " + long_hint,
            code="too_long",
        )
    return content
