"""`OpenAIEngine`: the generation Engine protocol on top of `LLMClient`.

The engine only builds prompts and maps results; retries, fallbacks and error messages
live in the client, and the fabrication guard loop lives outside both engines.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from typing import Any

from bot.generation.engine import (
    DeltaCallback,
    DocumentKind,
    EmbeddingResult,
    EngineResult,
    Finding,
    GenerationInput,
    JobFacts,
)
from bot.llm.client import Completion, LLMClient
from bot.llm.errors import LLMBadResponse
from bot.llm.prompts import (
    JOB_FACTS_SCHEMA,
    generation_messages,
    job_facts_messages,
    revision_messages,
)
from bot.wording import N_

log = logging.getLogger(__name__)

UNKNOWN_COMPANY = "Unknown company"
UNKNOWN_ROLE = "Unknown role"
REMOTE_VALUES = ("remote", "hybrid", "onsite")

# Lower for documents that must stick to the resume, a little higher for the letter's prose.
TEMPERATURES: dict[str, float] = {
    "research_report": 0.2,
    "optimized_resume": 0.2,
    "cover_letter": 0.5,
}


class ReplayGuard:
    """Keeps a delta consumer consistent when the client restarts a broken stream.

    The Engine protocol's `on_delta` cannot be told to reset, so after a restart the new
    stream's text is swallowed while it repeats what was already sent and only the new
    tail is forwarded. If the retry diverges, forwarding stops: the preview freezes and
    the final `EngineResult.text` (always the complete, authoritative text) replaces it.
    """

    def __init__(self, on_delta: DeltaCallback) -> None:
        self._on_delta = on_delta
        self._sent = ""
        self._attempt = ""
        self._replaying = False
        self._muted = False

    async def delta(self, piece: str) -> None:
        if self._muted:
            return
        if not self._replaying:
            self._sent += piece
            await self._on_delta(piece)
            return
        self._attempt += piece
        if self._sent.startswith(self._attempt):
            return
        if self._attempt.startswith(self._sent):
            tail = self._attempt[len(self._sent) :]
            self._sent, self._replaying = self._attempt, False
            await self._on_delta(tail)
            return
        log.info("retried stream diverged from the streamed preview; preview frozen")
        self._muted = True

    async def reset(self) -> None:
        self._attempt, self._replaying = "", True


@dataclass(frozen=True)
class PricedJobFacts(JobFacts):
    """Job facts plus what extracting them cost, so the caller can account for it."""

    model: str = ""
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0


def _result(completion: Completion) -> EngineResult:
    return EngineResult(
        text=completion.text.strip(),
        model=completion.model,
        prompt_tokens=completion.prompt_tokens,
        completion_tokens=completion.completion_tokens,
        cached_tokens=completion.cached_tokens,
    )


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    if not value or value.lower() in ("null", "none", "unknown", "n/a", "not stated"):
        return None
    return value[:200]


def job_facts_from(data: dict[str, Any]) -> JobFacts:
    """Validate a model's job-facts JSON; anything missing or odd becomes a safe default."""
    remote = _clean(data.get("remote"))
    remote = remote.lower() if remote else None
    if remote == "on-site":
        remote = "onsite"
    return JobFacts(
        company=_clean(data.get("company")) or UNKNOWN_COMPANY,
        role=_clean(data.get("role")) or UNKNOWN_ROLE,
        location=_clean(data.get("location")),
        remote=remote if remote in REMOTE_VALUES else None,
    )


class OpenAIEngine:
    """Engine backed by any OpenAI-compatible Chat Completions server."""

    name = "openai"

    def __init__(self, client: LLMClient) -> None:
        self.client = client

    async def extract_job_facts(self, posting: str) -> JobFacts:
        try:
            data, completion = await self.client.complete_json(
                job_facts_messages(posting), JOB_FACTS_SCHEMA, schema_name="job_facts"
            )
        except LLMBadResponse as exc:
            log.warning("job facts unreadable, using defaults: %s", exc.detail)
            return JobFacts(company=UNKNOWN_COMPANY, role=UNKNOWN_ROLE)
        return PricedJobFacts(
            **asdict(job_facts_from(data)),
            model=completion.model,
            prompt_tokens=completion.prompt_tokens,
            completion_tokens=completion.completion_tokens,
            cached_tokens=completion.cached_tokens,
        )

    async def generate(
        self, kind: DocumentKind, inp: GenerationInput, on_delta: DeltaCallback | None = None
    ) -> EngineResult:
        return await self._write(generation_messages(kind, inp), kind, on_delta)

    async def revise(
        self,
        kind: DocumentKind,
        inp: GenerationInput,
        draft: str,
        findings: list[Finding],
        on_delta: DeltaCallback | None = None,
    ) -> EngineResult:
        return await self._write(revision_messages(kind, inp, draft, findings), kind, on_delta)

    async def _write(
        self, messages: list[dict[str, str]], kind: DocumentKind, on_delta: DeltaCallback | None
    ) -> EngineResult:
        temperature = TEMPERATURES.get(kind, 0.3)
        if on_delta is None:
            completion = await self.client.complete(messages, temperature=temperature)
        else:
            guard = ReplayGuard(on_delta)
            completion = await self.client.complete(
                messages, temperature=temperature, on_delta=guard.delta, on_reset=guard.reset
            )
        if not completion.text.strip():
            raise LLMBadResponse(
                N_("The model returned an empty document. Please try again."),
                detail=f"{kind}: empty completion (finish_reason={completion.finish_reason})",
            )
        return _result(completion)

    async def embed(self, texts: list[str]) -> EmbeddingResult:
        result = await self.client.embed(texts)
        return EmbeddingResult(
            model=result.model, vectors=result.vectors, prompt_tokens=result.tokens
        )
