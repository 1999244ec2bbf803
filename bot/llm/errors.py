"""Errors the LLM layer raises, each with a plain-English message a user can act on.

The bot shows `user_message` (in the reader's language: its `template` is a gettext msgid,
marked with N_, filled with `values`; bot/wording.py), so every subclass says what happened
and what to do, and only a real 401 ever mentions the API key: telling someone to check a
key that works sends them down the wrong path.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx
import openai

from bot.wording import N_, Refusal, english

try:  # openai 3.x talks through httpx2; errors raised mid-stream come from it unwrapped.
    import httpx2

    TRANSPORT_ERRORS: tuple[type[BaseException], ...] = (
        httpx.TransportError,
        httpx2.TransportError,
    )
    TIMEOUT_ERRORS: tuple[type[BaseException], ...] = (
        TimeoutError,
        httpx.TimeoutException,
        httpx2.TimeoutException,
    )
except ImportError:  # pragma: no cover - older openai on plain httpx
    TRANSPORT_ERRORS = (httpx.TransportError,)
    TIMEOUT_ERRORS = (TimeoutError, httpx.TimeoutException)


class LLMError(Refusal):
    """Base class: `user_message` is safe to show to a user (English; `template` and `values`
    say it in any language); `retryable` drives our retries."""

    retryable: bool = False

    def __init__(
        self,
        template: str,
        *,
        detail: str = "",
        retryable: bool | None = None,
        **values: object,
    ):
        english_text = english(template, values)
        super().__init__(template, values, f"{english_text} ({detail})" if detail else "")
        self.detail = detail
        if retryable is not None:
            self.retryable = retryable


class LLMTimeout(LLMError):
    retryable = True


class LLMAuthError(LLMError):
    pass


class LLMPermissionDenied(LLMError):
    pass


class LLMQuotaExceeded(LLMError):
    """429 `insufficient_quota`: waiting does not help, so it is never retried."""


class LLMRateLimited(LLMError):
    retryable = True


class LLMModelNotFound(LLMError):
    pass


class LLMRefused(LLMError):
    pass


class LLMUnavailable(LLMError):
    retryable = True


class LLMBadRequest(LLMError):
    """A 400 other than the structured-output rejections the client already works around."""


class LLMBadResponse(LLMError):
    """The server answered, but not with what we asked for (e.g. invalid JSON)."""


def host_of(base_url: str | None) -> str:
    """The host[:port] of the model server, for messages; OpenAI's when no base URL is set."""
    if not base_url:
        return "api.openai.com"
    return urlsplit(str(base_url)).netloc or str(base_url)


def timeout_error(timeout_s: float, detail: str = "") -> LLMTimeout:
    return LLMTimeout(
        N_(
            "The model server did not answer within {seconds} s — local models can be slow; "
            "raise JOBFORGE_LLM_TIMEOUT_S (or try again later)."
        ),
        detail=detail,
        seconds=timeout_s,
    )


def unavailable_error(base_url: str | None, detail: str = "") -> LLMUnavailable:
    return LLMUnavailable(
        N_(
            "The model server at {host} is not reachable or keeps failing. "
            "Please try again in a few minutes; if it persists, check that the server is "
            "running (OPENAI_BASE_URL)."
        ),
        detail=detail,
        host=host_of(base_url),
    )


def refused_error(detail: str = "") -> LLMRefused:
    return LLMRefused(
        N_(
            "The model declined to write this document (its content filter was triggered). "
            "Try rephrasing your feedback or removing unusual content from the posting."
        ),
        detail=detail,
    )


def bad_response_error(detail: str = "") -> LLMBadResponse:
    return LLMBadResponse(
        N_(
            "The model answered in an unexpected format. Please try again; if it keeps "
            "happening, the model may not support structured output — try another "
            "JOBFORGE_MODEL."
        ),
        detail=detail,
    )


def is_context_error(exc: openai.APIError) -> bool:
    """A 400 because the prompt is too long (no point falling back to another request shape)."""
    message = str(exc.message).lower()
    if isinstance(exc.body, dict):
        message += " " + str(exc.body.get("message") or "").lower()
    return (
        _error_code(exc) == "context_length_exceeded"
        or "context length" in message
        or ("maximum context" in message)
    )


def _error_code(exc: openai.APIError) -> str:
    code = exc.code or ""
    if not code and isinstance(exc.body, dict):
        code = str(exc.body.get("code") or "")
    return code


def classify(
    exc: BaseException,
    *,
    model: str = "",
    base_url: str | None = None,
    timeout_s: float | None = None,
) -> LLMError:
    """Map an openai (or transport) exception to the LLMError the user should see."""
    if isinstance(exc, LLMError):
        return exc
    detail = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, (openai.APITimeoutError, *TIMEOUT_ERRORS)):
        return timeout_error(timeout_s or 0, detail)
    if isinstance(exc, (openai.APIConnectionError, *TRANSPORT_ERRORS)):
        return unavailable_error(base_url, detail)
    if isinstance(exc, openai.ContentFilterFinishReasonError):
        return refused_error(detail)
    if isinstance(exc, openai.APIStatusError):
        return _classify_status(exc, model=model, base_url=base_url, detail=detail)
    if isinstance(exc, openai.APIError):
        # An error event inside a stream: no status code, treat as a transient server fault.
        return unavailable_error(base_url, detail)
    return LLMError(
        N_("Something went wrong while talking to the model server. Please try again."),
        detail=detail,
    )


def _classify_status(
    exc: openai.APIStatusError, *, model: str, base_url: str | None, detail: str
) -> LLMError:
    status = exc.status_code
    code = _error_code(exc)
    if status == 401:
        return LLMAuthError(
            N_(
                "The model server rejected the API key (401). Check OPENAI_API_KEY and, "
                "for a self-hosted server, the key it expects."
            ),
            detail=detail,
        )
    if status == 403:
        return LLMPermissionDenied(
            N_(
                "The API key is valid but not allowed to use model {model} or this endpoint "
                "(403). Pick a model your account or project may use (JOBFORGE_MODEL)."
            ),
            detail=detail,
            model=repr(model),
        )
    if status == 404:
        if code == "model_not_found" or "model" in str(exc.message).lower():
            return LLMModelNotFound(
                N_(
                    "The model {model} does not exist on {host} or is not available "
                    "to you. Set JOBFORGE_MODEL to a model the server lists."
                ),
                detail=detail,
                model=repr(model),
                host=host_of(base_url),
            )
        return LLMBadRequest(
            N_(
                "The model server at {host} does not offer this endpoint (404). "
                "Check OPENAI_BASE_URL (it usually ends in /v1)."
            ),
            detail=detail,
            host=host_of(base_url),
        )
    if status == 429:
        if code == "insufficient_quota":
            return LLMQuotaExceeded(
                N_(
                    "The model account has run out of credit or quota. Add credit or raise the "
                    "limit with your provider; retrying will not help until then."
                ),
                detail=detail,
            )
        return LLMRateLimited(
            N_("The model server is rate-limiting us right now. Please try again in a minute."),
            detail=detail,
        )
    if status >= 500:
        return unavailable_error(base_url, detail)
    if status == 400 and code == "content_filter":
        return refused_error(detail)
    if status == 400 and is_context_error(exc):
        return LLMBadRequest(
            N_(
                "The posting and resume are too long for model {model}. Shorten them, or use "
                "a model with a larger context window (JOBFORGE_MODEL)."
            ),
            detail=detail,
            model=repr(model),
        )
    return LLMBadRequest(
        N_(
            "The model server rejected the request ({status}). This is likely a bug or an "
            "incompatible server; please report it."
        ),
        detail=detail,
        status=str(status),
    )
