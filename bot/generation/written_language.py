"""Which language a text is written in, from its most common short words.

Enough to keep a document's frame (headings, subject line, sign-off) in the language of its
body: a German CV gets German headings, an English letter an English frame.
"""

from __future__ import annotations

import re

_STOPWORDS = {
    "en": {"the", "and", "i", "to", "of", "my", "in", "for", "with", "your", "you", "have"},
    "de": {"der", "die", "und", "ich", "zu", "mit", "für", "ihre", "sie", "habe", "bei", "als"},
    "fr": {"le", "la", "et", "je", "de", "les", "pour", "avec", "votre", "vous", "mon", "une"},
    "es": {"el", "la", "y", "yo", "de", "los", "para", "con", "su", "mi", "una", "en"},
}


def written_in(text: str) -> str | None:
    """ "en", "de", "fr" or "es"; None when the text is too short or unclear to say."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    if len(words) < 20:
        return None
    counts = {lang: sum(w in stop for w in words) for lang, stop in _STOPWORDS.items()}
    best = max(counts, key=lambda lang: counts[lang])
    return best if counts[best] >= 5 else None
