"""What the OpenAI stand-in answers: it reads the data blocks of JobForge's own prompts and
writes a realistic document for the requested step (with the offline engine when it can),
plus JSON for structured output and deterministic embeddings."""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass
from typing import Any

from bot.llm.prompts import DATA_TAGS

_LANG_CODES = {
    "english": "en",
    "german": "de",
    "french": "fr",
    "spanish": "es",
    "italian": "it",
    "dutch": "nl",
    "portuguese": "pt",
    "polish": "pl",
    "ukrainian": "uk",
    "russian": "ru",
    "turkish": "tr",
}


def _unescape(text: str) -> str:
    tags = "|".join(DATA_TAGS)
    return re.sub(rf"&lt;(\s*/?\s*(?:{tags})\b)", r"<\1", text, flags=re.IGNORECASE)


def parse_blocks(prompt: str) -> tuple[dict[str, str], str]:
    """Data blocks by tag (unescaped), and the prompt text outside them (our instructions)."""
    blocks: dict[str, str] = {}
    outside = prompt
    for tag in DATA_TAGS:
        match = re.search(rf"<{tag}>\n?(.*?)\n?</{tag}>", outside, re.DOTALL)
        if match:
            blocks[tag] = _unescape(match.group(1).strip())
            outside = outside[: match.start()] + outside[match.end() :]
    return blocks, outside


@dataclass
class ParsedPrompt:
    step: str
    blocks: dict[str, str]
    company: str = ""
    role: str = ""
    language: str = "en"
    candidate: str | None = None
    kind: str = ""


def parse_prompt(messages: list[dict[str, Any]]) -> ParsedPrompt:
    """Identify the step and its inputs from a JobForge prompt."""
    user = "\n\n".join(str(m.get("content") or "") for m in messages if m.get("role") != "system")
    blocks, outside = parse_blocks(user)
    step_match = re.search(r"#\s*Task:\s*(\w+)", outside)
    step = step_match.group(1) if step_match else "chat"
    parsed = ParsedPrompt(step=step, blocks={**blocks, "_text": outside})
    target = dict(
        line.split(": ", 1) for line in blocks.get("target_job", "").split("\n") if ": " in line
    )
    role, company = target.get("Role", ""), target.get("Company", "")
    parsed.role = "" if role.startswith("as stated") else role
    parsed.company = "" if company.startswith("as stated") else company
    lang = re.search(r"Output language:\s*([^.\n]+)", outside)
    if lang:
        name = lang.group(1).strip()
        parsed.language = _LANG_CODES.get(name.lower(), name)
    signer = target.get("Candidate", "")
    if signer and not signer.startswith("as named"):
        parsed.candidate = signer
    kind = re.search(r"Revise the (research report|optimized resume|cover letter)", outside)
    if kind:
        parsed.kind = kind.group(1).replace(" ", "_")
    return parsed


# ---- documents --------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return [line.strip(" -*•\t") for line in text.splitlines() if line.strip(" -*•\t")]


def guess_job_facts(posting: str) -> dict[str, Any]:
    """Cheap extraction for when the offline engine is not available."""
    lines = _lines(posting)
    company = role = ""
    for line in lines:
        label, _, value = line.partition(":")
        if not company and label.lower() in ("company", "employer"):
            company = value.strip()
        if not role and label.lower() in ("role", "title", "position", "job title"):
            role = value.strip()
    if lines and (not role or not company):
        head = re.match(r"(.+?)\s+(?:at|@|-|–|—|\|)\s+(.+)", lines[0])
        if head:
            role = role or head.group(1).strip()
            company = company or head.group(2).strip()
        else:
            role = role or lines[0][:80]
    low = posting.lower()
    remote = next((v for v in ("hybrid", "remote") if v in low), None)
    if remote is None and ("on-site" in low or "onsite" in low):
        remote = "onsite"
    loc = re.search(r"(?im)^\s*location:\s*(.+)$", posting)
    return {
        "company": company,
        "role": role,
        "location": loc.group(1).strip() if loc else None,
        "remote": remote,
    }


_SECTION_HINTS = {
    "must": ("must have", "requirements", "required", "what you bring", "qualifications"),
    "nice": ("nice to have", "bonus", "preferred", "plus"),
    "duties": ("responsibilities", "what you will do", "your tasks", "you will"),
}


def posting_sections(posting: str) -> dict[str, list[str]]:
    """Bullets under the posting's own headings (must-haves, nice-to-haves, duties)."""
    found: dict[str, list[str]] = {key: [] for key in _SECTION_HINTS}
    current: str | None = None
    for raw in posting.splitlines():
        line = raw.strip()
        if not line:
            continue
        heading = line.rstrip(":").lower()
        match = next(
            (k for k, hints in _SECTION_HINTS.items() if any(heading.startswith(h) for h in hints)),
            None,
        )
        if match and (line.endswith(":") or len(line) < 40):
            current = match
            continue
        if current and line[0] in "-*•":
            found[current].append(line.strip(" -*•"))
        elif line.endswith(":"):
            current = None
    return found


def _mentions(text: str, item: str) -> str:
    words = [w for w in re.findall(r"[A-Za-z][\w+#./-]+", item) if len(w) > 2]
    hits = sum(1 for w in words if w.lower() in text.lower())
    if not words or hits == 0:
        return "resume: no"
    return "resume: yes" if hits * 2 >= len(words) else "resume: partly"


def _keywords(posting: str, limit: int = 15) -> list[str]:
    seen: dict[str, None] = {}
    for word in re.findall(r"\b[A-Z][A-Za-z0-9+#./-]{1,}\b", posting):
        if word.lower() not in ("the", "we", "you", "our", "about", "must", "nice", "location"):
            seen.setdefault(word, None)
    return list(seen)[:limit]


def _fallback_research(p: ParsedPrompt, company: str, role: str) -> str:
    posting = p.blocks.get("job_posting", "")
    resume = p.blocks.get("resume", "")
    parts = posting_sections(posting)
    facts = guess_job_facts(posting)
    nothing = ["Not stated in the posting"]

    def bullets(items: list[str], tag: bool = False) -> list[str]:
        if not items:
            return nothing
        return [f"- {i} ({_mentions(resume, i)})" if tag else f"- {i}" for i in items]

    return "\n".join(
        [
            f"# Research: {role} at {company}",
            "## Company",
            company,
            "## Role",
            role,
            "## Seniority",
            "Senior" if "senior" in role.lower() else "Not stated in the posting",
            "## Location and remote",
            f"{facts['location'] or 'Not stated in the posting'} ({facts['remote'] or 'unclear'})",
            "## Must-haves",
            *bullets(parts["must"], tag=True),
            "## Nice-to-haves",
            *bullets(parts["nice"], tag=True),
            "## Responsibilities",
            *bullets(parts["duties"]),
            "## Tech stack",
            ", ".join(_keywords(posting, 8)) or nothing[0],
            "## Keywords",
            ", ".join(_keywords(posting)) or nothing[0],
            "## Questions to ask",
            "- How is the team split between new features and maintenance?",
            "- What would success look like after the first six months?",
            "- How are on-call duties organised?",
            "- What is the salary range for this role?",
            "## Red flags",
            "- The posting names no salary range." if "€" not in posting else "None found",
            "## General knowledge (not verified)",
            "Nothing to add",
        ]
    )


def _fallback_resume(p: ParsedPrompt, role: str) -> str:
    lines = _lines(p.blocks.get("resume", ""))
    if not lines:
        return "# Resume\n\nNo resume was provided."
    name, rest = lines[0], lines[1:]
    keywords = {k.lower() for k in _keywords(p.blocks.get("job_posting", ""), 30)}

    def relevance(line: str) -> int:
        return -sum(1 for w in re.findall(r"[\w+#]+", line.lower()) if w in keywords)

    bullets = sorted((ln for ln in rest if len(ln.split()) > 3), key=relevance)
    short = [ln for ln in rest if len(ln.split()) <= 3]
    return "\n".join(
        [
            f"# {name}",
            "## Profile",
            f"Candidate for the {role} role. Most relevant experience first.",
            "## Experience",
            *(f"- {ln}" for ln in bullets),
            "## Other",
            *(f"- {ln}" for ln in short),
        ]
    )


def _fallback_letter(p: ParsedPrompt, company: str, role: str) -> str:
    resume_lines = _lines(p.blocks.get("resume", ""))
    posting = p.blocks.get("job_posting", "")
    signer = p.candidate or (resume_lines[0] if resume_lines else "The candidate")
    evidence = [
        ln
        for ln in resume_lines[1:]
        if len(ln.split()) > 4 and not re.search(r"\b(19|20)\d\d\b", ln)
    ][:4] or ["worked on the projects described in my resume"]
    must = posting_sections(posting)["must"][:3]
    paragraphs = [
        f"Dear {company} hiring team,",
        f"I am writing to apply for the {role} position. Reading the posting, I recognised "
        "the kind of work I have been doing in my recent roles, and I would like to bring that "
        "experience to your team.",
        "In my work so far I have "
        + "; ".join(e[0].lower() + e[1:] for e in evidence)
        + ". These are the parts of my background that match your needs most closely, and "
        "they taught me to take ownership of what I build, to measure before I optimise and "
        "to explain technical trade-offs to colleagues outside engineering.",
        "Your posting asks for "
        + (", ".join(must) if must else "a reliable, hands-on engineer")
        + ". My resume shows where I meet these requirements, and where I do not yet, I am "
        "keen to learn quickly from the team and to share what I know in return.",
        f"I would welcome the chance to discuss how I could contribute to {company}. "
        "Thank you for considering my application; I look forward to hearing from you.",
        f"Kind regards,\n{signer}",
    ]
    return "\n\n".join(paragraphs)


def _fallback_document(p: ParsedPrompt) -> str:
    """A plain but realistic document built only from the prompt's data blocks."""
    company = p.company or "the company"
    role = p.role or "the role"
    if p.step == "research_report":
        return _fallback_research(p, company, role)
    if p.step == "optimized_resume":
        return _fallback_resume(p, role)
    if p.step == "cover_letter":
        return _fallback_letter(p, company, role)
    return f"This is the JobForge stand-in model. You wrote: {p.blocks.get('_text', '').strip()}"


def _remove_claims(draft: str, claims_block: str) -> str:
    claims = [re.sub(r"\s*\([^)]*\)\s*$", "", c) for c in _lines(claims_block)]
    kept = []
    for line in draft.splitlines():
        sentences = re.split(r"(?<=[.!?])\s+", line)
        sentences = [s for s in sentences if not any(c and c.lower() in s.lower() for c in claims)]
        if line.strip() and not sentences:
            continue
        kept.append(" ".join(sentences))
    return "\n".join(kept)


def _offline_engine() -> Any | None:
    try:
        from bot.generation.offline import OfflineEngine
    except Exception:
        return None
    try:
        return OfflineEngine()
    except Exception:
        return None


def _generation_input(p: ParsedPrompt) -> Any:
    from bot.generation.engine import GenerationInput

    b = p.blocks
    return GenerationInput(
        posting=b.get("job_posting", ""),
        resume=b.get("resume", ""),
        company=p.company,
        role=p.role,
        research=b.get("research"),
        optimized_resume=b.get("optimized_resume"),
        feedback=b.get("feedback"),
        previous=b.get("previous_version"),
        language=p.language,
        candidate_name=p.candidate,
        related_context=b.get("related_context"),
    )


async def build_document(p: ParsedPrompt, *, use_offline_engine: bool = True) -> str:
    """The answer for a parsed prompt: via OfflineEngine when importable, else a fallback."""
    engine = _offline_engine() if use_offline_engine else None
    if p.step == "job_facts":
        data = guess_job_facts(p.blocks.get("job_posting", ""))
        if engine is not None:
            try:
                facts = await engine.extract_job_facts(p.blocks.get("job_posting", ""))
                data = {
                    "company": facts.company,
                    "role": facts.role,
                    "location": facts.location,
                    "remote": facts.remote,
                }
            except Exception:  # noqa: S110 - the fallback above is good enough
                pass
        return json.dumps(data)
    if p.step == "revise":
        draft = p.blocks.get("draft", "")
        if engine is not None:
            try:
                from bot.generation.engine import Finding

                findings = [Finding(kind="claim", text=c) for c in _claims(p)]
                result = await engine.revise(
                    p.kind or "cover_letter", _generation_input(p), draft, findings
                )
                # Belt and braces: a revision must never keep a listed claim.
                return _remove_claims(str(result.text), p.blocks.get("unsupported_claims", ""))
            except Exception:  # noqa: S110
                pass
        return _remove_claims(draft, p.blocks.get("unsupported_claims", ""))
    if engine is not None and p.step in ("research_report", "optimized_resume", "cover_letter"):
        try:
            result = await engine.generate(p.step, _generation_input(p))
            return str(result.text)
        except Exception:  # noqa: S110
            pass
    return _fallback_document(p)


def _claims(p: ParsedPrompt) -> list[str]:
    return [
        re.sub(r"\s*\([^)]*\)\s*$", "", c) for c in _lines(p.blocks.get("unsupported_claims", ""))
    ]


def plant(document: str, claim: str) -> str:
    """Insert a fabricated claim after the first paragraph (where a model would boast)."""
    parts = document.split("\n\n", 1)
    if len(parts) == 1:
        return f"{document}\n\n{claim}"
    return f"{parts[0]}\n\n{claim}\n\n{parts[1]}"


def schema_document(schema: dict[str, Any], doc: str) -> str:
    """Coerce an answer to the requested JSON schema's keys (our job facts, or defaults)."""
    try:
        data = json.loads(doc)
    except json.JSONDecodeError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    props = schema.get("properties", {}) if isinstance(schema, dict) else {}
    result: dict[str, Any] = {}
    for key, spec in props.items():
        kinds = spec.get("type") if isinstance(spec, dict) else None
        nullable = isinstance(kinds, list) and "null" in kinds
        value = data.get(key)
        if value is None and not nullable:
            value = ""
        result[key] = value
    return json.dumps(result or data)


def embedding(text: str, dims: int) -> list[float]:
    """Hashed bag of words, L2-normalised: texts sharing words get similar vectors."""
    vector = [0.0] * dims
    for word in re.findall(r"\w+", text.lower()):
        digest = hashlib.blake2b(word.encode(), digest_size=8).digest()
        index = int.from_bytes(digest[:4], "little") % dims
        vector[index] += 1.0 if digest[4] & 1 else -1.0
    norm = math.sqrt(sum(v * v for v in vector))
    if norm == 0:
        vector[0] = 1.0
        return vector
    return [v / norm for v in vector]
