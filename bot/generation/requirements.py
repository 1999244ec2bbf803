"""Requirements of a posting, one concept each, marked essential or desirable.

A requirement line names several things at once ("5+ years of Python, Go or Java; M.Sc.
preferred"): it becomes one requirement per concept, "X or Y" becomes one requirement with
alternatives, and a "preferred"/"(desirable)"/"von Vorteil" clause makes only the concepts
inside it desirable. Known concepts come from the lexicon; acronyms and product names it
does not know (CRRT, FreeRTOS) and short domain phrases ("tissue viability") are kept too,
because a recruiter's checklist has them.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace
from enum import StrEnum

from bot.generation.lexicon import (
    Hit,
    find_certifications,
    find_degrees,
    find_hard_skills,
    find_soft_skills,
)
from bot.generation.places import is_place
from bot.generation.spoken_languages import find_languages
from bot.generation.text import (
    GENERIC_WORDS,
    STOPWORDS,
    WORD_NUMBERS,
    normalize,
    split_sentences,
    strip_markdown,
    word_list,
)


class RequirementKind(StrEnum):
    SKILL = "skill"
    SOFT = "soft"
    CERTIFICATION = "certification"
    DEGREE = "degree"
    LANGUAGE = "language"
    YEARS = "years"
    OTHER = "other"


@dataclass(frozen=True)
class Requirement:
    """One line of a recruiter's checklist."""

    name: str
    kind: RequirementKind
    essential: bool
    alternatives: tuple[str, ...] = ()
    source: str = ""
    years: int | None = None
    level: str | None = None
    rank: int = 0

    @property
    def options(self) -> tuple[str, ...]:
        """Every name that satisfies this requirement."""
        return self.alternatives or (self.name,)

    @property
    def is_check(self) -> bool:
        """A pre-employment check the employer runs (DBS, background check, right to work,
        Führungszeugnis): a condition of the offer, not a skill the resume must show."""
        return bool(_CHECK_RE.search(self.name))


_CHECK_RE = re.compile(
    r"\bDBS\b|\bPVG\b|\bdisclosure (?:and barring|scotland)\b|\bbackground (?:check|screening)"
    r"|\bbarred list\b|führungszeugnis|\bright to work\b|\bauthori[sz]ed to work\b"
    r"|\bwork (?:permit|authori[sz]ation)\b|\barbeitserlaubnis\b|\baufenthaltstitel\b"
    r"|\bworking rights\b"
    r"|\bpre-employment (?:checks?|screening)\b|\bcriminal record check"
    r"|\bairside pass\b|\bsecurity clearance\b|\bSC clearance\b|\bBPSS\b",
    re.I,
)


NICE_MARK_RE = re.compile(
    r"\bpreferred\b|\bpreferably\b|\bpreferable\b|\bideally\b|\bidealerweise\b|\ba plus\b"
    r"|\bis a plus\b|\bplus\b(?=\s*[.!)]?\s*$)|\bbonus\b|\bnice[\s-]to[\s-]have\b|\bdesirable\b"
    r"|\badvantage(?:ous)?\b|\bvon vorteil\b|\bwünschenswert\b|\bwould be (?:great|helpful|good"
    r"|welcome|beneficial|useful|an asset)\b|\bbeneficial\b|\ban asset\b|\bwäre schön\b|\bgerne\b"
    r"|\boptional\b|\bnot required\b|\bnot essential\b|\bwelcome\b|\bhelpful\b|\bwillkommen\b"
    r"|\bein plus\b|\bnot a must\b|(?:^|\s)\(?D\)?\s*$",
    re.I,
)
_ESSENTIAL_MARK_RE = re.compile(
    r"\(essential\)|\brequired\b|\bessential\b|\bmust\b|\bzwingend\b|\berforderlich\b"
    r"|\bvorausgesetzt\b|(?:^|\s)\(?E\)?\s*$",
    re.I,
)
_MARKER_CLEAN_RE = re.compile(
    r"\((?:essential|desirable|preferred|required|e|d)\)|\s[ED]\s*$"
    r"|\b(?:is|are|would be|wäre|ist)\s+(?:a\s+)?(?:plus|bonus|advantage|desirable|essential"
    r"|required|preferred|von vorteil|wünschenswert|an asset)\b[.!]?",
    re.I,
)

_YEARS_RE = re.compile(
    r"(?:(?:at least|minimum(?: of)?|min\.?|over|more than|mindestens)\s+)?"
    r"(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\s*\+?\s*(?:(?:-|–|to)\s*\d{1,2}\s*)?"
    r"\+?\s*(?:years?|yrs|jahre?n?)\b",
    re.I,
)

_DEGREE_FIELD_RE = re.compile(
    r"\s*(?:degree\s+)?(?:in|of|im|in the field of)\s+((?:[A-Z][\w&-]*|and|or|related|a|"
    r"Computer|Science|Engineering)(?:[\s,/]+(?:[A-Z][\w&-]*|and|or|related|field|subject|"
    r"discipline|science|engineering|studies)){0,6})"
)

_LEAD_RE = re.compile(
    r"^(?:(?:a|an|the|you have|you've got|you bring|you will have|you'll have|you need|"
    r"we(?:'d| would) love|we expect|we require|including|incl\.?|with|in|of|and|or|plus|"
    r"ideally|preferably|idealerweise|vorzugsweise|gerne|bevorzugt|"
    r"proven|demonstrable|demonstrated|strong|solid|good|very good|great|excellent|sound|"
    r"extensive|significant|relevant|practical|hands-on|working|basic|in-depth|deep|thorough|"
    r"previous|prior|recent|some|clear|confident|comprehensive|broad|detailed|"
    r"professional|commercial|current|up-to-date|experience|experienced|knowledge|"
    r"understanding|awareness|familiarity|proficiency|expertise|background|ability|able|"
    r"skills?|track record|evidence|commitment|willingness|desire|passion|interest|"
    r"competence|competent|confidence|exposure|(?:\d+\+?\s*)?years?|"
    r"fundierte|gute|sehr gute|erste|grundkenntnisse|grundlegende|basiskenntnisse|abgeschlossene[nrs]?|erfolgreich|mehrjährige|einschlägige|praktische|ausgeprägte|sichere|"
    r"kenntnisse|erfahrung(?:en)?|berufserfahrung|im bereich|in der|im|mit|von|der|die|das)"
    r"(?:\s+(?:of|in|with|to|for|on|around|using|working(?: with| in| on)?)\b)?[\s:,-]+)+",
    re.I,
)
_TRAIL_RE = re.compile(
    r"(?:[\s,;:-]+(?:is|are)?\s*(?:essential|desirable|required|preferred|a plus|an advantage"
    r"|von vorteil|wünschenswert|skills?|experience|knowledge|abilities|ability))+\s*$"
    r"|[\s.;:,!]+$",
    re.I,
)
_SPLIT_RE = re.compile(r"\s*(?:[,;/]|\band\b|\bor\b|\bund\b|\boder\b|\bsowie\b|\(|\)|:)\s*", re.I)
_ACRONYM_RE = re.compile(r"(?<![\w-])(?:[A-Z][A-Z0-9&]{1,7}|[A-Z][a-z]+[A-Z][A-Za-z0-9]*)(?![\w-])")
_NOT_TERMS: frozenset[str] = word_list("not_terms")
_NOT_ACRONYMS = frozenset(
    {
        "UK",
        "US",
        "USA",
        "EU",
        "CV",
        "OR",
        "AND",
        "E",
        "D",
        "TBC",
        "FTE",
        "ASAP",
        "DE",
        "EN",
        "HQ",
        "CEO",
        "MWD",
    }
)
_GERMAN_RE = re.compile(
    r"\b(?:und|mit|der|die|das|Sie|Ihr|Ihre|Kenntnisse|Erfahrung\w*|idealerweise|sowie|wünschenswert|für)\b"
)
_ABBREVIATION_RE = re.compile(r"\b(?:min|max|approx|ca|mind)\.(?=\s)", re.I)
_CONVICTION_AFTER_RE = re.compile(
    r"(?:/[A-Z0-9]{1,4})*\s+(?:convictions?|offences?|endorsements?)\b", re.I
)
_SIMILAR_BEFORE_RE = re.compile(
    r"\b(?:or|oder)\s+(?:a|an|any|another|other|ein(?:e|em|en)?)?\s*"
    r"(?:similar|equivalent|comparable|vergleichbare[mns]?|ähnliche[mns]?)\s+$",
    re.I,
)
_STATE_LEAD_RE = re.compile(r"(?:Current|Valid|Full|Clean|Recent|Active)\s+")
_PROPER_RE = re.compile(
    r"(?<![\w.-])[A-Z][a-z]{2,}[A-Za-z0-9]*(?:\s+[A-Z][a-z]+[A-Za-z0-9]*)*(?![\w-])"
)
_LIST_TAIL_RE = re.compile(
    r"^\s*(?:,\s*(?:and|or)?|\bor\b|\band\b|/)\s*([a-z][a-z-]+(?:\s+[a-z][a-z-]+){0,3})\s*(?=[,;.)]|\bor\b|\band\b|$)"
)


_ADJECTIVE_RE = re.compile(r"(?:ent|ant|ive|ous|able|ible|al|ful|ing|ed|ly|ic|ish|less|ary|ory)$")


def _beside_term(text: str, start: int, end: int, found: list[_Found]) -> bool:
    """ "FreeRTOS or Zephyr": a lone capitalised word counts only as an item of a list."""
    for f in found:
        gap = text[f.end : start] if f.end <= start else text[end : f.start]
        if len(gap) <= 8 and _LIST_JOIN_RE.match(gap):
            return True
    return False


def _clause_start(text: str, pos: int) -> bool:
    return not text[:pos].strip() or bool(re.search(r"[.;:(|]\s*$", text[:pos]))


def _listed_phrases(rest: str, found: list[_Found]) -> list[_Found]:
    """ "CRRT or ventilator management": a lowercase list item next to a known term."""
    out: list[_Found] = []
    for f in found:
        m = _LIST_TAIL_RE.match(rest, f.end)
        if not m:
            continue
        phrase = _LEAD_RE.sub("", m.group(1)).strip()
        phrase = _TRAIL_RE.sub("", phrase).strip()
        if phrase and _is_term_phrase(phrase) and "|" not in phrase:
            start = m.start(1)
            out.append(_Found(start, start + len(m.group(1)), phrase, RequirementKind.OTHER))
    return out


_EXAMPLE_RE = re.compile(r"\b(?:such as|e\.g\.|eg\.|like|for example|including|z\.\s?B\.)", re.I)


_DASHES = (" – ", " — ", " - ")


def _span_nice(text: str, starts: list[int]) -> list[tuple[int, int]]:
    """Character spans of the clauses a "preferred"/"desirable" marker governs."""
    spans: list[tuple[int, int]] = []
    for m in re.finditer(r"\(([^()]*)\)", text):
        if NICE_MARK_RE.search(m.group(1)):
            spans.append((m.start(), m.end()))
    clauses = list(re.finditer(r"[^;.]+", text))
    for c in clauses:
        if any(s <= c.start() and c.end() <= e for s, e in spans):
            continue
        inner = c.group(0)
        mark = NICE_MARK_RE.search(re.sub(r"\([^()]*\)", lambda x: " " * len(x.group(0)), inner))
        if not mark:
            continue
        # "ideally with Kafka" governs what follows; "Kafka is a plus" what precedes.
        word = mark.group(0).lower()
        if word in ("ideally", "idealerweise", "preferably", "gerne"):
            start = c.start() + mark.start()
            comma = text.rfind(",", c.start(), start)
            spans.append((max(start, comma + 1), c.end()))
        else:
            # "an ERP / MRP system – SAP is preferred": a comma or a dash bounds what the
            # marker governs.
            before = text[c.start() : c.start() + mark.start()]
            cuts = [before.rfind(",")] + [
                i + len(d) - 1
                for d in _DASHES
                if (i := before.rfind(d)) != -1
                and any(c.start() + i < p < c.start() + mark.start() for p in starts)
            ]  # a dash bounds it when something is named after it: "… – Desirable" alone is
            # the line's column, "– newcomers are welcome" speaks of the whole line
            stop = c.start() + max(cuts) if max(cuts) >= 0 else -1
            spans.append((stop + 1 if stop != -1 else c.start(), c.end()))
    return spans


# "Ability to use Makaton or PECS (D) (I)": a person specification's marker, maybe followed by
# how it is assessed ((A)pplication, (I)nterview, (R)eferences), closes the clause before it.
_PAREN_MARK_RE = re.compile(
    r"\((E|D|essential|desirable|preferred|required)\)(?:\s*\([A-Z](?:\s*[/,&]\s*[A-Z])*\))*",
    re.I,
)


def _marked_clauses(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Spans governed by a trailing "(E)"/"(D)"/"(essential)"/"(desirable)" marker: from the
    previous marker or sentence end up to the marker. Returns (essential, desirable) spans."""
    essential: list[tuple[int, int]] = []
    desirable: list[tuple[int, int]] = []
    last = 0
    for m in _PAREN_MARK_RE.finditer(text):
        stop = max(text.rfind(". ", last, m.start()), text.rfind("; ", last, m.start()))
        start = stop + 1 if stop != -1 else last
        word = m.group(1).lower()
        (essential if word in ("e", "essential", "required") else desirable).append(
            (start, m.end())
        )
        last = m.end()
    return essential, desirable


def _in(spans: list[tuple[int, int]], pos: int) -> bool:
    return any(s <= pos < e for s, e in spans)


@dataclass
class _Found:
    start: int
    end: int
    name: str
    kind: RequirementKind
    years: int | None = None
    level: str | None = None
    rank: int = 0
    group: list[str] = field(default_factory=list)
    hours: bool = False  # when the job is worked (weekends, nights, on-call)


def _years(text: str) -> list[_Found]:
    out: list[_Found] = []
    for m in _YEARS_RE.finditer(text):
        raw = m.group(1).lower()
        value = 1 if raw == "one" else WORD_NUMBERS[raw] if raw in WORD_NUMBERS else int(raw)
        tail = text[m.end() : m.end() + 60]
        if re.match(r"\s*(?:old|ago|warranty|guarantee)", tail, re.I) or not 0 < value <= 30:
            continue
        if re.search(
            r"\b(?:last|past|next|first|coming|previous|recent)\s*$", text[: m.start()], re.I
        ):
            continue  # "over the last two years we have grown": the company's history
        out.append(
            _Found(
                m.start(),
                m.end(),
                f"{value}+ years of experience",
                RequirementKind.YEARS,
                years=value,
            )
        )
    return out


# When the job is worked: "work weekends and bank holidays", "the weekend, late and bank
# holiday rota", "an on-call rota", "alternate weekends", "4 on 4 off nights", "Bereitschaft
# zum Drei-Schicht-Dienst". One requirement, named in the posting's words without "work"
# ("Flexibility to work weekends" is no soft skill called adaptability).
_WHEN = (
    r"(?:weekends?|evenings?|nights?|lates?|earl(?:y|ies)|bank holidays?|public holidays?"
    r"|Saturdays?|Sundays?|sleep-ins?|(?:rotating |rotational |split |night |day )?shifts?"
    r"|shift work|extended hours|unsocial hours|out[- ]of[- ]hours|overtime|on[- ]call"
    r"|\d on[,/ ]+\d off(?: (?:days|nights|shifts?))?)"
)
_WHEN_LIST = rf"{_WHEN}(?:(?:\s*,\s*|\s*,?\s+(?:and|or|&|including|incl\.?)\s+|\s*/\s*){_WHEN})*"
_WORK_LEAD_RE = re.compile(r"^(?:work|working)\s+(?:on\s+|at\s+|in\s+)?", re.I)
_AVAILABILITY_RE = re.compile(
    rf"\b(?:work|working)\s+(?:on\s+|at\s+|in\s+)?(?:(?:alternate|occasional|some|regular)\s+)?"
    rf"{_WHEN_LIST}(?:\s+(?:rotas?|rotations?|patterns?|basis))?\b"
    rf"|\b(?:(?:alternate|occasional|regular)\s+)?{_WHEN_LIST}\s+(?:rotas?|rotations?|cover|working"
    r"|work|duties)\b"
    r"|\b(?:alternate|every other|one in \w+|1 in \d+)\s+(?:weekends|Saturdays|Sundays)\b"
    r"|\brotating shifts\b|\b\d on[,/ ]+\d off\b(?:\s+(?:days|nights|shifts?))?"
    r"|\b(?:\d|zwei|drei|vier)-?Schicht-?(?:System|Betrieb|Dienst|Modell)\b"
    r"|\b(?:Wechsel)?Schicht(?:dienst|arbeit|betrieb|system)\w*|\bRufbereitschaft\w*"
    r"|\bBereitschaftsdienst\w*|\bNachtdienst\w*|\bWochenend(?:dienst|arbeit)\w*"
    r"|\bFeiertagsdienst\w*",
    re.I,
)


# "you must have the right to work in the UK", "eligible to work in Canada": a check.
_RIGHT_TO_WORK_RE = re.compile(
    r"\b(?i:(?:the\s+)?(?:legal\s+|full\s+)?right to (?:live and )?work|eligib(?:le|ility) to work"
    r"|(?:legally\s+)?authori[sz]ed to work|(?:full\s+)?working rights)\s+in\s+(?:the\s+)?(?:UK|U\.K\.|United Kingdom|EU"
    r"|US|U\.S\.|USA|United States|[A-Z][a-z]+)\b"
)
# Boilerplate that asks nothing: "Kestrel Ltd is an equal opportunities employer."
_BOILERPLATE_RE = re.compile(
    r"\bequal opportunit(?:y|ies) employer\b|\bwe (?:welcome|encourage) applications from\b"
    r"|\bChancengleichheit\b",
    re.I,
)


def _right_to_work(text: str) -> list[_Found]:
    out = []
    for m in _RIGHT_TO_WORK_RE.finditer(text):
        start = m.start() + (4 if m.group(0).lower().startswith("the ") else 0)
        out.append(_Found(start, m.end(), text[start : m.end()], RequirementKind.OTHER))
    return out


def _availability(text: str) -> list[_Found]:
    out = []
    for m in _AVAILABILITY_RE.finditer(text):
        lead = _WORK_LEAD_RE.match(m.group(0))
        start = m.start() + (lead.end() if lead else 0)
        out.append(_Found(start, m.end(), text[start : m.end()], RequirementKind.OTHER, hours=True))
    return out


def _without_framing(text: str, found: list[_Found]) -> list[_Found]:
    """ "Flexibility to work weekends": the soft word frames the hours asked, it is not a
    requirement of its own."""
    hours = [f for f in found if f.hours]
    return [
        f
        for f in found
        if not (
            f.kind == RequirementKind.SOFT
            and any(re.fullmatch(r"\s+to\s+(?:\w+\s+){0,2}", text[f.end : h.start]) for h in hours)
        )
    ]


def _languages(text: str) -> list[_Found]:
    return [
        _Found(h.start, h.end, h.label, RequirementKind.LANGUAGE, level=h.level)
        for h in find_languages(text)
    ]


_CERT_RE = re.compile(
    r"(?<![\w-])((?:(?i:current|valid|full|enhanced|active|clean)\s+)?"
    r"(?:[A-Z][\w+&-]*|\d+(?:th|st|nd|rd)|Level\s\d)(?:\s+(?:[A-Z0-9][\w+&/-]*(?:\.\d\w*)?|of|in|and))*?)\s+"
    r"(?i:(registration|certificate|certification|certified|licen[cs]e|qualification|card|check|"
    r"approbation|zertifikat|zertifizierung|führerschein|status))\b"
)


def _certificates(text: str) -> list[_Found]:
    out: list[_Found] = []
    for m in _CERT_RE.finditer(text):
        head = m.group(1)
        if not any(ch.isupper() or ch.isdigit() for ch in head):
            continue
        head = re.sub(r"^(?:current|valid|active|clean)\s+", "", head, flags=re.I)
        if head.lower() in _NOT_TERMS or head.lower() in STOPWORDS:
            continue
        name = f"{head} {m.group(2).lower()}"
        known = find_certifications(head)
        if (
            len(known) == 1
            and known[0].surface == head
            and m.group(2).lower() in ("certificate", "certification", "qualification")
        ):
            name = head  # "CKA certification" is the lexicon's CKA, "NMC registration" stays
        out.append(_Found(m.start(1), m.end(), name, RequirementKind.CERTIFICATION))
    for m in _LEVELLED_RE.finditer(text):
        # "NVQ Level 6 in Construction Site Management": the level is the requirement; an NVQ
        # at Level 2 does not meet it.
        out.append(_Found(m.start(), m.end(), m.group(0), RequirementKind.CERTIFICATION))
    return out


_LEVELLED_RE = re.compile(
    r"(?<![\w-])(?:NVQ|SVQ|RQF|QCF|BTEC|ILM|CIPD|CMI|City (?:&|and) Guilds)\s+(?:Level\s+)?\d\b"
)


_TRAINED_IN_RE = re.compile(r"\b[A-Z][\w&/+-]*[\s-]+trained$")


def _lexicon(text: str) -> list[_Found]:
    out: list[_Found] = []

    def add(hits: list[Hit], kind: RequirementKind) -> None:
        for h in hits:
            out.append(_Found(h.start, h.end, h.term.canonical, kind, rank=h.term.rank))

    add(find_certifications(text), RequirementKind.CERTIFICATION)
    add(find_hard_skills(text), RequirementKind.SKILL)
    # "ABE trained", "Makaton-trained": trained in something, not training others
    add(
        [h for h in find_soft_skills(text) if not _TRAINED_IN_RE.search(text[: h.end])],
        RequirementKind.SOFT,
    )
    for h in find_degrees(text):
        name = h.term.canonical
        m = _DEGREE_FIELD_RE.match(text, h.end)
        if m and h.term.rank >= 3:
            subject = re.split(r",|\bor (?:a )?(?:related|similar|equivalent)", m.group(1))[0]
            subject = subject.strip(" ,")
            if subject and subject.lower() not in ("a", "related", "the"):
                name = f"{name} in {subject}"
        end = m.end() if m and h.term.rank >= 3 else h.end
        out.append(_Found(h.start, end, name, RequirementKind.DEGREE, rank=h.term.rank))
    return out


def _overlaps(a: _Found, b: _Found) -> bool:
    return a.start < b.end and b.start < a.end


def _resolve(found: list[_Found]) -> list[_Found]:
    chosen: list[_Found] = []
    for f in sorted(found, key=lambda f: (-(f.end - f.start), f.start)):
        if all(not _overlaps(f, c) for c in chosen):
            chosen.append(f)
    return sorted(chosen, key=lambda f: f.start)


def _is_term_phrase(phrase: str) -> bool:
    tokens = re.findall(r"[\w+#.'-]+", phrase.lower())
    content = [
        t for t in tokens if t not in STOPWORDS and t not in GENERIC_WORDS and t not in _NOT_TERMS
    ]
    return bool(content) and any(len(t) > 2 or t.isupper() for t in content)


# German nouns are all capitalised, so a capital letter does not mark a term; a compound
# ending in a field of knowledge does: "Umsatzsteuerrecht", "Anlagenbuchhaltung".
_GERMAN_DOMAIN_RE = re.compile(
    r"(?<![\w-])[A-ZÄÖÜ][a-zäöüß]{3,}(?:recht|buchhaltung|rechnungslegung|rechnungswesen"
    r"|controlling|abrechnung|steuer)(?![\w-])"
)


# Acronyms written side by side are one name ("IAE V2500", "BD FACSLyric").
_ACRONYM_RUN_RE = re.compile(rf"{_ACRONYM_RE.pattern}(?: {_ACRONYM_RE.pattern})*")


def _residual_terms(text: str, taken: list[_Found], german: bool = False) -> list[_Found]:
    """Acronyms, product names and short domain phrases the lexicon does not know."""
    masked = list(text)
    for f in taken:
        masked[f.start : f.end] = "|" * (f.end - f.start)
    rest = "".join(masked)
    out: list[_Found] = []
    german = german or bool(_GERMAN_RE.search(text))
    for m in _ACRONYM_RUN_RE.finditer(rest):
        token = m.group(0)
        if token in _NOT_ACRONYMS or is_place(token):
            continue
        if not token.isupper() and token.lower() in _NOT_TERMS:
            continue
        if rest[max(0, m.start() - 2) : m.start()].endswith("(") and any(
            0 <= m.start() - f.end <= 2 for f in taken
        ):
            continue  # "Qualified Teacher Status (QTS)": the abbreviation of what precedes
        if re.fullmatch(r"[ABC][12]", token):
            continue
        if _CONVICTION_AFTER_RE.match(rest, m.end()):
            continue  # "no DR/IN/DD convictions": a condition of the licence, not a skill
        if _SIMILAR_BEFORE_RE.search(rest[: m.start()]):
            continue  # "AMOS or a similar MIS": the kind of thing named, met by the name
        if len(token) <= 3 and re.search(
            r"\b(?:ideally|preferably|idealerweise|vorzugsweise)\s+$", rest[: m.start()], re.I
        ):
            continue  # "…, ideally CP": a short preference too ambiguous to ask about alone
        if not token.isupper() and token.lower() in STOPWORDS:
            continue
        out.append(_Found(m.start(), m.end(), token, RequirementKind.OTHER))
    if german:
        for m in _GERMAN_DOMAIN_RE.finditer(rest):
            if not any(f.start <= m.start() < f.end for f in out):
                out.append(_Found(m.start(), m.end(), m.group(0), RequirementKind.OTHER))
    if not german:
        for m in _PROPER_RE.finditer(rest):
            token = m.group(0)
            low = token.lower()
            if rest[m.end() : m.end() + 1] == "." and " " not in token and len(token) <= 6:
                continue  # "Min. 6 months", "Approx. 20 hours": an abbreviation
            start = m.start()
            lead = _STATE_LEAD_RE.match(token)
            if lead and lead.end() < len(token):
                # "Current Human Factors": the training asked is "Human Factors"
                start, token = start + lead.end(), token[lead.end() :]
                low = token.lower()
            if (
                low in _NOT_TERMS
                or low in STOPWORDS
                or low in GENERIC_WORDS
                or _LEAD_RE.fullmatch(token + " ")
                or is_place(token)
                or any(f.start <= m.start() < f.end for f in out)
                or (_clause_start(rest, m.start()) and _ADJECTIVE_RE.search(low))
                or (" " not in token and not _beside_term(rest, m.start(), m.end(), taken + out))
            ):
                continue
            out.append(_Found(start, m.end(), token, RequirementKind.OTHER))
    out.extend(_listed_phrases(rest, taken + out))
    if taken or out:
        return out + _clause_phrases(rest, taken + out)
    # Nothing known on the line: the line's own noun phrase is the requirement.
    phrase = _EXAMPLE_RE.split(_ABBREVIATION_RE.sub(" ", rest))[0]
    phrase = re.sub(r"\([^()]*\)?", " ", phrase)  # "(or willing to obtain)", "(EFKffT)"
    phrase = _PREFERRED_CUT_RE.split(phrase)[0]
    phrase = re.split(
        r"[.;]|\s[-–]\s|,\s*(?:and|which|to|so|with|including)\b"
        r"|,?\s+(?:or|oder)\s+(?:the\s+|die\s+)?(?:willing(?:ness)?|bereitschaft|ability)\b",
        phrase,
        flags=re.I,
    )[0]
    phrase = _LEAD_RE.sub("", phrase.strip())
    phrase = _TRAIL_RE.sub("", phrase).strip(" |,.:;-")
    phrase = re.sub(r"\s+", " ", phrase)
    if not phrase or not _is_term_phrase(phrase) or re.match(r"\d+\s+months\b", phrase, re.I):
        return []  # "6 months of on-type experience": too short a time to judge from dates
    words_ = phrase.split()
    if len(words_) > 8:
        phrase = " ".join(words_[:8])
    start = max(rest.find(phrase.split()[0]), 0)
    first = _Found(start, start + len(phrase), phrase, RequirementKind.OTHER)
    cut = _PREFERRED_CUT_RE.search(rest, first.end)
    if cut is None:
        return [first]
    # "…, idealerweise in der Kunststoff- oder Verpackungsindustrie": what is preferred too
    more = _residual_terms(" " * cut.end() + rest[cut.end() :], [], german)
    return [first, *(f for f in more if f.start >= cut.end())]


# Where a line asks for a second thing: "running A/B tests and a solid understanding of
# statistical significance", "Trial experience, including in-courtroom trial support (…)".
_CLAUSE_SEP_RE = re.compile(
    r";|,\s*(?:and\s+|including\s+|incl\.\s*|plus\s+|as well as\s+)"
    r"|\s+(?:and|as well as|plus)\s+(?=(?:(?:a|an|the)\s+)?(?:(?:good|solid|strong|sound|working"
    r"|basic|thorough|clear|deep|proven|excellent|some|practical|hands-on)\s+)?(?:understanding"
    r"|knowledge|experience|awareness|familiarity|grasp|appreciation)\b)",
    re.I,
)
_ASKS_RE = re.compile(
    r"\b(?:experience|knowledge|understanding|familiarity|awareness|proficiency|expertise"
    r"|background|grasp|appreciation)\b",
    re.I,
)


def _clause_phrases(rest: str, found: list[_Found]) -> list[_Found]:
    """The noun phrase of each clause that asks for something and names nothing known."""
    out: list[_Found] = []
    bounds = [0, *(p for m in _CLAUSE_SEP_RE.finditer(rest) for p in (m.start(), m.end()))]
    bounds.append(len(rest))
    for start, end in zip(bounds[::2], bounds[1::2], strict=True):
        clause = rest[start:end]
        if "|" in clause or any(start <= f.start < end for f in found):
            continue
        if not _ASKS_RE.search(clause):
            continue
        clause = re.sub(r"\([^()]*\)?", " ", _EXAMPLE_RE.split(clause)[0])
        phrase = _LEAD_RE.sub("", clause.strip())
        phrase = _TRAIL_RE.sub("", phrase).strip(" |,.:;-")
        phrase = re.sub(r"\s+", " ", phrase)
        if not phrase or not _is_term_phrase(phrase) or len(phrase.split()) > 5:
            continue
        at = rest.find(phrase, start)
        if at != -1:
            out.append(_Found(at, at + len(phrase), phrase, RequirementKind.OTHER))
    return out


# Where a preferred part of a line begins: ", idealerweise …", ", ideally …".
_PREFERRED_CUT_RE = re.compile(
    r",\s*(?=(?:ideally|preferably|idealerweise|vorzugsweise|gerne|bevorzugt)\b)", re.I
)


_OR_JOIN_RE = re.compile(r"^\s*(?:,|/|\bor\b|\boder\b|,\s*or\b|,\s*oder\b|\|)\s*$", re.I)
_LIST_JOIN_RE = re.compile(
    r"^\s*(?:,|/|\bor\b|\boder\b|,\s*or\b|,\s*oder\b|\band\b|\bund\b|,\s*and\b"
    r"|\band\s*/\s*or\b|\bund\s*/\s*oder\b)\s*$",
    re.I,
)


_EXAMPLES_BEFORE_RE = re.compile(
    r"(?:\be\.?\s?g\.?|\bsuch as|\bfor example|\bfor instance|\bz\.\s?B\.|\bwie\b)[\s:,(]*$", re.I
)


def _group_alternatives(text: str, found: list[_Found]) -> list[_Found]:
    """Merge "Kafka or RabbitMQ" / "AWS, GCP or Azure" / "such as X or Y" into one."""
    out: list[_Found] = []
    i = 0
    while i < len(found):
        j = i
        saw_or = False
        while j + 1 < len(found):
            gap = text[found[j].end : found[j + 1].start]
            if not _LIST_JOIN_RE.match(gap) or found[j + 1].kind != found[i].kind:
                break
            if re.search(r"\band\b|\bund\b", gap, re.I) and "/" not in gap:
                break  # both asked ("and/or" asks either)
            if re.search(r"\bor\b|\boder\b|/", gap, re.I):
                saw_or = True
            j += 1
        # "e.g. Urdu, Punjabi, Polish": examples of what is asked, any one of which will do
        examples = bool(
            _EXAMPLES_BEFORE_RE.search(text[max(0, found[i].start - 20) : found[i].start])
        )
        if (
            (saw_or or examples)
            and j > i
            and found[i].kind
            in (
                RequirementKind.SKILL,
                RequirementKind.OTHER,
                RequirementKind.CERTIFICATION,
                RequirementKind.DEGREE,
                RequirementKind.LANGUAGE,
            )
        ):
            members = found[i : j + 1]
            names = list(dict.fromkeys(f.name for f in members))
            head = members[0]
            if len(names) == 1:  # "S&OP / IBP": two names of one concept
                out.append(replace(head, end=members[-1].end))
                i = j + 1
                continue
            out.append(
                _Found(
                    head.start,
                    members[-1].end,
                    " or ".join(names),
                    head.kind,
                    rank=min(f.rank for f in members),
                    group=names,
                )
            )
            i = j + 1
            continue
        out.append(found[i])
        i += 1
    return out


_QUALIFICATION_AFTER_RE = re.compile(
    r"(?:\s+(?:or|and|/)\s+[A-Za-z-]+)?\s+(?:qualification|certificate|certification|diploma)\b",
    re.I,
)


def _qualifications(text: str, found: list[_Found]) -> list[_Found]:
    """ "Leadership or management qualification": a skill named before "qualification" is
    the subject of a certificate, and the certificate is what is asked."""
    out: list[_Found] = []
    for f in found:
        m = _QUALIFICATION_AFTER_RE.match(text, f.end)
        if f.kind in (RequirementKind.SOFT, RequirementKind.SKILL) and m:
            name = text[f.start : m.end()]
            out.append(
                _Found(f.start, m.end(), name[0].upper() + name[1:], RequirementKind.CERTIFICATION)
            )
        else:
            out.append(f)
    return _resolve(out)


# "Experience of an ERP implementation": the project, not the system, is asked.
_PROJECT_AFTER_RE = re.compile(
    r"\s+(?:implementations?|migrations?|roll-?outs?|go-lives?|upgrades?|replacements?)\b", re.I
)


def _projects(text: str, found: list[_Found]) -> list[_Found]:
    """ "ERP implementation", "EPR migration": a system named before a project word."""
    out: list[_Found] = []
    for f in found:
        m = _PROJECT_AFTER_RE.match(text, f.end)
        if f.kind in (RequirementKind.SKILL, RequirementKind.OTHER) and m and not f.group:
            name = text[f.start : m.end()]
            out.append(_Found(f.start, m.end(), name, RequirementKind.OTHER))
        else:
            out.append(f)
    return out


def _group_degrees(text: str, found: list[_Found]) -> list[_Found]:
    """ "Abgeschlossene kaufmännische Ausbildung, z. B. als …, oder ein Studium": two degrees
    with "or" between them are one requirement met by the lower, whatever stands between."""
    degrees = [f for f in found if f.kind == RequirementKind.DEGREE]
    if len(degrees) < 2:
        return found
    gaps = [text[a.end : b.start] for a, b in itertools.pairwise(degrees)]
    either = len(degrees) == 2 and re.search(r"\b(?:or|oder)\b", gaps[0], re.I)
    # "Social work degree (BA/MA/PG Dip)": one degree, in the forms that count
    listed = all(re.fullmatch(r"[\s,/()]*(?:\b(?:or|oder)\b[\s,/()]*)?", g, re.I) for g in gaps)
    if not (either or listed):
        return found
    names = list(dict.fromkeys(n for f in degrees for n in (f.group or [f.name])))
    first = degrees[0]
    merged = _Found(
        first.start,
        degrees[-1].end,
        " or ".join(names) if len(names) > 1 else names[0],
        RequirementKind.DEGREE,
        rank=min(f.rank for f in degrees),
        group=names if len(names) > 1 else [],
    )
    return [merged if f is first else f for f in found if f not in degrees[1:]]


# A person specification pasted as a table: "Criterion | E | A/I" (the marker, then how it
# is assessed: application, interview, references, test, presentation).
_MARK_CELL_RE = re.compile(r"E|D|essential|desirable", re.I)
_ASSESSED_CELL_RE = re.compile(r"(?:[AIRTPC]|AF)(?:\s*[/,&]\s*(?:[AIRTPC]|AF))*|-+|n/?a", re.I)
_HEADER_CELL_RE = re.compile(
    r"E\s*/\s*D|essential\s*/\s*desirable|criteria|assessed by|how assessed|method", re.I
)


def _table_row(text: str) -> str | None:
    """ "Criterion | E | A/I" as "Criterion (E)"; "" for the table's header row; None when
    the line is no such row."""
    cells = [c.strip() for c in text.split("|")]
    if len(cells) < 2:
        return None
    if sum(bool(_HEADER_CELL_RE.fullmatch(c)) for c in cells) >= 2:
        return ""
    marks = [c for c in cells if _MARK_CELL_RE.fullmatch(c)]
    if not marks:
        return None
    body = [
        c
        for c in cells
        if c and not _MARK_CELL_RE.fullmatch(c) and not _ASSESSED_CELL_RE.fullmatch(c)
    ]
    return f"{' '.join(body)} ({marks[0]})" if body else ""


def requirements_of_line(line: str, *, essential: bool, german: bool = False) -> list[Requirement]:
    """Split one requirement line into concepts; markers inside it override the section."""
    text = normalize(strip_markdown(line))
    if "|" in text:
        row = _table_row(text)
        text = text if row is None else row
    if _BOILERPLATE_RE.search(text):
        text = " ".join(s for s in split_sentences(text) if not _BOILERPLATE_RE.search(s))
    if not text.strip():
        return []
    explicit_essential = bool(_ESSENTIAL_MARK_RE.search(text)) and not NICE_MARK_RE.search(text)
    marked_essential, marked_desirable = _marked_clauses(text)
    clean = _PAREN_MARK_RE.sub(lambda m: " " * len(m.group(0)), text)
    clean = _MARKER_CLEAN_RE.sub(lambda m: " " * len(m.group(0)), clean)
    known = _resolve(
        _years(clean)
        + _languages(clean)
        + _certificates(clean)
        + _lexicon(clean)
        + _availability(clean)
        + _right_to_work(clean)
    )
    known = [f for f in known if not (f.kind == RequirementKind.SKILL and is_place(f.name))]
    known = _without_framing(clean, known)
    found = _resolve(known + _residual_terms(clean, known, german))
    found = _projects(clean, _qualifications(clean, found))
    found = _group_degrees(clean, _group_alternatives(clean, found))
    nice_spans = _span_nice(text, [f.start for f in found])
    out: list[Requirement] = []
    for f in found:
        is_essential = (essential or explicit_essential) and not _in(nice_spans, f.start)
        if not essential and explicit_essential and not _in(nice_spans, f.start):
            is_essential = True
        if _in(marked_essential, f.start):
            is_essential = True
        elif _in(marked_desirable, f.start):
            is_essential = False
        out.append(
            Requirement(
                name=f.name,
                kind=f.kind,
                essential=is_essential,
                alternatives=tuple(f.group),
                source=text.strip(),
                years=f.years,
                level=f.level,
                rank=f.rank,
            )
        )
    return out


def merge_requirements(items: list[Requirement]) -> list[Requirement]:
    """One entry per concept: essential wins over desirable, the first source is kept."""
    by_key: dict[str, Requirement] = {}
    order: list[str] = []
    for req in items:
        key = req.name.lower()
        if req.kind == RequirementKind.YEARS:
            key = "__years__"
        if key not in by_key:
            by_key[key] = req
            order.append(key)
            continue
        old = by_key[key]
        if req.kind == RequirementKind.YEARS and (req.years or 0) > (old.years or 0):
            by_key[key] = replace(req, essential=old.essential or req.essential)
        elif req.essential and not old.essential:
            by_key[key] = replace(old, essential=True)
    # A single option listed on its own elsewhere makes its alternative group redundant.
    singles = {r.name.lower() for r in by_key.values() if not r.alternatives}
    kept = []
    for key in order:
        req = by_key[key]
        if req.alternatives and all(a.lower() in singles for a in req.alternatives):
            continue
        kept.append(req)
    return kept
