"""The contract every generation engine (offline or LLM) fulfils.

Services depend on this protocol only, so the offline engine and the OpenAI-compatible
engine are interchangeable and the fabrication guard loop lives outside both.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Literal, Protocol

from bot.generation.evidence import Fact

DocumentKind = Literal["research_report", "optimized_resume", "cover_letter"]

# Receives each new piece of streamed text (a delta, not the accumulated text).
DeltaCallback = Callable[[str], Awaitable[None]]


@dataclass(frozen=True)
class GenerationInput:
    """Everything a step may use. The resume is the only source of truth about the candidate."""

    posting: str
    resume: str
    company: str = ""
    role: str = ""
    research: str | None = None
    optimized_resume: str | None = None
    feedback: str | None = None
    previous: str | None = None
    language: str = "en"
    candidate_name: str | None = None
    # Documents of the same user's most similar past application (never another user's).
    related_context: str | None = None
    # Facts the user confirmed in chat ("Kubernetes: yes, in a course"): evidence like the resume.
    facts: tuple[Fact, ...] = ()


@dataclass(frozen=True)
class EngineResult:
    text: str
    model: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0


@dataclass(frozen=True)
class JobFacts:
    company: str
    role: str
    location: str | None = None
    remote: str | None = None  # "remote" | "hybrid" | "onsite" | None


@dataclass(frozen=True)
class EmbeddingResult:
    model: str
    vectors: list[list[float]]
    prompt_tokens: int = 0


@dataclass(frozen=True)
class Finding:
    """One unsupported claim, as given back to an engine for a revision pass."""

    kind: str
    text: str
    extra: dict[str, str] = field(default_factory=dict)


class Engine(Protocol):
    name: str

    async def extract_job_facts(self, posting: str) -> JobFacts: ...

    async def generate(
        self, kind: DocumentKind, inp: GenerationInput, on_delta: DeltaCallback | None = None
    ) -> EngineResult: ...

    async def revise(
        self,
        kind: DocumentKind,
        inp: GenerationInput,
        draft: str,
        findings: list[Finding],
        on_delta: DeltaCallback | None = None,
    ) -> EngineResult: ...

    async def embed(self, texts: list[str]) -> EmbeddingResult: ...
