"""Heuristic analysis of a pasted job posting, with no model and no network: sections,
requirements, skills, keywords and red flags (the card's facts are in posting_facts).

Postings arrive in every shape (Markdown, LinkedIn copy-paste, plain prose), so each fact
is tried with several independent patterns and "Unknown …" is preferred to a wrong guess.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from bot.generation.engine import JobFacts
from bot.generation.injection import INSTRUCTION_RE
from bot.generation.lexicon import (
    Hit,
    canonicals,
    find_certifications,
    find_degrees,
    find_hard_skills,
    find_soft_skills,
    seniority_of,
    title_heads,
)
from bot.generation.posting_facts import (
    LABEL_RE,
    TITLE_SPLIT_RE,
    UNKNOWN_COMPANY,
    UNKNOWN_ROLE,
    extract_company,
    extract_location,
    extract_remote,
    extract_role,
    extract_salary,
    is_benefit_line,
)
from bot.generation.posting_header import company_in_body, parse_header, title_case
from bot.generation.requirements import (
    Requirement,
    RequirementKind,
    merge_requirements,
    requirements_of_line,
)
from bot.generation.text import (
    GENERIC_WORDS,
    STOPWORDS,
    is_bullet,
    is_markdown_heading,
    normalize,
    split_sentences,
    stem,
    strip_markdown,
    word_list,
    words,
)

MAX_KEYWORDS = 25

Section = Literal["must", "nice", "resp", "about", "benefits", "other"]


_SECTION_CUES: list[tuple[Section, re.Pattern[str]]] = [
    (
        "nice",
        re.compile(
            r"nice[\s-]to[\s-]have|bonus|preferred|desirable|a plus|good to have|extra credit"
            r"|would be great|pluses|nice if|wünschenswert|von vorteil|idealerweise|wäre schön"
            r"|pluspunkte|ein plus|advantageous|an advantage|what would make you stand out"
            r"|stand out|even better|optional",
            re.I,
        ),
    ),
    (
        "benefits",
        re.compile(
            r"benefit|perks|what we offer|we offer|compensation|salary|why join|why us"
            r"|wir bieten|das bieten wir|unser angebot|was wir bieten|was wir dir bieten|vergütung"
            r"|gehalt|what's in it for you|what you get|rewards?\b|package|pay and|^pay\b"
            r"|in return|we provide|our offer|^\W*why\b",
            re.I,
        ),
    ),
    (
        "resp",
        re.compile(
            r"responsibilit|what you('ll| will) do|what you('ll| will) be doing|duties"
            r"|day[\s-]to[\s-]day|your impact|in this role|your mission|the role|your role|about the (role|job|position)"
            r"|what the job involves|the job|key tasks|your tasks|aufgaben|ihr aufgabengebiet"
            r"|deine rolle|ihre rolle|das erwartet|main purpose|job purpose|job summary|tasks",
            re.I,
        ),
    ),
    (
        "must",
        re.compile(
            r"requirement|qualification|must[\s-]have|what you('ll)? need|what you bring|you bring"
            r"|what we('re| are) looking for|who you are|about you|you have|your profile"
            r"|ideal candidate|skills|essential|minimum|required|experience|you should have"
            r"|what we need|we need|you need|you will need|you'll need|what it takes|profile|person spec"
            r"|criteria|ihr profil|dein profil|anforderung|das bringen sie mit|das bringst du mit"
            r"|was du mitbringst|was sie mitbringen|qualifikation|voraussetzung|knowledge"
            r"|competenc|attributes|mitbringen|^muss(?:[\s-]?kriterien)?$|^must$|zwingend"
            r"|the (?:successful |ideal )?candidate|the person|you are\b|you('ll| will) have",
            re.I,
        ),
    ),
    (
        "about",
        re.compile(
            r"^about\b|who we are|our company|our story|the company|our team|über uns|wer wir sind"
            r"|unternehmen",
            re.I,
        ),
    ),
]

_NICE_ITEM_RE = re.compile(
    r"nice[\s-]to[\s-]have|\bbonus\b|\bpreferred\b|\ba plus\b|\bis a plus\b"
    r"|\bdesirable\b|\bnot required\b|\bgood to have\b",
    re.I,
)
_MUST_ITEM_RE = re.compile(
    r"\brequired\b|\bmust\b|\byou have\b|\byou bring\b|\bexperience (?:with|in)\b|\byears\b"
    r"|\bproficien|\bknowledge of\b|\bdegree\b|\bcertif|\blicen[sc]e|\bfamiliar(?:ity)? with\b"
    r"|\bstrong\b|\bability to\b|\bbackground in\b|\bexpertise\b",
    re.I,
)
_RESP_ITEM_RE = re.compile(
    r"\byou(?:'ll| will)\b|\bresponsible for\b|\byour (?:day|work)\b|^(?:build|design|own|lead|"
    r"develop|manage|drive|create|work|partner|collaborate|maintain|support|deliver|write|run|"
    r"plan|coordinate|provide|ensure|implement|analy[sz]e|prepare|monitor|assess|administer)\b",
    re.I,
)

# Prose that asks for something even though it starts like a duty ("You'll need at least four
# years …", "To be considered you will need to be Gas Safe registered").
_PROSE_MUST_RE = re.compile(
    r"\byou(?:'ll| will)? (?:also )?need\b|\byou must\b|\bto be considered\b|\bmust (?:have|hold|be)\b"
    r"|\b(?:is|are) (?:essential|required)\b|\bwe(?:'ll| will)? (?:also )?expect you\b"
    r"|\byou should (?:have|be|hold)\b|\bwe need someone\b|\bwhat we do need\b"
    r"|\bwe(?:'re| are) looking for someone\b|\bsie (?:bringen|verfügen|haben)\b",
    re.I,
)
# What the employer gives, not what it asks: "You do not need previous care experience,
# because we will give you an induction leading to the Care Certificate".
_PROVIDED_RE = re.compile(
    r"\byou (?:do not|don't) need\b|\bno (?:previous |prior )?[\w-]+ (?:experience )?(?:is |are )?"
    r"(?:required|needed|necessary)\b|\bwe(?:'ll| will) (?:train you|give you|provide|put you"
    r" through|pay for)\b|\bleading to (?:the|a|an)\b",
    re.I,
)

_YEARS_RE = re.compile(r"(\d{1,2})\s*\+?\s*(?:-|to)?\s*(?:\d{1,2}\s*)?\+?\s*years?", re.I)

_RED_FLAGS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bunpaid\b", re.I), "Mentions unpaid work"),
    (
        re.compile(r"\b(?:rock\s?stars?|ninjas?|gurus?|superstars?|unicorns?|wizards?)\b", re.I),
        "Uses hype words such as “rockstar”/“ninja” instead of describing the job",
    ),
    (
        re.compile(r"wear(?:ing)?\s+(?:many|multiple|lots of)\s+hats", re.I),
        "Expects you to “wear many hats”: the scope of the role may be unclear",
    ),
    (
        re.compile(
            r"long hours|nights and weekends|evenings and weekends|weekends as needed|24/7"
            r"|always[\s-]on|whatever it takes|unpaid overtime|overtime as required",
            re.I,
        ),
        "Hints at long or unpredictable hours",
    ),
    (
        re.compile(r"work hard,?\s+play hard|like a family|we(?:'re| are) a family", re.I),
        "Culture language (“like a family”, “work hard, play hard”) that can mask poor boundaries",
    ),
    (
        re.compile(
            r"commission[\s-]only|unlimited earning potential|uncapped commission only", re.I
        ),
        "Pay may depend entirely on commission",
    ),
    (
        re.compile(r"pay (?:for|your own) training|training fee|for exposure", re.I),
        "Asks the candidate to pay or work for exposure",
    ),
]
_FAST_PACED_RE = re.compile(r"fast[\s-]paced", re.I)


@dataclass(frozen=True)
class PostingAnalysis:
    """Everything the offline engine and the match rate need to know about a posting."""

    company: str
    role: str
    location: str | None
    remote: str | None
    seniority: str | None
    must_haves: list[str]
    nice_to_haves: list[str]
    responsibilities: list[str]
    hard_skills: list[str]
    soft_skills: list[str]
    education_required: str | None
    certifications: list[str]
    keywords: list[str]
    red_flags: list[str]
    must_have_skills: list[str]
    nice_to_have_skills: list[str]
    has_salary: bool
    injection_detected: bool
    education_rank: int = 0
    requirements: list[Requirement] = field(default_factory=list)
    salary: str | None = None
    benefits: list[str] = field(default_factory=list)

    @property
    def essentials(self) -> list[Requirement]:
        return [r for r in self.requirements if r.essential]


@cache
def _lowercase(regex: re.Pattern[str]) -> re.Pattern[str]:
    """`regex` without IGNORECASE, to search lowercased text: case folding makes Python's
    engine several times slower on a whole posting. Only for patterns written in lowercase."""
    return re.compile(regex.pattern, regex.flags & ~re.IGNORECASE)


def remove_injections(text: str) -> tuple[str, bool]:
    """Drop sentences addressed to an AI model: they are data to ignore, not requirements."""
    text = normalize(text)
    if not _lowercase(INSTRUCTION_RE).search(text.lower()):  # the usual case: one scan
        return text, False
    found = False
    kept_lines: list[str] = []
    for line in text.split("\n"):
        if not INSTRUCTION_RE.search(line):
            kept_lines.append(line)
            continue
        found = True
        prefix = re.match(r"^\s*(?:[-*+]\s+)?", line)
        sentences = [s for s in split_sentences(line) if not INSTRUCTION_RE.search(s)]
        rest = " ".join(strip_markdown(s) if i == 0 else s for i, s in enumerate(sentences))
        if rest.strip():
            kept_lines.append(f"{prefix.group(0) if prefix else ''}{rest}")
    return "\n".join(kept_lines), found


_LEAD_SYMBOL_RE = re.compile(r"^[^\w\s(\"'„“*#_-]+")


# Job-board page furniture after the posting ("…see more", "Seniority level"): it ends the
# section above it, so "Entry level" and "Full-time" are never requirements.
_BOARD_CHROME_RE = re.compile(
    r"^(?:…|\.\.\.)?\s*(?:see more|show more|show less|seniority level|employment type"
    r"|job function|industries)\s*$",
    re.I,
)


# "▪️ Advanced Excel", "👉 Good IT skills": the list mark is not part of the requirement.
_ITEM_MARK_RE = re.compile(r"^\s*(?:[^\w\s(\"'„“£$€]|\ufe0f)+\s+")


def _bullet_symbols(text: str) -> frozenset[str]:
    """Leading symbols that start two lines in a row ("✅ …", "➕ …") mark list items, while
    a symbol before lone lines ("📌 About you", "🌟 Nice to have") decorates headings."""
    symbols: set[str] = set()
    previous = None
    for line in text.split("\n"):
        if not line.strip():
            continue
        m = _LEAD_SYMBOL_RE.match(line.strip())
        symbol = m.group(0) if m else None
        if symbol and symbol == previous:
            symbols.add(symbol)
        previous = symbol
    return frozenset(symbols)


def _heading_text(line: str, bullet_symbols: frozenset[str] = frozenset()) -> str | None:
    """Return the heading words if this line is a section heading."""
    stripped = line.strip()
    lead = _LEAD_SYMBOL_RE.match(stripped)
    if (lead and lead.group(0) in bullet_symbols) or re.match(r"^[*•▪‣◦]\ufe0f?\s", stripped):
        return None
    if _BOARD_CHROME_RE.match(stripped):
        return stripped.strip("…. ")
    if not stripped:
        return None
    if is_markdown_heading(stripped):
        return strip_markdown(stripped).rstrip(":")
    plain = re.sub(r"(\*\*|__)", "", stripped).strip()
    if is_bullet(plain):
        return None
    if plain.endswith(":") and len(plain.split()) <= 8:
        return plain.rstrip(":")
    # "✅ You'll need", "💡 It's a bonus if you have": a leading emoji is decoration.
    bare = re.sub(r"^[^\w(\"'„“]+", "", plain)
    if (
        len(bare.split()) <= 6
        and (
            not re.search(r"[.!?,;]$", plain)
            or (plain.endswith("?") and _classify_heading(bare) != "other")
        )
        and (
            plain.isupper()
            or stripped.startswith("**")
            or plain.istitle()
            or _classify_heading(plain) != "other"
        )
        and not TITLE_SPLIT_RE.search(plain)
    ):
        return plain
    return None


def _classify_heading(heading: str) -> Section:
    for section, cue in _SECTION_CUES:
        if cue.search(heading):
            return section
    return "other"


_MORE_CRITERIA_RE = re.compile(
    r"^(?:other|others|other requirements|additional requirements|special requirements"
    r"|(?:personal |work[- ]related )?circumstances|special conditions|sonstiges)$",
    re.I,
)


_PROSE_AFTER_LIST_WORDS = 12


def _sections(text: str) -> list[tuple[Section, str, list[str]]]:
    """Split into (kind, heading, item lines); bullets and prose lines become items."""
    out: list[tuple[Section, str, list[str]]] = [("other", "", [])]
    bullet_symbols = _bullet_symbols(text)
    after_blank = False
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            after_blank = True
            continue
        blank_before, after_blank = after_blank, False
        if (
            blank_before
            and out[-1][0] in ("must", "nice", "benefits")
            and out[-1][2]
            and not is_bullet(raw)
            and len(line.split()) >= _PROSE_AFTER_LIST_WORDS
            and not (out[-1][0] == "benefits" and is_benefit_line(line))
            and not LABEL_RE.match(strip_markdown(line))  # "Safeguarding: … (E)" is criteria
            and not _MUST_ITEM_RE.search(line)
            and not _NICE_ITEM_RE.search(line)
            and not _PROSE_MUST_RE.search(line)  # "Please note you must have the right to work"
        ):
            # A paragraph after the criteria ("Oakfield is committed to safeguarding …",
            # "To apply please complete the application form") asks nothing of the candidate.
            out.append(("other", "", []))
        heading = _heading_text(line, bullet_symbols)
        if heading is not None:
            label = LABEL_RE.match(strip_markdown(line))
            if label and not line.rstrip().endswith(":") and len(label.group(2).split()) > 0:
                # "Nice to have: Kafka, Flink" is a heading and an item at once.
                kind = _classify_heading(label.group(1))
                if kind in ("must", "nice", "resp"):
                    out.append((kind, label.group(1), [label.group(2)]))
                    continue
            kind = _classify_heading(heading)
            if (
                kind == "other"
                and _MORE_CRITERIA_RE.match(heading)
                and out[-1][0] in ("must", "nice")
            ):
                kind = "must"  # "Other" in a person specification: more criteria
            out.append((kind, heading, []))
            continue
        label = LABEL_RE.match(strip_markdown(line))
        labelled = _classify_heading(label.group(1)) if label else "other"
        if label and labelled in ("must", "nice", "benefits") and not is_bullet(line):
            kind = labelled  # "What we offer: a pension, CPD …" starts the benefits
            if len(label.group(1).split()) <= 4:
                out.append((kind, label.group(1), [label.group(2)]))
                continue
        out[-1][2].append(strip_markdown(line))
    return out


def _items(
    sections: list[tuple[Section, str, list[str]]],
) -> tuple[dict[Section, list[str]], list[tuple[str, bool]]]:
    """Lines grouped by section, and the requirement lines with their section's default
    (essential unless the section says "nice to have"; markers inside a line still win)."""
    grouped: dict[Section, list[str]] = {
        k: [] for k in ("must", "nice", "resp", "about", "benefits", "other")
    }
    req_lines: list[tuple[str, bool]] = []
    late_musts: list[str] = []
    for kind, _heading, lines in sections:
        for line in lines:
            pieces = split_sentences(line) if kind in ("about", "other", "benefits") else [line]
            for piece in pieces:
                if len(piece) < 3:
                    continue
                target: Section = kind
                if kind in ("must", "nice") and is_benefit_line(piece):
                    grouped["benefits"].append(piece.strip())
                    continue
                if (
                    kind in ("benefits", "other", "about")
                    and _PROSE_MUST_RE.search(piece)
                    and not is_benefit_line(piece)
                    and not _PROVIDED_RE.search(piece)
                ):
                    # "Please note you must have the right to work in the UK", after the perks
                    # or a closing paragraph: a criterion too (kept apart until we know the
                    # posting has criteria sections; prose postings are read below)
                    late_musts.append(piece.strip())
                    if kind == "benefits":
                        continue
                if _PROVIDED_RE.search(piece) and not _PROSE_MUST_RE.search(piece):
                    grouped["other"].append(piece.strip())
                    continue
                if kind == "must" and _NICE_ITEM_RE.search(piece):
                    target = "nice"
                if kind in ("must", "nice"):
                    req_lines.append((_ITEM_MARK_RE.sub("", piece).strip(), kind == "must"))
                elif (
                    kind in ("resp", "other", "about")
                    and _NICE_ITEM_RE.search(piece)
                    and _MUST_ITEM_RE.search(piece)
                    and not is_benefit_line(piece)
                ):
                    req_lines.append((piece.strip(), False))
                grouped[target].append(piece.strip())
    if grouped["must"] or grouped["nice"]:
        req_lines += [(piece, True) for piece in late_musts]
        grouped["must"] += [p for p in late_musts if p not in grouped["must"]]
    else:
        req_lines = []
        for piece in grouped["other"] + grouped["about"]:
            if is_benefit_line(piece) or (
                _PROVIDED_RE.search(piece) and not _PROSE_MUST_RE.search(piece)
            ):
                continue
            if _NICE_ITEM_RE.search(piece):
                grouped["nice"].append(piece)
                req_lines.append((piece, False))
            elif _PROSE_MUST_RE.search(piece) or (
                _MUST_ITEM_RE.search(piece) and not _RESP_ITEM_RE.search(piece)
            ):
                grouped["must"].append(piece)
                req_lines.append((piece, True))
    if not grouped["resp"]:
        pool = grouped["other"] + grouped["about"]
        taken = set(grouped["must"]) | set(grouped["nice"])
        grouped["resp"] = [p for p in pool if p not in taken and _RESP_ITEM_RE.search(p)]
    return grouped, req_lines


def _seniority(role: str, must: list[str]) -> str | None:
    level = seniority_of(role) if role != UNKNOWN_ROLE else None
    if level:
        return level
    years = [int(m.group(1)) for item in must for m in _YEARS_RE.finditer(item)]
    years = [y for y in years if y <= 30]
    if not years:
        return None
    top = max(years)
    if top >= 5:
        return "senior"
    if top >= 2:
        return "mid"
    return "junior"


def _excluded_spans(text: str) -> list[Hit]:
    return [
        *find_hard_skills(text),
        *find_soft_skills(text),
        *find_certifications(text),
        *find_degrees(text),
    ]


# Verbs and adjectives that are frequent in postings but are not "terms" a resume should echo.
_NON_TERMS: frozenset[str] = word_list("non_terms")


def extract_keywords(
    text: str, priority: list[str], exclude: set[str], known: list[Hit] | None = None
) -> list[str]:
    """Frequent terms the lexicon does not know: domain nouns like "checkout" or "underwriting".
    `known` is the lexicon's hits on `text` when the caller has them already."""
    masked = text
    for hit in sorted(_excluded_spans(text) if known is None else known, key=lambda h: -h.start):
        masked = masked[: hit.start] + " | " + masked[hit.end :]
    counts: Counter[str] = Counter()
    surface: dict[str, str] = {}
    first: dict[str, int] = {}
    priority_stems = {stem(w.lower()) for item in priority for w in words(item)}
    index = 0
    for sentence in split_sentences(masked):
        run: list[str] = []
        for token in [*words(sentence), "|"]:
            low = token.lower()
            key = stem(low)
            good = (
                token != "|"
                and low not in STOPWORDS
                and low not in GENERIC_WORDS
                and low not in _NON_TERMS
                and key not in _NON_TERMS
                and low.isalpha()
                and len(low) > 2
                and key not in exclude
                and low not in exclude
            )
            if not good:
                run = []
                continue
            counts[key] += 1
            surface.setdefault(key, low)
            first.setdefault(key, index)
            if run:
                bigram = f"{run[-1]} {key}"
                counts[bigram] += 1
                surface.setdefault(bigram, f"{surface[run[-1]]} {low}")
                first.setdefault(bigram, index)
            run.append(key)
            index += 1

    def score(key: str) -> float:
        bonus = 1.0 if all(part in priority_stems for part in key.split()) else 0.0
        return counts[key] * (1.5 if " " in key else 1.0) + bonus

    candidates = [
        k for k in counts if counts[k] >= 2 or (score(k) >= 2 and " " not in k and len(k) >= 5)
    ]
    candidates.sort(key=lambda k: (-score(k), first[k], k))
    chosen: list[str] = []
    for key in candidates:
        if len(chosen) >= MAX_KEYWORDS:
            break
        if " " in key and counts[key] < 2:
            continue
        chosen.append(surface[key])
    return chosen


def red_flags(text: str, *, has_salary: bool, injection: bool) -> list[str]:
    low = text.lower()
    flags = [message for regex, message in _RED_FLAGS if _lowercase(regex).search(low)]
    if _lowercase(_FAST_PACED_RE).search(low) and "Hints at long or unpredictable hours" in flags:
        flags.append("“Fast-paced” together with long-hours language")
    if re.search(r"competitive (?:salary|pay|compensation)", low) and not has_salary:
        flags.append("Says “competitive salary” but gives no figure")
    elif not has_salary:
        flags.append("No salary range given")
    if injection:
        flags.append(
            "Contains hidden instructions meant for text generators (possible prompt injection);"
            " they were ignored"
        )
    return flags


def _requirements(
    req_lines: list[tuple[str, bool]], responsibilities: list[str]
) -> list[Requirement]:
    found = [
        r for line, essential in req_lines for r in requirements_of_line(line, essential=essential)
    ]
    # Tools named only in the duties are asked for too, but less than the stated requirements.
    named = {o.lower() for r in found for o in r.options}
    for line in responsibilities:
        for hit in find_hard_skills(normalize(line)):
            if hit.term.canonical.lower() not in named:
                named.add(hit.term.canonical.lower())
                found.append(
                    Requirement(hit.term.canonical, RequirementKind.SKILL, False, source=line)
                )
    return merge_requirements(found)


def analyze_posting(text: str) -> PostingAnalysis:
    """Analyse a posting; injected instructions are stripped first and reported as a red flag."""
    clean, injection = remove_injections(text)
    sections = _sections(clean)
    grouped, req_lines = _items(sections)
    header = parse_header(clean, title_heads())
    company = header.company or (
        UNKNOWN_COMPANY if header.agency else company_in_body(clean, title_heads())
    )
    if company is None:
        company = extract_company(clean)
        if header.role and company.lower() in header.role.lower():
            company = UNKNOWN_COMPANY
    role = header.role or title_case(extract_role(clean))
    must, nice, resp = grouped["must"], grouped["nice"], grouped["resp"]
    requirements = _requirements(req_lines, resp)

    all_hits = find_hard_skills(clean)
    soft_hits = find_soft_skills(clean)
    cert_hits = find_certifications(clean)
    freq = Counter(h.term.canonical for h in all_hits)
    must_skills = [
        o
        for r in requirements
        if r.essential and r.kind == RequirementKind.SKILL
        for o in r.options
    ]
    nice_skills = [
        o
        for r in requirements
        if not r.essential and r.kind == RequirementKind.SKILL
        for o in r.options
        if o not in must_skills
    ]
    others = [s for s in canonicals(all_hits) if s not in must_skills and s not in nice_skills]
    hard = (
        sorted(must_skills, key=lambda s: (-freq[s], must_skills.index(s)))
        + sorted(others, key=lambda s: (-freq[s], others.index(s)))
        + nice_skills
    )

    degrees = [r for r in requirements if r.kind == RequirementKind.DEGREE]
    rank = min((r.rank for r in degrees if r.essential), default=0)
    education = next((r.name for r in degrees if r.rank == rank and r.essential), None)

    exclude = {stem(w.lower()) for w in words(f"{company} {role}")}
    location = header.location or extract_location(clean)
    if location:
        exclude |= {stem(w.lower()) for w in words(location)}
    salary = extract_salary(clean)
    return PostingAnalysis(
        company=company,
        role=role,
        location=location,
        remote=extract_remote(clean),
        seniority=_seniority(role, must),
        must_haves=must,
        nice_to_haves=nice,
        responsibilities=resp,
        hard_skills=hard,
        soft_skills=canonicals(soft_hits),
        education_required=education,
        certifications=canonicals(cert_hits),
        keywords=extract_keywords(
            clean, must + resp, exclude, [*all_hits, *soft_hits, *cert_hits, *find_degrees(clean)]
        ),
        red_flags=red_flags(clean, has_salary=salary is not None, injection=injection),
        must_have_skills=must_skills,
        nice_to_have_skills=nice_skills,
        has_salary=salary is not None,
        injection_detected=injection,
        education_rank=rank,
        requirements=requirements,
        salary=salary,
        benefits=grouped["benefits"],
    )


def job_facts(text: str) -> JobFacts:
    analysis = analyze_posting(text)
    return JobFacts(
        company=analysis.company,
        role=analysis.role,
        location=analysis.location,
        remote=analysis.remote,
    )


__all__ = ["UNKNOWN_COMPANY", "UNKNOWN_ROLE", "PostingAnalysis", "analyze_posting", "job_facts"]
