"""A thin, retrying wrapper around `openai.AsyncOpenAI` using the Chat Completions API only.

Chat Completions (not the Responses API) is what every OpenAI-compatible server (Ollama,
vLLM, llama.cpp, LM Studio, LiteLLM …) implements, so `OPENAI_BASE_URL` is all it takes to
switch providers.

Retries: the SDK's own retries are switched off (`max_retries=0`) and `_with_retries` does
the same job (exponential backoff with jitter, honouring `retry-after-ms`/`retry-after`)
because the SDK cannot do two things we need:
  * it retries every 429, including `insufficient_quota`, which no amount of waiting fixes;
  * it only retries until response headers arrive, so a stream that breaks half-way is lost.
One loop handles both, and streaming restarts are announced through `on_reset`.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import random
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import openai

from bot.llm.errors import (
    TIMEOUT_ERRORS,
    TRANSPORT_ERRORS,
    LLMError,
    LLMRateLimited,
    LLMUnavailable,
    bad_response_error,
    classify,
    is_context_error,
    refused_error,
)

if TYPE_CHECKING:
    from bot.config import Settings

log = logging.getLogger(__name__)

T = TypeVar("T")
DeltaCallback = Callable[[str], Awaitable[None]]
ResetCallback = Callable[[], Awaitable[None]]
Message = dict[str, str]
JsonMode = Literal["json_schema", "json_object", "prompt"]

# Longest server-requested wait we sit through; beyond it the user is better served by an error.
MAX_RETRY_AFTER_S = 60.0


@dataclass(frozen=True)
class Completion:
    """One finished completion and what it cost."""

    text: str
    model: str
    prompt_tokens: int
    completion_tokens: int
    cached_tokens: int = 0
    # True when the server sent no usage and the counts are len(text)//4 estimates.
    usage_estimated: bool = False
    finish_reason: str | None = None


@dataclass(frozen=True)
class Embeddings:
    model: str
    vectors: list[list[float]]
    tokens: int


def estimate_tokens(text: str) -> int:
    """Rough token count (≈4 characters per token) for servers that report no usage."""
    return max(1, len(text) // 4) if text else 0


def _messages_text(messages: list[Message]) -> str:
    return "\n".join(m.get("content", "") for m in messages)


def _retry_after_s(exc: BaseException) -> float | None:
    """Seconds the server asked us to wait (`retry-after-ms` wins over `retry-after`)."""
    response = getattr(exc, "response", None)
    if response is None:
        return None
    headers = response.headers
    for name, divisor in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            return max(0.0, float(value) / divisor)
        except ValueError:
            continue
    return None


def _append_to_last_user(messages: list[Message], text: str) -> list[Message]:
    """Add an instruction to the final user turn (a trailing system turn breaks some templates)."""
    result = [dict(m) for m in messages]
    for message in reversed(result):
        if message.get("role") == "user":
            message["content"] = f"{message.get('content', '')}\n\n{text}"
            return result
    return [*result, {"role": "user", "content": text}]


def _is_retryable(exc: BaseException) -> bool:
    if isinstance(exc, openai.APIStatusError):
        if exc.status_code == 429:
            return (exc.code or "") != "insufficient_quota"
        return exc.status_code >= 500 or exc.status_code in (408, 409)
    # Connection errors, timeouts, broken streams and error events in a stream are transient.
    return isinstance(exc, (openai.APIError, *TIMEOUT_ERRORS, *TRANSPORT_ERRORS))


def _strip_fences(text: str) -> str:
    match = re.search(r"```(?:json)?\s*(.*?)```", text, re.DOTALL)
    return (match.group(1) if match else text).strip()


def parse_json_object(text: str) -> dict[str, Any]:
    """Parse a model's JSON answer, tolerating code fences and chatter around the object."""
    candidate = _strip_fences(text)
    try:
        value = json.loads(candidate)
    except json.JSONDecodeError:
        start, end = candidate.find("{"), candidate.rfind("}")
        if start < 0 or end <= start:
            raise bad_response_error(f"no JSON object in {text[:200]!r}") from None
        try:
            value = json.loads(candidate[start : end + 1])
        except json.JSONDecodeError as exc:
            raise bad_response_error(f"invalid JSON: {exc}") from None
    if not isinstance(value, dict):
        raise bad_response_error(f"expected a JSON object, got {type(value).__name__}")
    return value


class LLMClient:
    """Completions and embeddings against one OpenAI-compatible server, with retries.

    `timeout_s` bounds each wait for data (the first token, then every gap between
    streamed chunks), not the whole answer: a slow local model that keeps streaming is
    fine, one that stalls is not. `max_retries` counts retries after the first attempt.
    For servers that ignore authentication, any non-empty `api_key` will do.
    """

    def __init__(
        self,
        *,
        api_key: str,
        model: str,
        base_url: str | None = None,
        embedding_model: str = "text-embedding-3-small",
        timeout_s: float = 120.0,
        connect_timeout_s: float = 10.0,
        max_retries: int = 3,
        backoff_base_s: float = 0.5,
        backoff_max_s: float = 8.0,
        embedding_dimensions: int | None = None,
    ) -> None:
        self.model = model
        self.embedding_model = embedding_model
        self.embedding_dimensions = embedding_dimensions
        self.base_url = base_url
        self.timeout_s = timeout_s
        self.max_retries = max_retries
        self.backoff_base_s = backoff_base_s
        self.backoff_max_s = backoff_max_s
        # Learned per server: the best structured-output mode it accepts, and stream_options.
        self.json_mode: JsonMode = "json_schema"
        self.stream_usage_supported = True
        self._openai = openai.AsyncOpenAI(
            api_key=api_key,
            base_url=base_url,
            timeout=openai.Timeout(timeout_s, connect=connect_timeout_s),
            max_retries=0,
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> LLMClient:
        """Build the client from JOBFORGE_*/OPENAI_* settings (the key must be set)."""
        if settings.openai_api_key is None:
            raise ValueError("OPENAI_API_KEY is not set; use the offline engine instead")
        return cls(
            api_key=settings.openai_api_key.get_secret_value(),
            base_url=settings.openai_base_url,
            model=settings.model,
            embedding_model=settings.embedding_model,
            timeout_s=settings.llm_timeout_s,
            max_retries=settings.llm_max_retries,
        )

    async def aclose(self) -> None:
        await self._openai.close()

    async def __aenter__(self) -> LLMClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    # ---- retries -------------------------------------------------------------------------

    def _classify(self, exc: BaseException, model: str | None = None) -> LLMError:
        return classify(
            exc, model=model or self.model, base_url=self.base_url, timeout_s=self.timeout_s
        )

    def _backoff_s(self, attempt: int, exc: BaseException) -> float | None:
        """Delay before retry number `attempt` (0-based), or None when we should give up."""
        retry_after = _retry_after_s(exc)
        if retry_after is not None:
            return retry_after if retry_after <= MAX_RETRY_AFTER_S else None
        delay = min(self.backoff_base_s * 2.0**attempt, self.backoff_max_s)
        return delay * (1 - 0.25 * random.random())

    async def _with_retries(
        self,
        operation: Callable[[], Awaitable[T]],
        *,
        model: str | None = None,
        on_retry: ResetCallback | None = None,
    ) -> T:
        attempt = 0
        while True:
            try:
                return await operation()
            except LLMError:
                raise
            except Exception as exc:
                delay = self._backoff_s(attempt, exc) if _is_retryable(exc) else None
                if delay is None or attempt >= self.max_retries:
                    raise self._final_error(exc, attempt, model) from exc
                log.warning(
                    "LLM call failed (%s), retry %d/%d in %.2fs",
                    type(exc).__name__,
                    attempt + 1,
                    self.max_retries,
                    delay,
                )
                await asyncio.sleep(delay)
                attempt += 1
                if on_retry is not None:
                    await on_retry()

    def _final_error(self, exc: BaseException, attempts: int, model: str | None) -> LLMError:
        error = self._classify(exc, model)
        suffix = f"; {attempts} retries" if attempts else ""
        if isinstance(error, LLMRateLimited | LLMUnavailable):
            error.detail += suffix
        return error

    # ---- completions ---------------------------------------------------------------------

    async def complete(
        self,
        messages: list[Message],
        *,
        json_schema: dict[str, Any] | None = None,
        schema_name: str = "result",
        on_delta: DeltaCallback | None = None,
        on_reset: ResetCallback | None = None,
        temperature: float | None = 0.4,
        max_tokens: int | None = None,
        model: str | None = None,
    ) -> Completion:
        """One chat completion; streams through `on_delta` when given.

        If a stream breaks and is retried, `on_reset` is awaited before the deltas start
        again from the beginning; consumers that keep a preview should clear it then.
        With `json_schema`, the text is a JSON document (see `complete_json`).
        """
        model = model or self.model
        while True:
            mode = self.json_mode if json_schema is not None else None
            request = self._request(messages, json_schema, schema_name, mode, temperature)
            if max_tokens is not None:
                request["max_tokens"] = max_tokens
            try:
                if on_delta is None:
                    once = functools.partial(self._complete_once, model, request)
                    return await self._with_retries(once, model=model)
                return await self._stream_with_retries(model, request, on_delta, on_reset)
            except LLMError as error:
                if not self._downgrade_after(error, mode, stream=on_delta is not None):
                    raise

    def _downgrade_after(self, error: LLMError, mode: JsonMode | None, *, stream: bool) -> bool:
        """After a 400, step down to a request shape the server may accept; False if none."""
        cause = error.__cause__
        if not isinstance(cause, openai.BadRequestError) or is_context_error(cause):
            return False
        if mode == "json_schema":
            self.json_mode = "json_object"
        elif mode == "json_object":
            self.json_mode = "prompt"
        elif stream and self.stream_usage_supported:
            self.stream_usage_supported = False
        else:
            return False
        log.info("server rejected the request shape (%s); falling back", cause.message)
        return True

    def _request(
        self,
        messages: list[Message],
        json_schema: dict[str, Any] | None,
        schema_name: str,
        mode: JsonMode | None,
        temperature: float | None,
    ) -> dict[str, Any]:
        request: dict[str, Any] = {"messages": list(messages)}
        if temperature is not None:
            request["temperature"] = temperature
        if json_schema is None or mode is None:
            return request
        if mode == "json_schema":
            request["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": schema_name, "schema": json_schema, "strict": True},
            }
            return request
        if mode == "json_object":
            request["response_format"] = {"type": "json_object"}
        # json_object needs the word JSON in the prompt; plain prompting needs the schema.
        instruction = (
            "Answer with only one JSON object, no prose and no code fences, matching this "
            f"JSON schema:\n{json.dumps(json_schema)}"
        )
        request["messages"] = _append_to_last_user(messages, instruction)
        return request

    async def _complete_once(self, model: str, request: dict[str, Any]) -> Completion:
        response = await self._openai.chat.completions.create(model=model, **request)
        if not response.choices:
            raise bad_response_error("no choices in the response")
        choice = response.choices[0]
        if choice.finish_reason == "content_filter" or choice.message.refusal:
            raise refused_error(choice.message.refusal or "finish_reason=content_filter")
        text = choice.message.content or ""
        usage = response.usage
        if usage is None:
            return Completion(
                text=text,
                model=response.model or model,
                prompt_tokens=estimate_tokens(_messages_text(request["messages"])),
                completion_tokens=estimate_tokens(text),
                usage_estimated=True,
                finish_reason=choice.finish_reason,
            )
        details = usage.prompt_tokens_details
        return Completion(
            text=text,
            model=response.model or model,
            prompt_tokens=usage.prompt_tokens,
            completion_tokens=usage.completion_tokens,
            cached_tokens=(details.cached_tokens or 0) if details else 0,
            finish_reason=choice.finish_reason,
        )

    async def _stream_with_retries(
        self,
        model: str,
        request: dict[str, Any],
        on_delta: DeltaCallback,
        on_reset: ResetCallback | None,
    ) -> Completion:
        sent_any = False

        async def delta(piece: str) -> None:
            nonlocal sent_any
            sent_any = True
            await on_delta(piece)

        async def reset() -> None:
            nonlocal sent_any
            if sent_any and on_reset is not None:
                await on_reset()
            sent_any = False

        once = functools.partial(self._stream_once, model, request, delta)
        return await self._with_retries(once, model=model, on_retry=reset)

    async def _stream_once(
        self, model: str, request: dict[str, Any], on_delta: DeltaCallback
    ) -> Completion:
        extra: dict[str, Any] = {}
        if self.stream_usage_supported:
            extra["stream_options"] = {"include_usage": True}
        stream = await self._openai.chat.completions.create(
            model=model, stream=True, **request, **extra
        )
        parts: list[str] = []
        usage = None
        served_model = model
        finish_reason: str | None = None
        refusal: list[str] = []
        async with stream:
            async for chunk in stream:
                served_model = chunk.model or served_model
                if chunk.usage is not None:
                    usage = chunk.usage
                for choice in chunk.choices:
                    if choice.finish_reason:
                        finish_reason = choice.finish_reason
                    if getattr(choice.delta, "refusal", None):
                        refusal.append(str(choice.delta.refusal))
                    piece = choice.delta.content
                    if piece:
                        parts.append(piece)
                        await on_delta(piece)
        if finish_reason == "content_filter" or refusal:
            raise refused_error("".join(refusal) or "finish_reason=content_filter")
        text = "".join(parts)
        if usage is None:
            return Completion(
                text=text,
                model=served_model,
                prompt_tokens=estimate_tokens(_messages_text(request["messages"])),
                completion_tokens=estimate_tokens(text),
                usage_estimated=True,
                finish_reason=finish_reason,
            )
        details = usage.prompt_tokens_details
        return Completion(
            text=text,
            model=served_model,
            prompt_tokens=usage.prompt_tokens,
            completion_tokens=usage.completion_tokens,
            cached_tokens=(details.cached_tokens or 0) if details else 0,
            finish_reason=finish_reason,
        )

    async def complete_json(
        self,
        messages: list[Message],
        json_schema: dict[str, Any],
        *,
        schema_name: str = "result",
        temperature: float | None = 0.0,
    ) -> tuple[dict[str, Any], Completion]:
        """Structured output as a dict; raises LLMBadResponse when the answer is not JSON."""
        completion = await self.complete(
            messages, json_schema=json_schema, schema_name=schema_name, temperature=temperature
        )
        return parse_json_object(completion.text), completion

    # ---- embeddings ----------------------------------------------------------------------

    async def embed(self, texts: list[str], *, model: str | None = None) -> Embeddings:
        """Embed texts in one request; vectors come back in input order."""
        model = model or self.embedding_model
        if not texts:
            return Embeddings(model=model, vectors=[], tokens=0)
        extra: dict[str, Any] = {}
        if self.embedding_dimensions is not None:
            extra["dimensions"] = self.embedding_dimensions

        async def call() -> Embeddings:
            response = await self._openai.embeddings.create(
                model=model, input=texts, encoding_format="float", **extra
            )
            data = sorted(response.data, key=lambda item: item.index)
            tokens = response.usage.prompt_tokens if response.usage else 0
            if not tokens:
                tokens = sum(estimate_tokens(t) for t in texts)
            return Embeddings(
                model=response.model or model,
                vectors=[list(item.embedding) for item in data],
                tokens=tokens,
            )

        return await self._with_retries(call, model=model)
