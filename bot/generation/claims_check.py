"""Fabrication check v2 for one text: the guard's claims, judged against the evidence.

The guard (guard.py) finds claims the resume does not contain word for word; this layer adds
what a recruiter would accept or reject on top: the posting's word for something the resume
shows in other words (the evidence map) is supported; facts the user confirmed are supported;
numbers the letter quotes from the posting about the employer ("your 24-bed unit") or about the
job ahead ("would be glad to work on-site four days a week") are supported; an honest gap ("I
have not used Kubernetes yet") or aim ("would welcome the chance to train as …") is not a
claim. German text is read too ("Ihr Team", "noch nicht gearbeitet", "fließend"). Spoken languages
the resume does not list (or at a higher level than it lists), a posting requirement the
evidence map finds missing but the text asserts, and text echoing instructions or injection
markers, are claims.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.generation.claim_numbers import initialisms, near, number_values, nums_in
from bot.generation.evidence import IN_PROGRESS_RE, Fact, Status, language_rank
from bot.generation.guard import NOT_NAME_WORDS, Claim, find_unsupported_claims
from bot.generation.injection import INSTRUCTION_RE
from bot.generation.lexicon import find_soft_skills
from bot.generation.match import compute_match
from bot.generation.places import is_place
from bot.generation.posting import UNKNOWN_COMPANY, UNKNOWN_ROLE, analyze_posting
from bot.generation.requirements import RequirementKind
from bot.generation.resume_parsing import candidate_name
from bot.generation.spoken_languages import LANGUAGES
from bot.generation.text import (
    GENERIC_WORDS,
    STOPWORDS,
    content_tokens,
    normalize,
    split_sentences,
    squash,
    stem,
)

_GAP_RE = re.compile(
    r"\b(?:have not|haven't|has not|hasn't|do not|don't|does not|doesn't|did not|didn't|not yet|never"
    r"|no (?:\w+ )?experience"
    r"|am (?:keen|eager) to learn|would (?:like|love) to learn|(?<!not be )(?<!not )new to"
    # an aim, not a claim: "would welcome the chance to train as a Practice Educator"
    r"|(?:keen|eager|willing|plan|planning|hope|hoping|intend|chance|opportunity|ready) to"
    r" (?:train|learn|study|qualify|gain|complete|pursue|work towards)"
    # German: "habe noch nicht mit COPRA gearbeitet", "keine praktische Erfahrung mit SAP"
    r"|noch nicht|noch keine|bisher (?:nicht|keine)|nie|keine (?:\w+ )?erfahrung"
    # a limit stated: "only in Illinois courts, not in Wisconsin or Indiana"
    r"|(?:^|[,;(]\s*|\bbut\s+)not\s+(?:in|with|on|at|for|yet)|nur in \w+(?:\s\w+)?, nicht"
    r"|I (?:have|hold) no|I am not an?|I'm not an?|none (?:larger|bigger|more) than)\b",
    re.I,
)
_GAP_KINDS = (
    *("skill", "tool", "certification", "employer", "language", "degree", "title", "scope"),
    "acronym",
)
# The employer addressed: "you", "your"; in German the capitalised "Sie", "Ihr", "Ihrer".
_ABOUT_THEM_RE = re.compile(r"(?i:\byou(?:r|rs)?\b)|\b(?:Ihr(?:e|er|em|en|es)?|Ihnen|Sie)\b")
_FIRST_PERSON_RE = re.compile(r"\bI\b|(?i:\b(?:my|me|ich|mein(?:e|er|em|en)?)\b)")
# A document echoing instructions: the shared pattern, plus a chat transcript's role
# markers and a refusal, which only a model's output carries.
_INJECTION_RE = re.compile(
    INSTRUCTION_RE.pattern + r"|(?:^|[\[(<{])\s*(?:SYSTEM|ASSISTANT|USER)\s*:"
    r"|[\[<{]\s*(?:system|assistant|user)\s*[\]>}]"
    r"|\bI cannot (?:comply|help with)\b|<\s*/?\s*(?:job_posting|resume)\s*>",
    re.I | re.M,
)
_LEVEL_RE = re.compile(
    r"\b(?:native|bilingual|fluent(?:ly)?|business|professional|conversational|basic"
    r"|intermediate|advanced|working|[ABC][12]"
    r"|muttersprach\w*|fließend\w*|verhandlungssicher\w*|grundkenntnisse|grundniveau"
    r"|basisniveau|sehr gut\w*)\b",
    re.I,
)
# German levels as the English words the ranking knows.
_GERMAN_LEVELS = (
    ("muttersprach", "native"),
    ("fließend", "fluent"),
    ("verhandlungssicher", "business"),
    ("sehr gut", "very good"),
    ("grundkenntnisse", "basic"),
    ("grundniveau", "basic"),
    ("basisniveau", "basic"),
)
_SPEAKING_RE = re.compile(
    r"\b(?:speak|speaks|speaking|spoke|spoken|in|native|fluent|bilingual|proficient"
    r"|conversational|spreche|sprechen|spricht|fließend|verhandlungssicher|muttersprachlich\w*)"
    r"\s+(?:\w+\s+)?(?:\w+(?:,|\s+and|\s+or|\s+und|\s+oder)\s+){0,4}$",
    re.I,
)


def _rank(level: str) -> int:
    low = level.lower()
    for german, english in _GERMAN_LEVELS:
        if low.startswith(german):
            return language_rank(english)
    return language_rank(level)


# "verhandlungssichere Englischkenntnisse": German glues "knowledge" to the language.
_LANG_RE = re.compile(r"\b(" + "|".join(map(re.escape, LANGUAGES)) + r")(?:kenntnisse)?\b", re.I)


def _levels_in(line: str) -> list[tuple[str, str | None]]:
    """Each language on a line with the level written next to it: after it up to the next
    language ("English (fluent, C2), German (B1)"), else just before it in the same clause
    ("fluent German"). Languages joined by "and" share the level after the last ("Englisch
    und Polnisch spreche ich verhandlungssicher")."""
    found = list(_LANG_RE.finditer(line))
    levels: list[str | None] = []
    for i, m in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else m.end() + 45
        after = re.split(r"[.;]\s", line[m.end() : end])[0]
        start = max(found[i - 1].end() if i else 0, m.start() - 15)
        before = re.split(r"[,;()]", line[start : m.start()])[-1]
        level = _LEVEL_RE.search(after) or _LEVEL_RE.search(before)
        levels.append(level.group(0) if level else None)
    for i in range(len(found) - 2, -1, -1):
        joined = line[found[i].end() : found[i + 1].start()]
        if levels[i] is None and re.fullmatch(r"\s*(?:,|and|und|or|oder)\s*", joined):
            levels[i] = levels[i + 1]
    return [(LANGUAGES[m.group(1).lower()], lv) for m, lv in zip(found, levels, strict=True)]


def _resume_levels(resume: str) -> dict[str, int]:
    """Each language the resume lists, with its level (0 when no level is given)."""
    levels: dict[str, int] = {}
    for line in resume.split("\n"):
        for name, level in _levels_in(line):
            levels[name] = max(levels.get(name, 0), _rank(level) if level else 0)
    return levels


def _language_claims(text: str, resume: str) -> list[Claim]:
    """A spoken language the resume lacks, or a higher level than the resume gives it."""
    have = _resume_levels(resume)
    out: list[Claim] = []
    for sentence in split_sentences(text):
        if _ABOUT_THEM_RE.search(sentence) and not _FIRST_PERSON_RE.search(sentence):
            continue
        langs = [(m, LANGUAGES[m.group(1).lower()]) for m in _LANG_RE.finditer(sentence)]
        for m, name in langs:
            spoken = _SPEAKING_RE.search(sentence[: m.start()]) or re.match(
                r"[- ](?:speaker|speaking|\(|native|fluent|fließend|auf \w+niveau)",
                sentence[m.end() :],
                re.I,
            )
            if name not in have and spoken:
                out.append(Claim("language", name, sentence))
        for name, level in _levels_in(sentence):
            if level is None or name not in have or not have[name]:
                continue
            if _rank(level) > have[name]:
                out.append(Claim("language", f"{level} {name}", sentence))
    return out


# The job ahead, not the candidate's past: "would be glad to work on-site four days a week".
_AHEAD_RE = re.compile(
    r"\b(?:would|will|I'd|look(?:ing)? forward|excited|eager|keen|chance|opportunity"
    r"|next step|want to|hope to|würde|wäre|wären|freue|möchte|gerne|reizt)\b",
    re.I,
)
_OWN_PAST_RE = re.compile(
    r"\b(?:I have|I've|I had|having|my|experience|years?|track record|led|managed|ran|built"
    r"|ich habe|meine?r?|erfahrung|jahre?n?)\b",
    re.I,
)


_CLAUSE_SPLIT_RE = re.compile(r"[,;]|\b(?:than|but|since|because|denn|aber|weil)\b", re.I)


def _quotes_posting(claim: Claim, posting: str, company: str | None) -> bool:
    """A number the letter attributes to the employer ("your 30-bed ward") is theirs; so is
    one the posting gives for the job ahead ("would be glad to work on-site four days a
    week"), counting the same thing there, in a sentence that claims no past of the
    candidate's."""
    if claim.kind != "number":
        return False
    about_them = _ABOUT_THEM_RE.search(claim.sentence) or (
        company and company.lower() in claim.sentence.lower()
    )
    values = number_values(claim.text)
    if not values or not values <= number_values(posting):
        return False
    if about_them:
        return True
    # "Supporting fourteen nurses … would be a larger team than I have worked in": the
    # candidate's past is in another clause than the posting's figure
    clause = next(
        (c for c in _CLAUSE_SPLIT_RE.split(claim.sentence) if claim.text in c), claim.sentence
    )
    if not _AHEAD_RE.search(claim.sentence) or _OWN_PAST_RE.search(clause):
        return False
    ours = [n for n in nums_in(claim.sentence) if n.value in values]
    theirs = [n for line in posting.split("\n") for n in nums_in(line) if n.value in values]
    return bool(ours) and all(
        any(near(n.after | n.before, t.after | t.before) for t in theirs) for n in ours
    )


# "A/B testing", "CI/CD" stay whole: only a spaced slash separates options.
_OPTION_SPLIT_RE = re.compile(r"\s*(?:[,;]|\s/\s|\band/or\b|\bor\b|\boder\b)\s*", re.I)
_VAGUE_OPTION_RE = re.compile(
    r"\b(?:similar|equivalent|comparable|other|another|any|ähnliche?\w*|vergleichbare?\w*)\b", re.I
)


# Sectors a recruiter reads from what the work was ("patient booking for a clinic network" is
# healthcare product work): a word of these is no specialism the resume must name.
_SECTORS = frozenset(
    """healthcare health medical clinical retail hospitality finance financial banking
    insurance education educational logistics manufacturing industrial construction public
    government nonprofit charity technology software telecoms energy utilities utility
    automotive aerospace pharmaceutical legal media consumer enterprise commercial corporate
    regulated environments environment sector sectors industry industries settings""".split()  # noqa: SIM905
)


def _specific(word: str) -> bool:
    """A word that names a specialism, not a sector or a word every posting uses."""
    return len(word) >= 5 and not (word in GENERIC_WORDS or word in STOPWORDS or word in _SECTORS)


def _named_options(requirement: str) -> list[str]:
    """The things a missing requirement names: "Peakon, Glint or a similar engagement
    platform" names Peakon and Glint; "aseptic dispensing or technical services" both."""
    parts = [p.strip(" .") for p in _OPTION_SPLIT_RE.split(requirement) if len(p.strip(" .")) > 1]
    return [p for p in parts if not _VAGUE_OPTION_RE.search(p)] if len(parts) > 1 else parts


# Requirements whose mere mention as the candidate's own is a claim (years, degrees and
# languages have their own checks).
_CLAIMABLE_KINDS = (RequirementKind.SKILL, RequirementKind.CERTIFICATION, RequirementKind.OTHER)


def _names(option: str, source: str) -> bool:
    words = r"[\s\-–—]+".join(map(re.escape, option.split()))
    return re.search(rf"(?<!\w){words}(?!\w)", source, re.I) is not None


def _missing_options(missing: list[str], source: str) -> tuple[list[str], dict[str, str]]:
    """(names to find as written, {stem: word} of words the resume never uses): a missing
    requirement named by a proper name ("Peakon", "nCino", "Employment law") is a claim
    wherever the text names it; one in ordinary words ("aseptic dispensing") is a claim where
    the text uses its word the resume lacks ("aseptic")."""
    have = {t[:5] for t in content_tokens(source, drop_generic=False)}
    names: list[str] = []
    new_words: dict[str, str] = {}
    for requirement in missing:
        for option in _named_options(requirement):
            if find_soft_skills(option) or _names(option, source):
                continue  # the resume names it (below what is asked): saying so is no claim
            # a name: capitalised ("Peakon", "Employment law") or camel-cased ("nCino")
            if len(option.split()) <= 3 and (
                option[:1].isupper() or re.search(r"[a-z][A-Z]", option)
            ):
                names.append(option)
                continue
            # Only a qualifier narrowing work the resume shows ("aseptic dispensing" for a
            # resume that dispenses): other words of a requirement are often the posting's
            # vocabulary for what the resume says in its own ("supervising people").
            words = re.findall(r"[^\W\d_][\w-]*", option)
            known = [w for w in words if stem(w.lower())[:5] in have and len(w) >= 4]
            if not known:
                # "injection therapy", "banqueting": named as the posting has it
                single = len(words) == 1 and _specific(words[0].lower())
                if 2 <= len(words) <= 4 or single:
                    names.append(option)
                continue
            for word in words:
                low = word.lower()
                if not _specific(low):
                    continue
                key = stem(low)
                if key[:5] not in have:
                    new_words[key] = word
    return names, new_words


# "90 Mio. Euro", "ca. 1.500": an abbreviation's full stop ends no sentence.
_ABBREVIATION_RE = re.compile(
    r"\b(Mio|Mrd|Tsd|ca|bzw|inkl|ggf|evtl|vgl|Nr|Std|approx|incl)\.(?=\s+[\w€$£])", re.I
)


def _keep_abbreviations(text: str) -> str:
    return _ABBREVIATION_RE.sub(r"\1", text)


_ABOUT_JOB_RE = re.compile(
    r"\b(?:apply|applying|application|post of|role|position|vacancy|join|joining|would|will"
    r"|bewerbe|Bewerbung|Stelle|würde|möchte)\b",
    re.I,
)


def _posting_head(posting: str) -> str:
    """The posting's first lines: the job's title, employer and place."""
    return "\n".join([ln for ln in posting.split("\n") if ln.strip()][:3])


def _names_the_job(claim: Claim, posting: str) -> bool:
    """ "applying for the post of Second in Department at Moorview Academy", "owning the daily
    plan … from Corby would be a step up": a name the posting gives, in a sentence about the
    job, names the job or its place, not the candidate's past employer."""
    if claim.kind != "employer" or not claim.text.strip():
        return False
    about_job = _ABOUT_JOB_RE.search(claim.sentence) or _ABOUT_THEM_RE.search(claim.sentence)
    named = re.search(rf"(?<!\w){re.escape(claim.text.strip())}(?!\w)", _posting_head(posting))
    return bool(about_job and named) and not _OWN_PAST_RE.search(claim.sentence)


def _missing_claims(
    text: str, missing: list[str], names: Iterable[str] = (), source: str = ""
) -> list[Claim]:
    """A requirement the evidence map finds missing, asserted as the candidate's own. Inside
    the role's or the company's name ("the Data Analyst - Credit Risk position") it is the
    job's title, not a claim."""
    out: list[Claim] = []
    options, new_words = _missing_options(missing, source)
    names_re = [
        re.compile(r"[\s\-–—]+".join(map(re.escape, re.split(r"[\s\-–—]+", n.strip()))), re.I)
        for n in names
        if len(n.strip()) > 2
    ]
    for sentence in split_sentences(text):
        if _GAP_RE.search(sentence) or _ABOUT_THEM_RE.search(sentence):
            continue
        if _AHEAD_RE.search(sentence) and not _OWN_PAST_RE.search(sentence):
            continue  # "B2B invoicing would be a new domain for me": the job ahead, not a claim
        if IN_PROGRESS_RE.search(sentence):
            continue  # "progressing through ACCA, 9 of 13 exams passed": honest, not a claim
        judged = sentence
        for rx_name in names_re:
            judged = rx_name.sub(" ", judged)
        for option in options:
            rx = r"(?<![\w-])" + r"[\s-]+".join(map(re.escape, option.split())) + r"(?![\w-])"
            if re.search(rx, judged, re.I):
                out.append(Claim("skill", option, sentence))
        for word in re.findall(r"[^\W\d_][\w-]*", judged):
            found = new_words.get(stem(word.lower()))
            if found and not any(c.sentence == sentence for c in out):
                out.append(Claim("skill", word, sentence))
    return out


def _posting_code(sentence: str, pos: int, posting: str) -> bool:
    """The text at `pos` is part of a code the posting gives ("MKC/SQS/2503", "348-ONC-7261")."""
    start = pos
    while start > 0 and re.match(r"[\w/-]", sentence[start - 1]):
        start -= 1
    code = re.match(r"[\w/-]+", sentence[start:])
    return bool(
        code
        and re.fullmatch(r"(?=\S*\d)(?=\S*[A-Z])[A-Z0-9]+(?:[-/][A-Z0-9]+)+", code.group(0))
        and code.group(0).lower() in posting.lower()
    )


def _tier_asked(option: str, source: str) -> bool:
    return bool(
        re.search(
            rf"{re.escape(option)}\s*(?:stage|level|part|grade|tier|stufe)\s*\d", source, re.I
        )
    )


def _in_gap_clause(claim: Claim) -> bool:
    """A figure in what the sentence says is not held: "I have not completed Fuel Tank
    Safety Phase 1 and 2; …" names the course, it claims nothing."""
    for m in _GAP_RE.finditer(claim.sentence):
        if re.match(r"\s*only\b", claim.sentence[m.end() :]):
            continue  # "have not only led a team of 12 but …" claims the 12
        clause = re.split(r"[;.]|\bbut\b|\baber\b", claim.sentence[m.end() :], maxsplit=1)[0]
        if claim.text in clause:
            return True
    return False


def check_text(
    resume: str,
    text: str,
    *,
    posting: str | None = None,
    facts: Iterable[Fact] = (),
    candidate: str | None = None,
    kind: str = "resume",
    also_allowed: Iterable[str] = (),
) -> list[Claim]:
    """Claims in `text` the evidence does not support. `kind` "research" judges a research
    report: the posting is its subject (quoting it is the point), so only what it says about
    the candidate, and any echo of instructions, counts."""
    if kind in ("research", "research_report"):
        return _research_claims(resume, text, posting or "", facts, candidate)
    facts = [f for f in facts if f.has]
    allowed: list[str] = [*(f.skill for f in facts), *also_allowed]
    name = candidate_name(resume, candidate)
    if name:
        allowed.append(name)
    missing: list[str] = []
    whole: list[str] = []  # evidenced concepts with an "or" inside: never split into options
    company: str | None = None
    if posting:
        analysis = analyze_posting(posting)
        company = analysis.company if analysis.company != UNKNOWN_COMPANY else None
        allowed += [
            s for s in (analysis.company, analysis.role) if s not in (UNKNOWN_COMPANY, UNKNOWN_ROLE)
        ]
        report = compute_match(resume, analysis, facts)
        met = [e.requirement for e in report.evidence if e.met]
        allowed += [r.name for r in met if r.alternatives]
        whole = [r.name for r in met if not r.alternatives]
        missing = [
            option
            for e in report.evidence
            if e.status == Status.MISSING and e.requirement.kind in _CLAIMABLE_KINDS
            for option in e.requirement.options
            # held at a lower stage than asked ("CIPD Level 5" for Level 7): naming it is no
            # claim; a higher stage is judged by the number rules
            if not (e.evidence and _tier_asked(option, e.requirement.source))
        ]
    source = "\n".join([resume, *(f"{f.skill}: {f.detail}" for f in facts)])
    text = _keep_abbreviations(normalize(text))
    claims = find_unsupported_claims(text, source, allowed=allowed, allowed_whole=whole)
    if posting:
        claims = [c for c in claims if not _names_the_job(c, normalize(posting))]
    claims = [c for c in claims if not (_GAP_RE.search(c.sentence) and c.kind in _GAP_KINDS)]
    claims = [c for c in claims if not (c.kind == "number" and _in_gap_clause(c))]
    if posting:
        claims = [
            c
            for c in claims
            if not (
                c.kind == "number"
                and c.text in c.sentence
                and _posting_code(c.sentence, c.sentence.index(c.text), normalize(posting))
            )
        ]
    if posting:
        plain_posting = normalize(posting)
        claims = [c for c in claims if not _quotes_posting(c, plain_posting, company)]
        names = [*also_allowed, *(s for s in (analysis.company, analysis.role) if s)]
        claims += _missing_claims(normalize(text), missing, names, source)
    claims += [
        c
        for c in _language_claims(normalize(text), normalize(source))
        if not _GAP_RE.search(c.sentence)
    ]
    claims += _unknown_term_claims(normalize(text), normalize(source), allowed + whole, posting)
    claims += [
        c
        for c in _qualification_claims(normalize(text), normalize(source), posting or "")
        if not any(squash(c.text) in squash(a) for a in [*allowed, *whole])
    ]
    return claims + _injection_claims(text)


# Capitals that name no skill, product or credential of the candidate's.
_COMMON_CAPS = frozenset(
    """I A UK US USA EU UAE CV OK AM PM FAQ ASAP TBD NB PS ID UTC GMT CET CEST EST PST PT ET
    A1 A2 B1 B2 C1 C2
    Q1 Q2 Q3 Q4 H1 H2 FY MBA PHD BSC MSC BA MA BENG MENG CEO CTO CFO COO VP HR IT AI
    EHR EMR EPR CRM ERP CMS LMS POS HRIS ATS""".split()  # noqa: SIM905 - a word list reads better
)
# System categories (EHR, CRM …) name what a product the resume lists is, not a new skill.
_ACRONYM_RE = re.compile(r"(?<![\w/+#.-])([A-Z][A-Z0-9]{1,6})(?:s)?(?![\w+#])")
# A product named as the tool of the work ("using Omnicell cabinets", "in Peakon"): one
# capitalised word after "using/via/in/on/with" and before ordinary words. Multi-word names
# ("Google Cloud", "Acute Medical Unit") and degrees are left to the other checks.
_PROPER_RE = re.compile(
    r"\b(?:using|via|in|on|with|through|use|uses|used) (?P<w>[A-Z][A-Za-z]*[a-z][A-Za-z]*)"
    r"(?= [a-z]|[.,;]|$)"
)
_TOOL_LIST_RE = re.compile(
    r"^\s*(?:tools?|software|systems?|technolog(?:y|ies)|platforms?|stack|tech stack"
    r"|applications?|programs?|(?:IT-|EDV-|Software)?kenntnisse|systeme)"
    r"(?:\s*(?:&|and|und)\s*\w+)?\s*:\s*(?P<items>.+)$",
    re.I,
)


def _unknown_term_claims(
    text: str, source: str, allowed: list[str], posting: str | None
) -> list[Claim]:
    """An acronym ("CPACC", "DMA") or a listed tool ("Tools: …, Procore") the resume never
    names is a claim, known to the lexicon or not: a model's favourite way to add a skill.
    The resume's own initials ("SLA" for "service level agreement") and the posting's words
    for what the evidence map shows (in `allowed`) are supported."""
    have = source.lower()
    initials = initialisms(source)
    ok = {a.lower() for a in allowed}
    posting_text = (posting or "").lower()
    job_head = _posting_head(posting or "").lower()
    out: list[Claim] = []

    def supported(term: str) -> bool:
        low = term.lower()
        if len(low) > 3 and low.endswith("s") and term[-2:-1].isupper() and supported(term[:-1]):
            return True  # "HGVs": the plural of the resume's "HGV"
        return (
            re.search(rf"(?<![\w]){re.escape(low)}(?:e?s)?(?![\w])", have) is not None
            or low in initials
            or any(low in a for a in ok)
        )

    for sentence in split_sentences(text):
        if _GAP_RE.search(sentence):
            continue
        about_them = _ABOUT_THEM_RE.search(sentence) and not _FIRST_PERSON_RE.search(sentence)
        # "applying for the Head Chef post at the Saltmarsh Hotel in Cornwall": the job's place
        about_job = _ABOUT_JOB_RE.search(sentence) and not _OWN_PAST_RE.search(sentence)
        for m in _ACRONYM_RE.finditer(sentence):
            term = m.group(1)
            if term in _COMMON_CAPS or supported(term):
                continue
            if len(term) >= 3 and re.search(rf"[a-z]{re.escape(term)}(?![A-Za-z])", source):
                continue  # "GIS" for the resume's "ArcGIS": the product's own family name
            if about_them and term.lower() in posting_text:
                continue  # "your CQC rating": the posting's words about the employer
            if _posting_code(sentence, m.start(), posting_text):
                continue  # "reference HAE-B1-0425": the posting's own code, quoted
            ahead = _AHEAD_RE.search(sentence) and not _OWN_PAST_RE.search(sentence)
            if ahead and term.lower() in posting_text:
                continue  # "B2B invoicing would be a new domain for me": the job ahead
            out.append(Claim("acronym", term, sentence))
        for m in _PROPER_RE.finditer(sentence):
            word = m.group("w")
            if (
                word.lower() in NOT_NAME_WORDS
                or supported(word)
                or is_place(word)
                or word.lower() in LANGUAGES
                or (about_them and word.lower() in posting_text)
                or (about_job and word.lower() in job_head)
            ):
                continue
            out.append(Claim("tool", word, sentence))
        listed = _TOOL_LIST_RE.match(sentence)
        if listed:
            for item in re.split(r"[,;]|\s+and\s+", listed.group("items")):
                item = re.sub(r"\([^)]*\)", "", item).strip(" .")
                words = [w for w in re.findall(r"[\w+#.-]+", item) if w[:1].isupper()]
                unsupported = words and not all(supported(w) for w in words)
                if unsupported and not supported(item) and not any(c.text == item for c in out):
                    out.append(Claim("tool", item, sentence))
    return out


# A named qualification: capitalised words before the kind of document it is ("IBMS
# Specialist Diploma", "Level 5 Certificate"). A model upgrades "Portfolio submitted" to
# "holds the Specialist Diploma"; the name must be the resume's own.
_QUALIFICATION_NAME_RE = re.compile(
    r"(?P<name>(?:[A-Z0-9][\w&/+.-]*\s+){1,4}"
    r"(?:Diploma|Certificate|Award|Licen[cs]e|Qualification|Fellowship|Zertifikat|Diplom))\b"
)


def _qualification_claims(text: str, source: str, posting: str) -> list[Claim]:
    have = squash(source)
    out: list[Claim] = []
    for sentence in split_sentences(text):
        if _GAP_RE.search(sentence) or IN_PROGRESS_RE.search(sentence):
            continue
        for m in _QUALIFICATION_NAME_RE.finditer(sentence):
            words = m.group("name").split()
            while words[:-1] and (
                words[0].lower() in STOPWORDS or words[0].lower() in NOT_NAME_WORDS
            ):
                words = words[1:]
            name = " ".join(words)
            if len(words) < 2 or squash(name) in have:
                continue
            if _ABOUT_THEM_RE.search(sentence) and squash(name) in squash(posting):
                continue  # "your Level 3 Award requirement": the posting's words about the job
            out.append(Claim("certification", name, sentence))
    return out


def _injection_claims(text: str) -> list[Claim]:
    return [
        Claim("injection", m.group(0), line)
        for line in normalize(text).split("\n")
        for m in _INJECTION_RE.finditer(line)
    ]


# "Kubernetes (resume: no)", "not in your resume": the report naming a gap claims nothing.
_RESEARCH_GAP_RE = re.compile(
    r"\bresume:\s*(?:no|partly)\b|\bnot (?:in|on|shown in) (?:the|your|their) (?:resume|CV)\b"
    r"|\b(?:missing|lacks?|gap|gaps)\b",
    re.I,
)
_CANDIDATE_NOUN_RE = re.compile(r"\b(?:candidate|applicant)\b", re.I)
_ABOUT_CANDIDATE_RE = re.compile(
    r"\b(?:candidate|applicant|you|your|yours|he|she|they|their|his|her|resume|CV)\b", re.I
)


def _research_claims(
    resume: str, text: str, posting: str, facts: Iterable[Fact], candidate: str | None
) -> list[Claim]:
    """A research report's claims about the candidate that neither the resume nor the
    confirmed facts support ("the candidate holds a PhD from MIT"), and figures it misquotes
    from the posting; what it says about the job and the company is its subject."""
    facts = [f for f in facts if f.has]
    name = candidate_name(resume, candidate)
    own = "\n".join([resume, *(f"{f.skill}: {f.detail}" for f in facts)])
    allowed = [f.skill for f in facts] + ([name] if name else [])
    evidence = compute_match(resume, posting, facts).evidence if posting else []
    allowed += [e.requirement.name for e in evidence if e.met]
    # The posting's requirements as the analysis names them ("3+ years of experience"):
    # quoting one, met or not, is no misquote.
    requirement_names = [e.requirement.name for e in evidence]
    plain = normalize(text)

    def about_candidate(sentence: str) -> bool:
        if _RESEARCH_GAP_RE.search(sentence) or _GAP_RE.search(sentence):
            return False
        return bool(_ABOUT_CANDIDATE_RE.search(sentence)) or bool(
            name and name.split()[0].lower() in sentence.lower()
        )

    about = [
        c
        for c in find_unsupported_claims(plain, own, allowed=allowed)
        if about_candidate(c.sentence)
    ]
    about += [c for c in _language_claims(plain, normalize(resume)) if about_candidate(c.sentence)]
    # Above "General knowledge (not verified)", the report only restates the posting: a figure
    # found in neither text is a misquote, whoever it is about.
    stated = re.split(r"(?im)^#+\s*general knowledge", plain)[0]
    seen = {(c.text, c.sentence) for c in about}
    about += [
        c
        for c in find_unsupported_claims(
            plain, f"{own}\n{posting}", allowed=allowed + requirement_names
        )
        if c.kind == "number" and c.sentence in stated and (c.text, c.sentence) not in seen
    ]
    # A missing requirement the report says the candidate has ("The candidate has hands-on
    # experience with a post-registration qualification"): the same rule as in a letter.
    missing = [
        option
        for e in evidence
        if e.status == Status.MISSING and e.requirement.kind in _CLAIMABLE_KINDS
        for option in e.requirement.options
    ]
    seen = {(c.text, c.sentence) for c in about}

    def names_candidate(sentence: str) -> bool:
        """Said of the candidate by name or as "the candidate" (not "their", which in a
        report is as often the company), and not a line quoted from the posting."""
        if sentence.lstrip().startswith(">") or not about_candidate(sentence):
            return False
        first = name.split()[0].lower() if name else None
        return bool(_CANDIDATE_NOUN_RE.search(sentence)) or bool(
            first and first in sentence.lower()
        )

    about += [
        c
        for c in _missing_claims(plain, missing, allowed, own)
        if names_candidate(c.sentence) and (c.text, c.sentence) not in seen
    ]
    return about + _injection_claims(text)
