"""Bad input is answered in words: services raise InputProblem with the sentence to show,
as a gettext msgid with named values (bot/wording.py), so the interface can say it in the
reader's language (handlers.i18n.said)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.wording import Refusal, Sayable


class InputProblem(Refusal):
    """The user's input cannot be used as is; `message` says why and what to do (English).

    `template` is the English msgid and `values` fill its {placeholders}:
    InputProblem("Keep the search under {limit} characters.", limit=200).
    """

    def __init__(self, template: str, *, code: str = "invalid", **values: object) -> None:
        super().__init__(template, values)
        self.code = code

    @classmethod
    def of(cls, said: Sayable, *, code: str = "invalid") -> InputProblem:
        """The same sentence, refused by a service (an unreadable upload, a bad link)."""
        return cls(said.template, code=code, **said.values)


@dataclass(frozen=True)
class PasteWording:
    """checked_text's refusals for one kind of text, as whole sentences (German inflects the
    noun, so it is never glued in); too_short takes {length} and {minimum}, too_long
    {length} and {maximum}."""

    empty: str
    binary: str
    too_short: str
    too_long: str


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


def checked_text(text: str, *, min_chars: int, max_chars: int, wording: PasteWording) -> str:
    """Clean pasted text and refuse empty, binary, too short or too long input in words."""
    content = clean_text(text)
    if not content:
        raise InputProblem(wording.empty)
    if looks_binary(content):
        raise InputProblem(wording.binary)
    if len(content) < min_chars:
        raise InputProblem(
            wording.too_short, code="too_short", length=len(content), minimum=min_chars
        )
    if len(content) > max_chars:
        raise InputProblem(
            wording.too_long, code="too_long", length=len(content), maximum=max_chars
        )
    return content
