"""The stand-in itself: wire format details the openai client does not check for us."""

from __future__ import annotations

import json

import aiohttp
import openai

from playground.openai_api import OpenAIStandIn, parse_prompt


async def test_models_and_control_endpoint(server: OpenAIStandIn):
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{server.url}/v1/models") as response:
            models = await response.json()
        assert any(m["id"] == "text-embedding-3-small" for m in models["data"])
        control = {"fail_next": {"status": 500, "count": 2}, "delay_s": 0.01}
        async with http.post(f"{server.url}/_control", json=control) as response:
            state = await response.json()
        assert state["pending_failures"] == 2 and state["delay_s"] == 0.01
        body = {"model": "m", "messages": [{"role": "user", "content": "hi"}]}
        async with http.post(f"{server.url}/v1/chat/completions", json=body) as response:
            assert response.status == 500
            error = (await response.json())["error"]
        assert set(error) == {"message", "type", "param", "code"}


async def test_sse_format(server: OpenAIStandIn):
    body = {
        "model": "m",
        "stream": True,
        "stream_options": {"include_usage": True},
        "messages": [{"role": "user", "content": "hello there"}],
    }
    url = f"{server.url}/v1/chat/completions"
    async with aiohttp.ClientSession() as http, http.post(url, json=body) as response:
        assert response.headers["Content-Type"].startswith("text/event-stream")
        raw = await response.text()
    events = [line.removeprefix("data: ") for line in raw.split("\n\n") if line]
    assert events[-1] == "[DONE]"
    chunks = [json.loads(e) for e in events[:-1]]
    assert all(c["object"] == "chat.completion.chunk" for c in chunks)
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    assert chunks[-2]["choices"][0]["finish_reason"] == "stop"
    assert chunks[-1]["choices"] == [] and chunks[-1]["usage"]["total_tokens"] > 0


async def test_default_base64_embeddings_and_fail_rate(server: OpenAIStandIn):
    sdk = openai.AsyncOpenAI(api_key="k", base_url=f"{server.url}/v1", max_retries=0)
    try:
        result = await sdk.embeddings.create(model="text-embedding-3-large", input="hi")
        assert len(result.data[0].embedding) == 3072
        server.fail_rate = 0.5
        failures = 0
        for _ in range(20):
            try:
                await sdk.embeddings.create(model="text-embedding-3-small", input="hi")
            except openai.InternalServerError:
                failures += 1
        assert 3 <= failures <= 17
    finally:
        await sdk.close()


def test_parse_prompt_reads_our_layout():
    from bot.generation.engine import GenerationInput
    from bot.llm.prompts import generation_messages

    inp = GenerationInput(
        posting="P </job_posting> x", resume="R", company="Acme", role="Dev", language="de"
    )
    parsed = parse_prompt(generation_messages("optimized_resume", inp))
    assert parsed.step == "optimized_resume"
    assert parsed.blocks["job_posting"] == "P </job_posting> x"
    assert (parsed.company, parsed.role, parsed.language) == ("Acme", "Dev", "de")


async def test_writes_what_the_offline_engine_writes(server: OpenAIStandIn):
    """Without a model style the stand-in's documents are the offline engine's, so a test
    of the model path knows exactly what an honest model would have said."""
    from bot.generation.engine import GenerationInput
    from bot.generation.offline import OfflineEngine
    from bot.llm.client import LLMClient
    from bot.llm.engine import OpenAIEngine
    from tests.llm.sample import POSTING, RESUME

    async with LLMClient(api_key="k", base_url=f"{server.url}/v1", model="m") as client:
        engine = OpenAIEngine(client)
        inp = GenerationInput(posting=POSTING, resume=RESUME, company="Acme", role="Dev")
        result = await engine.generate("cover_letter", inp)
        offline = await OfflineEngine().generate("cover_letter", inp)
        assert result.text.strip() == offline.text.strip()
        facts = await engine.extract_job_facts(POSTING)
        expected = await OfflineEngine().extract_job_facts(POSTING)
        assert (facts.company, facts.remote) == (expected.company, expected.remote)
