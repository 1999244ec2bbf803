"""One input boundary: every string in an update from Telegram is cleaned once, before
python-telegram-bot builds the `Update` (polling: the getUpdates response; webhook: the
posted body), so no handler, service or SQL statement ever sees a NUL byte or a lone
surrogate (PostgreSQL rejects both: a first name with NUL locked a user out).

Everywhere: NUL and other control characters (not newline or tab) and lone surrogates are
removed, and text is NFC. In names and file names, bidi controls and zero-width characters
are removed too (they can make "exe.pdf" look like "fdp.exe").

The same boundary records every update in the durable inbox (`storage.inbox`) before it
is acknowledged: polling acknowledges a batch with the next getUpdates call, which PTB
makes only after this request returned, so a batch that could not be recorded is fetched
again. Once acknowledged Telegram forgets an update, so a process killed while handling
it replays it from the inbox at its next start (`Inbox.replay`).
"""

from __future__ import annotations

import json
import logging
import re
import time
import unicodedata
from collections import OrderedDict
from typing import Any

from telegram import Update
from telegram.error import NetworkError, TelegramError
from telegram.ext import Application
from telegram.request import HTTPXRequest, RequestData

from storage.inbox import Claim, InboxRepository

_log = logging.getLogger(__name__)

NAME_KEYS = frozenset({"first_name", "last_name", "username", "title", "file_name"})
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_NAME_ONLY_RE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad]")


def clean_text(text: str, *, name: str | None = None) -> str:
    cleaned = unicodedata.normalize("NFC", _CONTROL_RE.sub("", text))
    return _NAME_ONLY_RE.sub("", cleaned) if name in NAME_KEYS else cleaned


def clean_incoming(value: Any, key: str | None = None) -> Any:
    """The same JSON with every string cleaned (names more strictly than text)."""
    if isinstance(value, str):
        return clean_text(value, name=key)
    if isinstance(value, dict):
        return {k: clean_incoming(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_incoming(v, key) for v in value]
    return value


MAX_ATTEMPTS = 3  # a poison update that keeps crashing the process is given up after this
_SEEN_IDS = 10_000
_PRUNE_EVERY_S = 3600.0


def bot_id_of(token: str) -> int:
    """Update ids are per bot; the token starts with the bot's numeric id."""
    head = token.split(":", 1)[0]
    return int(head) if head.isdigit() else 0


class Inbox:
    """What this process knows about the durable inbox, on top of its table.

    Duplicates are dropped in memory before anything else looks at an update (a replayed
    copy and Telegram's redelivery of it, or a redelivery of one processed before a
    restart), so a duplicate part of a split paste is never joined twice.
    """

    def __init__(self, repository: InboxRepository, *, max_attempts: int = MAX_ATTEMPTS) -> None:
        self.repository = repository
        self.max_attempts = max_attempts
        self._processed_before: set[int] = set()
        # Recorded here for the first time, first attempt already counted by the recording.
        self._counted: set[int] = set()
        self._seen: OrderedDict[int, None] = OrderedDict()
        self._pruned_at = 0.0

    async def record(self, updates: list[dict[str, Any]]) -> None:
        """Store updates before they are acknowledged; raises if the database cannot."""
        recorded = await self.repository.record(updates)
        self._processed_before |= recorded.duplicates
        self._counted |= recorded.fresh
        for update_id in recorded.fresh:  # an id Telegram reused for a new update
            self._seen.pop(update_id, None)
        if time.monotonic() - self._pruned_at > _PRUNE_EVERY_S:
            await self._prune()

    async def _prune(self) -> None:
        """Tombstones older than a day go (they hold ids and times, no content)."""
        self._pruned_at = time.monotonic()
        try:
            await self.repository.prune()
        except Exception:
            _log.warning("could not prune the update inbox", exc_info=True)

    def accept(self, update_id: int) -> bool:
        """False for a duplicate: already processed, or already taken by this process."""
        if update_id in self._processed_before:
            self._processed_before.discard(update_id)
            return False
        if update_id in self._seen:
            return False
        self._seen[update_id] = None
        if len(self._seen) > _SEEN_IDS:
            self._seen.popitem(last=False)
        return True

    async def claim(self, update_id: int) -> Claim:
        """Count an attempt. Without the database the update still runs (its handler will
        answer the user either way) and stays unfinished, so it is replayed once more.

        An update this process recorded just now had its first attempt counted then: no
        transaction here (a replayed or redelivered one is claimed in the database)."""
        if update_id in self._counted:
            self._counted.discard(update_id)
            return Claim.RUN
        try:
            claim = await self.repository.claim(update_id, self.max_attempts)
        except Exception:
            _log.warning("could not count an attempt of update %d", update_id, exc_info=True)
            return Claim.RUN
        if claim is Claim.GIVE_UP:
            _log.error("update %d given up after %d attempts", update_id, self.max_attempts)
        return claim

    async def finish(self, update_ids: list[int]) -> None:
        self._counted.difference_update(update_ids)  # e.g. parts absorbed into a paste
        try:
            await self.repository.finish(update_ids)
        except Exception:  # it stays unfinished: replayed once more at the next start
            _log.warning("could not mark %d update(s) done", len(update_ids), exc_info=True)

    async def replay(self, application: Application) -> int:
        """Queue the updates a previous process recorded but did not finish, oldest first
        (so in order for each user), ahead of anything new. Call before updates arrive.

        Only one process receives a bot's updates at a time (Telegram allows one poller;
        see docs/scaling.md for webhooks), so whatever is unfinished at start was left by
        a process that is gone.
        """
        await self._prune()
        try:
            payloads = await self.repository.unfinished()
        except Exception:
            _log.warning("could not read the update inbox; nothing replayed", exc_info=True)
            return 0
        for payload in payloads:
            update = Update.de_json(payload, application.bot)
            if update is not None:
                await application.update_queue.put(update)
        if payloads:
            _log.info("replaying %d unfinished update(s)", len(payloads))
        return len(payloads)


class InboundRequest(HTTPXRequest):
    """The getUpdates connection: responses are cleaned before PTB parses updates, and
    recorded in the inbox before PTB can acknowledge them.

    Invalid JSON is reported without echoing the body (it holds user messages).
    """

    def __init__(self, *args: Any, inbox: Inbox | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.inbox = inbox

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = HTTPXRequest.DEFAULT_NONE,
        write_timeout: Any = HTTPXRequest.DEFAULT_NONE,
        connect_timeout: Any = HTTPXRequest.DEFAULT_NONE,
        pool_timeout: Any = HTTPXRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        status, payload = await super().do_request(
            url,
            method,
            request_data,
            read_timeout=read_timeout,
            write_timeout=write_timeout,
            connect_timeout=connect_timeout,
            pool_timeout=pool_timeout,
        )
        if self.inbox is not None and status == 200 and url.endswith("/getUpdates"):
            updates = self.parse_json_payload(payload).get("result")
            if isinstance(updates, list) and updates:
                try:
                    await self.inbox.record(updates)
                except Exception as exc:
                    # PTB retries with the same offset: nothing is acknowledged unrecorded.
                    raise NetworkError(f"could not record {len(updates)} update(s)") from exc
        return status, payload

    @staticmethod
    def parse_json_payload(payload: bytes) -> dict[str, Any]:
        try:
            parsed = json.loads(payload.decode("utf-8", "replace"))
        except ValueError as exc:
            raise TelegramError(f"Invalid server response ({len(payload)} bytes)") from exc
        cleaned: dict[str, Any] = clean_incoming(parsed)
        return cleaned
