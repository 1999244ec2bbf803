"""LLM access: an OpenAI-compatible client, its error taxonomy and the OpenAI-backed Engine."""

from bot.llm.client import Completion, Embeddings, LLMClient
from bot.llm.engine import OpenAIEngine
from bot.llm.errors import (
    LLMAuthError,
    LLMBadRequest,
    LLMBadResponse,
    LLMError,
    LLMModelNotFound,
    LLMPermissionDenied,
    LLMQuotaExceeded,
    LLMRateLimited,
    LLMRefused,
    LLMTimeout,
    LLMUnavailable,
    classify,
)

__all__ = [
    "Completion",
    "Embeddings",
    "LLMAuthError",
    "LLMBadRequest",
    "LLMBadResponse",
    "LLMClient",
    "LLMError",
    "LLMModelNotFound",
    "LLMPermissionDenied",
    "LLMQuotaExceeded",
    "LLMRateLimited",
    "LLMRefused",
    "LLMTimeout",
    "LLMUnavailable",
    "OpenAIEngine",
    "classify",
]
