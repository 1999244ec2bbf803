"""Another process can drive the emulator through the /_sim/ JSON endpoints."""

from __future__ import annotations

import aiohttp
from telegram import Bot

from playground.bot_api import BotApiEmulator


async def test_sim_endpoints(emulator: BotApiEmulator, bot: Bot) -> None:
    async with aiohttp.ClientSession(base_url=emulator.url) as http:
        async with http.post("/_sim/send_text", json={"user_id": 5, "text": "/start"}) as r:
            assert (await r.json())["result"] == 1
        updates = await bot.get_updates(timeout=0)
        assert updates[0].message is not None and updates[0].message.text == "/start"
        await bot.send_message(5, "<b>hi</b>", parse_mode="HTML")
        async with http.get("/_sim/wait_message", params={"chat_id": "5", "contains": "hi"}) as r:
            body = await r.json()
        assert body["result"]["text"] == "hi"
        async with http.get("/_sim/stats") as r:
            stats = (await r.json())["result"]
        assert stats["request_counts"]["sendMessage"] == 1
