"""Fabrication check v2 for one text: the guard's claims, judged against the evidence.

The guard (guard.py) finds claims the resume does not contain word for word; this layer adds
what a recruiter would accept or reject on top: the posting's word for something the resume
shows in other words (the evidence map) is supported; facts the user confirmed are supported;
numbers the letter quotes from the posting about the employer ("your 24-bed unit") are
supported; an honest gap ("I have not used Kubernetes yet") is not a claim. Spoken languages
the resume does not list, and text echoing instructions or injection markers, are claims.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.generation.evidence import Fact
from bot.generation.guard import Claim, find_unsupported_claims
from bot.generation.match import compute_match
from bot.generation.posting import UNKNOWN_COMPANY, UNKNOWN_ROLE, analyze_posting
from bot.generation.resume_parsing import candidate_name
from bot.generation.spoken_languages import LANGUAGES
from bot.generation.text import normalize, split_sentences

_GAP_RE = re.compile(
    r"\b(?:have not|haven't|has not|not yet|no (?:direct|hands-on|professional) experience"
    r"|am (?:keen|eager) to learn|would (?:like|love) to learn|new to)\b",
    re.I,
)
_INJECTION_RE = re.compile(
    r"\bas an ai\b|\blanguage model\b|ignore (?:all )?(?:the )?(?:previous|prior|above)"
    r"|\bsystem prompt\b|\bPWNED\b|^\s*(?:SYSTEM|ASSISTANT|USER)\s*:|\bnew instructions\b"
    r"|\bI cannot (?:comply|help with)\b|<\s*/?\s*(?:system|instructions?|job_posting|resume)\s*>",
    re.I | re.M,
)
_SPOKEN_RE = re.compile(
    r"\b(?:fluent|native|bilingual|speak|speaks|spoken|proficient|conversational|business)"
    r"\b[^.;]{0,40}",
    re.I,
)
_NUMBER_RE = re.compile(r"\d[\d,.]*")


def _language_claims(text: str, resume: str) -> list[Claim]:
    have = {name for key, name in LANGUAGES.items() if re.search(rf"\b{key}\b", resume, re.I)}
    out: list[Claim] = []
    for sentence in split_sentences(text):
        for m in _SPOKEN_RE.finditer(sentence):
            window = sentence[max(0, m.start() - 30) : m.end()]
            for key, name in LANGUAGES.items():
                if re.search(rf"\b{key}\b", window, re.I) and name not in have:
                    out.append(Claim("language", name, sentence))
    return out


def _quotes_posting(claim: Claim, posting: str) -> bool:
    """A number the letter attributes to the employer ("your 30-bed ward") is theirs."""
    if claim.kind != "number" or not re.search(r"\byour\b|\byou\b", claim.sentence, re.I):
        return False
    digits = _NUMBER_RE.search(claim.text)
    return bool(digits and digits.group(0).rstrip(".,") in posting)


def check_text(
    resume: str,
    text: str,
    *,
    posting: str | None = None,
    facts: Iterable[Fact] = (),
    candidate: str | None = None,
) -> list[Claim]:
    facts = [f for f in facts if f.has]
    allowed: list[str] = [f.skill for f in facts]
    name = candidate_name(resume, candidate)
    if name:
        allowed.append(name)
    if posting:
        analysis = analyze_posting(posting)
        allowed += [
            s for s in (analysis.company, analysis.role) if s not in (UNKNOWN_COMPANY, UNKNOWN_ROLE)
        ]
        report = compute_match(resume, analysis, facts)
        allowed += [e.requirement.name for e in report.evidence if e.met]
    source = "\n".join([resume, *(f"{f.skill}: {f.detail}" for f in facts)])
    claims = find_unsupported_claims(normalize(text), source, allowed=allowed)
    claims = [
        c
        for c in claims
        if not (_GAP_RE.search(c.sentence) and c.kind in ("skill", "tool", "certification"))
    ]
    if posting:
        claims = [c for c in claims if not _quotes_posting(c, normalize(posting))]
    claims += _language_claims(normalize(text), normalize(source))
    claims += [
        Claim("injection", m.group(0), line)
        for line in normalize(text).split("\n")
        for m in _INJECTION_RE.finditer(line)
    ]
    return claims
