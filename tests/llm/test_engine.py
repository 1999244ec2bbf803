"""OpenAIEngine end to end against the stand-in: a full pack, job facts, revision, embeddings."""

from __future__ import annotations

import pytest

from bot.generation.engine import Engine, Finding, GenerationInput
from bot.llm.client import LLMClient
from bot.llm.engine import OpenAIEngine, ReplayGuard, job_facts_from
from playground.openai_api import DEFAULT_FABRICATION, OpenAIStandIn
from tests.llm.sample import POSTING, RESUME


@pytest.fixture
def engine(client: LLMClient) -> OpenAIEngine:
    return OpenAIEngine(client)


def test_engine_satisfies_protocol(engine: OpenAIEngine):
    typed: Engine = engine
    assert typed.name == "openai"


async def test_job_facts(engine: OpenAIEngine, server: OpenAIStandIn):
    facts = await engine.extract_job_facts(POSTING)
    assert "Backend Engineer" in facts.role
    assert "Acme" in facts.company
    assert facts.remote == "hybrid"
    assert server.last_bodies["chat"]["response_format"]["type"] == "json_schema"


async def test_job_facts_fall_back_when_the_answer_is_garbage(
    engine: OpenAIEngine, server: OpenAIStandIn
):
    server.supports_json_schema = server.supports_json_object = False
    facts = await engine.extract_job_facts("no structure here")
    assert facts.company and facts.role  # whatever the server made of it, never empty


def test_job_facts_validation():
    facts = job_facts_from({"company": " ", "role": None, "remote": "On-Site", "location": "null"})
    assert (facts.company, facts.role) == ("Unknown company", "Unknown role")
    assert facts.remote == "onsite" and facts.location is None
    assert job_facts_from({"remote": "sometimes"}).remote is None


async def test_full_pack_streams_and_counts_tokens(engine: OpenAIEngine):
    inp = GenerationInput(
        posting=POSTING,
        resume=RESUME,
        company="Acme Analytics GmbH",
        role="Senior Backend Engineer",
    )
    totals = {"prompt": 0, "completion": 0, "cached": 0}
    for kind in ("research_report", "optimized_resume", "cover_letter"):
        pieces: list[str] = []

        async def on_delta(piece: str, sink: list[str] = pieces) -> None:
            sink.append(piece)

        result = await engine.generate(kind, inp, on_delta)
        assert result.text and "".join(pieces).strip() == result.text
        assert result.model == "gpt-4o-mini"
        totals["prompt"] += result.prompt_tokens
        totals["completion"] += result.completion_tokens
        totals["cached"] += result.cached_tokens
        field = {"research_report": "research", "optimized_resume": "optimized_resume"}.get(kind)
        if field:
            inp = GenerationInput(**{**inp.__dict__, field: result.text})
    assert totals["cached"] > 0
    assert totals["prompt"] > totals["cached"]


async def test_fabrication_is_planted_and_revised_away(engine: OpenAIEngine, server: OpenAIStandIn):
    inp = GenerationInput(posting=POSTING, resume=RESUME, company="Acme", role="Engineer")
    server.fabricate = DEFAULT_FABRICATION
    draft = await engine.generate("cover_letter", inp)
    assert "Certified Kubernetes Administrator" in draft.text
    clean = await engine.generate("cover_letter", inp)
    assert "Certified Kubernetes Administrator" not in clean.text
    findings = [Finding(kind="certification", text="Certified Kubernetes Administrator")]
    revised = await engine.revise("cover_letter", inp, draft.text, findings)
    assert "Certified Kubernetes Administrator" not in revised.text
    assert "<draft>" in server.last_bodies["chat"]["messages"][1]["content"]


async def test_embed(engine: OpenAIEngine):
    result = await engine.embed(["a posting", "a resume"])
    assert result.model == "text-embedding-3-small"
    assert len(result.vectors) == 2 and len(result.vectors[0]) == 1536
    assert result.prompt_tokens > 0


async def test_broken_stream_keeps_the_delta_consumer_consistent(
    engine: OpenAIEngine, server: OpenAIStandIn
):
    server.break_next_stream(after_chunks=5)
    pieces: list[str] = []

    async def on_delta(piece: str) -> None:
        pieces.append(piece)

    inp = GenerationInput(posting=POSTING, resume=RESUME, company="Acme", role="Engineer")
    result = await engine.generate("cover_letter", inp, on_delta)
    assert "".join(pieces).strip() == result.text  # no duplicated opening after the retry
    assert server.requests["chat"] == 2


async def test_replay_guard_freezes_on_divergence():
    seen: list[str] = []

    async def sink(piece: str) -> None:
        seen.append(piece)

    guard = ReplayGuard(sink)
    await guard.delta("Hello ")
    await guard.reset()
    await guard.delta("Hel")
    await guard.delta("lo wor")
    await guard.delta("ld")
    assert "".join(seen) == "Hello world"
    await guard.reset()
    await guard.delta("Goodbye")
    await guard.delta(" more")
    assert "".join(seen) == "Hello world"


async def test_from_settings(server: OpenAIStandIn, monkeypatch: pytest.MonkeyPatch):
    from bot.config import load_settings

    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-env")
    monkeypatch.setenv("OPENAI_BASE_URL", f"{server.url}/v1")
    monkeypatch.setenv("JOBFORGE_LLM_TIMEOUT_S", "7")
    monkeypatch.setenv("JOBFORGE_LLM_MAX_RETRIES", "1")
    server.required_api_key = "sk-from-env"
    async with LLMClient.from_settings(load_settings(_env_file=None)) as client:
        assert (client.timeout_s, client.max_retries) == (7.0, 1)
        assert client.model == "gpt-4o-mini"
        result = await OpenAIEngine(client).generate(
            "optimized_resume", GenerationInput(posting=POSTING, resume=RESUME)
        )
        assert result.text
