"""Tokenisation and normalisation shared by posting analysis, matching, guard and embedding.

One place decides what a "word" is, so every module compares like with like.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources

_DASHES = str.maketrans(
    {
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00a0": " ",
        "\u2022": "*",
        "\u25cf": "*",
        "\u25aa": "*",
        "\u2023": "*",
        "\u2043": "*",
    }
)

_LOOKALIKE_RE = re.compile("[" + re.escape("".join(chr(c) for c in _DASHES)) + "]")


@cache
def _word_lists() -> dict[str, list[str]]:
    raw = resources.files(__package__).joinpath("data", "words.json").read_text(encoding="utf-8")
    data: dict[str, list[str]] = json.loads(raw)
    return data


def word_list(name: str) -> frozenset[str]:
    """A named word list from data/words.json (kept as data so it can grow without code)."""
    return frozenset(_word_lists()[name])


STOPWORDS: frozenset[str] = word_list("stopwords")

# Words so common in postings and resumes that they carry no signal about fit.
GENERIC_WORDS: frozenset[str] = word_list("generic_words")

# Numbers written as words, for reading "two years" and "a team of five" like digits.
WORD_NUMBERS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
}

_WORD_RE = re.compile(r"[^\W_][\w+#&'./\-]*")
_HEADING_MD_RE = re.compile(r"^\s{0,3}#{1,6}\s+")
_BULLET_RE = re.compile(r"^\s*(?:[-*+•·▪‣◦]|\d{1,2}[.)])\s+")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[\"'(]?[A-Z0-9])")
_ABBREVIATIONS = (
    *("e.g.", "i.e.", "etc.", "vs.", "Inc.", "Ltd.", "Co.", "Sr.", "Jr.", "Dr.", "St.", "incl."),
    *("Mr.", "Mrs.", "Ms.", "Prof.", "approx."),
    # German CVs and postings: "Drei-Schicht-System inkl. Rufbereitschaft" is one sentence.
    *("inkl.", "bzw.", "z.B.", "z. B.", "ca.", "ggf.", "evtl.", "u.a.", "d.h.", "Nr.", "Mio."),
    *("Mrd.", "Std.", "Tsd."),
)
# Each only as a word of its own ("ca." is not the end of "Africa.").
_ABBREVIATION_RES = [re.compile(r"(?<![\w.])" + re.escape(a)) for a in _ABBREVIATIONS]


def normalize(text: str) -> str:
    """Unify Unicode look-alikes so regexes written for ASCII see pasted text the same way."""
    if not text.isascii():  # ASCII is already NFKC and has no look-alikes
        # Text is often normalised again by the next step: checking is cheaper than redoing.
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
        if _LOOKALIKE_RE.search(text):
            text = text.translate(_DASHES)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def words(text: str) -> list[str]:
    """Split into word tokens, keeping tech spellings like C++, C#, Node.js and CI/CD intact."""
    out: list[str] = []
    for match in _WORD_RE.finditer(normalize(text)):
        token = match.group(0).rstrip(".-'/&")
        if token.endswith("'s"):
            token = token[:-2]
        if token:
            out.append(token)
    return out


@lru_cache(maxsize=16384)
def stem(word: str) -> str:
    """A tiny suffix stripper: enough to make "pipelines"/"pipeline" and "managed"/"manage" meet.
    Memoised: the same few thousand words are stemmed for every posting and resume line."""
    w = word.lower()
    if len(w) <= 3 or not w.isalpha():
        return w
    for suffix, repl, min_len in (
        ("ies", "y", 5),
        ("sses", "ss", 5),
        ("ing", "", 6),
        ("ied", "y", 5),
        ("ed", "", 5),
        ("es", "e", 5),
        ("s", "", 4),
    ):
        if w.endswith(suffix) and len(w) >= min_len and not w.endswith("ss"):
            base = w[: -len(suffix)] + repl
            if suffix in ("ing", "ed") and len(base) >= 3 and base[-1] == base[-2]:
                base = base[:-1]
            return base
    return w


def content_tokens(text: str, *, drop_generic: bool = True) -> list[str]:
    """Stemmed, lowercased tokens without stopwords: the unit of keyword overlap."""
    out: list[str] = []
    for token in words(text):
        low = token.lower()
        if low in STOPWORDS or (drop_generic and low in GENERIC_WORDS):
            continue
        if low.replace(".", "").replace(",", "").isdigit():
            continue
        if len(low) < 2:
            continue
        out.append(stem(low))
    return out


def is_bullet(line: str) -> bool:
    return bool(_BULLET_RE.match(line))


def strip_bullet(line: str) -> str:
    return _BULLET_RE.sub("", line, count=1).strip()


def is_markdown_heading(line: str) -> bool:
    return bool(_HEADING_MD_RE.match(line))


_EMPHASIS_MARKS_RE = re.compile(r"(\*\*|__|`)")
_STAR_EMPHASIS_RE = re.compile(r"(?<![\w*])\*(?!\s)([^*]+)(?<!\s)\*(?!\w)")
_UNDERSCORE_EMPHASIS_RE = re.compile(r"(?<!\w)_([^_]+)_(?!\w)")
_LINK_RE = re.compile(r"\[([^\]]+)\]\([^)]+\)")


@lru_cache(maxsize=4096)
def strip_markdown(line: str) -> str:
    """Remove heading hashes, bullets and emphasis so only the words remain. Memoised: one
    analysis asks for the same line several times (sections, header, requirements, salary)."""
    line = _HEADING_MD_RE.sub("", line)
    line = strip_bullet(line) if is_bullet(line) else line.strip()
    line = _EMPHASIS_MARKS_RE.sub("", line)
    line = _STAR_EMPHASIS_RE.sub(r"\1", line)
    line = _UNDERSCORE_EMPHASIS_RE.sub(r"\1", line)
    line = _LINK_RE.sub(r"\1", line)
    return line.strip()


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences; lines (bullets, headings) always end a sentence."""
    out: list[str] = []
    for raw_line in normalize(text).split("\n"):
        line = raw_line.strip()
        if not line:
            continue
        protected = line
        for i, abbr_re in enumerate(_ABBREVIATION_RES):
            protected = abbr_re.sub(f"\x00{i}\x00", protected)
        for part in _SENTENCE_END_RE.split(protected):
            for i, abbr in enumerate(_ABBREVIATIONS):
                part = part.replace(f"\x00{i}\x00", abbr)
            part = part.strip()
            if part:
                out.append(part)
    return out


def lines(text: str) -> list[str]:
    return normalize(text).split("\n")


def squash(text: str) -> str:
    """Lowercase and reduce to single-spaced alphanumerics for substring support checks."""
    low = normalize(text).lower()
    low = re.sub(r"[^a-z0-9+#&]+", " ", low)
    return f" {' '.join(low.split())} "


def word_count(text: str) -> int:
    return len(words(text))


def split_outside_brackets(text: str, separator: re.Pattern[str]) -> list[str]:
    """Split at `separator` except inside (…): "New York (Hybrid — 2 days) — Acme" is two."""
    masked = re.sub(r"\([^()]*\)", lambda m: "\x00" * len(m.group(0)), text)
    out: list[str] = []
    last = 0
    for m in separator.finditer(masked):
        out.append(text[last : m.start()])
        last = m.end()
    out.append(text[last:])
    return out
