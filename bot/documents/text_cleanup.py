"""Whitespace and control-character cleanup shared by every extractor.

Extractors return raw text with odd spaces, PDF bullet glyphs and control characters;
normalising in one place keeps line structure (bullets, headings) identical across formats.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

# Symbol/Wingdings bullets that PDFs export as private-use code points.
_PUA_BULLETS = {"\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "•", "\uf076": "•", "\uf0fc": "✓"}
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES_RE = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES_RE = re.compile(r"\n{3,}")


def _keep_char(ch: str) -> bool:
    """Drop control and private-use characters but keep newlines and tabs."""
    if ch in "\n\t":
        return True
    category = unicodedata.category(ch)
    return category not in ("Cc", "Co", "Cs")


def normalize_text(text: str) -> str:
    """Normalise Unicode and whitespace while keeping one line per source line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n").replace("\f", "\n\n")
    for glyph, bullet in _PUA_BULLETS.items():
        text = text.replace(glyph, bullet)
    text = unicodedata.normalize("NFC", text).translate(_ZERO_WIDTH)
    text = "".join(ch for ch in text if _keep_char(ch))
    lines = [_SPACES_RE.sub(" ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    return _BLANK_LINES_RE.sub("\n\n", text).strip()


def real_char_count(text: str) -> int:
    """Count letters and digits: punctuation and whitespace alone are not 'real' text."""
    return sum(1 for ch in text if ch.isalnum())


# First parts of English compounds that keep their hyphen at a line break ("full-|stack").
# Kept short on purpose: words that also start plain words ("back", "time") are left out.
_COMPOUND_HEADS = frozenset(
    {
        *("full", "part", "self", "cross", "well", "high", "low", "long", "short", "non"),
        *("multi", "co", "end", "real", "hands", "data", "cloud", "client", "customer"),
        *("user", "front", "first", "second", "third", "one", "two", "three", "four", "five"),
        *("half", "mid", "top", "hard", "soft", "fast", "large", "small", "open", "cutting"),
        *("state", "fact", "sign", "check", "follow"),
    }
)


def join_broken_word(head: str, tail: str, vocabulary: Collection[str] = ()) -> str:
    """Rejoin a word broken at a line end after a hyphen: "manage-" + "ment" → "management",
    "full-" + "stack" → "full-stack".

    The hyphen stays when the rest starts with a capital or digit ("IT-Abteilung",
    "COVID-19"), when the first part is a single letter, a number or already a compound
    ("e-commerce", "12-page", "state-of-the-art"), when the document writes the word with
    a hyphen elsewhere, or when the first part is a common compound head ("data-driven").
    Otherwise the break was hyphenation and the hyphen goes ("Bewerbermanagement").
    """
    stem = head[:-1]
    joined, hyphenated = stem + tail, head + tail
    word_end = re.match(r"[\w-]*", tail)
    tail_word = word_end.group(0) if word_end else tail
    seen = {w.lower() for w in vocabulary}
    if not tail[:1].islower() or len(stem) < 2 or not stem[-1].isalpha() or "-" in stem:
        return hyphenated
    if (stem + tail_word).lower() in seen:
        return joined
    if (head + tail_word).lower() in seen or "-" in tail_word:
        return hyphenated
    if stem.rsplit("-", 1)[-1].lower() in _COMPOUND_HEADS:
        return hyphenated
    return joined
