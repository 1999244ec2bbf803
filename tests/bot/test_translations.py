"""The German interface is complete: every text the code marks has a German translation,
with the same placeholders and HTML tags, so a new English text without German fails here."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.catalog import Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from bot.llm.errors import timeout_error
from handlers import i18n, start
from handlers.i18n import INTERFACE_LANGUAGES, locale_for
from handlers.views import render

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}|%\([A-Za-z_]+\)[sd]")
TAG = re.compile(r"</?[a-z]+")


def _used_in_code() -> dict[str, tuple[str, ...]]:
    """What `pybabel extract` finds (handlers/i18n.py's command): msgid → (singular, plural…)."""
    keywords = {**DEFAULT_KEYWORDS, **dict.fromkeys(i18n.KEYWORDS)}
    found: dict[str, tuple[str, ...]] = {}
    for folder in i18n.SOURCE_DIRS:
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT / folder), keywords=keywords
        ):
            forms = message if isinstance(message, tuple) else (message,)
            found[forms[0]] = forms
    return found


def _german() -> dict[str, Message]:
    with i18n.catalog_path("de").open("rb") as po:
        catalog = read_po(po, locale="de")
    return {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalog if m.id}


def test_the_code_marks_its_texts() -> None:
    used = _used_in_code()
    assert len(used) > 150
    assert "⚡ Generate all" in used and "<b>⚙️ Settings</b>" in used
    assert used["{n} role"] == ("{n} role", "{n} roles")  # counts use plural forms


def test_every_text_has_a_german_translation() -> None:
    german = _german()
    untranslated = []
    for msgid, forms in _used_in_code().items():
        message = german.get(msgid)
        strings = (
            []
            if message is None
            else list(message.string)
            if isinstance(message.string, tuple)
            else [message.string]
        )
        if message is None or message.fuzzy or not all(strings):
            untranslated.append(msgid)
        elif len(forms) > 1 and not isinstance(message.id, tuple):
            untranslated.append(msgid)  # a count needs the plural forms too
    assert untranslated == []


def test_translations_keep_placeholders_and_tags() -> None:
    used = _used_in_code()
    wrong = []
    for msgid, message in _german().items():
        if msgid not in used:
            continue
        ids = message.id if isinstance(message.id, tuple) else (str(message.id),)
        strings = (
            tuple(message.string) if isinstance(message.string, tuple) else (str(message.string),)
        )
        allowed = [Counter(PLACEHOLDER.findall(text)) for text in ids]
        for text in strings:
            if Counter(PLACEHOLDER.findall(text)) not in allowed:
                wrong.append((msgid, text))
            if Counter(TAG.findall(text)) != Counter(TAG.findall(ids[0])):
                wrong.append((msgid, text))
    assert wrong == []


def test_the_catalog_has_no_texts_the_code_no_longer_uses() -> None:
    assert sorted(set(_german()) - set(_used_in_code())) == []


def test_the_interface_speaks_german_at_runtime() -> None:
    with i18n.using("de"):
        assert start.welcome().startswith("👋 <b>JobForge</b> macht aus einer Stellenanzeige")
        assert render.stage_name("applied") == "beworben"
        assert i18n.ngettext("{n} role", "{n} roles", 1).format(n=1) == "1 Stelle"
        assert i18n.ngettext("{n} role", "{n} roles", 3).format(n=3) == "3 Stellen"
    assert render.stage_name("applied") == "applied"  # the block ends, English again


def test_a_services_sentence_is_said_in_the_readers_language() -> None:
    error = timeout_error(0.5)  # an English msgid with a value, as services raise them
    assert error.user_message.startswith("The model server did not answer within 0.5 s")
    with i18n.using("de"):
        assert i18n.said(error).startswith("Der Modellserver hat nicht innerhalb von 0,5 s")
    assert i18n.said(error) == error.user_message


@pytest.mark.parametrize(
    ("chosen", "telegram", "locale"),
    [
        (None, "de", "de"),
        (None, "de-AT", "de"),
        (None, "de-CH", "de"),
        (None, "en", "en"),
        (None, "fr", "en"),
        (None, None, "en"),
        ("en", "de", "en"),  # the choice in /settings wins over Telegram's language
        ("de", "en-US", "de"),
    ],
)
def test_interface_language_follows_telegram_unless_chosen(
    chosen: str | None, telegram: str | None, locale: str
) -> None:
    assert locale_for(chosen, telegram) == locale


def test_offered_languages_are_named_in_their_own_language() -> None:
    assert INTERFACE_LANGUAGES == {"en": "English", "de": "Deutsch"}
