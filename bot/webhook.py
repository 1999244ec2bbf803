"""`jobforge webhook`: Telegram posts updates to us; we check its secret token first.

A small aiohttp server (as in PTB's customwebhookbot example) rather than PTB's built-in
one, so we also get a health endpoint: `GET /healthz` answers 200 when the database does.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import signal
from typing import Any

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from bot.application import Core, build_application
from bot.config import Settings
from bot.inbound import clean_incoming
from bot.update_processor import PerUserUpdateProcessor

_log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
WEBHOOK_PATH = "/telegram"
MAX_BODY_BYTES = 1_000_000
BODY_TIMEOUT_S = 10.0
MAX_IN_FLIGHT = 64  # requests being read or checked at once; Telegram sends at most 100

APP_KEY = web.AppKey("application", Application)
CORE_KEY = web.AppKey("core", Core)
SECRET_KEY = web.AppKey("secret", str)


async def receive_update(request: web.Request) -> web.Response:
    secret = request.app[SECRET_KEY]
    given = request.headers.get(SECRET_HEADER, "")
    # Any byte sequence an attacker sends (non-UTF-8, surrogates, megabytes) is a 403,
    # never a traceback.
    if not hmac.compare_digest(given.encode("utf-8", "surrogateescape"), secret.encode()):
        return web.Response(status=403, text="forbidden")
    if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
        return web.Response(status=413, text="too large")
    try:
        async with asyncio.timeout(BODY_TIMEOUT_S):  # a slow sender cannot hold a handler
            payload: Any = await request.json()
    except TimeoutError:
        return web.Response(status=408, text="body too slow")
    except (json.JSONDecodeError, UnicodeDecodeError, web.HTTPRequestEntityTooLarge):
        return web.Response(status=400, text="invalid JSON")
    application = request.app[APP_KEY]
    cleaned = clean_incoming(payload)
    try:
        update = Update.de_json(cleaned, application.bot)
    except Exception:
        return web.Response(status=400, text="not an update")
    if update is None:
        return web.Response(status=400, text="not an update")
    processor = application.update_processor
    inbox = processor.inbox if isinstance(processor, PerUserUpdateProcessor) else None
    if inbox is not None:
        try:  # recorded before the 200: Telegram retries an update we could not keep
            await inbox.record([cleaned])
        except Exception:
            _log.warning("could not record update %d; Telegram will retry", update.update_id)
            return web.Response(status=503, text="try again")
    await application.update_queue.put(update)
    return web.Response(text="ok")


async def health(request: web.Request) -> web.Response:
    try:
        await asyncio.wait_for(request.app[CORE_KEY].db.ping(), timeout=3)
    except Exception:
        return web.json_response({"status": "database unavailable"}, status=503)
    return web.json_response({"status": "ok"})


def _in_flight_cap(limit: int) -> Any:
    """Refuse (503) rather than queue when too many requests are open at once, so a flood
    of slow unauthenticated connections cannot starve Telegram's own deliveries."""
    open_requests = 0

    @web.middleware
    async def cap(request: web.Request, handler: Any) -> web.StreamResponse:
        nonlocal open_requests
        if open_requests >= limit:
            return web.Response(status=503, text="busy")
        open_requests += 1
        try:
            response: web.StreamResponse = await handler(request)
            return response
        finally:
            open_requests -= 1

    return cap


def make_web_app(
    application: Application, core: Core, secret: str, *, max_in_flight: int = MAX_IN_FLIGHT
) -> web.Application:
    app = web.Application(
        client_max_size=MAX_BODY_BYTES, middlewares=[_in_flight_cap(max_in_flight)]
    )
    app[APP_KEY] = application
    app[CORE_KEY] = core
    app[SECRET_KEY] = secret
    app.router.add_post(WEBHOOK_PATH, receive_update)
    app.router.add_get("/healthz", health)
    return app


async def serve_webhook(settings: Settings, bot_db_url: str, token: str) -> int:
    assert settings.telegram_webhook_secret is not None
    secret = settings.telegram_webhook_secret.get_secret_value()
    core = Core.create(settings, bot_db_url)
    application = build_application(
        core,
        token,
        settings.telegram_api_url,
        process_jobs=settings.process_jobs_in_bot,
        run_scheduler=settings.process_jobs_in_bot,
    )
    await application.initialize()
    if application.post_init is not None:
        await application.post_init(application)
    if settings.webhook_url:
        await application.bot.set_webhook(
            settings.webhook_url + WEBHOOK_PATH,
            secret_token=secret,
            allowed_updates=["message", "callback_query", "my_chat_member"],
        )
    await application.start()
    runner = web.AppRunner(make_web_app(application, core, secret))
    await runner.setup()
    site = web.TCPSite(runner, "0.0.0.0", settings.port)  # noqa: S104 - the webhook must be reachable
    await site.start()
    _log.info("webhook listening on :%d%s", settings.port, WEBHOOK_PATH)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()
        await application.stop()
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)
    return 0
