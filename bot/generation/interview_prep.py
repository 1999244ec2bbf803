"""Interview prep for the candidate: what the employer will probe, the questions to expect,
STAR stories built from the candidate's own bullets, and questions to ask back.

Offline and deterministic, like the offline engine: it reads the same posting analysis,
resume profile and evidence map the match card uses, so a point shown as a strength here is
one the card also counts, and a gap is never dressed up as a strength. Every resume or posting
line is quoted as written (dashes and all); the fixed text holds no digits, so any number in
the document was read from the resume or the posting.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from bot.generation.evidence import Evidence, Fact, Status, evidence_map
from bot.generation.interview_prep_texts import DE, DE_LEVELS, DE_QUESTIONS, EN, EN_QUESTIONS
from bot.generation.lexicon import (
    find_certifications,
    find_hard_skills,
    find_soft_skills,
    find_titles,
)
from bot.generation.offline import quoted_lines
from bot.generation.posting import (
    UNKNOWN_COMPANY,
    UNKNOWN_ROLE,
    PostingAnalysis,
    analyze_posting,
)
from bot.generation.proof import usable_proof
from bot.generation.requirements import RequirementKind
from bot.generation.resume_profile import ResumeProfile, Role, analyze_resume
from bot.generation.spoken_languages import language_name_in
from bot.generation.text import (
    content_tokens,
    normalize,
    split_sentences,
    strip_bullet,
    strip_markdown,
)

# "Brightpath-HR is the all-in-one HR platform …": the company describing itself, no duty.
_ABOUT_RE = re.compile(
    r"^[\w&.'’-]+(?:\s+[\w&.'’-]+){0,3}\s+(?:is|are|ist|sind)\s+(?:a|an|the|ein|eine|der|die|das)\b"
)

_DUTY_LEAD_RE = re.compile(r"^What you(?:'ll|’ll| will) (?:do|work on|be doing)\s*:?\s+", re.I)

_QUESTION_KINDS = (RequirementKind.SKILL, RequirementKind.OTHER, RequirementKind.SOFT)
_MAX_PROBE_DESIRABLE = 8
_MAX_STORIES = 5
_MAX_PER_ROLE = 3
_MAX_DERIVED = 10
_MAX_ASK_WORDS = 4


@dataclass(frozen=True)
class _Story:
    role: Role
    bullet: str  # as the resume writes it
    shows: tuple[str, ...]
    score: float
    order: tuple[int, int]  # role, then bullet: where it stands in the resume


@dataclass
class _Context:
    analysis: PostingAnalysis
    profile: ResumeProfile
    evidence: list[Evidence]
    text: dict[str, str]
    questions: dict[str, tuple[str, ...]]
    language: str
    company: str | None
    role: str | None
    originals: dict[str, str]
    posting_lines: list[str]
    resume_text: str
    labels: dict[int, str]

    def quote(self, text: str) -> str:
        """Quoted material (the resume's or the posting's words), never asserted by us."""
        text = text.strip().strip('"“”„')
        return f"„{text}“" if self.language == "de" else f"“{text}”"

    def original(self, line: str) -> str:
        """The line as the user wrote it (the analysis sees dashes unified)."""
        raw = self.originals.get(_key(line))
        if raw is None:
            return line
        plain = re.sub(r"\s+", " ", strip_markdown(strip_bullet(raw)).strip(" *_")).strip()
        return plain if _key(plain) == _key(line) else line

    @cached_property
    def resume_key(self) -> str:
        return _key(self.resume_text)

    def in_resume(self, snippet: str) -> bool:
        """Whether a quote is the resume's own words (some analysis lines are labels)."""
        return _key(snippet.removesuffix(" …")) in self.resume_key

    @cached_property
    def duties(self) -> list[str]:
        """Short duties from the posting, as written: each can become a question."""
        out = []
        for line in quoted_lines(self.analysis.responsibilities):
            line = re.sub(r"[^\w)”\"'%.]+$", "", _clean_source(self.original(line))).strip()
            line = _DUTY_LEAD_RE.sub("", line)  # a heading glued to its first item
            if 3 <= _words(line) <= 22 and not line.endswith("?") and not _ABOUT_RE.match(line):
                out.append(line)
        out.sort(key=lambda d: _words(d) > 16)
        return out

    @cached_property
    def bullet_tokens(self) -> list[tuple[str, frozenset[str]]]:
        return [
            (bullet, frozenset(content_tokens(bullet)))
            for role in self.profile.roles
            for bullet in role.bullets
        ]


def interview_prep(
    posting: str,
    resume: str,
    *,
    company: str,
    role: str,
    facts: Iterable[Fact] = (),
    language: str = "en",
    today: date | None = None,
) -> str:
    """A Markdown interview-prep document for the candidate (never sent to the employer).

    Sections: what they will probe (each requirement with the resume line that shows it, or
    a gap), likely questions, STAR stories from the resume's own bullets, and questions to
    ask them. `company` and `role` name the application (the title leaves out what is empty
    or "not stated"). German (`language="de"`) gets German headings and fixed text in the du
    form; quoted resume and posting lines stay as written.
    """
    posting = posting or ""
    resume = resume or ""
    analysis = analyze_posting(posting)
    profile = analyze_resume(resume)
    evidence = evidence_map(analysis.requirements, profile, facts, today=today)
    lang = "de" if language.lower().startswith("de") else "en"
    text = DE if lang == "de" else EN
    questions = DE_QUESTIONS[_address(posting)] if lang == "de" else EN_QUESTIONS
    ctx = _Context(
        analysis=analysis,
        profile=profile,
        evidence=_without_repeats(evidence),
        text=text,
        questions=questions,
        language=lang,
        company=_known(company, UNKNOWN_COMPANY),
        role=_known(role, UNKNOWN_ROLE),
        originals=_originals(resume, posting),
        posting_lines=[ln.strip() for ln in posting.splitlines() if ln.strip()],
        resume_text=resume,
        labels={},
    )
    ctx.labels = _labels(ctx)
    stories = _stories(ctx)
    out = [f"# {_title(ctx)}", "", text["intro"], ""]
    out += _probe_section(ctx)
    out += _questions_section(ctx)
    out += _star_section(ctx, stories)
    out += _ask_section(ctx)
    return "\n".join(out).strip() + "\n"


# --- setup -------------------------------------------------------------------------------


def _known(name: str, unknown: str) -> str | None:
    """The caller's name (the application's, which the user may have corrected); None when
    it is not known. No guess from the posting: a wrong company in the title is worse than
    none."""
    name = (name or "").strip()
    if not name or name == unknown or name.lower() in ("not stated", "unknown", "n/a"):
        return None
    return name


def _title(ctx: _Context) -> str:
    if ctx.role and ctx.company:
        return ctx.text["title_full"].format(role=ctx.role, company=ctx.company)
    if ctx.role:
        return ctx.text["title_role"].format(role=ctx.role)
    return ctx.text["title"]


def _address(posting: str) -> str:
    """ "du" when the posting speaks to the reader with du, else the formal "Sie"."""
    informal = len(re.findall(r"\b(?:du|dich|dir|dein\w*)\b", posting, re.I))
    formal = len(re.findall(r"(?<![.!?]\s)\b(?:Sie|Ihnen|Ihr|Ihre\w*)\b", posting))
    return "du" if informal > formal else "Sie"


_NOT_ALNUM_RE = re.compile(r"[\W_]+")


def _key(line: str) -> str:
    """A line's letters and digits: the same for the line as written and as analysed
    (which differ in dashes, spaces, bullet marks and emphasis)."""
    return _NOT_ALNUM_RE.sub("", line).lower()


def _originals(*texts: str) -> dict[str, str]:
    """Each line's key -> the line as written: the analysis unifies dashes, but a quote
    should read exactly as the user wrote it."""
    out: dict[str, str] = {}
    for text in texts:
        for raw in text.splitlines():
            key = _key(raw)
            if key:
                out.setdefault(key, raw.strip())
    return out


def _words(text: str) -> int:
    return len(text.split())


_PAREN_RE = r"\(\s*{}\s*\)"


def _without_repeats(evidence: list[Evidence]) -> list[Evidence]:
    """ "SMSTS (Site Management Safety Training Scheme)": the spelled-out name in brackets
    after another requirement is the same requirement, not a second one."""
    names = {e.requirement.name.lower() for e in evidence}
    out = []
    for e in evidence:
        req = e.requirement
        m = re.search(_PAREN_RE.format(re.escape(req.name)), req.source, re.I)
        before = req.source[: m.start()].rstrip().lower() if m else ""
        if m and any(before.endswith(n) for n in names if n != req.name.lower()):
            continue
        out.append(e)
    return out


def _shortened(text: str, limit: int = 110) -> str:
    text = text.strip()
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:·-–(") + " …"


def _clean_source(source: str) -> str:
    return re.sub(r"^[^\w\"'(„“]+", "", strip_markdown(source)).strip().rstrip(".;:")


def _language_label(e: Evidence, lang: str) -> str:
    name = e.requirement.name.split(" (")[0]
    if lang != "de":
        return e.requirement.name
    level = e.requirement.level or ""
    word = level if re.fullmatch(r"[ABC][12]", level) else DE_LEVELS.get(level.lower(), "")
    label = language_name_in(name, "de")
    return f"{label} ({word})" if word else label


def _surface(name: str, source: str) -> str | None:
    """How the posting's line writes a known term ("MS Office" for "Microsoft Office")."""
    text = normalize(source)
    hits = [*find_hard_skills(text), *find_soft_skills(text), *find_certifications(text)]
    return next((h.surface for h in hits if h.term.canonical == name), None)


def _labels(ctx: _Context) -> dict[int, str]:
    """How each requirement is named to the candidate: the posting's own words where our
    name would read oddly (years, degrees; English names in a German document)."""
    out: dict[int, str] = {}
    used: set[str] = set()
    for i, e in enumerate(ctx.evidence):
        req = e.requirement
        source = _clean_source(ctx.original(req.source)) if req.source else ""
        label = req.name
        if req.kind == RequirementKind.LANGUAGE:
            label = _language_label(e, ctx.language)
        elif source and req.kind in (RequirementKind.YEARS, RequirementKind.DEGREE):
            label = _shortened(source, 90)
        elif source and ctx.language == "de" and req.name.lower() not in source.lower():
            # An English name for a German posting's term: the posting's own word for it
            # ("Arbeitsrecht" for "Employment law"), else its short line.
            surface = _surface(req.name, source)
            if surface:
                label = surface
            elif _words(source) <= 10:
                label = source
        if label.lower() in used:
            label = req.name
        used.add(label.lower())
        out[i] = label
    return out


# --- quoting resume lines ------------------------------------------------------------------

_EMAIL_OR_PHONE_RE = re.compile(r"@|\+?\d[\d ()./-]{7,}\d")


def _matcher(e: Evidence) -> re.Pattern[str] | None:
    raw = e.matched or (e.requirement.name if e.status != Status.EVIDENCED else "")
    if not raw:
        return None
    if e.status == Status.EVIDENCED:
        try:
            return re.compile(raw, re.I)
        except re.error:
            return None
    return re.compile(re.escape(raw.split(" (")[0]), re.I)


def _snippet(ctx: _Context, e: Evidence) -> str:
    """The part of the resume line that shows the requirement: one segment of a header
    ("… | Full UK driving licence"), one sentence of a summary, one item of a long list."""
    return _snippet_listed(ctx, e)[0]


def _snippet_listed(ctx: _Context, e: Evidence) -> tuple[str, bool]:
    """The snippet, and whether it is one item of a list (a skills line shows a word, not
    the work)."""
    line = ctx.original(e.evidence or "")
    rx = _matcher(e)
    if rx and ctx.profile.name and _key(ctx.profile.name) == _key(line):
        m = rx.search(line)  # "Priya Natarajan RGN", the name line: only the "RGN"
        if m and m.group(0).strip():
            return m.group(0).strip(), False
    parts = [p.strip() for p in re.split(r"\s+\|\s+|\s*·\s*", line) if p.strip()]
    if len(parts) > 1:
        contact = [p for p in parts if _EMAIL_OR_PHONE_RE.search(p)]
        parts = [p for p in parts if p not in contact] or parts
        # The part that names it; the whole line when none does (never a neighbouring item).
        line = next((p for p in parts if rx and rx.search(p)), " · ".join(parts))
        if len(parts) >= 4 and not contact:
            return _shortened(line), True  # "Fish butchery · menu development · …"
    sentences = split_sentences(line)
    if len(sentences) > 1:
        line = next((ctx.original(s) for s in sentences if rx and rx.search(s)), sentences[0])
    if line.count(", ") >= 3 and rx:
        items = [i.strip() for i in line.split(", ")]
        item = next((i for i in items if rx.search(i)), None)
        if item:
            return _shortened(item), True
    return _shortened(line), False


def _shown(ctx: _Context, i: int, e: Evidence) -> str:
    """What the resume shows for a requirement, in words the candidate can use."""
    t = ctx.text
    req = e.requirement
    if req.is_check and not e.met:
        return t["check"]
    if not e.met:
        return t["gap"]
    if req.kind == RequirementKind.YEARS:
        # The computed total is ours, not the resume's: name the roles, never a count.
        if ctx.profile.roles:
            return t["years_met"].format(role=_role_name(ctx, ctx.profile.roles[0]))
        return t["years_met_plain"]
    if e.status == Status.CONFIRMED:
        return t["confirmed"].format(detail=_shortened(e.evidence or req.name, 80))
    if e.evidence == "resume written in English":
        return t["written_in"]
    snippet, listed = _snippet_listed(ctx, e) if e.evidence else ("", False)
    if snippet and not ctx.in_resume(snippet):
        return t["mentioned"]  # a label the analysis made ("German (native)"), not a quote
    quote = ctx.quote(snippet) if snippet else ""
    if listed:
        return t["listed"].format(quote=quote)
    if e.status == Status.EVIDENCED and quote:
        return t["evidenced"].format(quote=quote, name=ctx.labels[i])
    return t["stated"].format(quote=quote) if quote else t["years_met_plain"]


def _role_name(ctx: _Context, role: Role) -> str:
    name = ctx.original(role.title) if role.title else ""
    if role.employer:
        name = f"{name} {ctx.text['at']} {ctx.original(role.employer)}".strip()
    dates = _dates(ctx, role)
    return f"{name}, {dates}" if dates else name


def _dates(ctx: _Context, role: Role) -> str:
    if not role.start:
        return ""
    end = role.end or ""
    if end.lower() == "present" and ctx.language == "de":
        end = ctx.text["present"]
    return f"{role.start} – {end}" if end else role.start


# --- what they will probe -----------------------------------------------------------------


def _probe_section(ctx: _Context) -> list[str]:
    t = ctx.text
    out = [f"## {t['probe']}"]
    if not ctx.evidence:
        return [*out, t["no_requirements"], ""]
    if _thin(ctx.profile) and any(not e.met for e in ctx.evidence):
        out += [t["thin_resume"], ""]
    for essential, title in ((True, t["essential"]), (False, t["desirable"])):
        items = [(i, e) for i, e in enumerate(ctx.evidence) if e.requirement.essential == essential]
        if not essential:
            items = items[:_MAX_PROBE_DESIRABLE]
        if not items:
            continue
        out.append(f"**{title}**")
        out += [f"- **{ctx.labels[i]}** — {_shown(ctx, i, e)}" for i, e in items]
    return [*out, ""]


def _thin(profile: ResumeProfile) -> bool:
    return len(profile.lines) < 4 or not any(r.bullets for r in profile.roles)


# --- likely questions ----------------------------------------------------------------------


def _is_bullet_line(ctx: _Context, line: str | None) -> bool:
    return bool(line) and any(line in r.bullets for r in ctx.profile.roles)


def _nearest_bullet(ctx: _Context, text: str) -> str | None:
    """The resume bullet sharing most words with a duty (at least two), if any."""
    want = set(content_tokens(text))
    best: tuple[int, str] | None = None
    for bullet, tokens in ctx.bullet_tokens:
        shared = len(want & tokens)
        if shared >= 2 and (best is None or shared > best[0]):
            best = (shared, bullet)
    return best[1] if best else None


def _related(ctx: _Context, gap: Evidence) -> str | None:
    """The nearest experience the resume shows for a gap: a met requirement from the same
    posting line ("commercial awareness, including reading P&L"), quoted from the resume."""
    for e in ctx.evidence:
        if (
            e is not gap
            and e.met
            and e.requirement.source == gap.requirement.source
            and e.evidence
            and e.status != Status.CONFIRMED
            and e.requirement.kind not in (RequirementKind.YEARS, RequirementKind.LANGUAGE)
            and e.evidence != "resume written in English"
        ):
            return _snippet(ctx, e)
    return None


def _questions_section(ctx: _Context) -> list[str]:
    t, q = ctx.text, ctx.questions
    out = [f"## {t['questions']}"]
    derived: list[str] = []
    used_lines: set[str] = set()
    rotation = 0

    met = [
        (i, e)
        for i, e in enumerate(ctx.evidence)
        if e.met
        and e.requirement.kind in _QUESTION_KINDS
        and e.status != Status.CONFIRMED
        and e.evidence
    ]
    # Essentials first; a line from the jobs makes a better example than a skills list.
    met.sort(
        key=lambda p: (
            not p[1].requirement.essential,
            not _is_bullet_line(ctx, p[1].evidence),
            p[1].requirement.kind == RequirementKind.SOFT,
        )
    )
    for i, e in met:
        if len(derived) >= 4 or (not e.requirement.essential and len(derived) >= 3):
            break
        line = e.evidence or ""
        if line in used_lines or not _is_bullet_line(ctx, line) or not _usable(ctx, line):
            continue  # an example is work done: a job's bullet, not a course or skills list
        used_lines.add(line)
        if e.requirement.kind == RequirementKind.SOFT:
            question = q["q_soft"][0]
        else:
            question = q["q_skill"][rotation % len(q["q_skill"])]
            rotation += 1
        derived.append(
            f"- **{ctx.labels[i]}** — {question} **{t['your_example']}** "
            f"{ctx.quote(_snippet(ctx, e))}"
        )

    years = next((e for e in ctx.evidence if e.requirement.kind == RequirementKind.YEARS), None)
    if years is not None and years.requirement.source:
        hint = t["years_hint"] if years.met else t["years_gap_hint"]
        source = ctx.quote(_shortened(_clean_source(ctx.original(years.requirement.source))))
        derived.append(f"- **{t['years_topic']}** — {q['q_years'][0]} {hint.format(quote=source)}")

    gaps = [
        (i, e)
        for i, e in enumerate(ctx.evidence)
        if not e.met
        and not e.requirement.is_check
        and e.requirement.kind != RequirementKind.YEARS
        and not _is_title(e.requirement.name)  # the career question covers a job title
    ]
    gaps.sort(key=lambda p: not p[1].requirement.essential)
    for i, e in gaps[:3]:
        derived.append(_gap_question(ctx, i, e))

    for duty in ctx.duties[:3]:
        if len(derived) >= _MAX_DERIVED:
            break
        line = f"- **{t['duty_topic']}:** {ctx.quote(duty)} — {q['q_duty'][0]}"
        nearest = _nearest_bullet(ctx, duty)
        if nearest and nearest not in used_lines:
            used_lines.add(nearest)
            line += f" **{t['nearest']}** {ctx.quote(_shortened(ctx.original(nearest)))}"
        derived.append(line)

    if not derived:
        derived += _resume_only_questions(ctx)
    out += derived[:_MAX_DERIVED]
    why = t["q_why"].format(company=ctx.company) if ctx.company else t["q_why_plain"]
    hint = (
        t["why_hint"] if any(t["duty_topic"] in line for line in derived) else t["why_hint_plain"]
    )
    out.append(f"- **{t['why_topic']}** — {why} {hint}")
    out.append(f"- **{t['conflict_topic']}** — {q['q_conflict'][0]} {t['conflict_hint']}")
    out.append(f"- **{t['failure_topic']}** — {q['q_failure'][0]} {t['failure_hint']}")
    return [*out, ""]


_CREDENTIALS = (RequirementKind.CERTIFICATION, RequirementKind.DEGREE)


def _gap_question(ctx: _Context, i: int, e: Evidence) -> str:
    """A gap, asked the way an interviewer would, with an answer that claims nothing the
    resume does not show: a real example if the candidate has one, else a plan to learn,
    and the nearest thing the resume does show."""
    t, q = ctx.text, ctx.questions
    kind = e.requirement.kind
    if kind in _CREDENTIALS:
        question, advice = q["q_gap_cert"][0], t["honest_cert"]
    elif kind == RequirementKind.SOFT:
        question, advice = q["q_soft"][0], t["honest_gap"]
    else:
        question, advice = q["q_gap"][0], t["honest_gap"]
    related = _related(ctx, e)
    if related:
        advice += " " + t["honest_related"].format(quote=ctx.quote(related))
    return f"- **{ctx.labels[i]}** — {question} **{t['honest']}** {advice}"


def _is_title(name: str) -> bool:
    """ "Site Manager or Assistant Site Manager": a job title, asked as the career so far."""
    titles = find_titles(name.strip())
    covered = sum(end - start for start, end, _ in titles)
    return bool(titles) and covered >= len(re.sub(r"\s+or\s+|\s*/\s*", "", name.strip())) * 0.8


def _usable(ctx: _Context, line: str) -> bool:
    header = {r.header for r in ctx.profile.roles}
    if ctx.profile.lines:
        header.add(ctx.profile.lines[0])
    return usable_proof(line, header=header, summary=" ".join(ctx.profile.summary))


def _resume_only_questions(ctx: _Context) -> list[str]:
    """With no requirements to work from, the resume's own bullets are what they will ask
    about."""
    q = ctx.questions
    out = []
    for role in ctx.profile.roles[:2]:
        for bullet in role.bullets[:2]:
            out.append(
                f"- **{_role_name(ctx, role)}** — {q['q_skill'][1]} **{ctx.text['your_example']}**"
                f" {ctx.quote(_shortened(ctx.original(bullet)))}"
            )
    return out


# --- STAR stories --------------------------------------------------------------------------

_IMPACT_RE = re.compile(
    r"\d(?:[\d.,]*\d)?\s?%|[£$€]\s?\d|\d(?:[\d.,]*\d)?\s?(?:[kKmM]|bn|Mio\.?|Tsd\.?|€|EUR|GBP|USD)\b"
    r"|\bfrom\s+[£$€]?\d[\d.,]*\S*\s+to\s+|\bvon\s+\d[\d.,]*\s+auf\s+\d",
    re.I,
)
_COUNT_RE = re.compile(r"(?<![\w/.])\d[\d.,]*\+?(?![\d/.])")
_YEAR_RE = re.compile(r"^(?:19|20)\d\d$")
_ACTION_START_RE = re.compile(r"^[A-ZÄÖÜ][a-zäöüß]+(?:ed|te|t)\b|^(?:Led|Ran|Built|Cut|Won|Set)\b")


# A result in words: "zero RIDDOR-reportable accidents", "halved the backlog".
_WORD_IMPACT_RE = re.compile(r"\b(?:zero|doubled|halved|tripled|null)\b", re.I)


def _quantified(bullet: str) -> float:
    """How measurable a bullet is: a result (%, money, from-to, zero) beats a plain count;
    a year is no figure."""
    if _IMPACT_RE.search(bullet) or _WORD_IMPACT_RE.search(bullet):
        return 3.0
    counts = [m.group(0).rstrip("+") for m in _COUNT_RE.finditer(bullet)]
    return 2.0 if any(not _YEAR_RE.match(c) for c in counts) else 0.0


_NOT_A_JOB_RE = re.compile(
    r"^(?:education|certificat|qualification|training|skills|languages|interests|references"
    r"|courses|awards|ausbildung|weiterbildung|kenntnisse|sprachen|zertifikat|qualifikation)",
    re.I,
)


def _stories(ctx: _Context) -> list[_Story]:
    """The strongest bullets: quantified ones and those that show what the posting asks,
    most recent roles first on a tie, no more than a few from one job."""
    shows: dict[str, list[tuple[bool, str]]] = {}
    for i, e in enumerate(ctx.evidence):
        if e.met and e.evidence and e.status != Status.CONFIRMED:
            shows.setdefault(e.evidence, []).append((e.requirement.essential, ctx.labels[i]))
    header = {r.header for r in ctx.profile.roles}
    summary = " ".join(ctx.profile.summary)
    scored: list[_Story] = []
    for rank, role in enumerate(ctx.profile.roles):
        if not role.start and _NOT_A_JOB_RE.match(role.title):
            continue  # "Education and certificates" read as a job: its lines are no stories
        for index, bullet in enumerate(role.bullets):
            if _words(bullet) < 4 or not usable_proof(bullet, header=header, summary=summary):
                continue
            asked = shows.get(bullet, [])
            score = _quantified(bullet)
            score += min(4.0, sum(2.0 if essential else 1.0 for essential, _ in asked))
            score += 1.0 if _ACTION_START_RE.match(bullet) else 0.0
            score += max(0.0, 1.0 - rank * 0.5)
            score += 0.5 if 8 <= _words(bullet) <= 35 else 0.0
            labels = tuple(dict.fromkeys(name for _, name in asked))[:3]
            scored.append(_Story(role, ctx.original(bullet), labels, score, (rank, index)))
    scored.sort(key=lambda s: -s.score)  # stable: resume order on a tie
    chosen: list[_Story] = []
    per_role: dict[int, int] = {}
    for story in scored:
        if len(chosen) >= _MAX_STORIES:
            break
        if per_role.get(id(story.role), 0) >= _MAX_PER_ROLE:
            continue
        if len(chosen) >= 3 and story.score < 3.0:
            break  # three good stories beat five thin ones
        per_role[id(story.role)] = per_role.get(id(story.role), 0) + 1
        chosen.append(story)
    return sorted(chosen, key=lambda s: s.order)  # told in the resume's order


# Where a bullet's result starts: "…; cut turnover from 41% to 23%", "… that cut falls by 22%",
# "…, reducing costs by 10%", "… – Ergebnis: …".
_RESULT_SPLIT_RE = re.compile(
    r";\s+|\s+(?:that|which)\s+(?=\w+(?:ed|t)\b)|,\s+(?=(?:cutting|reducing|saving|increasing"
    r"|improving|raising|lifting|growing|bringing|resulting|leading to|delivering)\b)"
    r"|\s+[-–—]\s+(?=\S)",
    re.I,
)


# A result told in words: "deploys went from weekly to daily".
_CHANGE_RE = re.compile(
    r"\b(?:went|moved|grew|fell|dropped|rose|improved|reduced|cut|increased|decreased|shortened)"
    r"\s+(?:\w+\s+){0,3}?from\s+\S+(?:\s+\S+)?\s+to\b",
    re.I,
)


def _action_result(bullet: str) -> tuple[str, str | None]:
    """Split a bullet into its action and its result, both verbatim; (bullet, None) when it
    does not split at a result that holds a figure."""
    for m in _RESULT_SPLIT_RE.finditer(bullet):
        action, result = bullet[: m.start()].strip(), bullet[m.end() :].strip()
        if _words(action) >= 3 and (
            _quantified(result) >= 3
            or (_quantified(result) and not _quantified(action))
            or _CHANGE_RE.search(result)
        ):
            return action, result
    return bullet, None


def _star_section(ctx: _Context, stories: list[_Story]) -> list[str]:
    t = ctx.text
    out = [f"## {t['star']}"]
    if not stories:
        return [*out, t["no_bullets"], ""]
    out += [t["star_intro"], ""]
    for story in stories:
        role = story.role
        employer = ctx.original(role.employer) if role.employer else ""
        out.append(f"**{_role_name(ctx, role)}**")
        situation = (
            t["situation_q"].format(employer=employer) if employer else t["situation_q_plain"]
        )
        out.append(f"- **{t['situation']}** {situation}")
        out.append(f"- **{t['task']}** {t['task_q']}")
        action, result = _action_result(story.bullet)
        if result:
            out.append(f"- **{t['action']}** {ctx.quote(action)}")
            out.append(f"- **{t['result']}** {ctx.quote(result)}")
        elif _quantified(story.bullet) >= 3:
            out.append(f"- **{t['action_result']}** {ctx.quote(story.bullet)}")
        else:
            out.append(f"- **{t['action']}** {ctx.quote(story.bullet)}")
            out.append(f"- **{t['result']}** {t['result_q']}")
        if story.shows:
            out.append(f"- **{t['shows']}** {', '.join(story.shows)}")
        out.append("")
    return out


# --- questions to ask them -----------------------------------------------------------------

# Where the posting describes the team, most telling first: its size or make-up, joining or
# leading it, then any mention.
_TEAM_RES = (
    re.compile(
        r"\b\w*(?:team|brigade)\s+(?:of|is|are|has|consists|besteht|umfasst)\b"
        r"|\b[\w-]+-(?:person|strong)\s+(?:\w+\s+)?team\b",
        re.I,
    ),
    re.compile(
        r"\b(?:join|joining|lead|leading|manage|managing|part of|within)\s+(?:a|an|the|our|your)"
        r"\s+(?:[\w-]+\s+){0,3}team\b|\bunser(?:em|en)?\s+(?:[\w-]+\s+){0,2}Team\b",
        re.I,
    ),
    re.compile(r"\bteam\b", re.I),
)
_REPORT_RE = re.compile(
    r"\breport(?:s|ing)?\s+(?:\w+ly\s+|weekly\s+|daily\s+)?(?:in)?to\s+"
    r"((?:the\s+|our\s+|a\s+)?(?:[A-Z][\w&/-]*)(?:\s+(?:[A-Z][\w&/-]*|of|for))*)"
    r"|\b(?:berichten|berichtest|berichtet)\s+(?:direkt\s+)?an\s+(?:die|den|das|unsere?n?)?\s*"
    r"([A-ZÄÖÜ][\w-]*(?:\s+(?:[A-ZÄÖÜ][\w-]*|of|for))*)"
)
# The hiring process as the posting states it ("Interviews will be held on 14 March"); not
# job-board chrome ("Referrals increase your chances of interviewing").
_PROCESS_RE = re.compile(
    r"\binterviews?\s+(?:will|are|is|process|stages?|take|with|held)\b"
    r"|\b(?:first|second|final|two|three)[- ](?:stage|round)\b|\bassessment (?:day|centre|center)"
    r"|\btrial (?:shift|day)|\bselection (?:process|day)|\bhiring process|\bshortlisted\b"
    r"|\bVorstellungsgespräch\w*|\bAuswahlverfahren\w*|\bProbearbeit\w*|\bKennenlern\w*"
    r"|\bBewerbungsprozess\w*",
    re.I,
)


_CLAUSE_END_RE = re.compile(r"[,;)]|\.(?=\s|$)")  # not the point in "1.2M"


def _clause(sentence: str, start: int, end: int) -> str:
    """The clause of a sentence around a match: "leading a team of around 45 nurses"."""
    left = max(sentence.rfind(c, 0, start) for c in ",;:(")
    right = _CLAUSE_END_RE.search(sentence, end)
    clause = sentence[left + 1 : right.start() if right else len(sentence)].strip()
    if _words(clause) < 3:
        clause = sentence
    if clause.count("(") > clause.count(")"):
        clause = clause[: clause.rfind("(")]  # "a team of five (two Financial Accountants"
    clause = re.sub(r"^[^\w(„“\"']+|[^\w)”\"'%£$€]+$", "", clause)  # emoji, list marks
    clause = re.sub(r"^(?:and|or|but|so|und|oder|aber)\s+", "", clause.strip(" .,;:"))
    return clause.strip(" .,;:")


# Sentences that mention a team or an interview but describe neither: a requirement ("Ability
# to work as part of a team") or an accessibility statement.
_NOT_A_DESCRIPTION_RE = re.compile(
    r"^(?:ability|able|experience|knowledge|proven|strong|excellent|willing|good)\b"
    r"|\baccommodations?\b|\badjustments\b",
    re.I,
)


def _find(
    ctx: _Context, rx: re.Pattern[str], *, skip: frozenset[str] = frozenset()
) -> tuple[str, re.Match[str]] | None:
    """The first posting sentence (as written) the pattern finds something in, outside the
    lines in `skip` (by key): only lines that match are split into sentences."""
    for line in ctx.posting_lines:
        if not rx.search(line) or _key(line) in skip:
            continue
        for sentence in split_sentences(strip_markdown(strip_bullet(line))):
            m = rx.search(sentence)
            if m and _words(sentence) <= 60 and not _NOT_A_DESCRIPTION_RE.search(sentence):
                return sentence, m
    return None


def _ask_section(ctx: _Context) -> list[str]:
    t = ctx.text
    out = [f"## {t['ask']}"]
    asks: list[str] = []
    grounded = bool(ctx.analysis.requirements or ctx.analysis.responsibilities)
    # Benefits ("an annual team trip") and requirements ("able to work in a team") say
    # nothing about the team itself.
    a = ctx.analysis
    not_about_team = frozenset(_key(x) for x in [*a.benefits, *a.must_haves, *a.nice_to_haves])
    phrase = ""
    for rx in _TEAM_RES if grounded else ():
        team = _find(ctx, rx, skip=not_about_team)
        phrase = _clause(team[0], team[1].start(), team[1].end()) if team else ""
        if phrase and 3 <= _words(phrase) <= 14:
            break
        phrase = ""
    if phrase:
        asks.append(t["ask_team"].format(quote=ctx.quote(phrase)))
    else:  # no team named, or only inside a long sentence that would not read as a quote
        asks.append(t["ask_team_plain"])
    report = _find(ctx, _REPORT_RE) if grounded else None
    if report:
        boss = (report[1].group(1) or report[1].group(2) or "").strip()
        if boss:
            asks.append(t["ask_report"].format(quote=ctx.quote(boss)))
    duties = ctx.duties
    if duties:
        # A duty the likely questions did not already use, when there is one.
        duty = duties[3] if len(duties) > 3 else duties[-1]
        asks.append(t["ask_duty"].format(quote=ctx.quote(duty.rstrip("."))))
    else:
        asks.append(t["ask_success"])
    # A gap worth asking about: a skill first, then a qualification, then anything else
    # that is not a job title ("How much of the work involves Site Manager" makes no sense).
    preference = (RequirementKind.SKILL, RequirementKind.CERTIFICATION, RequirementKind.OTHER)
    candidates = [
        i
        for i, e in enumerate(ctx.evidence)
        if not e.met
        and not e.requirement.is_check
        and e.requirement.kind in preference
        and not _is_title(e.requirement.name)
        # a thing one is trained in ("Makaton"), not a trait or a whole posting line
        # ("… build positive relationships with children and staff")
        and len(e.requirement.name.split()) <= _MAX_ASK_WORDS
        and not find_soft_skills(e.requirement.name)
    ]
    candidates.sort(
        key=lambda i: (
            not ctx.evidence[i].requirement.essential,
            preference.index(ctx.evidence[i].requirement.kind),
        )
    )
    gap = candidates[0] if candidates else None
    if gap is not None:
        key = "ask_cert" if ctx.evidence[gap].requirement.kind in _CREDENTIALS else "ask_gap"
        asks.append(t[key].format(name=ctx.quote(ctx.labels[gap])))
    elif ctx.analysis.must_have_skills:
        asks.append(t["ask_tool"].format(name=ctx.quote(ctx.analysis.must_have_skills[0])))
    process = _find(ctx, _PROCESS_RE) if grounded else None
    if process:
        phrase = _shortened(_clause(process[0], process[1].start(), process[1].end()), 90)
        asks.append(t["ask_process"].format(quote=ctx.quote(phrase)))
    else:
        asks.append(t["ask_process_plain"])
    out += [f"- {a}" for a in asks[:5]]
    return [*out, ""]


__all__ = ["interview_prep"]
