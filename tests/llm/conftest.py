"""Fixtures: one stand-in server per session, reset before each test, and client factories."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from bot.llm.client import LLMClient
from playground.openai_api import OpenAIStandIn

API_KEY = "sk-test-standin"
MODEL = "gpt-4o-mini"


@pytest.fixture(scope="session")
async def server_instance() -> AsyncIterator[OpenAIStandIn]:
    server = OpenAIStandIn()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def server(server_instance: OpenAIStandIn) -> OpenAIStandIn:
    server_instance.reset()
    return server_instance


@pytest.fixture
async def make_client(server: OpenAIStandIn) -> AsyncIterator[Callable[..., LLMClient]]:
    clients: list[LLMClient] = []

    def factory(**overrides: Any) -> LLMClient:
        options: dict[str, Any] = {
            "api_key": API_KEY,
            "base_url": f"{server.url}/v1",
            "model": MODEL,
            "timeout_s": 5.0,
            "connect_timeout_s": 2.0,
            "max_retries": 2,
            "backoff_base_s": 0.01,
            "backoff_max_s": 0.05,
        }
        options.update(overrides)
        client = LLMClient(**options)
        clients.append(client)
        return client

    yield factory
    for client in clients:
        await client.aclose()


@pytest.fixture
async def client(make_client: Callable[..., LLMClient]) -> LLMClient:
    return make_client()
