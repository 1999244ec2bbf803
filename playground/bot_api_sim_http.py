"""JSON endpoints under /_sim/ so another process (a demo, a benchmark) can act as users."""

from __future__ import annotations

import base64
import dataclasses
import json
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

from playground.bot_api_models import JSON, RateLimits, SentMessage

if TYPE_CHECKING:
    from playground.bot_api import BotApiEmulator

SimHandler = Callable[[JSON], Awaitable[Any]]


def message_summary(msg: SentMessage) -> JSON:
    """JSON view of a bot message (document bytes base64-encoded)."""
    return {
        "chat_id": msg.chat_id,
        "message_id": msg.message_id,
        "date": msg.date,
        "text": msg.text,
        "caption": msg.caption,
        "entities": msg.entities,
        "parse_mode": msg.parse_mode,
        "reply_markup": msg.reply_markup,
        "buttons": [dataclasses.asdict(b) for b in msg.buttons],
        "edits": [
            {"text": r.text, "entities": r.entities, "reply_markup": r.reply_markup}
            for r in msg.edits
        ],
        "deleted": msg.deleted,
        "documents": [
            {
                "file_id": d.file_id,
                "filename": d.filename,
                "mime_type": d.mime_type,
                "data_b64": base64.b64encode(d.data).decode(),
            }
            for d in msg.documents
        ],
    }


def add_sim_routes(app: web.Application, emu: BotApiEmulator) -> None:
    """Register /_sim/<action> (POST JSON body or GET query) for every simulated-user action."""

    async def send_text(p: JSON) -> Any:
        return emu.user_sends_text(
            int(p["user_id"]),
            str(p["text"]),
            first_name=p.get("first_name", "Test"),
            language_code=p.get("language_code", "en"),
        )

    async def send_document(p: JSON) -> Any:
        return emu.user_sends_document(
            int(p["user_id"]),
            str(p["filename"]),
            base64.b64decode(p["data_b64"]),
            p.get("mime_type", "application/octet-stream"),
            p.get("caption"),
            int(p["file_size"]) if p.get("file_size") is not None else None,
        )

    async def press_button(p: JSON) -> Any:
        return emu.user_presses_button(
            int(p["user_id"]),
            int(p["message_id"]),
            str(p["callback_data"]),
            forge=bool(p.get("forge")),
        )

    async def block(p: JSON) -> Any:
        emu.user_blocks_bot(int(p["user_id"]))
        return True

    async def unblock(p: JSON) -> Any:
        emu.user_unblocks_bot(int(p["user_id"]))
        return True

    async def messages(p: JSON) -> Any:
        return [message_summary(m) for m in emu.messages(int(p["chat_id"]))]

    async def wait_message(p: JSON) -> Any:
        msg = await emu.wait_for_message(
            int(p["chat_id"]),
            p.get("contains"),
            float(p.get("timeout", 5.0)),
            after_message_id=int(p.get("after_message_id", 0)),
        )
        return message_summary(msg)

    async def drafts(p: JSON) -> Any:
        return [dataclasses.asdict(d) for d in emu.drafts(int(p["chat_id"]))]

    async def callback_answers(p: JSON) -> Any:
        return [dataclasses.asdict(a) for a in emu.callback_answers]

    async def stats(p: JSON) -> Any:
        return {
            "request_counts": dict(emu.request_counts),
            "rate_limited_count": emu.rate_limited_count,
            "pending_updates": len(emu.state.updates),
        }

    async def fail_next(p: JSON) -> Any:
        emu.fail_next(
            str(p["method"]),
            int(p["error_code"]),
            str(p["description"]),
            p.get("retry_after"),
            int(p.get("count", 1)),
        )
        return True

    async def rate_limits(p: JSON) -> Any:
        fields = {f.name for f in dataclasses.fields(RateLimits)}
        emu.set_rate_limits(
            RateLimits(**{k: v for k, v in p.items() if k in fields})
            if p.get("enabled", True)
            else None
        )
        return True

    handlers: dict[str, SimHandler] = {
        "send_text": send_text,
        "send_document": send_document,
        "press_button": press_button,
        "block": block,
        "unblock": unblock,
        "messages": messages,
        "wait_message": wait_message,
        "drafts": drafts,
        "callback_answers": callback_answers,
        "stats": stats,
        "fail_next": fail_next,
        "rate_limits": rate_limits,
    }

    async def handle(request: web.Request) -> web.Response:
        handler = handlers.get(request.match_info["action"])
        if handler is None:
            return web.json_response({"ok": False, "error": "unknown action"}, status=404)
        params: JSON = dict(request.query)
        if request.method == "POST" and request.can_read_body:
            params.update(json.loads(await request.read() or b"{}"))
        try:
            result = await handler(params)
        except (KeyError, ValueError, LookupError, TimeoutError) as exc:
            return web.json_response({"ok": False, "error": repr(exc)}, status=400)
        return web.json_response({"ok": True, "result": result})

    app.router.add_route("*", "/_sim/{action}", handle)
