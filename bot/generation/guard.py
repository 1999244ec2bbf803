"""Fabrication guard: every fact in generated text must be traceable to the user's resume.

Claims are detected in the generated text itself (skills, tools, certifications, employers,
degrees, titles, numbers) and looked up in the resume. Quoted material (Markdown blockquotes
and text in double quotes) is attributed to someone else, so it is not a claim about the
candidate; that is how a research report may quote the posting.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from bot.generation.claim_numbers import (
    DURATION,
    INITIAL_SKIP,
    RANGE_RE,
    TIME_UNITS,
    YEAR_RE,
    Num,
    abbreviates,
    initialisms,
    near,
    nums_in,
    phone_spans,
    work_span,
)
from bot.generation.engine import Finding
from bot.generation.evidence import IN_PROGRESS_RE as _IN_PROGRESS_RE
from bot.generation.evidence import implied_by_resume
from bot.generation.lexicon import (
    addressee_titles,
    find_certifications,
    find_degrees,
    find_hard_skills,
    find_titles,
    normalize_title,
    title_heads,
)
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


class _Support:
    """What the resume (plus the explicitly allowed strings) can vouch for."""

    def __init__(self, resume: str, allowed: list[str], unsupported: Iterable[str] = ()):
        self.unsupported_options = [o for o in unsupported if o not in allowed]
        self.resume_squashed = squash(resume)
        self.squashed = squash(resume + "\n" + "\n".join(allowed))
        self.hard = {h.term.canonical for h in find_hard_skills(resume)}
        self.certs = {h.term.canonical for h in find_certifications(resume)}
        self.degrees = {h.term.canonical for h in find_degrees(resume)}
        self.resume = resume
        self.year_span = work_span(resume)
        titles_text = "\n".join([resume, *allowed])
        self.titles = (
            " " + " ".join(normalize_title(line) for line in titles_text.split("\n")) + " "
        )
        for a in allowed:
            self.hard |= {h.term.canonical for h in find_hard_skills(a)}
            self.certs |= {h.term.canonical for h in find_certifications(a)}
        self.lines = [ln for ln in (strip_markdown(x) for x in resume.split("\n")) if ln]
        self.phones = {d for ln in self.lines for _s, _e, d in phone_spans(ln)}
        self.nums: list[tuple[Num, frozenset[str]]] = []
        self.derived: list[tuple[float, bool, frozenset[str]]] = []
        self.year_lines: dict[int, list[frozenset[str]]] = {}
        self.ranges: set[tuple[str, str]] = set()
        for line in [*self.lines, *allowed]:
            stems = frozenset(content_tokens(line, drop_generic=False))
            nums = nums_in(line)
            for n in nums:
                self.nums.append((n, stems))
                if n.year:
                    self.year_lines.setdefault(int(n.value), []).append(stems)
            for lo, hi in itertools.pairwise(nums):
                if lo.ranged and hi.ranged and lo.value and not lo.year:
                    self.derived.append((round(abs(lo.value - hi.value), 6), hi.pct, hi.after))
                    change = 100 * abs(lo.value - hi.value) / lo.value
                    self.derived.append((change, True, frozenset()))
            for m in RANGE_RE.finditer(line):
                self.ranges.add(_range_key(m))
        self.edu_lines = [ln for ln in self.lines if find_degrees(ln)]
        self.edu_squashed = squash("\n".join(self.edu_lines))
        self.initials = initialisms(resume)
        self.leads = bool(_LEAD_RE.search(resume))

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

    def _initialism(self, token: str) -> bool:
        return 2 <= len(token) <= 5 and token.isalpha() and token in self.initials

    def number_supported(self, n: Num, sentence_stems: frozenset[str]) -> bool:
        if n.year:
            return any(
                near(sentence_stems, stems) for stems in self.year_lines.get(int(n.value), [])
            )
        for occ, line_stems in self.nums:
            if occ.year or occ.value != n.value or occ.pct != n.pct:
                continue
            units = {n.first_after, occ.first_after}
            if units & TIME_UNITS and len(units) > 1 and "" not in units:
                continue  # "5 years" is not "5 working days"
            if n.after:
                context = (occ.after | occ.before) if occ.after else line_stems
                if near(n.after, context) or abbreviates(n, occ):
                    return True
            elif not n.before or near(n.before, line_stems):
                return True
        unit = DURATION.get(n.first_after)
        if unit and not n.pct and n.value * unit <= self.year_span:
            return True
        if n.ranged:
            return False
        for value, pct, after in self.derived:
            if pct != n.pct:
                continue
            if pct and not after:
                close = abs(value - n.value) <= 1 or (n.hedged and n.value <= value <= n.value + 10)
                if close:
                    return True
            elif value == n.value and (not n.after or not after or near(n.after, after)):
                return True
        return False


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
_DEGREE_CLASS_RE = re.compile(
    r"\b(?:first[- ]class|upper[- ]second|lower[- ]second|2:1|2:2|summa cum laude"
    r"|magna cum laude|cum laude|with (?:first[- ]class )?hono(?:u)?rs|with distinction"
    r"|hono(?:u)?rs degree|GPA(?: of)?\s*\d(?:\.\d+)?)",
    re.I,
)


def _cert_held_in_progress(canonical: str, support: _Support) -> bool:
    lines = [
        ln
        for ln in support.lines
        if any(h.term.canonical == canonical for h in find_certifications(ln))
    ]
    return bool(lines) and all(_IN_PROGRESS_RE.search(ln) for ln in lines)


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
        if subject and not _edu_has(subject, support):
            claims.append(Claim("degree", f"{hit.surface} in {subject}", sentence))
    for m in _DEGREE_CLASS_RE.finditer(masked):
        if squash(m.group(0)) not in support.resume_squashed:
            claims.append(Claim("degree", m.group(0), sentence))
    return claims


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
            abbr = hit.surface.replace(".", "").replace(" ", "")
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
            claims.append(Claim("certification", hit.surface, sentence))
    for option in support.unsupported_options:
        m = re.search(rf"(?<![\w+#.-]){re.escape(option)}(?![\w+#&-])", masked)
        if m and not _NEGATED_RE.search(masked[: m.start()]):
            claims.append(Claim("skill", option, sentence))
    listed = _CERT_LIST_RE.match(masked)
    if listed:
        for item in re.split(r"[,;]", listed.group("items")):
            item = re.sub(r"\([^)]*\)", "", item).strip(" .~")
            if item and not support.has_words(item):
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
_SENIOR_AUDIENCE_RE = re.compile(
    r"\b(?:CEO|CFO|CTO|COO|CMO|CIO|CHRO|C-suite|C-level|VP|SVP|EVP)\b"
    r"|\b(?:the board|board (?:of directors|members?|materials|meetings?|papers|packs?|reports?"
    r"|presentations?)|vice president|managing director)\b",
)
_SENIORITY_WORDS = r"(?:senior|sr\.|lead|principal|staff|chief|head)"


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
        claims.append(Claim("title", surface, sentence))
    if _APPLICATION_RE.search(sentence):
        return claims
    heads = "|".join(sorted(title_heads(), key=len, reverse=True))
    seniority = re.compile(
        rf"(?<![\w-]){_SENIORITY_WORDS}\s+(?:[a-z&/+-]+\s+){{0,2}}?(?:{heads})s?(?![\w-])",
        re.I,
    )
    role_as = re.compile(
        rf"\b(?:as|became|become|promoted to|appointed)\s+(?:an?\s+|the\s+|acting\s+)?"
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
        if squash(phrase) not in support.squashed and (
            f" {normalize_title(phrase)} " not in support.titles
        ):
            claims.append(Claim("title", phrase, sentence))
    return claims


_VERBISH = frozenset(["to", "i", "will", "can", "could", "and", "we", "help", "would", "you"])


def _scope_claims(sentence: str, masked: str, support: _Support) -> list[Claim]:
    """Leading people and reporting to the top: inflations a model likes to add."""
    if _APPLICATION_RE.search(sentence):
        return []
    claims: list[Claim] = []
    m = _LEAD_RE.search(masked)
    if m and not support.leads:
        claims.append(Claim("scope", m.group(0), sentence))
    for m in _SENIOR_AUDIENCE_RE.finditer(masked):
        if squash(m.group(0)) not in support.resume_squashed:
            claims.append(Claim("scope", m.group(0), sentence))
    return claims


def _org_supported(name: str, support: _Support) -> bool:
    skill_spans = find_hard_skills(name) + find_certifications(name) + find_degrees(name)
    remaining = name
    for hit in sorted(skill_spans, key=lambda h: -h.start):
        remaining = remaining[: hit.start] + " " + remaining[hit.end :]
    tokens = [
        t for t in re.findall(r"[A-Za-z0-9&'.-]+", remaining) if t.lower() not in NOT_NAME_WORDS
    ]
    tokens = [t for t in tokens if t[:1].isupper()]
    if not tokens:
        return True
    return support.has_words(" ".join(tokens))


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


def _is_header(masked: str) -> bool:
    """An experience or education header: "Engineer, Acme Corp (2019-2022)"."""
    return (
        bool(RANGE_RE.search(masked) or re.search(r"[(,|·—-]\s*(?:19|20)\d\d\s*\)?\s*$", masked))
        and len(masked.split()) <= 16
        and not _PERSON_WORD_RE.search(masked)  # a header never says "I" or "you"
    )


def _employer_claims(sentence: str, masked: str, support: _Support) -> list[Claim]:
    claims: list[Claim] = []
    masked = _DEGREE_PHRASE_RE.sub(lambda m: "~" * len(m.group(0)), masked)
    candidates = [m.group("org") for m in _ORG_TRIGGER_RE.finditer(masked)]
    if _is_header(masked) and not _labels_a_resume_line(sentence, support):
        # Experience header such as "Engineer, Acme Corp (2019-2022)".
        for segment in _HEADER_SPLIT_RE.split(masked):
            segment = segment.strip(" .:;~")
            if not segment or not segment[:1].isupper() or YEAR_RE.search(segment):
                continue
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
    ]
)
_HEADER_TOKEN_RE = re.compile(r"[A-Za-z0-9][\w&'.+#-]*")


def _header_tokens(text: str) -> list[str]:
    out = []
    for t in _HEADER_TOKEN_RE.findall(text):
        t = t.lower().strip(".'-")
        if t.endswith("'s"):
            t = t[:-2]
        if t and t not in INITIAL_SKIP and t not in _HEADER_FILLER:
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
    return not missing


def _header_claims(sentence: str, support: _Support) -> list[Claim]:
    """A role header must be one of the resume's: the same dates, title and employer."""
    if not _is_header(sentence):
        return []
    if _labels_a_resume_line(sentence, support):
        return []
    years = set(YEAR_RE.findall(sentence))
    candidates = [ln for ln in support.lines if years <= set(YEAR_RE.findall(ln))]
    if not candidates:
        return []  # the dates themselves are reported as numbers
    segments = _header_segments(sentence)
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
    return "".join(t[0] for t in toks) in have or "".join(t[0] for t in missing) in have


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
    for n in nums_in(sentence):
        if any(a <= n.start < b for a, b in in_ranges) or "~" in masked[n.start : n.end]:
            continue
        if not support.number_supported(n, stems):
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
