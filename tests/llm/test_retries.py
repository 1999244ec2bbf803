"""Failure handling: what is retried (and how long we wait), and what the user is told."""

from __future__ import annotations

import socket
import time

import pytest

from bot.llm.client import LLMClient
from bot.llm.errors import (
    LLMAuthError,
    LLMModelNotFound,
    LLMPermissionDenied,
    LLMQuotaExceeded,
    LLMRateLimited,
    LLMRefused,
    LLMTimeout,
    LLMUnavailable,
)
from playground.openai_api import OpenAIStandIn

MESSAGES = [{"role": "user", "content": "Say hi."}]


async def test_429_is_retried_after_the_retry_after_header(
    client: LLMClient, server: OpenAIStandIn
):
    server.fail_next(429, headers={"retry-after": "1"})
    started = time.monotonic()
    result = await client.complete(MESSAGES)
    elapsed = time.monotonic() - started
    assert result.text
    assert server.requests["chat"] == 2
    assert 1.0 <= elapsed < 3.0  # the backoff alone would have been ~10 ms


async def test_retry_after_ms_wins(client: LLMClient, server: OpenAIStandIn):
    server.fail_next(429, headers={"retry-after-ms": "250", "retry-after": "30"})
    started = time.monotonic()
    await client.complete(MESSAGES)
    assert 0.25 <= time.monotonic() - started < 2.0


async def test_500_is_retried(client: LLMClient, server: OpenAIStandIn):
    server.fail_next(500, count=2)
    result = await client.complete(MESSAGES)
    assert result.text
    assert server.requests["chat"] == 3


async def test_persistent_503_names_the_host(client: LLMClient, server: OpenAIStandIn):
    server.fail_next(503, count=5)
    with pytest.raises(LLMUnavailable) as info:
        await client.complete(MESSAGES)
    assert server.requests["chat"] == 3  # 1 + max_retries
    assert "127.0.0.1" in info.value.user_message
    assert "API key" not in info.value.user_message


async def test_persistent_429_is_rate_limited(make_client, server: OpenAIStandIn):
    client = make_client(max_retries=1)
    server.fail_next(429, count=3, headers={"retry-after-ms": "10"})
    with pytest.raises(LLMRateLimited) as info:
        await client.complete(MESSAGES)
    assert info.value.retryable
    assert server.requests["chat"] == 2


async def test_401_is_an_auth_error_and_not_retried(make_client, server: OpenAIStandIn):
    server.required_api_key = "sk-the-right-one"
    client = make_client(api_key="sk-wrong")
    with pytest.raises(LLMAuthError) as info:
        await client.complete(MESSAGES)
    assert "API key" in info.value.user_message
    assert server.requests["chat"] == 1
    assert not info.value.retryable


async def test_right_key_is_accepted(make_client, server: OpenAIStandIn):
    server.required_api_key = "sk-the-right-one"
    client = make_client(api_key="sk-the-right-one")
    assert (await client.complete(MESSAGES)).text


async def test_insufficient_quota_is_not_retried(client: LLMClient, server: OpenAIStandIn):
    server.fail_next(429, code="insufficient_quota")
    with pytest.raises(LLMQuotaExceeded) as info:
        await client.complete(MESSAGES)
    assert server.requests["chat"] == 1
    assert not info.value.retryable
    assert "quota" in info.value.user_message
    assert "API key" not in info.value.user_message


async def test_404_names_the_model(make_client, server: OpenAIStandIn):
    server.known_models = {"gpt-4o-mini"}
    client = make_client(model="gpt-9-imaginary")
    with pytest.raises(LLMModelNotFound) as info:
        await client.complete(MESSAGES)
    assert "gpt-9-imaginary" in info.value.user_message
    assert server.requests["chat"] == 1


async def test_403_is_permission_denied(client: LLMClient, server: OpenAIStandIn):
    server.fail_next(403)
    with pytest.raises(LLMPermissionDenied) as info:
        await client.complete(MESSAGES)
    assert "API key" in info.value.user_message and "not allowed" in info.value.user_message
    assert server.requests["chat"] == 1


async def test_hang_longer_than_timeout_is_llm_timeout(make_client, server: OpenAIStandIn):
    server.hang_s = 5.0
    client = make_client(timeout_s=0.3, max_retries=1)
    started = time.monotonic()
    with pytest.raises(LLMTimeout) as info:
        await client.complete(MESSAGES)
    assert time.monotonic() - started < 2.0
    assert "0.3 s" in info.value.user_message
    assert "JOBFORGE_LLM_TIMEOUT_S" in info.value.user_message
    assert server.requests["chat"] == 2


async def test_connection_refused_is_unavailable(make_client):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = make_client(base_url=f"http://127.0.0.1:{port}/v1", max_retries=1)
    with pytest.raises(LLMUnavailable) as info:
        await client.complete(MESSAGES)
    assert f"127.0.0.1:{port}" in info.value.user_message


async def test_broken_stream_is_retried_whole_and_reset_is_announced(
    client: LLMClient, server: OpenAIStandIn
):
    server.break_next_stream(after_chunks=3)
    deltas: list[str] = []
    resets = 0

    async def on_delta(piece: str) -> None:
        deltas.append(piece)

    async def on_reset() -> None:
        nonlocal resets
        resets += 1
        deltas.clear()

    result = await client.complete(
        [{"role": "user", "content": "Write something long enough to break."}],
        on_delta=on_delta,
        on_reset=on_reset,
    )
    assert resets == 1
    assert "".join(deltas) == result.text
    assert server.requests["chat"] == 2


async def test_stream_failure_before_first_byte_is_retried(client: LLMClient, server):
    server.fail_next(500)
    pieces: list[str] = []

    async def on_delta(piece: str) -> None:
        pieces.append(piece)

    result = await client.complete(MESSAGES, on_delta=on_delta)
    assert "".join(pieces) == result.text


async def test_content_filter_is_refused(client: LLMClient, server: OpenAIStandIn):
    server.refuse_next = True
    with pytest.raises(LLMRefused):
        await client.complete(MESSAGES)
    server.refuse_next = True

    async def on_delta(piece: str) -> None:
        return None

    with pytest.raises(LLMRefused) as info:
        await client.complete(MESSAGES, on_delta=on_delta)
    assert "declined" in info.value.user_message
    assert server.requests["chat"] == 2


async def test_stream_without_stream_options_support(client: LLMClient, server: OpenAIStandIn):
    server.supports_stream_options = False
    pieces: list[str] = []

    async def on_delta(piece: str) -> None:
        pieces.append(piece)

    result = await client.complete(MESSAGES, on_delta=on_delta)
    assert result.usage_estimated and "".join(pieces) == result.text
    assert not client.stream_usage_supported


async def test_stall_mid_stream_is_a_timeout(make_client, server: OpenAIStandIn):
    server.token_delay_s = 1.0
    client = make_client(timeout_s=0.3, max_retries=0)

    async def on_delta(piece: str) -> None:
        return None

    with pytest.raises(LLMTimeout):
        await client.complete(MESSAGES, on_delta=on_delta)


def test_classify_context_length_and_unknown_errors():
    import httpx2
    import openai

    from bot.llm.errors import LLMBadRequest, LLMError, classify

    request = httpx2.Request("POST", "http://x/v1/chat/completions")
    response = httpx2.Response(400, request=request)
    body = {"message": "This model's maximum context length is 8192 tokens", "code": None}
    error = classify(openai.BadRequestError("too long", response=response, body=body), model="m")
    assert isinstance(error, LLMBadRequest) and "too long" in error.user_message
    other = classify(RuntimeError("boom"))
    assert type(other) is LLMError and "try again" in other.user_message
