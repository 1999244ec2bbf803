"""The interface language: GNU gettext catalogs read with Babel, and the reader's locale.

Catalogs live in `locales/<lang>/LC_MESSAGES/jobforge.po` and are compiled in memory at
import (Babel's read_po + write_mo), so a fresh clone needs no build step. The locale of the
person being answered sits in a ContextVar, set once per update (handlers.settings) or around
a notification (handlers.outbound.telegram_notifier); the views call `_()` without a locale argument.

Services speak too, without knowing the reader: their refusals (InputProblem,
UnreadableDocument, FetchError, LLM errors) keep an English msgid and named values
(bot/wording.py), and `said()` renders one in the reader's language. Their msgids are found
as the first argument of those exceptions (the -k keywords) or by bot.wording.N_ (a default
keyword) where a text is defined apart from the exception.

Refreshing the catalog after changing texts (Babel's CLI; SOURCE_DIRS and KEYWORDS below):
    .venv/bin/pybabel extract -o locales/jobforge.pot --no-location --sort-output \
        -k InputProblem -k UnreadableDocument -k FetchError \
        handlers bot/services bot/documents bot/llm
    .venv/bin/pybabel update -i locales/jobforge.pot -d locales -D jobforge --no-fuzzy-matching
tests/bot/test_translations.py fails while a text has no German translation.
"""

from __future__ import annotations

import contextlib
import gettext
import logging
from collections.abc import Iterator
from contextvars import ContextVar
from datetime import date, datetime, tzinfo
from io import BytesIO
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_time, get_datetime_format
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from bot.services.settings import INTERFACE_LANGUAGES as OFFERED
from bot.wording import Sayable, fill

_log = logging.getLogger(__name__)
LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "jobforge"
DEFAULT_LOCALE = "en"
# Where `pybabel extract` looks for texts, and the callables beyond its defaults (_, N_,
# ngettext, …) whose first argument is one: the command in the docstring above.
SOURCE_DIRS = ("handlers", "bot/services", "bot/documents", "bot/llm")
KEYWORDS = ("InputProblem", "UnreadableDocument", "FetchError")
# The interface languages offered in /settings, each named in its own language (CLDR).
INTERFACE_LANGUAGES = {
    code: str(Locale.parse(code).get_display_name(code)).capitalize() for code in OFFERED
}


def catalog_path(locale: str) -> Path:
    return LOCALES_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def _load(locale: str) -> gettext.NullTranslations:
    """Fuzzy entries are left out: a guessed translation is worse than the English text."""
    path = catalog_path(locale)
    if not path.exists():
        if locale != DEFAULT_LOCALE:
            _log.warning("no %s catalog at %s: that interface speaks English", locale, path)
        return gettext.NullTranslations()  # English: the msgids are the texts
    with path.open("rb") as po:
        catalog = read_po(po, locale=locale, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


_CATALOGS: dict[str, gettext.NullTranslations] = {
    locale: _load(locale) for locale in INTERFACE_LANGUAGES
}
_current: ContextVar[str] = ContextVar("jobforge_interface_locale", default=DEFAULT_LOCALE)


def _(message: str) -> str:
    """The text in the current reader's language."""
    return _CATALOGS[_current.get()].gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """A text with a count, in the plural form the current language uses for it."""
    return _CATALOGS[_current.get()].ngettext(singular, plural, count)


def said(sayable: Sayable) -> str:
    """A service's sentence (an InputProblem, an unreadable upload, a refused link, a model
    error, a failed step) in the current reader's language, its values filled in."""
    locale = _current.get()
    return fill(_CATALOGS[locale].gettext(sayable.template), sayable.values, locale)


def N_(message: str) -> str:
    """Marks a text for pybabel where it is defined; `_()` translates it where shown."""
    return message


def current_locale() -> str:
    return _current.get()


def locale_for(chosen: str | None, telegram_language: str | None) -> str:
    """The user's choice in /settings, else their Telegram app's language (de, de-AT, de-CH →
    German), else English."""
    if chosen in INTERFACE_LANGUAGES:
        return chosen
    primary = (telegram_language or "").replace("_", "-").split("-")[0].lower()
    return primary if primary in INTERFACE_LANGUAGES else DEFAULT_LOCALE


def set_locale(locale: str) -> None:
    """For the per-update hook: each update runs in its own task, so nothing leaks."""
    _current.set(locale if locale in INTERFACE_LANGUAGES else DEFAULT_LOCALE)


@contextlib.contextmanager
def using(locale: str) -> Iterator[None]:
    """Speak `locale` inside the block (notifications sent outside an update)."""
    token = _current.set(locale if locale in INTERFACE_LANGUAGES else DEFAULT_LOCALE)
    try:
        yield
    finally:
        _current.reset(token)


def language_name(code: str) -> str:
    """A language's name in the reader's language ("German" / "Deutsch"), from CLDR."""
    try:
        name = Locale.parse(code).get_display_name(_current.get())
    except (ValueError, LookupError):
        return code
    return (name or code)[:1].upper() + (name or code)[1:]


def day(value: date) -> str:
    """A date as the reader writes it: "Jan 15, 2027" / "15.01.2027"."""
    return format_date(value, "medium", locale=_current.get())


def moment(value: datetime, zone: tzinfo | None = None) -> str:
    """Date and time without seconds: "Jan 15, 2027, 9:00 AM" / "15.01.2027, 09:00"."""
    shown = value.astimezone(zone) if zone is not None else value
    locale = _current.get()
    pattern = str(get_datetime_format("medium", locale=locale))
    return pattern.replace("{1}", format_date(shown, "medium", locale=locale)).replace(
        "{0}", format_time(shown, "short", locale=locale)
    )
