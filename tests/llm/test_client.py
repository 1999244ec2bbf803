"""LLMClient over real HTTP against the stand-in: completions, streams, usage, JSON, embeddings."""

from __future__ import annotations

import math

from bot.generation.engine import GenerationInput
from bot.llm.client import LLMClient, parse_json_object
from bot.llm.prompts import JOB_FACTS_SCHEMA, generation_messages, job_facts_messages
from playground.openai_api import OpenAIStandIn
from tests.llm.sample import POSTING, RESUME

INP = GenerationInput(
    posting=POSTING, resume=RESUME, company="Acme Analytics GmbH", role="Senior Backend Engineer"
)


async def test_non_streaming_completion_reports_usage(client: LLMClient, server: OpenAIStandIn):
    result = await client.complete(generation_messages("cover_letter", INP))
    assert "Acme Analytics" in result.text
    assert result.model == "gpt-4o-mini"
    assert result.prompt_tokens > 100
    assert result.completion_tokens > 10
    assert not result.usage_estimated
    assert server.requests["chat"] == 1
    assert "stream" not in server.last_bodies["chat"]


async def test_streaming_delivers_deltas_and_usage(client: LLMClient, server: OpenAIStandIn):
    deltas: list[str] = []

    async def on_delta(piece: str) -> None:
        deltas.append(piece)

    result = await client.complete(generation_messages("research_report", INP), on_delta=on_delta)
    assert len(deltas) > 10
    assert "".join(deltas) == result.text
    assert result.prompt_tokens > 100 and result.completion_tokens > 10
    body = server.last_bodies["chat"]
    assert body["stream"] is True
    assert body["stream_options"] == {"include_usage": True}


async def test_repeated_prefix_is_reported_as_cached(client: LLMClient):
    first = await client.complete(generation_messages("research_report", INP))
    second = await client.complete(generation_messages("optimized_resume", INP))
    assert first.cached_tokens == 0
    # System prompt + posting + resume are shared by every step of a pack.
    shared = len(RESUME + POSTING) // 4
    assert second.cached_tokens > shared
    assert second.cached_tokens < second.prompt_tokens


async def test_missing_usage_is_estimated_and_flagged(client: LLMClient, server: OpenAIStandIn):
    server.send_usage = False

    async def on_delta(piece: str) -> None:
        return None

    for delta in (None, on_delta):
        result = await client.complete(generation_messages("cover_letter", INP), on_delta=delta)
        assert result.usage_estimated
        assert result.completion_tokens == len(result.text) // 4
        assert result.prompt_tokens > 0


async def test_json_schema_output(client: LLMClient, server: OpenAIStandIn):
    data, completion = await client.complete_json(job_facts_messages(POSTING), JOB_FACTS_SCHEMA)
    assert set(data) == {"company", "role", "location", "remote"}
    assert data["remote"] == "hybrid"
    assert server.last_bodies["chat"]["response_format"]["type"] == "json_schema"
    assert completion.prompt_tokens > 0


async def test_json_falls_back_to_json_object_then_prompting(
    client: LLMClient, server: OpenAIStandIn
):
    server.supports_json_schema = False
    data, _ = await client.complete_json(job_facts_messages(POSTING), JOB_FACTS_SCHEMA)
    assert data["role"]
    assert server.last_bodies["chat"]["response_format"] == {"type": "json_object"}
    assert client.json_mode == "json_object"

    server.supports_json_object = False
    data, _ = await client.complete_json(job_facts_messages(POSTING), JOB_FACTS_SCHEMA)
    assert data["role"]
    last = server.last_bodies["chat"]
    assert "response_format" not in last
    assert "JSON schema" in last["messages"][-1]["content"]
    assert last["messages"][-1]["role"] == "user"
    assert client.json_mode == "prompt"


def test_parse_json_object_tolerates_fences_and_chatter():
    assert parse_json_object('```json\n{"a": 1}\n```') == {"a": 1}
    assert parse_json_object('Here you go: {"a": 2} hope it helps') == {"a": 2}


async def test_embeddings_default_dimension_and_order(client: LLMClient, server: OpenAIStandIn):
    result = await client.embed(["python postgres", "python postgres", "gardening tulips"])
    assert result.model == "text-embedding-3-small"
    assert [len(v) for v in result.vectors] == [1536, 1536, 1536]
    a, b, c = result.vectors
    assert a == b
    assert math.isclose(sum(x * x for x in a), 1.0, rel_tol=1e-6)
    assert sum(x * y for x, y in zip(a, c, strict=True)) < 0.5
    assert result.tokens > 0
    assert server.requests["embeddings"] == 1


async def test_embeddings_dimensions_parameter(make_client, server: OpenAIStandIn):
    client = make_client(embedding_dimensions=256)
    result = await client.embed(["hello"])
    assert len(result.vectors[0]) == 256
    assert server.last_bodies["embeddings"]["dimensions"] == 256
    assert (await client.embed([])).vectors == []
