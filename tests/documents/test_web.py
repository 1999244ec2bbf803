from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from aiohttp import web

from bot.documents import url_safety
from bot.documents.web import FetchError, fetch_job_posting, looks_like_url

JOB_HTML = """<!doctype html><html><head><title>Senior Python Developer – ACME</title></head>
<body><nav>Home | Jobs | About</nav><main><article><h1>Senior Python Developer</h1>
<p>ACME in Zürich is hiring a senior Python developer to build our Telegram platform.
You will design asynchronous services, mentor engineers and own reliability.</p>
<ul><li>5+ years of Python & asyncio</li><li>PostgreSQL and pgvector</li></ul>
<p>We offer flexible hours, a learning budget and a friendly team of twelve people.</p>
</article></main><footer>© ACME</footer></body></html>"""


async def _job(_: web.Request) -> web.Response:
    return web.Response(text=JOB_HTML, content_type="text/html")


async def _pdf(_: web.Request) -> web.Response:
    return web.Response(body=b"%PDF-1.4 fake", content_type="application/pdf")


async def _empty(_: web.Request) -> web.Response:
    return web.Response(
        text="<html><body><script>x=1</script></body></html>", content_type="text/html"
    )


async def _big(_: web.Request) -> web.Response:
    return web.Response(
        text="<html><body>" + "<p>x</p>" * 50_000 + "</body></html>", content_type="text/html"
    )


async def _slow(_: web.Request) -> web.Response:
    await asyncio.sleep(3)
    return web.Response(text=JOB_HTML, content_type="text/html")


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def base_url() -> AsyncIterator[str]:
    app = web.Application()

    async def redirect_job(_: web.Request) -> web.Response:
        raise web.HTTPFound("/job")

    app.router.add_get("/job", _job)
    app.router.add_get("/redirect", redirect_job)

    async def redirect_loop(_: web.Request) -> web.Response:
        raise web.HTTPFound("/loop")

    app.router.add_get("/loop", redirect_loop)
    app.router.add_get("/file.pdf", _pdf)
    app.router.add_get("/empty", _empty)
    app.router.add_get("/big", _big)
    app.router.add_get("/slow", _slow)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    yield f"http://{host}:{port}"
    await runner.cleanup()


async def _reason(url: str, **kwargs: object) -> str:
    with pytest.raises(FetchError) as info:
        await fetch_job_posting(url, **kwargs)  # type: ignore[arg-type]
    assert info.value.user_message
    return info.value.reason


async def test_main_text_extracted(base_url: str) -> None:
    page = await fetch_job_posting(f"{base_url}/redirect", allow_private=True)
    assert page.url == f"{base_url}/job"
    assert "Senior Python Developer" in page.title
    assert "mentor engineers" in page.text and "pgvector" in page.text
    assert "Home | Jobs" not in page.text


async def test_http_errors_and_types(base_url: str) -> None:
    assert await _reason(f"{base_url}/missing", allow_private=True) == "http_error"
    assert await _reason(f"{base_url}/loop", allow_private=True) == "http_error"
    assert await _reason(f"{base_url}/file.pdf", allow_private=True) == "not_html"
    assert await _reason(f"{base_url}/empty", allow_private=True) == "empty"
    assert await _reason(f"{base_url}/big", allow_private=True, max_bytes=10_000) == "too_large"
    assert await _reason(f"{base_url}/slow", allow_private=True, timeout_s=0.5) == "unreachable"
    assert await _reason("http://127.0.0.1:9/", allow_private=True) == "unreachable"


async def test_private_addresses_blocked(base_url: str) -> None:
    assert await _reason(f"{base_url}/job") == "blocked_address"
    assert await _reason("http://[::1]/") == "blocked_address"
    assert await _reason("http://169.254.169.254/latest/meta-data") == "blocked_address"


async def test_redirect_to_private_address_blocked(
    base_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real = url_safety.is_public_address

    def first_hop_public(address: str) -> bool:
        calls.append(address)
        return len(calls) == 1 or real(address)

    monkeypatch.setattr(url_safety, "is_public_address", first_hop_public)
    assert await _reason(f"{base_url}/redirect") == "blocked_address"
    assert len(calls) == 2


async def test_invalid_urls() -> None:
    for url in (
        "ftp://example.com/x",
        "http://user:pw@example.com/",
        "javascript:alert(1)",
        "not a url",
        "http://",
        "file:///etc/passwd",
    ):
        assert await _reason(url) == "invalid_url", url


def test_looks_like_url() -> None:
    assert looks_like_url("https://jobs.example.com/view/123?ref=x")
    assert looks_like_url("  www.example.de/job  ")
    assert looks_like_url("linkedin.com/jobs/view/42")
    assert not looks_like_url("Senior developer at https://example.com")
    assert not looks_like_url("hello")
    assert not looks_like_url("")


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2606:4700:4700::1111", True),
        ("127.0.0.1", False),
        ("::ffff:127.0.0.1", False),
        ("2002:7f00:1::1", False),  # 6to4 embedding 127.0.0.1
        ("2002:0808:0808::1", True),  # 6to4 embedding 8.8.8.8
        ("2001:0:4136:e378:8000:63bf:f5ff:fffe", False),  # Teredo, client 10.0.0.1
        ("64:ff9b::a9fe:a9fe", False),  # NAT64 of 169.254.169.254 (cloud metadata)
        ("64:ff9b::808:808", True),  # NAT64 of 8.8.8.8
        ("fec0::1", False),  # deprecated site-local
        ("fe80::1%eth0", False),
    ],
)
def test_embedded_and_site_local_addresses(address: str, public: bool) -> None:
    assert url_safety.is_public_address(address) is public


async def test_the_checked_address_is_the_one_connected_to(
    base_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: the name is resolved once (by the check); the connection goes to that
    address. Here the check's resolver knows a name the system cannot resolve at all, so
    the fetch only succeeds if no second resolution happens; Host still carries the name."""
    port = int(base_url.rsplit(":", 1)[1].split("/")[0])
    seen_hosts: list[str] = []
    loop = asyncio.get_running_loop()

    async def resolver(host: str, *args: object, **kwargs: object) -> list[tuple[object, ...]]:
        seen_hosts.append(host)
        return [(2, 1, 6, "", ("127.0.0.1", port))]

    monkeypatch.setattr(loop, "getaddrinfo", resolver)
    page = await fetch_job_posting(
        f"http://jobs.rebind.invalid:{port}/job", allow_private=True, timeout_s=5
    )
    assert "Senior Python Developer" in page.text
    assert seen_hosts == ["jobs.rebind.invalid"]  # resolved once, by the check
