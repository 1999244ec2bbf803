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
