"""The evidence map: for every requirement of a posting, what in the resume shows it.

Statuses, strongest first: `stated` (the same term), `alternative met` (one of "X or Y"),
`confirmed` (a fact the user confirmed in chat), `evidenced` (other words: "migrated MySQL
to PostgreSQL" shows SQL; the curated implication graph in data/implications.json says
which), `missing`. The resume line behind each status is kept, so the card, the tailoring
and the fabrication check can all quote it.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache, lru_cache
from importlib import resources
from itertools import accumulate

from bot.generation.lexicon import (
    certification_matcher,
    find_titles,
    hard_matcher,
    soft_matcher,
    title_core,
)
from bot.generation.requirements import Requirement, RequirementKind
from bot.generation.resume_profile import (
    DATE_RANGE_RE,
    ResumeProfile,
    Role,
    without_aspirations,
)
from bot.generation.spoken_languages import LANGUAGES, find_languages
from bot.generation.text import STOPWORDS, content_tokens, normalize, stem, words

_CEFR = {"A1": 1, "A2": 2, "B1": 3, "B2": 4, "C1": 5, "C2": 6}
_LEVEL_RANK = {
    "basic": 2,
    "conversational": 3,
    "intermediate": 3,
    "good": 4,
    "working": 4,
    "very good": 5,
    "professional": 5,
    "business": 5,
    "business fluent": 5,
    "fluent": 5,
    "advanced": 5,
    "excellent": 5,
    "strong": 5,
    "full": 5,
    "proficient": 5,
    "bilingual": 6,
    "native": 6,
}


class Status(StrEnum):
    STATED = "stated"
    ALTERNATIVE_MET = "alternative met"
    CONFIRMED = "confirmed"
    EVIDENCED = "evidenced"
    MISSING = "missing"


@dataclass(frozen=True)
class Fact:
    """Something the user confirmed about themselves ("Kubernetes: yes, in a course")."""

    skill: str
    has: bool = True
    detail: str = ""


@dataclass(frozen=True)
class Evidence:
    requirement: Requirement
    status: Status
    evidence: str | None = None  # the resume line (or confirmed fact) behind the status
    matched: str | None = None  # which option or which evidence term

    @property
    def met(self) -> bool:
        return self.status != Status.MISSING


@cache
def _rules() -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    raw = resources.files(__package__).joinpath("data", "implications.json").read_text("utf-8")
    data = json.loads(raw)
    return [
        (tuple(c if c.startswith("re:") else c.lower() for c in r["concept"]), tuple(r["evidence"]))
        for r in data["rules"]
    ]


@cache
def _evidence_regex(entry: str) -> re.Pattern[str]:
    # re.M: "^" and "$" mean a line's ends in the joined lines as in one line
    if entry.startswith("re:"):
        return re.compile(entry[3:], re.I | re.M)
    return re.compile(r"(?<![\w-])" + re.escape(entry) + r"(?![\w-])", re.I | re.M)


@lru_cache(maxsize=64)
def _line_index(
    lines: tuple[str, ...],
) -> tuple[tuple[frozenset[str], ...], tuple[frozenset[str], ...]]:
    """Lexicon terms and word stems of each resume line. Cached on the lines: the same resume
    is matched against every posting the user saves, and this is most of a match's work."""
    text = [normalize(line) for line in lines]
    per_line: list[set[str]] = [set() for _ in lines]
    for matcher in (hard_matcher(), soft_matcher(), certification_matcher()):
        for terms, hits in zip(per_line, matcher.find_lines(text), strict=True):
            terms.update(h.term.canonical.lower() for h in hits)
    stems = tuple(frozenset(stem(w.lower()) for w in words(line)) for line in lines)
    return tuple(frozenset(t) for t in per_line), stems


# A phrase's words are shown together, not scattered over a long line: "data scientist …
# mixed models" is no data modeling. Some words may stand between ("work weekends, late-night
# trading and bank holidays").
_NEAR_SLACK = 2


@lru_cache(maxsize=4096)
def _line_stems(line: str) -> tuple[str, ...]:
    return tuple(stem(w.lower()) for w in words(line))


def _near(tokens: list[str], line: str) -> bool:
    """All `tokens` within a window of about twice their number of words."""
    wanted = set(tokens)
    if len(wanted) < 2:
        return True
    seq = _line_stems(line)
    width = 2 * len(wanted) + _NEAR_SLACK
    positions = [i for i, s in enumerate(seq) if s in wanted]
    for start_index, start in enumerate(positions):
        seen: set[str] = set()
        for i in positions[start_index:]:
            if i - start >= width:
                break
            seen.add(seq[i])
            if len(seen) == len(wanted):
                return True
    return False


@lru_cache(maxsize=1024)
def _exact_regex(phrase: str) -> re.Pattern[str]:
    # "8 GCSEs including English": an acronym's plural names it too
    plural = "s?" if phrase.isalpha() and phrase.isupper() and len(phrase) > 1 else ""
    return re.compile(r"(?<![\w-])" + re.escape(phrase) + plural + r"(?![\w-])")


class _Lines:
    """The resume's lines with their lexicon hits and word stems."""

    def __init__(self, profile: ResumeProfile) -> None:
        self.lines = profile.evidence_lines()
        self.terms, self.stems = _line_index(tuple(self.lines))
        self.roles = [(f" {title_core(r.title)} ", r.header or r.title) for r in profile.roles]
        self._joined = "\n".join(self.lines)
        self._lower = self._joined.lower()
        self._starts = list(accumulate((len(line) + 1 for line in self.lines[:-1]), initial=0))

    def first_line(self, rx: re.Pattern[str]) -> str | None:
        """The first line `rx` finds something in. One search of the joined lines instead of
        one per line (an implication rule has up to a dozen patterns); a match that spans
        two lines, or one the line alone would not give, falls back to the line-by-line scan.
        """
        m = rx.search(self._joined)
        if m is None:
            return None
        if "\n" not in m.group(0):
            line = self.lines[bisect_right(self._starts, m.start()) - 1]
            if rx.search(line):
                return line
        return next((line for line in self.lines if rx.search(line)), None)

    def with_term(self, name: str) -> str | None:
        key = name.lower()
        for line, terms in zip(self.lines, self.terms, strict=True):
            if key in terms:
                return line
        return None

    def with_phrase(self, phrase: str) -> str | None:
        tokens = [stem(w.lower()) for w in words(phrase) if w.lower() not in STOPWORDS]
        if not tokens:
            return None
        if len(tokens) == 1 and (phrase.isupper() or any(c.isdigit() for c in phrase)):
            return self.first_line(_exact_regex(phrase.strip()))
        for line, stems in zip(self.lines, self.stems, strict=True):
            if all(t in stems for t in tokens) and _near(tokens, line):
                return line
        return None

    def all_naming(self, name: str, *, phrase: bool = True) -> list[str]:
        """Every line `with_term` (or else, with `phrase`, `with_phrase`) finds `name` in."""
        key = name.lower()
        found = [line for line, terms in zip(self.lines, self.terms, strict=True) if key in terms]
        tokens = [stem(w.lower()) for w in words(name) if w.lower() not in STOPWORDS]
        if found or not tokens or not phrase:
            return found
        if len(tokens) == 1 and (name.isupper() or any(c.isdigit() for c in name)):
            rx = _exact_regex(name.strip())
            return [line for line in self.lines if rx.search(line)]
        return [
            line
            for line, stems in zip(self.lines, self.stems, strict=True)
            if all(t in stems for t in tokens) and _near(tokens, line)
        ]

    def matching(self, entry: str) -> str | None:
        found = self.with_term(entry)
        if found:
            return found
        if not entry.startswith("re:") and entry.lower() not in self._lower:
            return None  # a phrase absent from the whole resume: no regex scan needed
        return self.first_line(_evidence_regex(entry))


@cache
def _known_certificates() -> frozenset[str]:
    return frozenset(t.canonical.lower() for t in certification_matcher().terms)


_GENERIC_QUALIFICATION_RE = re.compile(r"\b(?:qualification|certificate|diploma)$", re.I)
_QUALIFICATION_LINE_RE = re.compile(
    r"\b(?:qualifications?|certificates?|certified|certification|diploma|award|NVQ|ILM|CMI"
    r"|MBA|MSc|PGDip|PGCert|HNC|HND)\b",
    re.I,
)


_ORG_OF_RE = re.compile(
    r"\b(?:Board|Institute|Institution|Society|Association|College|Council|Federation|Chamber"
    r"|Academy|Department|Ministry|School|University|Faculty|Register|Guild)"
    r" of(?: (?:the|and|of|&|[A-Z][\w&'.-]*))*\s*$"
)


def _only_in_org_name(option: str, line: str) -> bool:
    """ "Texas Board of Professional Engineers" names a board, not a licence the person holds:
    a requirement met only by words inside an organisation's name is not shown."""
    head = re.sub(
        r"\s+(?:registration|certificate|certification|licen[cs]e|qualification)$",
        "",
        option,
        flags=re.I,
    )
    for name in dict.fromkeys((option, head)):
        spans = list(re.finditer(rf"(?<!\w){re.escape(name)}(?:e?s)?(?!\w)", line, re.I))
        if spans:
            return all(_ORG_OF_RE.search(line[: m.start()]) for m in spans)
    return False


# A certificate still being earned: "ACCA finalist", "11 of 13 exams passed", "CKA (in
# progress)". The fabrication check uses it too: such a line never proves "qualified".
IN_PROGRESS_RE = re.compile(
    # "ACCA candidate", "PhD candidate" — never "the candidate" (a report about the applicant)
    r"(?<!\bthe )(?<!\bThe )(?<!\bthis )(?<!\bThis )\bcandidate\b"
    r"|\b(?:in progress|progressing|part[- ]qualified|studying|student|trainee"
    r"|finalist|completing|sitting|working towards|pursuing|enrolled|expected|exams? passed"
    r"|\d+ of \d+ exams"
    r"|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) of)\b",
    re.I,
)


def _stated(option: str, req: Requirement, lines: _Lines) -> str | None:
    found = _stated_line(option, req, lines)
    if found is not None and _only_in_org_name(option, found):
        return None
    in_progress = found is not None and IN_PROGRESS_RE.search(found)
    if in_progress and req.kind == RequirementKind.CERTIFICATION and found is not None:
        return found if _held_elsewhere(option, found, lines) else None
    return found


def _held_elsewhere(option: str, in_progress: str, lines: _Lines) -> bool:
    """Another line names the certificate without saying it is still being earned."""
    head = re.split(r"[\s,]+", option.strip())[0]
    rx = re.compile(rf"(?<!\w){re.escape(head)}(?!\w)", re.I)
    return any(
        line != in_progress and rx.search(line) and not IN_PROGRESS_RE.search(line)
        for line in lines.lines
    )


_EXAMPLE_GIVEN_RE = re.compile(
    r"(?:\bz\.\s?B\.|\be\.g\.|\bfor example|\bsuch as)\s+(?:als\s+|as\s+(?:an?\s+)?)?"
    r"([^\W\d][\w-]+(?:\s+[^\W\d][\w-]+)?)",
    re.I,
)


def _credential_line(naming: list[str]) -> str | None:
    """Of the lines naming a certificate, its own credential line ("AM2 assessment — passed
    2015") is the shortest, not a bullet naming it in passing ("apprentices I trained have
    passed their AM2")."""
    return min(
        naming, key=lambda line: (bool(IN_PROGRESS_RE.search(line)), len(line)), default=None
    )


def _stated_line(option: str, req: Requirement, lines: _Lines) -> str | None:
    if req.kind == RequirementKind.CERTIFICATION:
        head = re.sub(
            r"\s+(?:registration|certificate|certification|certified|licen[cs]e|qualification"
            r"|card|check|status)$",
            "",
            option,
            flags=re.I,
        )
        # "Cat C+E licence" is the resume's "Class 1 (C+E)": the category, not the word "Cat"
        head = re.sub(r"^(?:full|enhanced|cat(?:egory)?\.?|class)\s+", "", head, flags=re.I)
        if option.lower() in _known_certificates():
            # The lexicon knows this certificate's names: words of it in another one's name
            # ("Emergency First Aid at Work" for "First Aid at Work") are not it.
            return _credential_line(lines.all_naming(option, phrase=False))
        found = lines.with_term(option) or lines.with_phrase(head)
        if found:
            found = _credential_line(lines.all_naming(option) or lines.all_naming(head) or [found])
        if found and _GENERIC_QUALIFICATION_RE.search(option):
            # "Leadership or management qualification" asks for a qualification: the words
            # in a skills line ("clinical leadership … medication management") are not one.
            return found if _QUALIFICATION_LINE_RE.search(found) else None
        return found
    if req.kind == RequirementKind.OTHER and lines.roles and _is_job_title(option):
        # A job title is shown by a role held, not by its words anywhere ("looking for my
        # first Site Manager role", "reported to the Site Manager").
        core = f" {title_core(option)} "
        return next((line for title, line in lines.roles if core in title), None)
    found = lines.with_term(option) or lines.with_phrase(option)
    bare = _GENERIC_SUFFIX_RE.sub("", option)
    if found is None and bare != option and len(bare) >= 8 and " " not in bare:
        # "Praxisanleiter-Qualifikation" is the resume's "Praxisanleiter", "Wundexperten-…"
        # its "Wundexperte" (the inflected ending aside)
        found = lines.first_line(re.compile(rf"\b{re.escape(bare[:-2])}\w*", re.I))
    if found is None and req.kind == RequirementKind.OTHER:
        found = _any_listed(option, lines)
    return found


_GENERIC_SUFFIX_RE = re.compile(
    r"-(?:qualifikation|zertifikat|weiterbildung|schein|nachweis|kenntnisse|erfahrung)$", re.I
)


_LIST_SPLIT_RE = re.compile(r"\s*(?:,|/|\bor\b|\boder\b)\s*", re.I)


def _any_listed(option: str, lines: _Lines) -> str | None:
    """ "Homeware, kitchenware or department store retail": any one item shows it, and the
    last item's last word ("retail") belongs to every item ("training or supervising staff"
    is not shown by "trained" alone)."""
    items = [item for item in _LIST_SPLIT_RE.split(option) if item]
    low = f" {option.lower()} "
    if len(items) < 2 or (" or " not in low and " oder " not in low):
        return None
    *first, last = items
    last_words = last.split()
    shared = last_words[-1] if len(last_words) > 1 else ""
    tries = [f"{item} {shared}".strip() for item in first] + [last]
    if len(last_words) > 2:  # "department store" alone, not "training" for "… staff"
        tries.append(" ".join(last_words[:-1]))
    return next((line for phrase in tries if (line := lines.with_phrase(phrase))), None)


def _is_job_title(option: str) -> bool:
    titles = find_titles(option.strip())
    return len(titles) == 1 and titles[0][2] == option.strip()


_CERTIFICATE_WORDS_RE = re.compile(
    r"\s+(?:registration|certificate|certification|certified|licen[cs]e|qualification|card"
    r"|check|status|award)$",
    re.I,
)


# "Strong troubleshooting skills and …": the words before a phrase's concept, and what may
# follow it. Only the head counts: "product analytics tools" is not "analytics".
_PHRASE_LEAD_RE = re.compile(
    r"^(?:(?:experience|knowledge|understanding|familiarity|proven|strong|good|excellent|solid"
    r"|sound|demonstrable|demonstrated|confident|confidence|ability|able|track record|very"
    r"|a|an|the|of|in|with|to)\s+)*"
)
_PHRASE_HEAD_END_RE = re.compile(
    r"$|\s*[,;:(/]|\s+(?:skills?|experience|knowledge|and|or|&)\b"
    r"|\s+of\s+(?:\d|up to|at least|more than|over)"  # "managing a team of 10 or more"
)


@dataclass(frozen=True)
class _RuleIndex:
    """The rules by what names them: exact names, phrase heads, and concept patterns."""

    by_name: dict[str, tuple[int, ...]]
    heads: tuple[tuple[int, str], ...]
    patterns: tuple[tuple[int, re.Pattern[str]], ...]


@cache
def _rule_index() -> _RuleIndex:
    by_name: dict[str, list[int]] = {}
    heads: list[tuple[int, str]] = []
    patterns: list[tuple[int, re.Pattern[str]]] = []
    for i, (concepts, _evidence) in enumerate(_rules()):
        for concept in concepts:
            if concept.startswith("re:"):
                patterns.append((i, _evidence_regex(concept)))
            else:
                by_name.setdefault(concept, []).append(i)
                heads.append((i, concept))
    return _RuleIndex({k: tuple(v) for k, v in by_name.items()}, tuple(heads), tuple(patterns))


def _rules_for(key: str, phrase: bool) -> list[int]:
    """The rules that speak of this requirement, in file order: by name ("ci/cd"), by the name
    without its certificate word ("level 3 food hygiene certificate"), or, for a requirement
    written as a phrase, by a concept at its head ("troubleshooting skills and …") or a
    concept pattern ("re:…") the phrase matches."""
    index = _rule_index()
    found = {
        *index.by_name.get(key, ()),
        *index.by_name.get(_CERTIFICATE_WORDS_RE.sub("", key), ()),
    }
    if phrase:
        lead = _PHRASE_LEAD_RE.sub("", key)
        found.update(
            i
            for i, concept in index.heads
            if lead.startswith(concept) and _PHRASE_HEAD_END_RE.match(lead, len(concept))
        )
        found.update(i for i, rx in index.patterns if rx.search(key))
    return sorted(found)


def _implied(option: str, lines: _Lines, *, phrase: bool = False) -> tuple[str, str] | None:
    rules = _rules()
    for i in _rules_for(option.lower(), phrase):
        for entry in rules[i][1]:
            line = lines.matching(entry)
            if line:
                return line, entry.removeprefix("re:")
    return None


@lru_cache(maxsize=16)
def _resume_lines(resume: str) -> _Lines:
    from bot.generation.resume_profile import analyze_resume

    return _Lines(analyze_resume(resume))


def implied_by_resume(name: str, resume: str) -> str | None:
    """The resume line that shows `name` in other words (data/implications.json), if any.

    The same graph the evidence map uses, for a term a generated text names although no
    posting asked for it ("Epic EHR" for a resume that documents in Epic)."""
    found = _implied(name, _resume_lines(normalize(resume)))
    return found[0] if found else None


def _years_of(roles: list[Role], today: date) -> float:
    """Years covered by these roles (overlaps merged)."""
    spans: list[tuple[float, float]] = []
    for role in roles:
        m = DATE_RANGE_RE.search(f"{role.start} - {role.end}") if role.start else None
        if not m:
            continue
        start = _year(m.group("start") or m.group("since"))
        end_raw = m.group("end") or "present"
        end = _year(end_raw) if re.search(r"\d{4}", end_raw) else today.year + today.month / 12
        if start and end and end >= start:
            spans.append((start, end + (0.5 if end == int(end) else 0)))
    total = 0.0
    last = 0.0
    for s, e in sorted(spans):
        s = max(s, last)
        if e > s:
            total += e - s
            last = e
    return total


_GRADE_RE = re.compile(r"\b(?:at|as an?|als)\s+(Band|Grade|Level)\s?(\d{1,2})\b", re.I)
_GRADE_HELD_RE = re.compile(r"\b(Band|Grade|Level)\s?(\d{1,2})\b", re.I)
# A level of responsibility named as the field of a years requirement, and the job titles
# held at it: "supervisory experience" is shown by a Team Leader or a Supervisor role.
_SUPERVISORY_TITLE_RE = re.compile(
    r"\b(?:supervisor|team ?lead(?:er)?|lead|leader|manager|head|chief|foreman|forewoman"
    r"|charge ?hand|director|sister|charge nurse|shift lead"
    r"|(?:team|schicht|gruppen)?leiter(?:in)?|meister(?:in)?|vorarbeiter(?:in)?)\b",
    re.I,
)
_MANAGER_TITLE_RE = re.compile(
    r"\b(?:manager|head|director|chief|(?:abteilungs|bereichs)?leiter(?:in)?)\b", re.I
)
_LEVEL_FIELDS = {
    **{stem(w): "supervisory" for w in ("supervisory", "supervisor", "supervising", "supervision")},
    **{stem(w): "supervisory" for w in ("leadership", "leading", "team", "people", "line")},
    **{stem(w): "management" for w in ("management", "managerial", "managing")},
}


def _level_roles(domain: list[str]) -> tuple[re.Pattern[str], str] | None:
    levels = {_LEVEL_FIELDS.get(w) for w in domain}
    if not domain or None in levels:
        return None
    if levels == {"management"}:
        return _MANAGER_TITLE_RE, "in management roles"
    return _SUPERVISORY_TITLE_RE, "in supervisory or leadership roles"


_AS_TITLE_RE = re.compile(r"\b(?:as|als)\s+(?:an?\s+|eine?r?\s+)?", re.I)


def _roles_asked(req: Requirement, profile: ResumeProfile) -> tuple[list[Role], str]:
    """The roles whose years count: "2 years as a Store Manager or Assistant Store Manager"
    counts only those jobs; years asked without a title count every role."""
    m = _AS_TITLE_RE.search(req.source)
    rest = req.source[m.end() :] if m else ""
    titles: list[str] = []
    pos = 0
    for start, end, surface in find_titles(rest):
        if rest[pos:start].strip(" ,/") not in ("", "or", "oder"):
            break  # only the titles right after "as a", joined by "or"
        titles.append(surface)
        pos = end
    grade = _GRADE_RE.search(req.source)
    if not titles and grade:
        # "at least 2 years at Band 6 level": the roles held at that band or above.
        word, level = grade.group(1).lower(), int(grade.group(2))
        held = [
            r
            for r in profile.roles
            if any(
                int(m.group(2)) >= level and m.group(1).lower() == word
                for m in _GRADE_HELD_RE.finditer(r.header or r.title)
            )
        ]
        return held, f"at {grade.group(1)} {level} or above"
    if not titles:
        domain = _domain_words(req.source)
        by_level = _level_roles(domain)
        if by_level:
            # "2 years supervisory experience": the roles held at that level, in any field
            rx, where = by_level
            return [r for r in profile.roles if rx.search(r.title)], where
        summary = " ".join(without_aspirations(s) for s in profile.summary)
        if domain and not _shows(summary, domain):
            # "3+ years of experience in data engineering": the roles that show that field
            # (a profile that calls itself "Backend engineer with six years" counts them all).
            held = [r for r in profile.roles if _shows(_role_text(r), domain)]
            return held, "in " + " ".join(domain)
        return profile.roles, "across the roles listed"
    cores = [f" {title_core(t)} " for t in titles]
    held = [r for r in profile.roles if any(c in f" {title_core(r.title)} " for c in cores)]
    return held, "as " + " or ".join(titles)


_DOMAIN_RE = re.compile(
    r"\d+\+?\s*(?:years?|yrs?|jahre?n?)(?:'|’)?\s+(?:of\s+)?(?:(?:professional|relevant|proven|"
    r"hands-on|practical|commercial|industry|work|working|post-qualifying|post-qualification"
    r"|post-qualified|post-registration|pqe|qualified|paid|demonstrable)\s+)*"
    r"(?:experience\s+|berufserfahrung\s+|erfahrung\s+|praxiserfahrung\s+)?"
    r"(?:(?:in|with|within|of|doing|as|im|mit)\s+)?(?:the\s+|a\s+|der\s+|dem\s+|den\s+)?"
    r"(?P<field>[A-Za-zÄÖÜäöü][\w&/+ -]{2,60})",
    re.I,
)
_FIELD_STOP_RE = re.compile(
    r"\s+(?:or|and|including|ideally|preferably|with|in a|at|within|for|using|plus)\b.*$"
    r"|[,;.(].*$",
    re.I,
)
# Words that name no field of their own ("backend development" is the field "backend").
_NO_FIELD = frozenset(
    stem(w)
    for w in [
        "experience",
        "experiences",
        "relevant",
        "professional",
        "work",
        "industry",
        "total",
        "development",
        "developing",
        "role",
        "roles",
        "position",
        "field",
        "sector",
        "environment",
        "setting",
        "der",
        "die",
        "das",
        "berufserfahrung",
        "statutory",
        "service",
        "services",
    ]
)


_EITHER_QUALIFIER_RE = re.compile(
    r"^(?:\w[\w-]*\s+)?(?:or|oder)\s+\w[\w-]*\s+(?P<head>\w.*)$", re.I
)


def _domain_words(source: str) -> list[str]:
    """The field a years requirement names, as stems ("3+ years B2B SaaS sales" →
    b2b, saas, sale); none when it names no field ("5+ years of relevant experience")."""
    m = _DOMAIN_RE.search(source)
    if m is None:
        return []
    raw = m.group("field")
    # "commercial or industrial electrical experience": either qualifier, one field
    # ("electrical"); the regex may have taken "commercial" as an adjective already.
    shared = _EITHER_QUALIFIER_RE.match(raw)
    if shared and shared.group("head").split()[0].lower() not in _NO_FIELD:
        raw = shared.group("head")
    field = _FIELD_STOP_RE.sub("", raw).strip()
    words = [
        w
        for w in content_tokens(field.replace("-", " "), drop_generic=False)
        if w not in _NO_FIELD and stem(w) not in _NO_FIELD
    ]
    return words if 1 <= len(words) <= 4 else []


def _role_text(role: Role) -> str:
    return " ".join([role.title, role.employer or "", *role.bullets])


def _shows(text: str, domain: list[str]) -> bool:
    """Every word of the field in the text, by stem or a shared start of five letters
    ("Softwareentwicklung" and "Software"), hyphenated compounds split."""
    have = set(content_tokens(text.replace("-", " "), drop_generic=False))
    return all(
        any(
            h == w or (min(len(h), len(w)) >= 5 and (h.startswith(w) or w.startswith(h)))
            for h in have
        )
        for w in domain
    )


def _year(text: str) -> float | None:
    m = re.search(r"(\d{4})", text)
    return float(m.group(1)) if m else None


def _language_level(level: str | None) -> int:
    if not level:
        return 0
    return _CEFR.get(level.upper(), _LEVEL_RANK.get(level.lower(), 0))


def language_rank(level: str) -> int:
    """CEFR or word level as a number: A1 = 1 … C2 = 6 = native; 0 when unknown."""
    return _language_level(level.removesuffix("ly"))


def _named_in_own_language(
    name: str, listed: list[str], lines: list[str]
) -> tuple[str, str | None] | None:
    """A line naming the language in another tongue ("Deutsch: Muttersprache", "Englisch –
    verhandlungssicher (C1)"), with the level stated beside it. A line of the resume's
    languages section needs no language word around it: its heading says so."""
    spellings = [k for k, v in LANGUAGES.items() if v == name]
    for line, context in [*((ln, "Languages: ") for ln in listed), *((ln, "") for ln in lines)]:
        low = line.lower()
        if not any(s in low for s in spellings):
            continue
        for hit in find_languages(normalize(context + line)):
            if hit.name == name:
                return line, hit.level
    return None


def _language(req: Requirement, profile: ResumeProfile, lines: _Lines) -> Evidence:
    name = req.name.split(" (")[0]
    # The resume's own line is what gets quoted ("Englisch (gut, B1/B2)"), never the
    # analysis's English label of it ("English (good)").
    line = lines.with_phrase(name)
    if line is None and (own := _named_in_own_language(name, [], lines.lines)):
        line = own[0]
    line = line or next((ln for ln in profile.languages if name.lower() in ln.lower()), None)
    if line is None:
        named = _named_in_own_language(name, profile.languages, lines.lines)
        if named:
            line, level = named
            want, have = _language_level(req.level), _language_level(level)
            if want and have and have < want:
                return Evidence(req, Status.MISSING, line)
            return Evidence(req, Status.STATED, line, name)
    if (
        line is None
        and name == "English"
        and not re.search(r"[äöüß]|\b(?:und|mit|bei)\b", " ".join(profile.lines[:40]))
    ):
        return Evidence(req, Status.EVIDENCED, "resume written in English", "English")
    if line is None:
        return Evidence(req, Status.MISSING)
    want = _language_level(req.level)
    window = line[line.lower().find(name.lower()) :][:60] if name.lower() in line.lower() else line
    hit = next((h for h in find_languages(normalize(window)) if h.name == name), None)
    m = re.search(r"\b([ABC][12])\b", window) or re.search(
        r"native|fluent|bilingual|business|conversational|basic|intermediate|advanced|professional",
        window,
        re.I,
    )
    have = _language_level(hit.level if hit and hit.level else (m.group(0) if m else None))
    if want and have and have < want:
        return Evidence(req, Status.MISSING, line)
    return Evidence(req, Status.STATED, line, name)


def _degree(req: Requirement, profile: ResumeProfile) -> Evidence:
    from bot.generation.lexicon import find_degrees

    best: tuple[int, str] | None = None
    listed = bool(profile.education)
    for line in profile.education or profile.lines:
        for hit in find_degrees(normalize(line), listed=listed):
            if best is None or hit.term.rank > best[0]:
                best = (hit.term.rank, line)
    if best and best[0] >= req.rank:
        return Evidence(req, Status.STATED, best[1])
    return Evidence(req, Status.MISSING, best[1] if best else None)


def _confirmed(option: str, facts: Iterable[Fact]) -> Fact | None:
    key = option.lower()
    for fact in facts:
        if fact.has and (fact.skill.lower() == key or key in fact.skill.lower().split(" or ")):
            return fact
    return None


def evidence_for(
    req: Requirement,
    profile: ResumeProfile,
    lines: _Lines,
    facts: Iterable[Fact] = (),
    *,
    today: date | None = None,
) -> Evidence:
    if req.kind == RequirementKind.YEARS:
        roles, where = _roles_asked(req, profile)
        have = _years_of(roles, today or date.today())
        status = Status.STATED if have + 0.25 >= (req.years or 0) else Status.MISSING
        return Evidence(req, status, f"{have:.0f} years {where}")
    if req.kind == RequirementKind.LANGUAGE:
        return _language(req, profile, lines)
    if req.kind == RequirementKind.DEGREE:
        return _degree(req, profile)
    short: str | None = None
    for i, option in enumerate(req.options):
        line = _stated(option, req, lines)
        if line:
            below = _falls_short(option, req, lines)
            if below:
                short = short or below
                continue
            status = Status.ALTERNATIVE_MET if req.alternatives and i > 0 else Status.STATED
            return Evidence(req, status, line, option)
    if short:
        return Evidence(req, Status.MISSING, short)
    facts = list(facts)
    for option in req.options:
        fact = _confirmed(option, facts)
        if fact:
            return Evidence(
                req, Status.CONFIRMED, fact.detail or f"confirmed: {fact.skill}", option
            )
    for option in req.options:
        implied = _implied(option, lines, phrase=req.kind == RequirementKind.OTHER)
        if implied and _can_prove(req, implied[0]):
            return Evidence(req, Status.EVIDENCED, implied[0], implied[1])
    example = _EXAMPLE_GIVEN_RE.search(req.source)
    if example and req.kind in (RequirementKind.OTHER, RequirementKind.SOFT):
        # "Erste Führungserfahrung, z. B. als Schichtleitung": the posting's own example
        line = lines.with_phrase(example.group(1))
        if line and not IN_PROGRESS_RE.search(line):
            return Evidence(req, Status.EVIDENCED, line, example.group(1))
    if req.kind == RequirementKind.CERTIFICATION or _CREDENTIAL_RE.search(req.name):
        for option in req.options:
            if option.lower() in _known_certificates():
                continue  # the lexicon knows it ("First Aid at Work" is not "Emergency …")
            for either in _credential_alternatives(option):
                line = _credential_named(either, lines)
                if line and not IN_PROGRESS_RE.search(line):
                    return Evidence(req, Status.EVIDENCED, line, either)
    return Evidence(req, Status.MISSING)


# A licence or certificate asked for in words the resume puts differently: "Arizona RDH
# license" for "Arizona Dental Hygiene License" under "MARISOL VEGA, RDH", "CPR/BLS
# certification" for "BLS for Healthcare Providers", "Journeyman electrician license" for a
# "Journeyman Electrician" who lists his card. Met when every word of its own (not "license",
# "current", "valid" …) is in the resume; "A/B" is either; a letter or number goes with the word
# before it ("Class A CDL" is not met by "CDL Class B").
_CREDENTIAL_LINE_RE = re.compile(
    r"\blicen[cs]|\bcertif|\bregist|\bdiploma\b|\bqualifi|\baward\b|\bcard\b|\bcourse\b"
    r"|\bzertifi|\bschein\b|\bnachweis\b",
    re.I,
)
_OR_RE = re.compile(r"\s+(?:or|oder)\s+", re.I)
_CREDENTIAL_RE = re.compile(r"\blicen[cs]e\b|\bcertif|\bregistration\b", re.I)
_GENERIC_CREDENTIAL_WORDS = frozenset(
    [
        "license",
        "licence",
        "licensed",
        "licensure",
        "certification",
        "certificate",
        "certified",
        "current",
        "valid",
        "registration",
        "registered",
        "card",
        "qualification",
        "qualified",
        "holder",
        "full",
        "active",
        "state",
    ]
)


def _credential_alternatives(option: str) -> list[str]:
    """ "Journeyman electrician license OR completion of a 4-year apprenticeship": each side,
    when the first names a credential of its own; "Leadership or management qualification"
    is one thing (either kind of qualification), never "Leadership" alone."""
    parts = [p.strip() for p in _OR_RE.split(option) if p.strip()]
    if len(parts) > 1 and _CREDENTIAL_RE.search(parts[0]):
        return parts
    return [option.strip()]


def _credential_named(option: str, lines: _Lines) -> str | None:
    tokens = re.findall(r"[\w'’+]+(?:[/-][\w'’+]+)*", option)
    groups: list[list[str]] = []
    for i, token in enumerate(tokens):
        if len(token) == 1 or token.isdigit():
            if i and groups and tokens[i - 1] in groups[-1]:
                groups[-1] = [f"{tokens[i - 1]} {token}"]  # "Class A", "Level 3"
            continue
        if token.lower() in _GENERIC_CREDENTIAL_WORDS or token.lower() in STOPWORDS:
            continue
        groups.append([p for p in token.split("/") if p])
    if not groups:
        return None
    # Acronyms the resume's top lines carry after the name ("MARISOL VEGA, RDH") hold
    # anywhere; every other word must be on one line with the rest ("CIH short course" is
    # not "CIH Level 3 certificate" because "Level 3" is elsewhere).
    top = " ".join(lines.lines[:3])
    rest = [g for g in groups if not all(a.isupper() and _naming(a).search(top) for a in g)]
    if not rest:
        return lines.lines[0] if lines.lines else None
    # Words that are not acronyms prove a credential only on a line that names one ("Clinical
    # leadership, … medication management" is no "leadership or management qualification").
    acronyms = all(a.isupper() for g in rest for a in g)
    for line in lines.lines:
        if not acronyms and not _CREDENTIAL_LINE_RE.search(line):
            continue
        if all(any(_naming(a).search(line) for a in g) for g in rest):
            return line
    return None


def _naming(word: str) -> re.Pattern[str]:
    """`word` as a word of its own; an acronym only in capitals."""
    flags = 0 if word.isupper() else re.I
    return re.compile(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])", flags)


# What a requirement asks beyond the term: an amount ("an annual quota of $1M+", "deals of
# $100K+ ACV") or a level ("Strong Python", "Advanced Excel"). A resume that shows the term
# only below it ("on a $750K annual quota", "Python (pandas — intermediate)") does not meet it.
_AMOUNT_RE = re.compile(
    r"(?P<cur>[$€£])\s?(?P<num>\d+(?:[,.]\d{3})*(?:\.\d+)?)\s?"
    r"(?P<mult>k|m|mn|bn|million|billion|thousand)?(?![\w])(?P<plus>\+)?",
    re.I,
)
_AT_LEAST_RE = re.compile(
    r"(?:at least|minimum(?: of)?|min\.?|over|more than|in excess of|above|exceeding)\s*$", re.I
)
_MULTIPLIER = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "bn": 1e9,
    "billion": 1e9,
}
_NEAR = 25
# Levels, lowest first: what a posting asks before a term ("Confident with Excel", "Strong
# Python") and what a resume says beside it ("Excel (basic)", "Python (… intermediate)").
_ASKED_LEVELS = (
    (2, r"good|working|confident|solid|gute"),
    (
        3,
        r"strong|advanced|expert|excellent|in-depth|deep|extensive|proficient|very good"
        r"|sehr gute|fundierte|expert-level|verhandlungssicher",
    ),
)
_HELD_LEVELS = (
    (
        1,
        r"basic|beginner|elementary|limited|some exposure|exposure|learning|grundkenntnisse"
        r"|grundlegende|erste",
    ),
    (2, r"intermediate|fortgeschritten(?:e)?"),
)


def _level_of(text: str, levels: tuple[tuple[int, str], ...], tail: str) -> int:
    for rank, words_ in sorted(levels, reverse=True):
        if re.search(rf"\b(?:{words_})\b{tail}", text, re.I):
            return rank
    return 0


def _asked_level(before: str) -> int:
    """The level a posting asks, said within three words before the term."""
    return _level_of(before, _ASKED_LEVELS, r"(?:\s+[\w-]+){0,3}\s*$")


def _amounts(text: str) -> list[tuple[int, int, str, float, bool]]:
    """(start, end, currency, value, is a minimum) of each sum of money."""
    out = []
    for m in _AMOUNT_RE.finditer(text):
        value = float(m.group("num").replace(",", "")) * _MULTIPLIER.get(
            (m.group("mult") or "").lower(), 1.0
        )
        floor = bool(m.group("plus")) or bool(_AT_LEAST_RE.search(text[: m.start()]))
        out.append((m.start(), m.end(), m.group("cur"), value, floor))
    return out


def _spans(option: str, text: str) -> list[tuple[int, int]]:
    """Where `text` names `option`: a lexicon term by any of its names, else the words."""
    key = option.lower()
    hits = [
        (h.start, h.end)
        for matcher in (hard_matcher(), soft_matcher())
        for h in matcher.find(text)
        if h.term.canonical.lower() == key
    ]
    if hits:
        return hits
    literal = [(m.start(), m.end()) for m in re.finditer(re.escape(option), text, re.I)]
    if literal:
        return literal
    # "budget" for "Budgeting": the words of the option, by stem
    wanted = {stem(w.lower()) for w in words(option) if w.lower() not in STOPWORDS}
    return [
        (m.start(), m.end())
        for m in re.finditer(r"[\w'-]+", text)
        if stem(m.group(0).lower()) in wanted
    ]


def _beside(span: tuple[int, int], start: int, end: int, text: str) -> bool:
    """A sum within a few words of the term, in the same clause."""
    gap = text[span[1] : start] if span[1] <= start else text[end : span[0]]
    return len(gap) <= _NEAR and not re.search(r"[,;]", gap)


def _falls_short(option: str, req: Requirement, lines: _Lines) -> str | None:
    """The resume line that shows `option` only below the amount or level asked, if every
    line naming it does."""
    source = req.source
    if not source:
        return None
    asked = _spans(option, source)
    floors = [
        (cur, value)
        for start, end, cur, value, floor in _amounts(source)
        if floor and any(_beside(s, start, end, source) for s in asked)
    ]
    want = max((_asked_level(source[: s[0]]) for s in asked), default=0)
    # "PEPS Stage 2" asked, "PEPS Stage 1" (or "Stage 1 practice educator") held: a lower
    # stage is not the one asked
    tier = next((m for s in asked if (m := _asked_tier(source, *s))), None)
    if tier and not floors and not want:
        word, asked_n = tier.group(1).lower(), int(tier.group(2))
        held = [
            (line, int(m.group(2)))
            for line in lines.lines
            if _spans(option, line)
            for m in _TIER_RE.finditer(line)
            if m.group(1).lower() == word
        ]
        if held and all(n < asked_n for _l, n in held):
            return held[0][0]
        return None
    if not floors and not want:
        return None
    shown = [(line, _spans(option, line)) for line in lines.lines]
    shown = [(line, spans) for line, spans in shown if spans]
    if floors:
        # The sums beside the term decide; a line naming it with no sum (or in another
        # currency) says nothing of size.
        currencies = {cur for cur, _v in floors}
        sized = [
            (
                line,
                [
                    (cur, v)
                    for a, b, cur, v, _f in _amounts(line)
                    if cur in currencies and any(_beside(s, a, b, line) for s in spans)
                ],
            )
            for line, spans in shown
        ]
        sized = [(line, sums) for line, sums in sized if sums]
        if sized:
            enough = any(
                c == cur and v >= floor
                for _l, sums in sized
                for cur, v in sums
                for c, floor in floors
            )
            return None if enough else sized[0][0]
    if want and shown and all(0 < _held_level(spans, line) < want for line, spans in shown):
        return shown[0][0]
    return None


_TIER = r"(stage|level|part|grade|tier|stufe)\s*(\d+)\b"
_TIER_RE = re.compile(rf"\b{_TIER}", re.I)
_TIER_AFTER_RE = re.compile(rf"\s*{_TIER}", re.I)
_TIER_BEFORE_RE = re.compile(rf"\b{_TIER}[^.;/]{{0,30}}$", re.I)


def _asked_tier(source: str, start: int, end: int) -> re.Match[str] | None:
    """The stage asked of a term: right after it ("PEPS Stage 2"), ending its own name
    ("Practice Educator Stage 2"), or just before it ("Level 3 Award in Supervising Food
    Safety / Level 4 is a bonus" asks Level 3)."""
    return (
        _TIER_AFTER_RE.match(source, end)
        or _TIER_RE.search(source[start : end + 3])
        or _TIER_BEFORE_RE.search(source[:start])
    )


def _held_level(spans: list[tuple[int, int]], line: str) -> int:
    """The level a resume line gives a term: "basic HTML", "Python (pandas, scikit-learn —
    intermediate)", "Go (basic, …)"; 0 when it gives none (or a high one)."""
    levels = []
    for start, end in spans:
        before = line[max(0, start - 12) : start]
        after = re.match(r"\s*\(([^()]*)\)", line[end:])
        level = _level_of(before, _HELD_LEVELS, r"\W*$") or (
            _level_of(after.group(1), _HELD_LEVELS, "") if after else 0
        )
        levels.append(level)
    return min(levels) if levels and all(levels) else 0


def level_said(text: str, start: int, end: int) -> str:
    """The resume's own word for a low level of the term at text[start:end] ("basic",
    "intermediate", "Grundkenntnisse"), or "": a restated skills list keeps it, so "Python
    (… intermediate)" never becomes a bare "Python"."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[max(line_start, start - 12) : start]
    after = re.match(r"[ \t]*\(([^()\n]*)\)", text[end:])
    pattern = "|".join(words_ for _rank, words_ in _HELD_LEVELS)
    said = re.search(rf"\b(?:{pattern})\b\W*$", before, re.I)
    if not said and after:
        said = re.search(rf"\b(?:{pattern})\b", after.group(1), re.I)
    return said.group(0).strip(" \t-—–,:(") if said else ""


def _can_prove(req: Requirement, line: str) -> bool:
    """A certificate or qualification is shown in other words only by a line that names
    one: "Prepared onboarding for 300 employees" is no coaching qualification."""
    if req.kind != RequirementKind.CERTIFICATION and not _GENERIC_QUALIFICATION_RE.search(req.name):
        return True
    return bool(_QUALIFICATION_LINE_RE.search(line))


def evidence_map(
    requirements: list[Requirement],
    profile: ResumeProfile,
    facts: Iterable[Fact] = (),
    *,
    today: date | None = None,
) -> list[Evidence]:
    lines = _Lines(profile)
    facts = list(facts)
    return [evidence_for(r, profile, lines, facts, today=today) for r in requirements]
