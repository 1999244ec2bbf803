"""What did the user mean by this message? A resume, a job posting, a request about a
document they already have ("make the cover letter shorter"), or just a short note.

Before this, every text outside a prompt was filed as a job posting: a resume pasted again
became "Data Analyst at München — 100%", a request to shorten a letter became "Unknown role
at Unknown company". Classification reads the text's own shape (dated role headers and
resume sections vs. the words postings are made of) and says when it is unsure, so the bot
can ask with buttons instead of guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.generation.resume_profile import DATE_RANGE_RE

_POSTING_CUES = re.compile(
    r"\b(?:responsibilities|requirements|qualifications|what you(?:'ll| will) do|you will"
    r"|you'll|we offer|we are looking|we're looking|about the role|about us|about the job"
    r"|apply|benefits|your profile|your tasks|nice to have|must have|job description"
    r"|person specification|essential criteria|desirable|salary|the role|the ideal candidate"
    r"|ihr profil|ihre aufgaben|wir bieten|aufgaben|anforderungen|wünschenswert|bewerben"
    r"|(?:m|w|d)/(?:m|w|d)(?:/(?:m|w|d))?)\b",
    re.I,
)
_RESUME_SECTIONS = re.compile(
    r"^\W*(?:(?:work |professional |relevant )?experience|employment history|work history"
    r"|education(?: and \w+)?|skills|technical skills|certifications|languages|profile"
    r"|summary|professional summary|berufserfahrung|ausbildung|kenntnisse|sprachen)\W*$",
    re.I | re.M,
)
_CONTACT = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|\+?\d[\d ()/.-]{7,}\d|linkedin\.com/in/", re.I)
_REQUEST_VERBS = re.compile(
    r"\b(?:make|write|rewrite|redo|change|shorten|shorter|longer|translate|regenerate|update"
    r"|improve|fix|add|remove|stress|emphasi[sz]e|highlight|mention|tone|formal|friendlier"
    r"|warmer|more|less|please|can you|could you|in (?:german|english|french|spanish)"
    r"|kürzer|länger|auf deutsch|bitte)\b",
    re.I,
)
_DOCUMENTS = {
    "cover_letter": re.compile(r"\b(?:cover )?letter\b|\banschreiben\b|\bmotivation", re.I),
    "optimized_resume": re.compile(r"\b(?:resume|résumé|cv|lebenslauf)\b", re.I),
    "research_report": re.compile(r"\b(?:research|report)\b", re.I),
}
REQUEST_MAX_CHARS = 400
SHORT_CHARS = 200


class Intent(StrEnum):
    RESUME = "resume"
    POSTING = "posting"
    REQUEST = "request"
    SHORT = "short"
    UNSURE = "unsure"


@dataclass(frozen=True)
class Reading:
    intent: Intent
    document: str | None = None  # for a request: which document it is about
    resume_score: int = 0
    posting_score: int = 0


def _resume_score(text: str) -> int:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    dated = sum(1 for ln in lines if DATE_RANGE_RE.search(ln) and len(ln) < 160)
    sections = len(_RESUME_SECTIONS.findall(text))
    contact = 1 if any(_CONTACT.search(ln) for ln in lines[:6]) else 0
    return min(dated, 4) + min(sections, 4) + 2 * contact


def _posting_score(text: str) -> int:
    cues = {m.group(0).lower() for m in _POSTING_CUES.finditer(text)}
    you = len(re.findall(r"\byou(?:r|'ll)?\b|\bwe\b|\bour\b|\bihr(?:e|en)?\b|\bwir\b", text, re.I))
    return len(cues) + min(you // 4, 3)


def read_intent(text: str) -> Reading:
    stripped = text.strip()
    if (
        len(stripped) <= REQUEST_MAX_CHARS
        and _REQUEST_VERBS.search(stripped)
        and _posting_score(stripped) < 2  # "send your CV and cover letter to …" is a posting
    ):
        document = next((k for k, rx in _DOCUMENTS.items() if rx.search(stripped)), None)
        if document is not None:
            return Reading(Intent.REQUEST, document)
    resume, posting = _resume_score(stripped), _posting_score(stripped)
    if len(stripped) < SHORT_CHARS and posting < 3:
        return Reading(Intent.SHORT, None, resume, posting)
    if resume >= 5 and resume >= posting + 3:
        intent = Intent.RESUME
    elif posting >= 3 and posting >= resume:
        intent = Intent.POSTING
    elif resume >= 4 and posting <= 1:
        intent = Intent.RESUME
    elif posting >= 2 and resume <= 2:
        intent = Intent.POSTING
    else:
        intent = Intent.UNSURE
    return Reading(intent, None, resume, posting)
