"""A local Telegram Bot API emulator (aiohttp) that the real python-telegram-bot can talk to.

Wire PTB with ``.base_url(f"{url}/bot").base_file_url(f"{url}/file/bot")``; PTB appends the token.
"""

from __future__ import annotations

import json
import logging
from types import TracebackType
from typing import Any

from aiohttp import web

from playground.bot_api_methods import dispatch
from playground.bot_api_models import JSON, ApiError, RateLimits
from playground.bot_api_sim_http import add_sim_routes
from playground.bot_api_state import EmulatorState
from playground.bot_api_users import UserSimulator

_log = logging.getLogger(__name__)
_dumps = json.dumps


def _json(body: JSON, status: int = 200) -> web.Response:
    return web.Response(text=_dumps(body), status=status, content_type="application/json")


async def read_params(request: web.Request) -> JSON:
    """Merge query string and body (JSON, urlencoded or multipart) into one dict."""
    params: JSON = dict(request.query)
    if request.method != "POST" or not request.can_read_body:
        return params
    if request.content_type == "application/json":
        body = await request.read()
        if body:
            try:
                data = json.loads(body)
            except ValueError:
                raise ApiError(400, "Bad Request: can't parse JSON") from None
            if isinstance(data, dict):
                params.update(data)
        return params
    form = await request.post()
    for key, value in form.items():
        params[key] = value
    return params


class BotApiEmulator(UserSimulator):
    """Serves /bot<TOKEN>/<method>, /file/bot<TOKEN>/<path> and the /_sim/* driver endpoints."""

    def __init__(
        self,
        token: str = "123456:TEST",  # noqa: S107  # noqa: S107 - the emulator's fake token
        *,
        rate_limits: RateLimits | None = None,
        strict_html_ampersand: bool = True,
    ) -> None:
        super().__init__(EmulatorState(token))
        self.token = token
        self.state.strict_html_ampersand = strict_html_ampersand
        self.state.limiter.configure(rate_limits)
        self.url = ""
        self._runner: web.AppRunner | None = None

    def _app(self) -> web.Application:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        add_sim_routes(app, self)
        return app

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Start serving; returns the base URL such as http://127.0.0.1:PORT."""
        self.state.closing = False
        self._runner = web.AppRunner(self._app(), access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        server = site._server
        sockets = getattr(server, "sockets", None) or []
        bound_port = sockets[0].getsockname()[1] if sockets else port
        self.url = f"http://{host}:{bound_port}"
        return self.url

    async def stop(self) -> None:
        """Release pending long polls and shut the server down."""
        self.state.shutdown()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> BotApiEmulator:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    async def _handle_api(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _json(ApiError(401, "Unauthorized").to_json(), 401)
        try:
            params = await read_params(request)
            result: Any = await dispatch(self.state, request.match_info["method"], params)
        except ApiError as err:
            return _json(err.to_json(), err.error_code)
        except Exception as exc:  # an emulator bug must look like a server error, not hang
            _log.exception("emulator failure in %s", request.match_info["method"])
            return _json({"ok": False, "error_code": 500, "description": f"Internal: {exc}"}, 500)
        return _json({"ok": True, "result": result})

    async def _handle_file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _json(ApiError(401, "Unauthorized").to_json(), 401)
        stored = self.state.files_by_path.get(request.match_info["path"])
        if stored is None:
            return _json(ApiError(404, "Not Found").to_json(), 404)
        return web.Response(
            body=stored.data, content_type=stored.mime_type or "application/octet-stream"
        )
