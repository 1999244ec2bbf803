"""What the OpenAI stand-in answers: it reads the data blocks of JobForge's own prompts and
writes the requested step's document with the offline engine, plus JSON for structured output
and deterministic embeddings."""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass
from typing import Any

from bot.generation.engine import DocumentKind, Finding, GenerationInput
from bot.generation.offline import OfflineEngine
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


def _generation_input(p: ParsedPrompt) -> GenerationInput:
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


_KINDS: dict[str, DocumentKind] = {
    "research_report": "research_report",
    "optimized_resume": "optimized_resume",
    "cover_letter": "cover_letter",
}


async def build_document(p: ParsedPrompt) -> str:
    """The answer for a parsed prompt, written by the offline engine (the model style then
    makes it read like a model's, see model_style.py); anything else is echoed."""
    engine = OfflineEngine()
    if p.step == "job_facts":
        facts = await engine.extract_job_facts(p.blocks.get("job_posting", ""))
        return json.dumps(
            {
                "company": facts.company,
                "role": facts.role,
                "location": facts.location,
                "remote": facts.remote,
            }
        )
    if p.step == "revise":
        findings = [Finding(kind="claim", text=c) for c in _claims(p)]
        draft = p.blocks.get("draft", "")
        kind = _KINDS.get(p.kind, "cover_letter")
        result = await engine.revise(kind, _generation_input(p), draft, findings)
        # Belt and braces: a revision must never keep a listed claim.
        return _remove_claims(result.text, p.blocks.get("unsupported_claims", ""))
    if p.step in _KINDS:
        return (await engine.generate(_KINDS[p.step], _generation_input(p))).text
    return f"This is the JobForge stand-in model. You wrote: {p.blocks.get('_text', '').strip()}"


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
