"""The model path end to end: what an inventing model's pack looks like after the check.

    uv run python -m evaluation.model_path [--seeds N] [--details]

For every labelled pair in tests/fixtures/match_pairs, the three documents are written by
the OpenAI stand-in in its model style (it paraphrases the resume's facts and invents one
claim per document: a missing requirement, an inflated figure, seniority, a language or a
certificate), over real HTTP through `OpenAIEngine`, and go through the same
generate → check → revise → repair loop as the bot's steps. Printed: inventions caught,
honest (paraphrase-only) documents that lost a line, broken sentences after repair, and the
prompt size of a pack with the evidence map in it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bot.generation.checked import generate_checked
from bot.generation.engine import DocumentKind, GenerationInput
from bot.llm.client import LLMClient
from bot.llm.engine import OpenAIEngine
from bot.llm.prompts import evidence_map, generation_messages
from playground.model_style import ModelStyle
from playground.openai_api import OpenAIStandIn, count_tokens

PAIRS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "match_pairs"
KINDS: tuple[DocumentKind, ...] = ("research_report", "optimized_resume", "cover_letter")
_DANGLING = re.compile(r"\b(?:and|or|with|of|in|to|the|a|an|your|for|as)[.,;:]?$", re.I)


@dataclass
class ModelPathScores:
    documents: int = 0
    planted: Counter[str] = field(default_factory=Counter)
    caught: Counter[str] = field(default_factory=Counter)
    broken: int = 0
    pack_tokens: list[int] = field(default_factory=list)
    map_tokens: list[int] = field(default_factory=list)
    details: list[str] = field(default_factory=list)


def broken_lines(text: str) -> list[str]:
    """Lines a repair left hanging on a word that needs a continuation."""
    return [ln for ln in text.splitlines() if ln.strip() and _DANGLING.search(ln.strip())]


def _pairs(limit: int | None = None) -> list[tuple[str, str, str]]:
    out = []
    for path in sorted(PAIRS.glob("*.json"))[:limit]:
        data = json.loads(path.read_text(encoding="utf-8"))
        resume = (PAIRS.parent / data["resume"]).read_text(encoding="utf-8")
        posting = (PAIRS.parent / data["posting"]).read_text(encoding="utf-8")
        out.append((path.stem, resume, posting))
    return out


async def evaluate_model_path(seeds: int = 2, limit: int | None = None) -> ModelPathScores:
    s = ModelPathScores()
    async with OpenAIStandIn() as model:
        client = LLMClient(api_key="sk-eval", model="gpt-4o-mini", base_url=f"{model.url}/v1")
        engine = OpenAIEngine(client)
        try:
            for name, resume, posting in _pairs(limit):
                inp = GenerationInput(posting=posting, resume=resume)
                s.map_tokens.append(count_tokens(evidence_map(inp)))
                s.pack_tokens.append(
                    sum(
                        count_tokens(m["content"])
                        for kind in KINDS
                        for m in generation_messages(kind, inp)
                    )
                )
                for seed in range(1, seeds + 1):
                    style = ModelStyle(seed=seed, invent_rate=1.0)
                    model.style = style
                    for kind in KINDS:
                        before = len(style.planted)
                        checked = await generate_checked(engine, kind, inp)
                        _score(s, name, kind, checked.text, style.planted[before:])
        finally:
            await client.aclose()
    return s


def _score(
    s: ModelPathScores, name: str, kind: str, text: str, planted: list[tuple[str, str, str]]
) -> None:
    s.documents += 1
    lowered = text.lower()
    for what, invented, carrier in planted:
        s.planted[what] += 1
        if carrier.lower().rstrip(".") in lowered:
            s.details.append(f"kept [{what}] {invented!r} in {name} {kind}")
        else:
            s.caught[what] += 1
    for line in broken_lines(text):
        s.broken += 1
        s.details.append(f"broken line in {name} {kind}: {line!r}")


async def honest_changes(limit: int | None = None) -> tuple[int, int, list[str]]:
    """Paraphrase-only documents the loop changed (a false flag costs the user a true line)."""
    changed, total, details = 0, 0, []
    async with OpenAIStandIn() as model:
        model.style = ModelStyle(invent_rate=0.0)
        client = LLMClient(api_key="sk-eval", model="gpt-4o-mini", base_url=f"{model.url}/v1")
        engine = OpenAIEngine(client)
        try:
            for name, resume, posting in _pairs(limit):
                inp = GenerationInput(posting=posting, resume=resume)
                for kind in KINDS:
                    total += 1
                    checked = await generate_checked(engine, kind, inp)
                    if checked.removed:
                        changed += 1
                        details.append(f"honest {name} {kind} lost: {checked.removed_labels}")
        finally:
            await client.aclose()
    return changed, total, details


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=2, help="inventing runs per pair")
    parser.add_argument("--details", action="store_true")
    args = parser.parse_args(argv)
    s = asyncio.run(evaluate_model_path(seeds=args.seeds))
    changed, total, honest_details = asyncio.run(honest_changes())
    planted, caught = sum(s.planted.values()), sum(s.caught.values())
    print(f"pairs: {len(s.pack_tokens)}, documents: {s.documents}")
    print(f"inventions caught:            {caught}/{planted} ({100 * caught / planted:.1f}%)")
    for what in sorted(s.planted):
        print(f"  {what:<14}{s.caught[what]}/{s.planted[what]}")
    print(f"honest documents changed:     {changed}/{total}")
    print(f"broken lines after repair:    {s.broken}")
    mean_pack = sum(s.pack_tokens) / len(s.pack_tokens)
    mean_map = sum(s.map_tokens) / len(s.map_tokens)
    print(
        f"prompt per pack (3 steps):    ~{mean_pack:,.0f} tokens (4 chars/token), evidence map "
        f"~{mean_map:,.0f} per step ({100 * 3 * mean_map / mean_pack:.1f}% of the pack)"
    )
    if args.details:
        for line in [*s.details, *honest_details]:
            print(" ", line)
    return 0 if caught == planted and s.broken == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
