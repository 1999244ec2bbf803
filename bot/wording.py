"""Sentences services say to the user, kept translatable without knowing the reader.

A refusal (InputProblem, UnreadableDocument, FetchError, an LLMError) keeps its English
gettext msgid (`template`) and the named values that fill it (`values`); its English text
(`.message` / `.user_message`, for logs, tests and stored records) is `english(template,
values)`. The interface translates the template into the reader's language where it shows
it (handlers.i18n.said), so services stay free of Telegram and of the reader's locale.

Templates are `str.format` texts with named placeholders; numbers among the values are
written the way the reader writes them (12,000 / 12.000). A template without values is
shown as is, so it needs no escaped braces. Texts defined apart from the exception that
raises them are marked with `N_` so `pybabel extract` finds them (handlers/i18n.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol


def N_(message: str) -> str:
    """Marks a text for pybabel where it is defined; the interface translates it where shown."""
    return message


class Sayable(Protocol):
    """Anything with a gettext msgid and the values that fill it."""

    @property
    def template(self) -> str: ...

    @property
    def values(self) -> Mapping[str, object]: ...


@dataclass(frozen=True)
class Said:
    """A sentence for the user, not yet in anyone's language; str() is the English text."""

    template: str
    values: Mapping[str, object] = field(default_factory=dict)

    @classmethod
    def of(cls, sayable: Sayable) -> Said:
        return cls(sayable.template, dict(sayable.values))

    def __str__(self) -> str:
        return english(self.template, self.values)


class Refusal(Exception):
    """A reason the bot cannot do what was asked, as a Sayable: `user_message` (also
    `message`) is the English text, `template` and `values` say it in any language."""

    def __init__(self, template: str, values: Mapping[str, object], logged: str = "") -> None:
        self.template = template
        self.values = dict(values)
        self.user_message = self.message = english(template, values)
        super().__init__(logged or self.user_message)


def fill(template: str, values: Mapping[str, object], locale: str) -> str:
    """The template (already in `locale`) with its values; numbers written as `locale` does."""
    if not values:
        return template
    return template.format(**{key: _shown(value, locale) for key, value in values.items()})


def english(template: str, values: Mapping[str, object]) -> str:
    return fill(template, values, "en")


def _shown(value: object, locale: str) -> object:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    # Imported here: the upload reader's worker process starts for every file (reading.py).
    from babel.numbers import format_decimal

    return format_decimal(value, locale=locale)
