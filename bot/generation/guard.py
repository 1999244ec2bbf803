"""Fabrication guard: every fact in generated text must be traceable to the user's resume.

Claims are detected in the generated text itself (skills, tools, certifications, employers,
degrees, titles, numbers) and looked up in the resume. Quoted material (Markdown blockquotes
and text in double quotes) is attributed to someone else, so it is not a claim about the
candidate; that is how a research report may quote the posting.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from bot.generation.engine import Finding
from bot.generation.lexicon import (
    addressee_titles,
    find_certifications,
    find_degrees,
    find_hard_skills,
    find_titles,
    normalize_title,
)
from bot.generation.text import WORD_NUMBERS, normalize, split_sentences, squash, strip_markdown

ClaimKind = Literal["skill", "tool", "certification", "employer", "degree", "title", "number"]


@dataclass(frozen=True)
class Claim:
    kind: str
    text: str
    sentence: str


_QUOTED_RE = re.compile(r'"[^"\n]*"')
_NUMBER_RE = re.compile(
    r"(?<![\w.,/])(?P<cur>[$€£])?\s?(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?P<mult>\s?(?:k|K|m|M|bn|b|B|million|billion|thousand))?(?P<plus>\+)?(?P<pct>\s?%)?"
    r"(?![\w])",
)
_WORD_NUMBER_RE = re.compile(r"\b(" + "|".join(WORD_NUMBERS) + r")\b", re.I)
_MULTIPLIERS = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
}
_YEAR_RE = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
_YEARS_CLAIM_RE = re.compile(r"^\s*\+?\s*(?:years?|yrs?)\b", re.I)
_ORG_NAME = r"[A-Z][\w&'.-]*(?:\s+(?:&\s+|of\s+|and\s+)?[A-Z][\w&'.-]*){0,4}"
_ORG_TRIGGER_RE = re.compile(rf"\b(?:at|with|for|joined|from|by|of)\s+(?P<org>{_ORG_NAME})")
_ORG_SUFFIXES = frozenset(
    [
        "inc",
        "inc.",
        "ltd",
        "ltd.",
        "llc",
        "llp",
        "gmbh",
        "ag",
        "corp",
        "corp.",
        "co",
        "co.",
        "plc",
        "sa",
        "bv",
        "group",
        "company",
    ]
)
_NOT_ORG_WORDS = frozenset(
    [
        "i",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "english",
        "german",
        "french",
        "spanish",
        "summary",
        "experience",
        "skills",
        "education",
        "profile",
        "present",
        "current",
        "the",
        "a",
        "an",
        "my",
        "our",
        "your",
        "this",
        "that",
        "these",
        "those",
    ]
)
_HEADER_SPLIT_RE = re.compile(r"\s*(?:[,|()·•@]|\s[-–—]\s|\bat\b)\s*")


def _parse_number(cur: str | None, num: str, mult: str | None) -> float:
    value = float(num.replace(",", ""))
    if mult:
        value *= _MULTIPLIERS.get(mult.strip().lower(), 1.0)
    return round(value, 6)


def _numbers(text: str) -> list[tuple[str, float, int, int]]:
    """(surface, value, start, end) for every number, including "five" and "$2M"."""
    out: list[tuple[str, float, int, int]] = []
    for m in _NUMBER_RE.finditer(text):
        value = _parse_number(m.group("cur"), m.group("num"), m.group("mult"))
        out.append((m.group(0).strip(), value, m.start(), m.end()))
    for m in _WORD_NUMBER_RE.finditer(text):
        out.append((m.group(0), float(WORD_NUMBERS[m.group(0).lower()]), m.start(), m.end()))
    return sorted(out, key=lambda n: n[2])


class _Support:
    """What the resume (plus the explicitly allowed strings) can vouch for."""

    def __init__(self, resume: str, allowed: list[str]):
        self.squashed = squash(resume + "\n" + "\n".join(allowed))
        self.hard = {h.term.canonical for h in find_hard_skills(resume)}
        self.certs = {h.term.canonical for h in find_certifications(resume)}
        self.degrees = {h.term.canonical for h in find_degrees(resume)}
        self.numbers = {n[1] for n in _numbers(resume + "\n" + "\n".join(allowed))}
        years = [int(y) for y in _YEAR_RE.findall(resume)]
        self.year_span = (max(years) - min(years)) if years else 0
        titles_text = "\n".join([resume, *allowed])
        self.titles = (
            " " + " ".join(normalize_title(line) for line in titles_text.split("\n")) + " "
        )
        for a in allowed:
            self.hard |= {h.term.canonical for h in find_hard_skills(a)}
            self.certs |= {h.term.canonical for h in find_certifications(a)}

    def has_words(self, phrase: str) -> bool:
        """Every meaningful word of the phrase occurs in the resume."""
        if squash(phrase) in self.squashed:
            return True
        tokens = [
            t
            for t in squash(phrase).split()
            if t not in _ORG_SUFFIXES and t not in {"of", "and", "&"}
        ]
        return all(f" {t} " in self.squashed for t in tokens)


def _claimable_lines(generated: str, allowed: list[str]) -> list[tuple[str, str]]:
    """(display sentence, masked sentence) pairs; quotes and allowed strings are masked out."""
    allowed_res = [
        re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, a.split())) + r"(?!\w)", re.I)
        for a in sorted(allowed, key=len, reverse=True)
    ]
    out: list[tuple[str, str]] = []
    for raw in generated.split("\n"):
        if raw.lstrip().startswith(">"):
            continue
        line = _QUOTED_RE.sub('"\u2026"', strip_markdown(raw))
        for sentence in split_sentences(line):
            masked = sentence
            for rx in allowed_res:
                masked = rx.sub(lambda m: "~" * len(m.group(0)), masked)
            out.append((sentence, masked))
    return out


def _skill_claims(sentence: str, masked: str, support: _Support) -> list[Claim]:
    claims: list[Claim] = []
    for hit in find_hard_skills(masked):
        if hit.term.canonical not in support.hard:
            kind = "tool" if hit.term.kind == "tool" else "skill"
            claims.append(Claim(kind, hit.surface, sentence))
    for hit in find_certifications(masked):
        if hit.term.canonical not in support.certs and not support.has_words(hit.surface):
            claims.append(Claim("certification", hit.surface, sentence))
    for hit in find_degrees(masked):
        if hit.term.canonical not in support.degrees:
            claims.append(Claim("degree", hit.surface, sentence))
            continue
        subject = re.match(r"\s+(?:in|of)\s+((?:[A-Z][\w&-]*\s*){1,5})", masked[hit.end :])
        if subject and not support.has_words(subject.group(1)):
            claims.append(Claim("degree", f"{hit.surface}{subject.group(0).rstrip()}", sentence))
    return claims


def _title_claims(sentence: str, masked: str, support: _Support) -> list[Claim]:
    claims: list[Claim] = []
    addressees = addressee_titles()
    for _start, _end, surface in find_titles(masked):
        norm = normalize_title(surface)
        if norm in addressees or f" {norm} " in support.titles:
            continue
        claims.append(Claim("title", surface, sentence))
    return claims


def _org_supported(name: str, support: _Support) -> bool:
    skill_spans = find_hard_skills(name) + find_certifications(name) + find_degrees(name)
    remaining = name
    for hit in sorted(skill_spans, key=lambda h: -h.start):
        remaining = remaining[: hit.start] + " " + remaining[hit.end :]
    tokens = [
        t for t in re.findall(r"[A-Za-z0-9&'.-]+", remaining) if t.lower() not in _NOT_ORG_WORDS
    ]
    tokens = [t for t in tokens if t[:1].isupper()]
    if not tokens:
        return True
    return support.has_words(" ".join(tokens))


_PERSON_WORD_RE = re.compile(r"\b(?:I|I'm|you|your|my|we|our)\b", re.I)


def _employer_claims(sentence: str, masked: str, support: _Support) -> list[Claim]:
    claims: list[Claim] = []
    candidates = [m.group("org") for m in _ORG_TRIGGER_RE.finditer(masked)]
    if (
        _YEAR_RE.search(masked)
        and len(masked.split()) <= 16
        and not _PERSON_WORD_RE.search(masked)  # a header never says "I" or "you"
    ):
        # Experience header such as "Engineer, Acme Corp (2019-2022)".
        for segment in _HEADER_SPLIT_RE.split(masked):
            segment = segment.strip(" .:;~")
            if not segment or not segment[:1].isupper() or _YEAR_RE.search(segment):
                continue
            if find_titles(segment) or (
                normalize_title(segment) and f" {normalize_title(segment)} " in support.titles
            ):
                continue
            candidates.append(segment)
    for name in candidates:
        name = name.strip(" .,:;~'")
        if name and not _org_supported(name, support):
            claims.append(Claim("employer", name, sentence))
    return claims


def _number_claims(sentence: str, masked: str, support: _Support) -> list[Claim]:
    claims: list[Claim] = []
    for surface, value, _start, end in _numbers(masked):
        if value in support.numbers:
            continue
        if _YEARS_CLAIM_RE.match(masked[end:]) and value <= support.year_span:
            continue
        claims.append(Claim("number", surface, sentence))
    return claims


def find_unsupported_claims(
    generated: str, source_resume: str, *, allowed: Iterable[str] = ()
) -> list[Claim]:
    """Claims in `generated` that `source_resume` (or an `allowed` string) does not support."""
    allowed_list = [normalize(a).strip() for a in allowed if a and a.strip()]
    support = _Support(normalize(source_resume), allowed_list)
    seen: set[tuple[str, str, str]] = set()
    out: list[Claim] = []
    for sentence, masked in _claimable_lines(normalize(generated), allowed_list):
        for claim in (
            _skill_claims(sentence, masked, support)
            + _title_claims(sentence, masked, support)
            + _employer_claims(sentence, masked, support)
            + _number_claims(sentence, masked, support)
        ):
            key = (claim.kind, claim.text.lower(), claim.sentence)
            if key not in seen:
                seen.add(key)
                out.append(claim)
    return out


def to_findings(claims: Iterable[Claim]) -> list[Finding]:
    return [Finding(kind=c.kind, text=c.text, extra={"sentence": c.sentence}) for c in claims]


def from_findings(findings: Iterable[Finding]) -> list[Claim]:
    return [Claim(f.kind, f.text, f.extra.get("sentence", "")) for f in findings]


# --- scrubbing ------------------------------------------------------------------------------


def _claim_regex(text: str) -> re.Pattern[str]:
    body = r"\s+".join(re.escape(part) for part in text.split())
    return re.compile(rf"(?<![\w+#]){body}(?![\w+#])", re.I)


def _tidy(line: str) -> str:
    line = re.sub(r"\(\s*[,;]?\s*\)", "", line)
    line = re.sub(r"\s+([,.;:)])", r"\1", line)
    line = re.sub(r"([,;])\s*(?:and|or)?\s*(?=[,;.)]|$)", "", line)
    line = re.sub(r",\s*,", ",", line)
    line = re.sub(r"\b(and|or|with|in|of|at|for)\s*([.;,]|$)", r"\2", line)
    line = re.sub(r":\s*,\s*", ": ", line)
    return re.sub(r"[ \t]{2,}", " ", line).rstrip(" ,;")


def _drop_phrase(line: str, rx: re.Pattern[str]) -> str:
    """Remove the phrase; in comma lists remove the whole list item."""
    items = line.split(",")
    if len(items) >= 3:
        kept = [it for it in items if not rx.search(it) or len(it.split()) > 5]
        if len(kept) < len(items):
            line = ",".join(kept)
    return _tidy(rx.sub("", line))


def _is_heading(line: str) -> bool:
    return bool(re.match(r"^\s{0,3}#{1,6}\s", line))


def _section_content_count(lines: list[str], index: int) -> int:
    """How many non-blank, non-heading lines share a section with lines[index]."""
    start = index
    while start > 0 and not _is_heading(lines[start - 1]):
        start -= 1
    end = index
    while end + 1 < len(lines) and not _is_heading(lines[end + 1]):
        end += 1
    return sum(1 for i in range(start, end + 1) if lines[i].strip() and not _is_heading(lines[i]))


def _visible(line: str) -> str:
    return _QUOTED_RE.sub(lambda m: " " * len(m.group(0)), line)


def _scrub_one(text: str, claim: Claim) -> str:
    rx = _claim_regex(claim.text)
    lines = text.split("\n")
    out: list[str | None] = list(lines)
    for i, line in enumerate(lines):
        if line.lstrip().startswith(">") or not rx.search(_visible(line)):
            continue
        only_content = _section_content_count(lines, i) <= 1
        if _is_heading(line) or only_content:
            out[i] = _drop_phrase(line, rx)
            continue
        if re.match(r"^\s*(?:[-*+]|\d+[.)])\s", line) or len(line.split(",")) >= 3:
            out[i] = None if not (len(line.split(",")) >= 3) else _drop_phrase(line, rx)
            continue
        sentences = split_sentences(line)
        kept = [s for s in sentences if not rx.search(_visible(s))]
        out[i] = " ".join(kept) if kept else None
    return "\n".join(line for line in out if line is not None)


def scrub_claims(generated: str, claims: list[Claim]) -> str:
    """Remove each offending bullet or sentence; fall back to removing just the phrase."""
    text = normalize(generated)
    for claim in claims:
        if claim.text.strip():
            text = _scrub_one(text, claim)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip() + "\n"
