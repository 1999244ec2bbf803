"""Flood control and fault injection, so retry/backoff paths can be exercised deterministically."""

from __future__ import annotations

import math
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass

from playground.bot_api_models import ApiError, RateLimits


class _Bucket:
    """Token bucket: `rate` tokens/s, at most `burst` stored."""

    __slots__ = ("burst", "rate", "stamp", "tokens")

    def __init__(self, rate: float, burst: float, now: float) -> None:
        self.rate, self.burst, self.tokens, self.stamp = rate, burst, burst, now

    def refill(self, now: float) -> None:
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now

    def wait_needed(self) -> float:
        """Seconds until one token is available (0 when one is available now)."""
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate


class RateLimiter:
    """Global + per-chat budgets; over budget → 429 with retry_after like Telegram."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits: RateLimits | None = None
        self._clock = clock
        self._global: _Bucket | None = None
        self._chats: dict[int, _Bucket] = {}

    def configure(self, limits: RateLimits | None) -> None:
        """Replace the budgets (None turns flood control off) and reset all buckets."""
        self.limits = limits
        self._global = None
        self._chats.clear()

    def check(self, chat_id: int | None) -> None:
        """Consume a token or raise ApiError(429); a refused call consumes nothing."""
        limits = self.limits
        if limits is None or not limits.enabled:
            return
        now = self._clock()
        if self._global is None:
            self._global = _Bucket(limits.global_per_second, limits.global_burst, now)
        buckets = [self._global]
        if chat_id is not None:
            bucket = self._chats.get(chat_id)
            if bucket is None:
                bucket = _Bucket(limits.per_chat_per_second, limits.per_chat_burst, now)
                self._chats[chat_id] = bucket
            buckets.append(bucket)
        for b in buckets:
            b.refill(now)
        wait = max(b.wait_needed() for b in buckets)
        if wait > 0:
            raise too_many_requests(max(1, math.ceil(wait)))
        for b in buckets:
            b.tokens -= 1


def too_many_requests(retry_after: int) -> ApiError:
    """Telegram's flood-wait reply."""
    return ApiError(
        429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
    )


@dataclass
class _Injected:
    error_code: int
    description: str
    retry_after: int | None
    remaining: int


class FaultInjector:
    """Queue of forced failures per method, consumed one call at a time."""

    def __init__(self) -> None:
        self._queue: dict[str, deque[_Injected]] = defaultdict(deque)

    def add(
        self,
        method: str,
        error_code: int,
        description: str,
        retry_after: int | None = None,
        count: int = 1,
    ) -> None:
        """Make the next `count` calls of `method` fail with this error."""
        self._queue[method.lower()].append(_Injected(error_code, description, retry_after, count))

    def take(self, method: str) -> ApiError | None:
        """The error to return for this call, if one is queued."""
        queue = self._queue.get(method.lower())
        if not queue:
            return None
        item = queue[0]
        item.remaining -= 1
        if item.remaining <= 0:
            queue.popleft()
        params = {"retry_after": item.retry_after} if item.retry_after is not None else None
        return ApiError(item.error_code, item.description, params)
