"""Repairing a text after the check: each unsupported claim is removed with as little
around it as possible (a list item, a clause, a sentence), and a section left empty goes.
Finding claims is `guard.py`; this module only edits text."""

from __future__ import annotations

import re

from bot.generation.guard import QUOTED_RE, Claim
from bot.generation.text import normalize, split_sentences


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
    return QUOTED_RE.sub(lambda m: " " * len(m.group(0)), line)


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
