"""Choosing the generation engine: OpenAI-compatible when a key is set, else offline."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.config import Settings
from bot.generation.engine import Engine
from bot.generation.local_embedding import LOCAL_EMBEDDING_MODEL
from bot.generation.offline import OfflineEngine


async def _nothing() -> None:
    return None


def build_engine(settings: Settings) -> tuple[Engine, str, Callable[[], Awaitable[None]]]:
    """(engine, embedding model name, close function)."""
    if settings.openai_api_key is None:
        return OfflineEngine(), LOCAL_EMBEDDING_MODEL, _nothing
    from bot.llm.client import LLMClient
    from bot.llm.engine import OpenAIEngine

    client = LLMClient.from_settings(settings)
    return OpenAIEngine(client), settings.embedding_model, client.aclose
