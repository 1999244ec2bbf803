"""`jobforge analyze` and `jobforge match`: the understanding of postings and resumes on the
command line, offline, with no database and no Telegram (for scripting and evaluation)."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections.abc import Awaitable, Callable
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from bot.documents.reading import UnreadableDocument, detect_kind, extract_resume_text
from bot.documents.text_cleanup import normalize_text
from bot.generation.checked import generate_checked
from bot.generation.claims_check import check_text
from bot.generation.engine import DocumentKind, Engine, GenerationInput
from bot.generation.evidence import Fact
from bot.generation.match import compute_match
from bot.generation.offline import OfflineEngine
from bot.generation.places import place_of
from bot.generation.posting import UNKNOWN_COMPANY, UNKNOWN_ROLE, PostingAnalysis, analyze_posting
from bot.generation.requirements import Requirement
from bot.generation.resume_profile import analyze_resume


class InputError(Exception):
    """A file the command cannot use; printed as one line, exit 2."""


def read_text(path: str) -> str:
    """Text of a .txt/.md/.pdf/.docx file, read the same way the bot reads an upload."""
    file = Path(path)
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    if detect_kind(file.name, data) in ("pdf", "docx"):
        try:
            return extract_resume_text(file.name, data)
        except UnreadableDocument as exc:
            raise InputError(f"{path}: {exc}") from None
    text = normalize_text(data.decode("utf-8", errors="replace"))
    if not text.strip():
        raise InputError(f"{path} is empty")
    return text


def read_facts(path: str | None) -> list[Fact]:
    """Facts JSON: a list of strings ("Kubernetes") or objects {skill, has, detail}."""
    if not path:
        return []
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read facts from {path}: {exc}") from None
    items = raw.get("facts", raw) if isinstance(raw, dict) else raw
    if not isinstance(items, list):
        raise InputError(f"{path}: expected a list of facts")
    facts: list[Fact] = []
    for item in items:
        if isinstance(item, str):
            facts.append(Fact(item))
        elif isinstance(item, dict) and isinstance(item.get("skill"), str):
            has = item.get("has", item.get("answer", True))
            facts.append(
                Fact(item["skill"], has not in (False, "no", "No"), str(item.get("detail", "")))
            )
    return facts


def _requirement_json(req: Requirement) -> dict[str, Any]:
    out: dict[str, Any] = {"name": req.name, "essential": req.essential, "kind": req.kind.value}
    if req.alternatives:
        out["alternatives"] = list(req.alternatives)
    if req.years is not None:
        out["years"] = req.years
    if req.level:
        out["level"] = req.level
    out["source"] = req.source
    return out


def posting_json(a: PostingAnalysis) -> dict[str, Any]:
    city = country = None
    for part in (a.location or "").split(","):
        place = place_of(part)
        if place and place.kind == "city" and city is None:
            city = part.strip()
        elif place and place.kind in ("country", "state") and country is None:
            country = place.name
    if a.location and city is None and country is None:
        city = a.location.split(",")[0].strip()
    return {
        "company": None if a.company == UNKNOWN_COMPANY else a.company,
        "role": None if a.role == UNKNOWN_ROLE else a.role,
        "location": a.location,
        "city": city,
        "country": country,
        "work_mode": a.remote,
        "seniority": a.seniority,
        "years_required": max((r.years or 0 for r in a.requirements), default=0) or None,
        "salary": a.salary,
        "benefits": a.benefits,
        "requirements": [_requirement_json(r) for r in a.requirements],
        "essential": [r.name for r in a.requirements if r.essential],
        "desirable": [r.name for r in a.requirements if not r.essential],
        "degrees": [r.name for r in a.requirements if r.kind == "degree"],
        "certifications": [r.name for r in a.requirements if r.kind == "certification"],
        "languages": [
            {"language": r.name.split(" (")[0], "level": r.level}
            for r in a.requirements
            if r.kind == "language"
        ],
        "responsibilities": a.responsibilities,
        "red_flags": a.red_flags,
        "injection_detected": a.injection_detected,
    }


def _print(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def analyze_command(args: argparse.Namespace) -> int:
    _print(posting_json(analyze_posting(read_text(args.posting))))
    return 0


def match_command(args: argparse.Namespace) -> int:
    resume = analyze_resume(read_text(args.resume))
    posting = analyze_posting(read_text(args.posting))
    report = compute_match(resume, posting, read_facts(args.facts))
    _print(
        {
            "score": report.score,
            "components": report.components,
            "explanation": report.explanation,
            "requirements": [
                {
                    **_requirement_json(e.requirement),
                    "status": e.status.value,
                    "evidence": e.evidence,
                    "matched": e.matched,
                }
                for e in report.evidence
            ],
            "missing": report.missing,
            "missing_essentials": report.missing_essentials,
            "resume": {
                "name": resume.name,
                "email": resume.email,
                "roles": [asdict(r) | {"header": None} for r in resume.roles],
                "skills": resume.skills,
                "education": resume.education,
                "certifications": resume.certifications,
                "languages": resume.languages,
            },
        }
    )
    return 0


def check_command(args: argparse.Namespace) -> int:
    resume = read_text(args.resume)
    text = read_text(args.text)
    posting = read_text(args.posting) if args.posting else None
    claims = check_text(resume, text, posting=posting, facts=read_facts(args.facts), kind=args.kind)
    _print(
        {"unsupported": [{"kind": c.kind, "text": c.text, "sentence": c.sentence} for c in claims]}
    )
    return 0


def tailor_command(args: argparse.Namespace) -> int:
    """A whole pack: research, optimized resume, cover letter, match before/after. With
    OPENAI_API_KEY set the model writes it, else the offline engine; both through the same
    generate → check → revise → repair loop as the bot's steps."""
    resume, posting = read_text(args.resume), read_text(args.posting)
    facts = tuple(read_facts(args.facts))
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create {out}: {exc.strerror}") from None
    texts, removed, engine_name = asyncio.run(_tailor(resume, posting, facts))
    for file_name, text in texts.items():
        (out / file_name).write_text(text, encoding="utf-8")
    before = compute_match(resume, posting, facts)
    after = compute_match(texts["resume.md"], posting, facts)
    keywords = [
        compute_match(t, posting, facts, words_only=True).score
        for t in (resume, texts["resume.md"])
    ]
    match = {
        "before": before.score,
        "after": after.score,
        "keywords_before": keywords[0],
        "keywords_after": keywords[1],
        "missing_before": before.missing,
        "missing_after": after.missing,
        "removed_claims": removed,
        "engine": engine_name,
    }
    (out / "match.json").write_text(
        json.dumps(match, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    _print(match)
    return 0


_FILES: dict[DocumentKind, str] = {
    "research_report": "research.md",
    "optimized_resume": "resume.md",
    "cover_letter": "cover_letter.md",
}


async def _tailor(
    resume: str, posting: str, facts: tuple[Fact, ...]
) -> tuple[dict[str, str], dict[str, list[dict[str, str]]], str]:
    engine, close = _engine()
    inp = GenerationInput(posting=posting, resume=resume, facts=facts)
    texts: dict[str, str] = {}
    removed: dict[str, list[dict[str, str]]] = {}
    try:
        for kind, file_name in _FILES.items():
            checked = await generate_checked(engine, kind, inp)
            texts[file_name] = checked.text
            if checked.removed:
                removed[file_name] = [{"kind": c.kind, "text": c.text} for c in checked.removed]
            if kind == "research_report":
                inp = replace(inp, research=checked.text)
            elif kind == "optimized_resume":
                inp = replace(inp, optimized_resume=checked.text)
    finally:
        await close()
    return texts, removed, engine.name


def _engine() -> tuple[Engine, Callable[[], Awaitable[None]]]:
    if not os.environ.get("OPENAI_API_KEY"):
        return OfflineEngine(), _nothing
    from bot.config import ConfigError, load_settings
    from bot.engines import build_engine

    try:
        engine, _, close = build_engine(load_settings())
    except ConfigError as exc:
        raise InputError(str(exc)) from None
    return engine, close


async def _nothing() -> None:
    return None


def add_parsers(sub: Any) -> None:
    analyze = sub.add_parser("analyze", help="print the analysis of a job posting as JSON")
    analyze.add_argument("posting", metavar="POSTING_FILE")
    match = sub.add_parser("match", help="print the match of a resume against a posting as JSON")
    match.add_argument("resume", metavar="RESUME_FILE")
    match.add_argument("posting", metavar="POSTING_FILE")
    match.add_argument("--facts", metavar="FACTS_JSON")
    check = sub.add_parser("check", help="list claims in a text that the resume does not support")
    check.add_argument("resume", metavar="RESUME_FILE")
    check.add_argument("text", metavar="TEXT_FILE")
    check.add_argument("--posting", metavar="POSTING_FILE")
    check.add_argument("--kind", choices=("resume", "letter", "research"), default="resume")
    check.add_argument("--facts", metavar="FACTS_JSON")
    tailor = sub.add_parser("tailor", help="write research, resume, letter and match.json to DIR")
    tailor.add_argument("resume", metavar="RESUME_FILE")
    tailor.add_argument("posting", metavar="POSTING_FILE")
    tailor.add_argument("--out", metavar="DIR", required=True)
    tailor.add_argument("--facts", metavar="FACTS_JSON")


COMMANDS = {
    "analyze": analyze_command,
    "match": match_command,
    "check": check_command,
    "tailor": tailor_command,
}
