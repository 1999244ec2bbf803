"""Fabrication guard: every fact in generated text must be traceable to the user's resume.

Claims are detected in the generated text itself (skills, tools, certifications, employers,
degrees, titles, numbers) and looked up in the resume. Quoted material (Markdown blockquotes
and text in double quotes) is attributed to someone else, so it is not a claim about the
candidate; that is how a research report may quote the posting.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from bot.generation.claim_numbers import (
    DURATION,
    INITIAL_SKIP,
    RANGE_RE,
    TIME_UNITS,
    YEAR_RE,
    Num,
    abbreviates,
    experience_cap,
    experience_field,
    initialisms,
    near,
    nums_in,
    phone_spans,
    stated_experience,
    work_span,
)
from bot.generation.engine import Finding
from bot.generation.evidence import IN_PROGRESS_RE as _IN_PROGRESS_RE
from bot.generation.evidence import implied_by_resume
from bot.generation.lexicon import (
    Hit,
    addressee_titles,
    find_certifications,
    find_degrees,
    find_hard_skills,
    find_titles,
    normalize_title,
    title_heads,
)
from bot.generation.places import place_of
from bot.generation.resume_profile import Role, analyze_resume
from bot.generation.text import (
    content_tokens,
    normalize,
    split_sentences,
    squash,
    strip_markdown,
)

ClaimKind = Literal[
    "skill", "tool", "certification", "employer", "degree", "title", "number", "scope"
]


@dataclass(frozen=True)
class Claim:
    kind: str
    text: str
    sentence: str


QUOTED_RE = re.compile(r'"[^"\n]*"')
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
# Capitalised words that name no organisation or product: months, days, headings, articles.
NOT_NAME_WORDS = frozenset(
    [
        "i",
        "honours",  # a degree class ("with Honours"), which the degree rules judge
        "honors",
        "distinction",
        "merit",
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


class _ResumeFacts:
    """What one resume says, read once: a resume is checked against many texts (a letter, a
    tailored resume, each revision), so this is cached by its text."""

    def __init__(self, resume: str):
        self.resume = resume
        self.resume_squashed = squash(resume)
        self.hard = frozenset(h.term.canonical for h in find_hard_skills(resume))
        self.certs = frozenset(h.term.canonical for h in find_certifications(resume))
        self.year_span = work_span(resume)
        self.field_spans: dict[frozenset[str], float | None] = {}
        self.titles = " ".join(normalize_title(line) for line in resume.split("\n"))
        self.role_titles = [
            frozenset(normalize_title(r.title).split()) for r in analyze_resume(resume).roles
        ]
        self.lines = [ln for ln in (strip_markdown(x) for x in resume.split("\n")) if ln]
        self.phones = frozenset(d for ln in self.lines for _s, _e, d in phone_spans(ln))
        self.line_nums = [
            (frozenset(content_tokens(ln, drop_generic=False)), nums_in(ln), ln)
            for ln in self.lines
        ]
        # A degree that opens a line of its own ("MA Social Work, University of Nottingham")
        # is one even in the ambiguous short form.
        listed = {ln: find_degrees(ln, listed=True) for ln in self.lines}
        self.degrees = frozenset(
            {h.term.canonical for h in find_degrees(resume)}
            | {h.term.canonical for hits in listed.values() for h in hits}
        )
        self.edu_lines = [ln for ln in self.lines if listed[ln]]
        self.edu_squashed = squash("\n".join(self.edu_lines))
        self.initials = initialisms(resume)
        self.leads = bool(_LEAD_RE.search(resume) or _LEADS_PEOPLE_RE.search(resume))
        self.stated_years = stated_experience(self.lines)
        self.unfinished = _unfinished_names(self.lines)
        self.acronyms = frozenset(a.lower() for a in re.findall(r"\b[A-Z]{2,5}\b", resume))
        self.plain_lines = [_plain_tokens(ln) for ln in self.lines]


@functools.lru_cache(maxsize=32)
def _resume_facts(resume: str) -> _ResumeFacts:
    return _ResumeFacts(resume)


# Words beside a figure that say nothing of what it counts: "(2 so far)", "(12 in total)".
_EMPTY_CONTEXT = frozenset(["far", "date", "total", "overall", "now", "year"])


_SINCE_RE = re.compile(
    r"\b(?:seit|since|from)\s+(?:\d{1,2}[/.]\s?)?((?:19|20)\d\d)\b(?!\s*[-–—]|\s+(?:to|bis))", re.I
)


class _Support:
    """What the resume (plus the explicitly allowed strings) can vouch for."""

    def __init__(self, resume: str, allowed: list[str], unsupported: Iterable[str] = ()):
        facts = _resume_facts(resume)
        self.unsupported_options = [o for o in unsupported if o not in allowed]
        self.resume = resume
        self.resume_squashed = facts.resume_squashed
        self.squashed = squash(resume + "\n" + "\n".join(allowed))
        self.allowed_squashed = [squash(a) for a in allowed]
        self.hard = set(facts.hard)
        self.certs = set(facts.certs)
        self.degrees = facts.degrees
        self.year_span = facts.year_span
        self._field_spans = facts.field_spans
        self.role_titles = facts.role_titles
        self.titles = (
            " "
            + " ".join(
                [facts.titles, *(normalize_title(a) for a in "\n".join(allowed).split("\n"))]
            )
            + " "
        )
        for a in allowed:
            self.hard |= {h.term.canonical for h in find_hard_skills(a)}
            self.certs |= {h.term.canonical for h in find_certifications(a)}
        self.lines = facts.lines
        self.phones = facts.phones
        self.nums: list[tuple[Num, frozenset[str]]] = []
        self.derived: list[tuple[float, bool, frozenset[str]]] = []
        self.year_lines: dict[int, list[frozenset[str]]] = {}
        self.ranges: set[tuple[str, str]] = set()
        self.range_pairs: list[tuple[Num, Num]] = []
        allowed_nums = [
            (frozenset(content_tokens(a, drop_generic=False)), nums_in(a), a) for a in allowed
        ]
        for stems, nums, line in [*facts.line_nums, *allowed_nums]:
            for n in nums:
                self.nums.append((n, stems))
                if n.year:
                    self.year_lines.setdefault(int(n.value), []).append(stems)
            self.range_pairs += _range_pairs(nums)
            for lo, hi in itertools.pairwise([n for n in nums if not n.year]):
                between = line[lo.end : hi.start] if lo.end <= hi.start else ""
                if hi.value and re.fullmatch(r"\s+(?:of|out of)\s+(?:the\s+)?", between):
                    # "renewed 27 of the 30 contracts": 90 %
                    self.derived.append((round(100 * lo.value / hi.value, 1), True, frozenset()))
                if lo.ranged and hi.ranged and lo.value and not lo.year:
                    self.derived.append((round(abs(lo.value - hi.value), 6), hi.pct, hi.after))
                    change = 100 * abs(lo.value - hi.value) / lo.value
                    self.derived.append((change, True, frozenset()))
            for m in RANGE_RE.finditer(line):
                self.ranges.add(_range_key(m))
            for m in _SINCE_RE.finditer(line):  # "(seit 2018)" is "2018 – heute"
                self.ranges.add((m.group(1), "present"))
        self.edu_lines = facts.edu_lines
        self.edu_squashed = facts.edu_squashed
        self.initials = facts.initials
        self.leads = facts.leads
        self.stated_years = facts.stated_years
        self.unfinished = facts.unfinished
        self.acronyms = facts.acronyms
        self.plain_lines = facts.plain_lines

    def has_words(self, phrase: str) -> bool:
        """Every meaningful word of the phrase occurs in the resume."""
        if squash(phrase) in self.squashed:
            return True
        tokens = [
            t
            for t in squash(phrase).split()
            if t not in _ORG_SUFFIXES and t not in {"of", "and", "&"}
        ]
        return all(f" {t} " in self.squashed or self._initialism(t) for t in tokens)

    def expands_initials(self, phrase: str) -> bool:
        """ "Newly Qualified Teacher" for the resume's "NQT", "Qualified Teacher Status" for
        "QTS": the phrase spells out an abbreviation the resume uses (a run of 2+ capitalised
        words whose initials are one of its words)."""
        words = [w for w in re.findall(r"[A-Za-z][\w'-]*", phrase) if w.lower() not in INITIAL_SKIP]
        if len(words) == 1 and words[0][:1].isupper():
            return any(_spells_out(words[0].lower(), a) for a in self.acronyms)  # "MSK"
        if len(words) < 2 or not all(w[:1].isupper() for w in words):
            return False
        short = "".join(w[0] for w in words).lower()
        return f" {short} " in f" {self.resume_squashed} "

    def holds(self, item: str) -> bool:
        """A listed credential: its words on one resume line, or within one allowed phrase
        (never two allowed phrases run together)."""
        key = squash(item)
        return (
            self.in_one_line(item)
            or f" {key} " in f" {self.resume_squashed} "
            or any(f" {key} " in f" {a} " for a in self.allowed_squashed)
        )

    def in_one_line(self, phrase: str) -> bool:
        """Every word of the phrase on one resume line, in any order ("Level 2 Food Safety"
        for "Level 2 Award in Food Safety in Catering")."""
        tokens = _plain_tokens(phrase)
        return bool(tokens) and any(tokens <= line for line in self.plain_lines)

    def _initialism(self, token: str) -> bool:
        return 2 <= len(token) <= 5 and token.isalpha() and token in self.initials

    def experience_supported(
        self, years: float, field: frozenset[str], subject: frozenset[str] = frozenset()
    ) -> bool:
        """Years of experience in a field: no more than the resume states for it, else no
        more than the jobs that show the field span (all jobs for a whole career)."""
        cap = experience_cap(self.stated_years, field, subject)
        if cap is not None:
            return years <= cap + 1e-6
        span = self._field_span(field) if field else None
        if span is None:
            if field and not any(
                _shows(line, frozenset([w])) for w in field for line in self.lines
            ):
                return False  # "8 years in intensive care" from a resume that never names it
            return years <= self.year_span
        return years <= span + 1

    def _field_span(self, field: frozenset[str]) -> float | None:
        """Years the jobs showing `field` cover (None when no job, or the summary, shows it:
        then it describes the whole career)."""
        if field not in self._field_spans:
            profile = analyze_resume(self.resume)
            held = [r for r in profile.roles if _shows(_role_text(r), field)]
            whole = _shows(" ".join(profile.summary), field)
            self._field_spans[field] = None if whole or not held else _years_of(held)
        return self._field_spans[field]

    def has_degree_class(self, said: str) -> bool:
        """The resume gives this class, in any of its forms, on an education line."""
        if squash(said) in self.resume_squashed:
            return True
        forms = [rx for name, rx in _CLASS_FORMS if re.search(rx, said, re.I)]
        return bool(forms) and all(
            any(re.search(rx, line, re.I) for line in self.edu_lines) for rx in forms
        )

    def holds_title(self, phrase: str) -> bool:
        """A title the resume gives, in its words in any order: "ASYE social worker" for
        "Newly Qualified Social Worker (ASYE)", "Data Engineer (Senior)" as "Senior Data
        Engineer"; an added word ("Senior", "Lead") is not held."""
        norm = normalize_title(phrase)
        words_ = frozenset(norm.split())
        return f" {norm} " in self.titles or any(words_ <= held for held in self.role_titles)

    def _hedged_supported(self, n: Num) -> bool:
        """ "more than two dozen adults" for 28, "well over a hundred patients" for 140,
        "around 40 items" for 38: a figure near the resume's, counting the same thing."""
        for occ, _stems in self.nums:
            if occ.year or occ.pct or not occ.value:
                continue
            near_enough = abs(occ.value - n.value) <= 0.1 * n.value  # "around 40"
            if not (near_enough or (n.hedged_up and n.value < occ.value <= 1.5 * n.value)):
                continue
            if occ.share:
                continue  # "45 of the 50 patients": a share, not a count of patients
            if near(n.after, occ.after | occ.before):
                return True
        return False

    def number_supported(
        self,
        n: Num,
        sentence_stems: frozenset[str],
        field: frozenset[str] | None = None,
        subject: frozenset[str] = frozenset(),
    ) -> bool:
        if n.tier:
            # "Stage 2" is not shown by a "2" elsewhere: only by that level, written so.
            return any(occ.tier == n.tier and occ.value == n.value for occ, _s in self.nums)
        unit = DURATION.get(n.first_after)
        if field is not None and unit and not (n.pct or n.year or n.ranged):
            return self.experience_supported(n.value * unit, field, subject)
        if n.year:
            return any(
                near(sentence_stems, stems) for stems in self.year_lines.get(int(n.value), [])
            )
        for occ, line_stems in self.nums:
            if occ.year or occ.value != n.value or occ.pct != n.pct:
                continue
            units = {n.first_after, occ.first_after}
            if units & TIME_UNITS and len(units) > 1 and "" not in units and not n.ranged:
                continue  # "5 years" is not "5 working days"
            if n.after:
                # "(2 so far)": a figure whose own clause says nothing of what it counts
                said = occ.after - _EMPTY_CONTEXT
                context = (occ.after | occ.before) if said else line_stems
                if near(n.after, context) or abbreviates(n, occ):
                    return True
            elif not n.before or near(n.before, line_stems):
                return True
        if n.hedged and not (n.pct or n.year or n.ranged) and self._hedged_supported(n):
            return True
        unit = DURATION.get(n.first_after)
        if unit and not n.pct and not n.taken and n.value * unit <= self.year_span:
            return True  # a stretch of the career; not how long one thing took
        if n.ranged:
            return False
        points = n.first_after.startswith("point")  # "a 16-point fall" from 38 % to 22 %
        for value, pct, after in self.derived:
            if pct != n.pct and not (points and value == n.value):
                continue
            if pct and not after:
                close = abs(value - n.value) <= 1 or (n.hedged and n.value <= value <= n.value + 10)
                if close:
                    return True
            elif value == n.value and (not n.after or not after or near(n.after, after)):
                return True
        return False


_PLAIN_SKIP = frozenset(["of", "and", "&", "in", "the", "a", "an", "for", "at", "to", "with"])


def _plain_tokens(text: str) -> set[str]:
    """Lowercased words and numbers ("level", "3", "award"), plurals folded: digits count,
    unlike in `content_tokens` ("Level 3" is not "Level 1")."""
    return {
        t[:-1] if len(t) > 3 and t.endswith("s") else t
        for t in re.findall(r"[^\W_][\w+#]*", text.lower())
        if t not in _PLAIN_SKIP
    }


def _role_text(role: Role) -> str:
    return " ".join([role.title, role.employer or "", *role.bullets])


def _shows(text: str, field: frozenset[str]) -> bool:
    """Every word of the field in the text, by stem or a shared start of five letters."""
    have = set(content_tokens(text.replace("-", " "), drop_generic=False))
    return all(
        any(h == w or (min(len(h), len(w)) >= 5 and h[:5] == w[:5]) for h in have) for w in field
    )


def _years_of(roles: list[Role]) -> float:
    """Years these roles cover, overlaps merged ("present" is today)."""
    today = date.today()
    spans: list[tuple[float, float]] = []
    for role in roles:
        start = YEAR_RE.search(role.start or "")
        if not start:
            continue
        end = YEAR_RE.search(role.end or "")
        spans.append(
            (float(start.group(0)), float(end.group(0)) if end else today.year + today.month / 12)
        )
    total = last = 0.0
    for a, b in sorted(spans):
        a = max(a, last)
        if b > a:
            total += b - a
            last = b
    return total


def _range_key(m: re.Match[str]) -> tuple[str, str]:
    end = m.group(2).lower()
    return m.group(1), "present" if not end[:1].isdigit() else end


_APPLICATION_RE = re.compile(
    r"\b(?:you|your|yours|apply|applying|application|vacancy|opening|join|joining|posting"
    r"|advert|advertised|interview|would|I'd)\b"
    r"|^\s*(?:target\s+)?(?:role|position|job(?:\s+title)?|applying for)\s*:",  # "Role: …"
    re.I,
)


def _is_title_phrase(text: str) -> bool:
    found = find_titles(text)
    return bool(found) and len(found[0][2]) >= 0.6 * len(text.strip())


def _option_supported(option: str, resume: str, resume_squashed: str) -> bool:
    hard = {h.term.canonical for h in find_hard_skills(option)}
    certs = {h.term.canonical for h in find_certifications(option)}
    if hard or certs:
        have = {h.term.canonical for h in find_hard_skills(resume)} | {
            h.term.canonical for h in find_certifications(resume)
        }
        if (hard | certs) <= have:
            return True
    return squash(option) in resume_squashed or bool(implied_by_resume(option, resume))


def _split_allowed(allowed: list[str], resume: str) -> tuple[list[str], list[str], list[str]]:
    """(always allowed, allowed only when the sentence is about the posting or application).

    The posting's "X or Y" vouches only for the option the resume shows; the target role is
    the job applied for, never a past title the resume lacks."""
    resume_squashed = squash(resume)
    resume_titles = " " + " ".join(normalize_title(ln) for ln in resume.split("\n")) + " "
    free: list[str] = []
    posting_only: list[str] = []
    unsupported: list[str] = []
    for a in allowed:
        options = [o.strip() for o in re.split(r"\s+or\s+", a) if o.strip()]
        if len(options) > 1:
            kept = [o for o in options if _option_supported(o, resume, resume_squashed)]
            if len(kept) < len(options):
                free += kept
                unsupported += [o for o in options if o not in kept]
                posting_only.append(a)
                continue
        if _is_title_phrase(a) and f" {normalize_title(a)} " not in resume_titles:
            posting_only.append(a)
            continue
        free.append(a)
    return free, posting_only, unsupported


def _mask_res(allowed: list[str]) -> list[re.Pattern[str]]:
    return [
        re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, a.split())) + r"(?!\w)", re.I)
        for a in sorted(allowed, key=len, reverse=True)
    ]


def _claimable_lines(
    generated: str, allowed: list[str], posting_only: Iterable[str] = (), resume: str = ""
) -> list[tuple[str, str]]:
    """(display sentence, masked sentence) pairs; quotes and allowed strings are masked out."""
    allowed_res = _mask_res(allowed)
    posting_res = _mask_res(list(posting_only))
    # The employer written to ("… at Acme Corp"): a name the resume lacks that is no skill.
    employer_res = _mask_res(
        [
            a
            for a in allowed
            if a[:1].isupper()
            and squash(a) not in squash(resume)
            and not (find_hard_skills(a) or find_certifications(a) or find_degrees(a))
        ]
    )
    out: list[tuple[str, str]] = []
    for raw in generated.split("\n"):
        if raw.lstrip().startswith(">"):
            continue
        line = QUOTED_RE.sub('"\u2026"', strip_markdown(raw))
        for sentence in split_sentences(line):
            masked = sentence
            about_job = _APPLICATION_RE.search(sentence) or any(
                rx.search(sentence) for rx in employer_res
            )
            rxs = (posting_res + allowed_res) if about_job else allowed_res
            for rx in rxs:
                masked = rx.sub(lambda m: "~" * len(m.group(0)), masked)
            out.append((sentence, masked))
    return out


_CERT_LIST_RE = re.compile(
    r"^\s*(?:certifications?|qualifications?|licen[cs]es?|certificates?)"
    r"(?:\s*(?:&|and)\s*\w+)?\s*:\s*(?P<items>.+)$",
    re.I,
)
_DEGREE_TYPES = frozenset(
    [
        "arts",
        "science",
        "sciences",
        "commerce",
        "engineering",
        "business",
        "administration",
        "laws",
        "education",
        "fine",
        "philosophy",
        "technology",
        "music",
        "applied",
    ]
)
# One class, its ways of being written: "upper second" is "2:1", "with Honours" is "(Hons)".
_CLASS_FORMS = (
    ("first class", r"first[- ]class|\b1st\b|\bfirst\b"),
    ("upper second", r"upper[- ]second|\b2[:.]1\b|2i\b"),
    ("lower second", r"lower[- ]second|\b2[:.]2\b|2ii\b"),
    ("honours", r"hono(?:u)?rs|\bhons\b"),
)
_DEGREE_CLASS_RE = re.compile(
    r"\b(?:first[- ]class|upper[- ]second(?:[- ]class)?|lower[- ]second(?:[- ]class)?|2:1|2:2"
    r"|summa cum laude"
    r"|magna cum laude|cum laude|with (?:first[- ]class )?hono(?:u)?rs|with distinction"
    r"|hono(?:u)?rs degree|GPA(?: of)?\s*\d(?:\.\d+)?)",
    re.I,
)


# A credential still being earned, in the resume's words ("Abschluss voraussichtlich 2026",
# "expected 2025"), and a text that says so ("derzeit berufsbegleitend", "in progress").
_STILL_EARNING_RE = re.compile(
    r"\b(?:in progress|expected|pursuing|studying|working towards|currently completing|due in"
    r"|voraussichtlich|angestrebt|in Vorbereitung|laufend)\b",
    re.I,
)
_SAYS_IN_PROGRESS_RE = re.compile(
    r"\b(?:derzeit|zurzeit|aktuell|absolviere|berufsbegleitend|voraussichtlich|strebe"
    r"|in Vorbereitung|laufend|currently|completing)\b",
    re.I,
)


def _unfinished_names(lines: list[str]) -> list[list[str]]:
    """The capitalised words naming each credential a resume line says is unfinished."""
    out: list[list[str]] = []
    for line in lines:
        if RANGE_RE.search(line) or not _STILL_EARNING_RE.search(line):
            continue
        name = re.split(r"\s[-–—]\s|[(,:]", line)[0]
        words = [w for w in re.findall(r"[^\W\d_][\w'&-]*", name) if w[:1].isupper()]
        if len(words) >= 2:
            out.append(words)
    return out


def _unfinished_claims(sentence: str, support: _Support) -> list[Claim]:
    """ "Geprüfter Fachwirt für Einkauf (IHK) mit 6 Jahren …" when the resume says it is
    expected in 2026: held, says the text; still being earned, says the resume."""
    if (
        _IN_PROGRESS_RE.search(sentence)
        or _SAYS_IN_PROGRESS_RE.search(sentence)
        or _APPLICATION_RE.search(sentence)
    ):
        return []
    out: list[Claim] = []
    found = {m.group(0): m for m in re.finditer(r"[^\W\d_][\w'&-]*", sentence)}
    for words in support.unfinished:
        shared = [found[w] for w in words if w in found]
        if len(shared) >= max(2, len(words) - 1):
            start = min(m.start() for m in shared)
            end = max(m.end() for m in shared)
            out.append(Claim("certification", sentence[start:end], sentence))  # as written
    return out


def _cert_held_in_progress(canonical: str, support: _Support) -> bool:
    lines = [
        ln
        for ln in support.lines
        if any(h.term.canonical == canonical for h in find_certifications(ln))
    ]
    return bool(lines) and all(_IN_PROGRESS_RE.search(ln) for ln in lines)


# A stage of a qualification ("CFA Level I", "ACCA Part 2"), and a claim of holding it whole.
_STAGE_RE = re.compile(
    r"\b(?:level|part|stage|stufe|teil)\s+(?:I{1,3}V?|[1-9]|one|two|three)\b", re.I
)
_FULL_HOLDER_RE = re.compile(
    r"\b(?:charterholder|chartered|qualified|certified|fully|holder|fellow|member)\b", re.I
)


def _claims_full_holder(sentence: str, hit: Hit, support: _Support) -> bool:
    """The resume holds only a stage of the qualification ("CFA Level I (passed 2021)") and
    the text claims all of it ("CFA charterholder", "CFA-qualified analyst")."""
    lines = [
        ln
        for ln in support.lines
        if any(h.term.canonical == hit.term.canonical for h in find_certifications(ln))
    ]
    if not lines or not all(_STAGE_RE.search(ln) for ln in lines):
        return False
    if any(_FULL_HOLDER_RE.search(ln) for ln in lines):
        return False  # "Associate Member (Assoc CIPD)": the resume says the same itself
    near_text = sentence[max(0, hit.start - 20) : hit.end + 25]
    return bool(_FULL_HOLDER_RE.search(near_text)) and not _STAGE_RE.search(near_text)


def _degree_claims(sentence: str, masked: str, support: _Support) -> list[Claim]:
    claims: list[Claim] = []
    for hit in find_degrees(masked):
        if hit.term.canonical not in support.degrees:
            claims.append(Claim("degree", hit.surface, sentence))
            continue
        rest = masked[hit.end :]
        m = re.match(
            r"(?:\s+of\s+(?P<type>[A-Z][\w&-]*(?:\s+[A-Z][\w&-]*)?))?"
            r"(?:\s*\([^)]*\))?(?:\s+(?:in|of)\s+(?P<subj>[A-Z][\w&-]*(?:\s+[A-Z][\w&-]*){0,4}))?",
            rest,
        )
        kind_word = m.group("type") if m else None
        subject = m.group("subj") if m else None
        if kind_word and kind_word.split()[0].lower() not in _DEGREE_TYPES:
            subject, kind_word = subject or kind_word, None
        if kind_word and not _degree_type_supported(kind_word, support):
            claims.append(Claim("degree", f"{hit.surface} of {kind_word}", sentence))
        if (subject and not _edu_has(subject, support)) or (
            subject and _from_another_degree(subject, hit.term.canonical, support)
        ):
            claims.append(Claim("degree", f"{hit.surface} in {subject}", sentence))
        nxt = [h.start for h in find_degrees(masked) if h.start > hit.start]
        school = _SCHOOL_RE.search(masked, hit.end, min(nxt, default=len(masked)))
        if school and _from_another_degree(school.group(0), hit.term.canonical, support):
            claims.append(Claim("degree", school.group(0), sentence))
    for m in _DEGREE_CLASS_RE.finditer(masked):
        if not support.has_degree_class(m.group(0)):
            claims.append(Claim("degree", m.group(0), sentence))
    return claims


_SCHOOL_WORDS = (
    r"(?:University|College|School|Institute|Polytechnic|Academy|Universität|Hochschule"
    r"|Akademie|Universidad|Universidade|Université|Università|Universiteit|Conservatoire)"
)
_SCHOOL_RE = re.compile(
    rf"(?:[A-Z][\w'&.-]*\s+){{0,3}}{_SCHOOL_WORDS}"
    rf"(?:\s+(?:of|for|de|do|da|di|der|für)\s+[A-Z][\w'&.-]*(?:\s+[A-Z][\w'&.-]*){{0,2}})?"
)
_SCHOOL_GENERIC = frozenset(
    """of and the at for de do da di der für in university college school institute
    polytechnic academy universität hochschule akademie universidad universidade
    université università universiteit conservatoire""".split()  # noqa: SIM905
)


def _from_another_degree(words: str, canonical: str, support: _Support) -> bool:
    """A subject or school the resume gives another degree ("MA … University of Leicester"
    when the MA is from Nottingham and the BA from Leicester): the degrees swapped parts."""
    tokens = [t for t in squash(words).split() if t not in _SCHOOL_GENERIC]
    if not tokens:
        return False
    own = [ln for ln in support.edu_lines if _degree_canonicals(ln) == {canonical}]
    other = [ln for ln in support.edu_lines if canonical not in _degree_canonicals(ln)]

    def has(line: str) -> bool:
        have = f" {squash(line)} "
        return all(f" {t} " in have for t in tokens)

    return bool(own) and not any(has(ln) for ln in own) and any(has(ln) for ln in other)


def _degree_canonicals(line: str) -> set[str]:
    return {h.term.canonical for h in find_degrees(line, listed=True)}


def _edu_has(subject: str, support: _Support) -> bool:
    tokens = [t for t in squash(subject).split() if t not in {"of", "and", "&"}]
    return all(f" {t} " in support.edu_squashed for t in tokens)


def _degree_type_supported(kind_word: str, support: _Support) -> bool:
    """ "Bachelor of Science" for "BSc"/"B.S.", "Bachelor of Arts" for "BA"."""
    if squash(f"of {kind_word}") in support.edu_squashed:
        return True
    first = kind_word[0].lower()
    for line in support.edu_lines:
        for hit in find_degrees(line):
            abbr = hit.surface.split("(")[0].replace(".", "").replace(" ", "")  # "BSc (Hons)"
            if abbr.isupper() or re.fullmatch(r"[BM][A-Z][a-z]*[A-Z]?", abbr):
                if len(abbr) >= 2 and abbr[1].lower() == first:
                    return True
            elif squash(f"of {kind_word}") in squash(line):
                return True
    return False


def _skill_claims(sentence: str, masked: str, support: _Support) -> list[Claim]:
    claims: list[Claim] = []
    for hit in find_hard_skills(masked):
        if hit.term.canonical in support.hard:
            continue
        if implied_by_resume(hit.surface, support.resume) or implied_by_resume(
            hit.term.canonical, support.resume
        ):
            continue
        kind = "tool" if hit.term.kind == "tool" else "skill"
        claims.append(Claim(kind, hit.surface, sentence))
    for hit in find_certifications(sentence):
        if _cert_held_in_progress(hit.term.canonical, support):
            if not _IN_PROGRESS_RE.search(sentence) and not _APPLICATION_RE.search(sentence):
                claims.append(Claim("certification", hit.surface, sentence))
            continue
        if set(masked[hit.start : hit.end]) == {"~"}:
            continue  # the allowed string names it (the posting's words, quoted back)
        if hit.term.canonical not in support.certs and squash(hit.surface) not in support.squashed:
            if not support.in_one_line(hit.surface):
                claims.append(Claim("certification", hit.surface, sentence))
        elif _claims_full_holder(sentence, hit, support):
            claims.append(Claim("certification", sentence[hit.start : hit.end], sentence))
    for option in support.unsupported_options:
        m = re.search(rf"(?<![\w+#.-]){re.escape(option)}(?![\w+#&-])", masked)
        if m and not _NEGATED_RE.search(masked[: m.start()]):
            claims.append(Claim("skill", option, sentence))
    # The list as written: a posting phrase allowed in pieces ("Transport Manager", "CPC")
    # does not make "Transport Manager CPC" one the resume holds.
    listed = _CERT_LIST_RE.match(sentence)
    if listed:
        for item in re.split(r"[,;]", listed.group("items")):
            item = re.sub(r"\([^)]*\)", "", item).strip(' .~"…')
            # every word on one line of the resume: "Transport Manager CPC" is not the
            # resume's "Driver CPC" plus a "transport manager" met in another bullet
            if item and not support.holds(item):
                claims.append(Claim("certification", item, sentence))
    return claims + _degree_claims(sentence, masked, support)


_NEGATED_RE = re.compile(
    r"\b(?:rather than|instead of|not|no|never|without|than)\s+(?:[\w-]+\s+){0,2}$", re.I
)
_LEAD_RE = re.compile(
    r"\b(?:led|lead|leading|managed|manage|managing|headed|heading|supervised|supervise"
    r"|supervising|directed|oversaw|oversee|overseeing|line[- ]managed?)\s+"
    r"(?:(?:a|an|the|my|our)\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:team|teams|department|squad|staff|crew|direct reports|reports|engineers|nurses"
    r"|developers|designers|analysts|people|employees|technicians|apprentices|accountants"
    r"|marketers|agents|representatives|volunteers)\b",
    re.I,
)
# Other ways a resume shows leading people: a leader's title, "ran shifts for a team of 18".
_LEADS_PEOPLE_RE = re.compile(
    r"\b(?:team[- ]lead(?:er)?s?|(?:team|people|staff) leadership|supervisor|shift (?:lead|leader|manager)"
    r"|line[- ]manag\w*|charge nurse|foreman|head of|teamleit\w*|schichtleit\w*|führungs\w*)\b"
    r"|\b(?:ran|run|runs|running|coordinat\w+|supervis\w+)\b[^.\n]{0,40}\b(?:team|crew) of\b",
    re.I,
)
_SENIOR_AUDIENCE_RE = re.compile(
    r"\b(?:CEO|CFO|CTO|COO|CMO|CIO|CHRO|C-suite|C-level|VP|SVP|EVP)\b"
    r"|\b(?:the board|board (?:of directors|members?|materials|meetings?|papers|packs?|reports?"
    r"|presentations?)|vice president|managing director)\b",
)
_SENIORITY_WORDS = r"(?:senior|sr\.|lead|principal|staff|chief|head)"
# Breadth a model adds to one team's result: "across the trust", "company-wide", "der
# gesamten Einrichtung", "unternehmensweit". Judged against the resume's own words.
_WIDE_UNITS = (
    r"trust|organi[sz]ation|company|business|group|firm|region|county|council|services?"
    r"|division|network|estate|portfolio|hospital|health board|enterprise|nation|country"
)
_BREADTH_RE = re.compile(
    rf"\b(?:across|throughout)\s+(?:the\s+(?:whole\s+|entire\s+)?|all\s+(?:of\s+the\s+)?"
    rf"|(?:our|my)\s+)?(?:[\w'’-]+\s+){{0,3}}?(?:{_WIDE_UNITS})\b"
    rf"|\b(?:{_WIDE_UNITS})-wide\b"
    r"|\b(?:der|die|das|den|dem|des)\s+gesamte[nmrs]?\s+\w+"
    r"|\b(?:unternehmens|träger|konzern|bundes|landes|stadt|klinik|firmen|europa|welt)weit\w*",
    re.I,
)


def _title_claims(sentence: str, masked: str, support: _Support) -> list[Claim]:
    claims: list[Claim] = []
    addressees = addressee_titles()
    spans: list[tuple[int, int]] = []
    degrees = [(h.start, h.end) for h in find_degrees(masked)]
    for start, end, surface in find_titles(masked):
        spans.append((start, end))
        if any(d0 <= start < d1 for d0, d1 in degrees):
            continue  # "Master of Science" is a degree (judged by the degree rules), not a job
        norm = normalize_title(surface)
        if norm in addressees or f" {norm} " in support.titles:
            continue
        if support.expands_initials(surface):
            continue
        claims.append(Claim("title", surface, sentence))
    if _APPLICATION_RE.search(sentence):
        return claims
    heads = "|".join(sorted(title_heads(), key=len, reverse=True))
    seniority = re.compile(
        rf"(?<![\w-]){_SENIORITY_WORDS}\s+(?:[a-z&/+-]+\s+){{0,2}}?(?:{heads})s?(?![\w-])",
        re.I,
    )
    role_as = re.compile(
        rf"\b(?:as|became|become|promoted to|appointed)\s+(?:an?\s+|the\s+|acting\s+"
        rf"|(?:their|his|her|my|our)\s+)?"
        rf"((?:[a-z][\w&/-]*\s+){{0,2}}(?:{heads}))s?(?![\w-])",
        re.I,
    )
    raw_spans = [(a, b) for a, b, _t in find_titles(sentence)]
    for m in seniority.finditer(sentence):
        if any(a < m.end() and m.start() < b for a, b in raw_spans):
            continue
        before = sentence[: m.start()].split()
        if m.group(0).lower().startswith("lead") and before and before[-1].lower() in _VERBISH:
            continue
        if f" {normalize_title(m.group(0))} " not in support.titles:
            claims.append(Claim("title", m.group(0), sentence))
    for m in role_as.finditer(masked):
        phrase = m.group(1)
        if any(a < m.end() and m.start() < b for a, b in spans):
            continue
        if squash(phrase) not in support.squashed and not support.holds_title(phrase):
            claims.append(Claim("title", phrase, sentence))
    return claims


_VERBISH = frozenset(["to", "i", "will", "can", "could", "and", "we", "help", "would", "you"])


# "Named Employee of the Year", "won the CIPD People Management Award": an award's name.
_AWARD_RE = re.compile(
    r"\b(?i:named|won|awarded|received|earned|recipient of|recogni[sz]ed as|voted)\s+"
    r"(?:the\s+|an?\s+|our\s+)?(?P<award>[A-Z][\w'&-]*(?:\s+(?:[A-Z][\w'&-]*|of|the|for|and|in)){0,7})"
)


def _award_claims(sentence: str, masked: str, support: _Support) -> list[Claim]:
    """An award whose name the resume does not give as it stands ("Employee of the Year" for
    the resume's "Team Member of the Quarter")."""
    out: list[Claim] = []
    for m in _AWARD_RE.finditer(masked):
        award = re.sub(r"(?:\s+(?:of|the|for|and|in))+$", "", m.group("award"))
        if find_degrees(award) or find_certifications(award) or _DEGREE_PHRASE_RE.match(award):
            continue  # a degree or certificate earned: judged by their own rules
        if len(award.split()) >= 2 and squash(award) not in support.resume_squashed:
            out.append(Claim("scope", award, sentence))
    return out


# Doing alone what the resume did with others: "eigenständig überarbeitet" for "gemeinsam
# mit Leitung und Team", "Led" for "Co-led".
_SOLO_RE = re.compile(
    r"\b(?:eigenständig\w*|selbst(?:st)?ändig\w*|alleinverantwortlich\w*|allein|independently"
    r"|single-handedly|on my own|by myself|solely|personally)\b",
    re.I,
)
_LED_RE = re.compile(r"^\s*(?:led|lead|leading|headed|spearheaded|drove|owned)\b", re.I)
_JOINT_RE = re.compile(
    r"\b(?:gemeinsam|zusammen mit|im team|together with|jointly|alongside|as part of|helped"
    r"|assisted|supported|contributed|beteiligt|mitgewirkt|mitarbeit|unterstützt|unter anleitung"
    r"|in zusammenarbeit|mitwirkung|with (?:the|my|our|a) (?:[\w-]+ ){0,2}team)\b|\bco-\w+",
    re.I,
)
# Standing in for the manager, which the resume never says ("vertrete ich unsere Kita-Leitung").
_DEPUTY_RE = re.compile(
    r"\b(?:deputi[sz](?:e|ed|es|ing)|acting up|st(?:and|ood|anding) in|cover(?:ed|ing)? for"
    r"|vertrete|vertrat|vertreten)\b(?=.*(?:leitung|leiter\w*|\b(?:manager|head|lead|director"
    r"|sister|matron|supervisor|chef))\b)",
    re.I,
)


# Line management: "Line-managed two trainee QSs" for "Mentor 2 trainee quantity surveyors".
_LINE_MANAGES_RE = re.compile(
    r"\bline[- ]?manag\w*|\bdirect reports?\b|\b(?:annual |their )?appraisals?\b"
    r"|\bdisziplinarisch\w*|\bpersonalverantwortung\b|\bmitarbeitergespräche?\w*",
    re.I,
)


def _solo_claims(sentence: str, support: _Support) -> list[Claim]:
    solo = _SOLO_RE.search(sentence) or _LED_RE.search(sentence)
    if not solo:
        return []
    # Words compared by their first six letters: "überarbeitet" and "Überarbeitung".
    said = {t[:6] for t in content_tokens(sentence)}
    best, shared = "", 1
    for line in support.lines:
        n = len(said & {t[:6] for t in content_tokens(line)})
        if n > shared:
            best, shared = line, n
    joint = _JOINT_RE.search(best) if best else None
    # "Led" against "ran the tests with the product team" is fair; against "co-led" it is not
    fair = joint is not None and joint.group(0).lower().startswith("with")
    if joint and not _JOINT_RE.search(sentence) and (_SOLO_RE.search(sentence) or not fair):
        return [Claim("scope", solo.group(0), sentence)]
    return []


def _scope_claims(sentence: str, masked: str, support: _Support) -> list[Claim]:
    """Leading people and reporting to the top: inflations a model likes to add."""
    if _APPLICATION_RE.search(sentence):
        return []
    claims: list[Claim] = _award_claims(sentence, masked, support)
    m = _LEAD_RE.search(masked)
    if m and not support.leads:
        claims.append(Claim("scope", m.group(0), sentence))
    for m in _SENIOR_AUDIENCE_RE.finditer(masked):
        if squash(m.group(0)) not in support.resume_squashed:
            claims.append(Claim("scope", m.group(0), sentence))
    for m in _BREADTH_RE.finditer(masked):
        if re.search(r"\b(?:your|ihre[rnms]?|eure[rnms]?)\b", m.group(0), re.I):
            continue  # the employer's breadth, from the posting
        if squash(m.group(0)) not in support.resume_squashed:
            claims.append(Claim("scope", m.group(0), sentence))
    managed = _LINE_MANAGES_RE.search(masked)
    if managed and not _LINE_MANAGES_RE.search(support.resume):
        claims.append(Claim("scope", managed.group(0), sentence))
    deputy = _DEPUTY_RE.search(masked)
    if deputy and not _DEPUTY_RE.search(support.resume):
        claims.append(Claim("scope", deputy.group(0), sentence))
    return claims + _solo_claims(sentence, support)


def _is_region(segment: str) -> bool:
    """ "Italy" after "Florence", "IL" after "Peoria": a country or state only locates the
    city and employer the header already names."""
    place = place_of(segment)
    return place is not None and place.kind in ("country", "state")


def _org_supported(name: str, support: _Support) -> bool:
    if _is_region(name) or support.expands_initials(name):
        return True
    skill_spans = find_hard_skills(name) + find_certifications(name) + find_degrees(name)
    remaining = name
    for hit in sorted(skill_spans, key=lambda h: -h.start):
        remaining = remaining[: hit.start] + " " + remaining[hit.end :]
    tokens = [
        t for t in re.findall(r"[A-Za-z0-9&'.-]+", remaining) if t.lower() not in NOT_NAME_WORDS
    ]
    tokens = [t for t in tokens if t[:1].isupper()]
    named = [t for t in tokens if t.lower().strip(".") not in _PLACE_KINDS | _LEGAL_FORMS]
    if not tokens:
        return True
    return support.has_words(" ".join(named or tokens))


_PERSON_WORD_RE = re.compile(r"\b(?:I|I'm|you|your|my|we|our)\b", re.I)
_DEGREE_PHRASE_RE = re.compile(
    r"\b(?:Bachelor|Master|Doctor|Associate)(?:'s)?\s+of\s+[A-Z][\w&-]*(?:\s+[A-Z][\w&-]*)?"
)


def _labels_a_resume_line(sentence: str, support: _Support) -> bool:
    """ "Linux kernel: <a resume line>": a label, then the resume's own words (not a header)."""
    label = re.match(r"\s*[^:\n]{1,40}:\s+", sentence)
    rest = _without_quotes(sentence[label.end() :]) if label else ""
    return bool(rest) and any(rest in _without_quotes(line) for line in support.lines)


def _without_quotes(text: str) -> str:
    """Quoted titles are elided before the check ("..."): compare what is around them."""
    return " ".join(re.sub(r"[\"“„«][^\"“”„«»]*[\"”“»]", " ", text).lower().split())


# "Certificates: …", "Languages: …": a labelled list, whose items the list rules judge.
_LIST_LABEL_RE = re.compile(
    r"^\s*(?:certifications?|certificates?|qualifications?|licen[cs]es?|skills|languages"
    r"|training|courses|tools|zertifikate|qualifikationen|weiterbildungen|sprachen|kenntnisse)"
    r"(?:\s*(?:&|and|und)\s*\w+)?\s*:",
    re.I,
)


def _is_header(masked: str) -> bool:
    """An experience or education header: "Engineer, Acme Corp (2019-2022)", "BSc Economics,
    University of Exeter (2020), 2:1"."""
    dated = RANGE_RE.search(masked) or re.search(
        r"[(,|·—-]\s*(?:19|20)\d\d\s*\)?(?:\s*,\s*[^,()]{1,20})?\s*$", masked
    )
    return (
        bool(dated)
        and len(masked.split()) <= 16
        and not _PERSON_WORD_RE.search(masked)  # a header never says "I" or "you"
        and not _LIST_LABEL_RE.match(masked)
    )


def _employer_claims(sentence: str, masked: str, support: _Support) -> list[Claim]:
    claims: list[Claim] = []
    masked = _DEGREE_PHRASE_RE.sub(lambda m: "~" * len(m.group(0)), masked)
    masked = _DEGREE_CLASS_RE.sub(lambda m: "~" * len(m.group(0)), masked)
    candidates = [m.group("org") for m in _ORG_TRIGGER_RE.finditer(masked)]
    if _is_header(masked) and not _labels_a_resume_line(sentence, support):
        # Experience header such as "Engineer, Acme Corp (2019-2022)".
        for segment in _HEADER_SPLIT_RE.split(masked):
            segment = segment.strip(" .:;~")
            if not segment or not segment[:1].isupper() or YEAR_RE.search(segment):
                continue
            if find_degrees(segment, listed=True):
                continue  # "BSc Biomedical Science": the degree rules judge it
            if find_titles(segment) or (
                normalize_title(segment) and f" {normalize_title(segment)} " in support.titles
            ):
                continue
            words_ = re.findall(r"[A-Za-z][\w'&.-]*", segment)
            if sum(1 for w in words_ if w[:1].islower() and w not in INITIAL_SKIP) > 1:
                continue  # a sentence, not a name
            candidates.append(segment)
    for name in candidates:
        name = name.strip(" .,:;~'")
        if name and not _org_supported(name, support):
            claims.append(Claim("employer", name, sentence))
    return claims


_HEADER_FILLER = frozenset(
    [
        "present",
        "current",
        "now",
        "today",
        "certification",
        "certificate",
        "certified",
        "licence",
        "license",
        "qualification",
        "qualified",
        "weiterbildung",
        "fortbildung",
        "zertifikat",
        "lehrgang",
    ]
)
# "Stansted Airport" for the resume's "London Stansted": the kind of place, not its name.
_PLACE_KINDS = frozenset(["airport", "campus"])
# "Pennine Build Limited" is the resume's "Pennine Build Ltd": the legal form names nothing.
_LEGAL_FORMS = frozenset(
    "ltd limited inc incorporated llc llp plc gmbh pty co corp corporation partgmbb ag".split()  # noqa: SIM905
)
# German function words in a header ("Weiterbildung zur Praxisanleiterin") name nothing.
_GERMAN_SKIP = frozenset(
    "zur zum der die das des dem den und von bei für im am als mit".split()  # noqa: SIM905
)
_HEADER_SKIP = INITIAL_SKIP | _HEADER_FILLER | _GERMAN_SKIP | _PLACE_KINDS | _LEGAL_FORMS
_HEADER_TOKEN_RE = re.compile(r"[A-Za-z0-9][\w&'.+#-]*")


def _header_tokens(text: str) -> list[str]:
    out = []
    for t in _HEADER_TOKEN_RE.findall(text.replace("&", " and ")):
        t = t.lower().strip(".'-")
        if t.endswith("'s"):
            t = t[:-2]
        if t and t not in _HEADER_SKIP:
            out.append(t)
    return out


def _segment_in_line(seg: str, have: set[str], initials: set[str]) -> bool:
    toks = _header_tokens(seg)
    norm = _header_tokens(normalize_title(seg))
    return (
        all(t in have or t in initials for t in toks)
        or all(t in have for t in norm)
        or _seg_expands(seg, have, initials)
    )


def _title_complete(seg: str, line_segments: list[str]) -> bool:
    """A title keeps every word the resume gives it ("Intern", "Apprentice", "Assistant")."""
    toks = set(_header_tokens(seg)) | set(_header_tokens(normalize_title(seg)))
    if not (find_titles(seg) or toks & title_heads()) or not line_segments:
        return True
    best = max(line_segments, key=lambda ls: len(toks & set(_header_tokens(ls))))
    if not toks & set(_header_tokens(best)):
        return True
    missing = set(_header_tokens(normalize_title(best))) - toks
    return not missing or missing <= _spelled_initials(seg)


def _spelled_initials(seg: str) -> set[str]:
    """The abbreviations a segment spells out: "qts" for "Qualified Teacher Status"."""
    raw = [w.lower() for w in re.findall(r"[A-Za-z][\w'-]*", seg) if w.lower() not in INITIAL_SKIP]
    return {
        "".join(w[0] for w in raw[i:j])
        for i in range(len(raw))
        for j in range(i + 2, min(i + 6, len(raw)) + 1)
    }


def _header_claims(sentence: str, support: _Support) -> list[Claim]:
    """A role header must be one of the resume's: the same dates, title and employer."""
    if not _is_header(sentence):
        return []
    if _labels_a_resume_line(sentence, support):
        return []
    years = set(YEAR_RE.findall(sentence))
    # A role's title, employer and dates may sit on lines of their own ("**Driver — Kestrel
    # Foodservice**" above "April 2015 – May 2019"): the dated line with its neighbours.
    lines = support.lines
    dated = [i for i, ln in enumerate(lines) if years <= set(YEAR_RE.findall(ln))]
    candidates = [lines[i] for i in dated]
    for i in dated:
        if len(RANGE_RE.sub(" ", lines[i]).split()) <= 3:  # a line of dates alone
            candidates.append(" · ".join(lines[max(0, i - 2) : i + 1]))
        elif i and len(lines[i - 1].split()) <= 12 and not lines[i - 1].rstrip().endswith("."):
            candidates.append(f"{lines[i - 1]} · {lines[i]}")  # the title on the line above
    if not candidates:
        return []  # the dates themselves are reported as numbers
    # A degree and its class are judged by the degree rules ("Bachelor of Arts in …" for
    # "B.A. …", "upper second class" for "2:1").
    segments = [
        seg
        for seg in _header_segments(_DEGREE_CLASS_RE.sub(" ", sentence))
        if not find_degrees(seg, listed=True) and seg.strip(" ,.;:-")
    ]
    best: list[str] | None = None
    for line in candidates:
        have = set(_header_tokens(line)) | set(_header_tokens(normalize_title(line)))
        initials = initialisms(line)
        line_segments = _header_segments(line)
        bad = [
            seg
            for seg in segments
            if not (_segment_in_line(seg, have, initials) and _title_complete(seg, line_segments))
        ]
        if not bad:
            return []
        if best is None or len(bad) < len(best):
            best = bad
    out: list[Claim] = []
    for seg in best or []:
        if _is_region(seg) or support.expands_initials(seg):
            continue
        is_title = find_titles(seg) or set(_header_tokens(seg)) & title_heads()
        out.append(Claim("title" if is_title else "employer", seg, sentence))
    return out


def _header_segments(text: str) -> list[str]:
    body = YEAR_RE.sub(" ", RANGE_RE.sub(" ", text))
    segments = [s.strip(" .:;,()") for s in _HEADER_SPLIT_RE.split(body)]
    return [s for s in segments if _header_tokens(s)]


def _seg_expands(seg: str, have: set[str], initials: set[str]) -> bool:
    """Every word is in the line, or the segment spells out an abbreviation the line uses."""
    toks = _header_tokens(seg)
    missing = [t for t in toks if t not in have and t not in initials]
    if not missing:
        return True
    if all(any(_spells_out(t, a) for a in have) for t in missing):
        return True  # "Musculoskeletal" for "MSK"
    raw = [w.lower() for w in re.findall(r"[A-Za-z][\w'-]*", seg) if w.lower() not in INITIAL_SKIP]
    spelled: set[str] = set()
    for i in range(len(raw)):
        for j in range(i + 2, min(i + 6, len(raw)) + 1):
            if "".join(w[0] for w in raw[i:j]) in have:
                spelled.update(raw[i:j])  # "Qualified Teacher Status" for "QTS"
    if all(t in spelled or any(_spells_out(t, a) for a in have) for t in missing):
        return True
    return "".join(t[0] for t in toks) in have or "".join(t[0] for t in missing) in have


def _spells_out(word: str, short: str) -> bool:
    """ "musculoskeletal" spells out "msk": same first letter, the short form's letters in
    order, and the short form no word of its own (3-5 letters)."""
    if not (3 <= len(short) <= 5 and short.isalpha() and len(word) >= len(short) + 3):
        return False
    if word[0] != short[0]:
        return False
    it = iter(word[1:])
    return all(ch in it for ch in short[1:])


def _range_pairs(nums: list[Num]) -> list[tuple[Num, Num]]:
    return [(a, b) for a, b in itertools.pairwise(nums) if a.ranged and b.ranged]


def _changed_range_ends(found: list[Num], support: _Support) -> list[Num]:
    """ "from 26 to 8 weeks" where the resume says "from 26 to 14 weeks": one end kept, the
    other changed (even if the new figure occurs elsewhere in the resume)."""
    out: list[Num] = []
    for a, b in _range_pairs(found):
        same = [(x, y) for x, y in support.range_pairs if x.pct == a.pct and y.pct == b.pct]
        if any(x.value == a.value and y.value == b.value for x, y in same):
            continue
        if any(x.value == a.value for x, _ in same):
            out.append(b)
        elif any(y.value == b.value for _, y in same):
            out.append(a)
    return out


def _number_claims(sentence: str, masked: str, support: _Support) -> list[Claim]:
    claims: list[Claim] = []
    for start, end, digits in phone_spans(masked):
        if digits not in support.phones:
            claims.append(Claim("number", masked[start:end].strip(), sentence))
    stems = frozenset(content_tokens(sentence, drop_generic=False))
    in_ranges: list[tuple[int, int]] = []
    for m in RANGE_RE.finditer(masked):
        in_ranges.append((m.start(), m.end()))
        if _range_key(m) not in support.ranges:
            claims.append(Claim("number", m.group(0), sentence))
    found = nums_in(sentence)
    changed = _changed_range_ends(found, support)
    for n in found:
        if any(a <= n.start < b for a, b in in_ranges) or "~" in masked[n.start : n.end]:
            continue
        if n in changed:
            claims.append(Claim("number", n.surface, sentence))
            continue
        field = experience_field(sentence[n.end :])
        subject = frozenset(content_tokens(sentence[: n.start], drop_generic=False))
        if not support.number_supported(n, stems, field, subject):
            claims.append(Claim("number", n.surface, sentence))
    return claims


def find_unsupported_claims(
    generated: str,
    source_resume: str,
    *,
    allowed: Iterable[str] = (),
    allowed_whole: Iterable[str] = (),
) -> list[Claim]:
    """Claims in `generated` that `source_resume` (or an `allowed` string) does not support.
    `allowed_whole`: phrases allowed as they stand, never split at "or" into alternatives
    ("selling to finance or accounting buyers" is one concept the resume shows)."""
    allowed_list = [normalize(a).strip() for a in allowed if a and a.strip()]
    resume = normalize(source_resume)
    free, posting_only, unsupported = _split_allowed(allowed_list, resume)
    free += [normalize(a).strip() for a in allowed_whole if a and a.strip()]
    support = _Support(resume, free, unsupported)
    seen: set[tuple[str, str, str]] = set()
    out: list[Claim] = []
    for sentence, masked in _claimable_lines(normalize(generated), free, posting_only, resume):
        for claim in (
            _skill_claims(sentence, masked, support)
            + _title_claims(sentence, masked, support)
            + _header_claims(sentence, support)
            + _employer_claims(sentence, masked, support)
            + _scope_claims(sentence, masked, support)
            + _unfinished_claims(sentence, support)
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
