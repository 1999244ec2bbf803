"""Generate → check → revise → repair: the one loop every engine's output goes through.

The bot's steps and `jobforge tailor` both call `generate_checked`, with the offline engine
or a model alike: the check (`claims_check.check_text`) judges the draft against the resume,
the user's confirmed facts and the evidence map; the engine gets one chance to revise what
was flagged; whatever is still flagged is repaired (a bullet back to its source, a sentence
removed whole), so no output carries an unsupported claim or a half sentence.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.generation.claims_check import check_text
from bot.generation.engine import DeltaCallback, DocumentKind, Engine, EngineResult, GenerationInput
from bot.generation.guard import Claim, to_findings
from bot.generation.scrub import scrub_claims

MAX_REPAIR_PASSES = 3


@dataclass(frozen=True)
class CheckedText:
    text: str
    removed: list[Claim]  # what the check found, in the draft or the revision
    usage: list[EngineResult]  # one per engine call, for token accounting

    @property
    def removed_labels(self) -> list[str]:
        return [f"{c.text} ({c.kind})" for c in self.removed]


def check(kind: DocumentKind, inp: GenerationInput, text: str) -> list[Claim]:
    """The claims of one document the evidence does not support."""
    return check_text(
        inp.resume,
        text,
        posting=inp.posting or None,
        facts=inp.facts,
        candidate=inp.candidate_name,
        kind=kind,
        also_allowed=[s for s in (inp.company, inp.role) if s],
    )


def repair(kind: DocumentKind, inp: GenerationInput, text: str, claims: list[Claim]) -> str:
    """Remove what is still unsupported; repeat, as a removal can expose nothing new but a
    rewritten bullet may still carry a second claim."""
    for _ in range(MAX_REPAIR_PASSES):
        if not claims:
            break
        text = scrub_claims(text, claims)
        claims = check(kind, inp, text)
    return text


async def _nothing() -> None:
    return None


async def generate_checked(
    engine: Engine,
    kind: DocumentKind,
    inp: GenerationInput,
    *,
    on_delta: DeltaCallback | None = None,
    on_restart: Callable[[], Awaitable[None]] = _nothing,
) -> CheckedText:
    """One document, checked. `on_restart` is called before a revision streams anew."""
    draft = await engine.generate(kind, inp, on_delta=on_delta)
    usage = [draft]
    text = draft.text
    claims = check(kind, inp, text)
    removed = list(claims)
    if claims:
        await on_restart()
        revised = await engine.revise(kind, inp, text, to_findings(claims), on_delta=on_delta)
        usage.append(revised)
        text = revised.text
        claims = check(kind, inp, text)
        seen = {(c.kind, c.text) for c in removed}
        removed += [c for c in claims if (c.kind, c.text) not in seen]
    return CheckedText(text=repair(kind, inp, text, claims), removed=removed, usage=usage)
