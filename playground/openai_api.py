"""A local stand-in for an OpenAI-compatible server, for tests, the playground and benchmarks.

It speaks the wire format the real `openai` client expects (JSON bodies, SSE chunks with
`data: [DONE]`, OpenAI's error JSON) and writes realistic documents from the data blocks
in the prompt (via `bot.generation.offline.OfflineEngine` when available), so the whole
pipeline runs without network or keys. Failure knobs (injected statuses, latency, hangs,
broken streams, planted fabrications) exercise the client's retries and the guard.
Deterministic: token counts are chars/4, embeddings are hashed bags of words.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import math
import random
import re
import struct
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from playground.model_style import ModelStyle
from playground.openai_content import (
    build_document,
    embedding,
    parse_prompt,
    plant,
    schema_document,
)

DEFAULT_MODEL = "gpt-4o-mini"
EMBEDDING_DIMS = {
    "text-embedding-3-small": 1536,
    "text-embedding-3-large": 3072,
    "text-embedding-ada-002": 1536,
}
DEFAULT_FABRICATION = (
    "Certified Kubernetes Administrator (CKA) with 8 years at Google running Kubernetes "
    "clusters in production."
)


def count_tokens(text: str) -> int:
    """Deterministic token estimate: one token per 4 characters."""
    return max(1, math.ceil(len(text) / 4)) if text else 0


def error_body(
    message: str, type_: str, code: str | None = None, param: str | None = None
) -> dict[str, Any]:
    """OpenAI's error envelope."""
    return {"error": {"message": message, "type": type_, "param": param, "code": code}}


def standard_error(status: int, model: str, code: str | None = None) -> dict[str, Any]:
    """The body OpenAI sends for a status (and `code`, to tell quota from rate limits)."""
    if status == 401:
        return error_body(
            "Incorrect API key provided: sk-***. You can find your API key at "
            "https://platform.openai.com/account/api-keys.",
            "invalid_request_error",
            "invalid_api_key",
        )
    if status == 403:
        return error_body(
            f"You are not allowed to sample from model {model}.", "invalid_request_error"
        )
    if status == 404:
        return error_body(
            f"The model `{model}` does not exist or you do not have access to it.",
            "invalid_request_error",
            "model_not_found",
        )
    if status == 429 and code == "insufficient_quota":
        return error_body(
            "You exceeded your current quota, please check your plan and billing details.",
            "insufficient_quota",
            "insufficient_quota",
        )
    if status == 429:
        return error_body(
            f"Rate limit reached for {model} on tokens per min (TPM): Limit 30000, "
            "Used 30000, Requested 1200. Please try again in 1s.",
            "tokens",
            "rate_limit_exceeded",
        )
    if status == 400:
        return error_body("Invalid request.", "invalid_request_error", code)
    if status == 503:
        return error_body(
            "The engine is currently overloaded, please try again later", "server_error"
        )
    return error_body(
        "The server had an error while processing your request. Sorry about that!",
        "server_error",
    )


@dataclass
class Failure:
    status: int
    body: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    code: str | None = None
    endpoint: str | None = None  # "chat" | "embeddings" | None for any


# ---- reading our own prompt format ------------------------------------------------------


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


# ---- the server -------------------------------------------------------------------------


class OpenAIStandIn:
    """aiohttp server speaking OpenAI's Chat Completions, Embeddings and Models endpoints."""

    def __init__(self, *, seed: int = 1234, model: str = DEFAULT_MODEL) -> None:
        self.model = model
        self.delay_s = 0.0
        self.token_delay_s = 0.0
        self.hang_s = 0.0
        self.fail_rate = 0.0
        self.fabricate: str | None = None
        # Paraphrase like a real model and sometimes invent (see playground/model_style.py).
        self.style: ModelStyle | None = None
        self.required_api_key: str | None = None
        self.known_models: set[str] | None = None  # None: every model name is accepted
        self.supports_json_schema = True
        self.supports_json_object = True
        self.send_usage = True
        self.supports_stream_options = True
        self.refuse_next = False  # answer the next chat call with finish_reason=content_filter
        self.chunk_words = 1
        self.requests: Counter[str] = Counter()
        self.last_bodies: dict[str, dict[str, Any]] = {}
        self.bodies: list[tuple[str, dict[str, Any]]] = []
        self._failures: list[Failure] = []
        self._breaks: list[int] = []
        self._rng = random.Random(seed)
        self._seed = seed
        self._prompts: list[str] = []
        self._stopped = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.url = ""

    # -- control ----------------------------------------------------------------------

    def fail_next(
        self,
        status: int,
        count: int = 1,
        body: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        *,
        code: str | None = None,
        endpoint: str | None = None,
    ) -> None:
        """Answer the next `count` API calls with `status` (429 carries retry-after: 1)."""
        if headers is None:
            headers = {"retry-after": "1"} if status == 429 and code != "insufficient_quota" else {}
        for _ in range(count):
            self._failures.append(Failure(status, body, dict(headers), code, endpoint))

    def break_next_stream(self, after_chunks: int = 3, count: int = 1) -> None:
        """Drop the connection mid-stream after `after_chunks` content chunks."""
        self._breaks.extend([after_chunks] * count)

    def reset(self) -> None:
        """Back to a healthy, fast server with zeroed counters (keeps the address)."""
        self.delay_s = self.token_delay_s = self.hang_s = self.fail_rate = 0.0
        self.fabricate = self.required_api_key = self.known_models = None
        self.style = None
        self.supports_json_schema = self.supports_json_object = self.send_usage = True
        self.supports_stream_options = True
        self.refuse_next = False
        self.chunk_words = 1
        self.requests.clear()
        self.last_bodies.clear()
        self.bodies.clear()
        self._failures.clear()
        self._breaks.clear()
        self._prompts.clear()
        self._rng = random.Random(self._seed)

    def configure(self, settings: dict[str, Any]) -> None:
        """Apply a `POST /_control` JSON body: attributes plus fail_next/break_next_stream."""
        if settings.get("reset"):
            self.reset()
        for key in (
            "delay_s",
            "token_delay_s",
            "hang_s",
            "fail_rate",
            "fabricate",
            "required_api_key",
            "supports_json_schema",
            "supports_json_object",
            "send_usage",
            "supports_stream_options",
            "refuse_next",
            "chunk_words",
        ):
            if key in settings:
                setattr(self, key, settings[key])
        if "model_style" in settings:
            spec = settings["model_style"]
            self.style = ModelStyle(**spec) if isinstance(spec, dict) else None
            if spec is True:
                self.style = ModelStyle()
        if settings.get("fabricate") is True:
            self.fabricate = DEFAULT_FABRICATION
        if "known_models" in settings:
            models = settings["known_models"]
            self.known_models = set(models) if models is not None else None
        if "fail_next" in settings:
            spec = dict(settings["fail_next"])
            self.fail_next(
                int(spec.pop("status")),
                int(spec.pop("count", 1)),
                spec.pop("body", None),
                spec.pop("headers", None),
                code=spec.pop("code", None),
                endpoint=spec.pop("endpoint", None),
            )
        if "break_next_stream" in settings:
            self.break_next_stream(int(settings["break_next_stream"]))

    def state(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "requests": dict(self.requests),
            "pending_failures": len(self._failures),
            "delay_s": self.delay_s,
            "token_delay_s": self.token_delay_s,
            "hang_s": self.hang_s,
            "fail_rate": self.fail_rate,
            "fabricate": self.fabricate,
            "planted": list(self.style.planted) if self.style else [],
        }

    # -- lifecycle --------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Start serving; returns the base URL (the client's base_url is `{url}/v1`)."""
        app = web.Application(client_max_size=32 * 1024 * 1024)
        app.router.add_post("/v1/chat/completions", self._chat)
        app.router.add_post("/v1/embeddings", self._embeddings)
        app.router.add_get("/v1/models", self._models)
        app.router.add_post("/_control", self._control)
        app.router.add_get("/_control", self._control_state)
        self._stopped.clear()
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound_port = self._runner.addresses[0][1]
        self.url = f"http://{host}:{bound_port}"
        return self.url

    async def stop(self) -> None:
        self._stopped.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> OpenAIStandIn:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    # -- shared request handling --------------------------------------------------------

    async def _pause(self, seconds: float) -> bool:
        """Sleep, but wake at shutdown; False when the server is stopping."""
        if seconds <= 0:
            return True
        try:
            await asyncio.wait_for(self._stopped.wait(), seconds)
        except TimeoutError:
            return True
        return False

    async def _gate(
        self, request: web.Request, endpoint: str
    ) -> tuple[dict[str, Any], web.Response | None]:
        """Count and record the request, then apply auth and failure knobs."""
        self.requests[endpoint] += 1
        try:
            body = await request.json() if request.can_read_body else {}
        except json.JSONDecodeError:
            return {}, self._error(400, error_body("Invalid JSON body.", "invalid_request_error"))
        self.last_bodies[endpoint] = body
        self.bodies.append((endpoint, body))
        model = str(body.get("model") or "")
        expected = f"Bearer {self.required_api_key}"
        if self.required_api_key is not None and request.headers.get("Authorization") != expected:
            return body, self._error(401, standard_error(401, model))
        for index, failure in enumerate(self._failures):
            if failure.endpoint in (None, endpoint):
                del self._failures[index]
                payload = failure.body or standard_error(failure.status, model, failure.code)
                return body, self._error(failure.status, payload, failure.headers)
        if self.fail_rate > 0 and self._rng.random() < self.fail_rate:
            return body, self._error(500, standard_error(500, model))
        if self.known_models is not None and model not in self.known_models:
            return body, self._error(404, standard_error(404, model))
        if self.hang_s > 0 and not await self._pause(self.hang_s):
            return body, self._error(503, standard_error(503, model))
        return body, None

    @staticmethod
    def _error(
        status: int, payload: dict[str, Any], headers: dict[str, str] | None = None
    ) -> web.Response:
        return web.json_response(payload, status=status, headers=headers or {})

    async def _control(self, request: web.Request) -> web.Response:
        self.configure(await request.json())
        return web.json_response(self.state())

    async def _control_state(self, request: web.Request) -> web.Response:
        return web.json_response(self.state())

    async def _models(self, request: web.Request) -> web.Response:
        self.requests["models"] += 1
        names = sorted(self.known_models or {self.model, *EMBEDDING_DIMS})
        data = [
            {"id": n, "object": "model", "created": 1700000000, "owned_by": "jobforge-standin"}
            for n in names
        ]
        return web.json_response({"object": "list", "data": data})

    # -- chat completions ---------------------------------------------------------------

    def _usage(self, prompt: str, completion: str) -> dict[str, Any]:
        cached = max((_common_prefix(prompt, old) for old in self._prompts), default=0)
        self._prompts = [*self._prompts[-7:], prompt]
        prompt_tokens = count_tokens(prompt)
        completion_tokens = count_tokens(completion)
        return {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
            "prompt_tokens_details": {
                "cached_tokens": min(prompt_tokens, cached // 4),
                "audio_tokens": 0,
            },
            "completion_tokens_details": {
                "reasoning_tokens": 0,
                "audio_tokens": 0,
                "accepted_prediction_tokens": 0,
                "rejected_prediction_tokens": 0,
            },
        }

    def _check_format(self, body: dict[str, Any]) -> web.Response | None:
        if "stream_options" in body and not self.supports_stream_options:
            return self._error(
                400,
                error_body(
                    "Unrecognized request argument supplied: stream_options",
                    "invalid_request_error",
                    param="stream_options",
                ),
            )
        kind = (body.get("response_format") or {}).get("type")
        if (kind == "json_schema" and not self.supports_json_schema) or (
            kind == "json_object" and not self.supports_json_object
        ):
            return self._error(
                400,
                error_body(
                    f"Invalid parameter: 'response_format' of type '{kind}' is not supported "
                    "with this model.",
                    "invalid_request_error",
                    param="response_format",
                ),
            )
        return None

    async def _answer(self, body: dict[str, Any]) -> str:
        messages = body.get("messages") or []
        parsed = parse_prompt(messages)
        document = await build_document(parsed)
        fmt = body.get("response_format") or {}
        if fmt.get("type") == "json_schema":
            schema = (fmt.get("json_schema") or {}).get("schema") or {}
            return schema_document(schema, document)
        if self.style is not None and parsed.step != "job_facts":
            document = self.style.rewrite(
                parsed.step,
                document,
                parsed.blocks.get("resume", ""),
                parsed.blocks.get("job_posting", ""),
            )
        if parsed.step != "job_facts" and self.fabricate:
            document = plant(document, self.fabricate)
            self.fabricate = None
        return document

    async def _chat(self, request: web.Request) -> web.StreamResponse:
        body, failure = await self._gate(request, "chat")
        if failure is not None:
            return failure
        rejected = self._check_format(body)
        if rejected is not None:
            return rejected
        model = str(body.get("model") or self.model)
        prompt = "\n".join(
            f"{m.get('role')}: {m.get('content') or ''}" for m in body.get("messages") or []
        )
        text = await self._answer(body)
        finish = "stop"
        if self.refuse_next:
            self.refuse_next, text, finish = False, "", "content_filter"
        usage = self._usage(prompt, text)
        if not await self._pause(self.delay_s):
            return self._error(503, standard_error(503, model))
        ident = f"chatcmpl-{hashlib.sha1(prompt.encode()).hexdigest()[:24]}"  # noqa: S324
        created = int(time.time())
        if not body.get("stream"):
            return web.json_response(
                {
                    "id": ident,
                    "object": "chat.completion",
                    "created": created,
                    "model": model,
                    "system_fingerprint": "fp_standin",
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": text, "refusal": None},
                            "logprobs": None,
                            "finish_reason": finish,
                        }
                    ],
                    "usage": usage if self.send_usage else None,
                }
            )
        include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
        return await self._stream(
            request, ident, created, model, text, usage, include_usage, finish
        )

    async def _stream(
        self,
        request: web.Request,
        ident: str,
        created: int,
        model: str,
        text: str,
        usage: dict[str, Any],
        include_usage: bool,
        finish: str = "stop",
    ) -> web.StreamResponse:
        response = web.StreamResponse(
            headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
        )
        await response.prepare(request)
        with_usage = include_usage and self.send_usage
        break_after = self._breaks.pop(0) if self._breaks else None

        def chunk(delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
            data: dict[str, Any] = {
                "id": ident,
                "object": "chat.completion.chunk",
                "created": created,
                "model": model,
                "system_fingerprint": "fp_standin",
                "choices": [
                    {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
                ],
            }
            if with_usage:
                data["usage"] = None
            return data

        async def send(data: dict[str, Any] | str) -> None:
            payload = data if isinstance(data, str) else json.dumps(data)
            await response.write(f"data: {payload}\n\n".encode())

        await send(chunk({"role": "assistant", "content": "", "refusal": None}, None))
        words = re.findall(r"\s*\S+\s*|\s+", text)
        step = max(1, int(self.chunk_words))
        for sent, start in enumerate(range(0, len(words), step)):
            if break_after is not None and sent >= break_after:
                if request.transport is not None:
                    request.transport.abort()
                return response
            if sent and not await self._pause(self.token_delay_s):
                return response
            await send(chunk({"content": "".join(words[start : start + step])}, None))
        await send(chunk({}, finish))
        if with_usage:
            final = chunk({}, None)
            final["choices"] = []
            final["usage"] = usage
            await send(final)
        await send("[DONE]")
        await response.write_eof()
        return response

    # -- embeddings ---------------------------------------------------------------------

    async def _embeddings(self, request: web.Request) -> web.Response:
        body, failure = await self._gate(request, "embeddings")
        if failure is not None:
            return failure
        model = str(body.get("model") or "text-embedding-3-small")
        raw = body.get("input", [])
        texts = [raw] if isinstance(raw, str) else [str(t) for t in raw]
        dims = int(body.get("dimensions") or EMBEDDING_DIMS.get(model, 1536))
        as_base64 = body.get("encoding_format") == "base64"
        data = []
        for index, text in enumerate(texts):
            vector = embedding(text, dims)
            value: Any = (
                base64.b64encode(struct.pack(f"<{dims}f", *vector)).decode()
                if as_base64
                else vector
            )
            data.append({"object": "embedding", "index": index, "embedding": value})
        tokens = sum(count_tokens(t) for t in texts)
        if not await self._pause(self.delay_s):
            return self._error(503, standard_error(503, model))
        return web.json_response(
            {
                "object": "list",
                "data": data,
                "model": model,
                "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
            }
        )
