"""Postings: limits, duplicates, junk, links fetched from a web server, unreachable links."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Callable

import pytest
from aiohttp import web

from tests.e2e.conftest import POSTING, onboard
from tests.e2e.helpers import ChatUser


async def application_count(user: ChatUser) -> int:
    uid = await user.user_uuid()
    assert uid is not None
    async with user.db.as_user(uid) as uow:
        return await uow.applications.count()


@pytest.fixture
async def job_site() -> AsyncIterator[str]:
    """A local careers page serving the sample posting as HTML."""
    body = "<html><head><title>Careers</title></head><body><main>" + "".join(
        f"<p>{line}</p>" for line in POSTING.splitlines() if line
    )
    body += "</main></body></html>"

    async def page(request: web.Request) -> web.Response:
        return web.Response(text=body, content_type="text/html")

    app = web.Application()
    app.router.add_get("/jobs/backend", page)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    yield f"http://127.0.0.1:{port}/jobs/backend"
    await runner.cleanup()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_too_long_too_short_and_junk_postings_are_refused(
    new_user: Callable[..., ChatUser],
) -> None:
    user = new_user()
    await onboard(user)
    after = user.send("/new")
    await user.wait("Paste the job description", after=after)
    after = user.send("Need a dev")
    assert "only 10 characters" in (await user.wait("", after=after)).content
    after = user.send(("We hire a Python engineer to build APIs. " * 800)[:30_000])
    assert "characters; the limit is 20,000" in (await user.wait("limit", after=after)).content
    after = user.send("\x00\x01\x02\x03binary\x04\x05\x06\x07" * 20)
    # Control characters are removed at the input boundary; what is left has no substance.
    assert "does not read like a job posting" in (await user.wait("", after=after)).content
    assert await application_count(user) == 0


async def test_duplicate_posting_offers_to_open_the_first(
    new_user: Callable[..., ChatUser],
) -> None:
    user = new_user()
    await onboard(user)
    after = user.send(POSTING)
    card = await user.wait("Match rate", after=after)
    after = user.send(POSTING)
    dup = await user.wait("already saved", after=after)
    assert await application_count(user) == 1
    user.press(dup, "Open it")
    opened = await user.wait_edit(dup.message_id, "Match rate")
    assert opened.content.split("\n")[0] == card.content.split("\n")[0]


async def test_job_link_is_fetched_and_saved(
    new_user: Callable[..., ChatUser], job_site: str
) -> None:
    user = new_user()
    await onboard(user)
    after = user.send(job_site)
    card = await user.wait("Match rate", after=after)
    assert "Acme Analytics" in card.content
    assert any(e.get("url") == job_site for e in card.entities)
    assert await application_count(user) == 1


async def test_unreachable_link_gets_a_clear_message(new_user: Callable[..., ChatUser]) -> None:
    user = new_user()
    await onboard(user)
    after = user.send(f"http://127.0.0.1:{free_port()}/jobs/42")
    reply = await user.wait("paste the job description", after=after)
    assert "went wrong" not in reply.content
    assert await application_count(user) == 0
