"""URL validation and SSRF protection for fetching user-supplied job posting links.

Every hop (the first URL and each redirect target) is validated and its host resolved
once; any private, loopback, link-local or otherwise non-public address is refused,
including IPv6 forms that embed an IPv4 address (6to4, Teredo, NAT64, IPv4-mapped) and
deprecated site-local addresses. The connection then goes to the address that was checked
(`PinnedTransport`): the name is never resolved a second time, so a DNS-rebinding server
cannot switch to an internal address between the check and the connection. The Host
header and TLS SNI/certificate check still use the name from the URL.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
import typing
from typing import Literal

import httpcore
import httpx

from bot.wording import Refusal, english

FetchReason = Literal[
    "invalid_url",
    "blocked_address",
    "unreachable",
    "http_error",
    "not_html",
    "too_large",
    "empty",
]

MAX_URL_LENGTH = 2048
_URL_ONLY_RE = re.compile(
    r"^(?:https?://\S+|(?:www\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)*"
    r"\.[a-z]{2,}(?::\d+)?(?:[/?#]\S*)?)$",
    re.IGNORECASE,
)


class FetchError(Refusal):
    """A job posting URL could not be turned into text; `user_message` is shown to the user."""

    def __init__(self, template: str, reason: FetchReason, **values: object) -> None:
        super().__init__(template, values, f"{reason}: {english(template, values)}")
        self.reason: FetchReason = reason


def looks_like_url(text: str) -> bool:
    """True when a message is just one link (with or without scheme), nothing else."""
    candidate = text.strip().strip("<>")
    if not candidate or len(candidate) > MAX_URL_LENGTH or any(c.isspace() for c in candidate):
        return False
    return bool(_URL_ONLY_RE.match(candidate))


def normalize_url(text: str) -> str:
    """Strip wrapping and add https:// to scheme-less links like 'example.com/job'."""
    candidate = text.strip().strip("<>")
    if "://" not in candidate and _URL_ONLY_RE.match(candidate):
        candidate = "https://" + candidate
    return candidate


def validate_url(raw: str) -> httpx.URL:
    """Parse and reject anything but plain http(s) URLs with a host and no credentials."""
    invalid = FetchError(
        "That doesn't look like a valid web link (http or https). Please send the job "
        "posting URL or paste the text.",
        "invalid_url",
    )
    if not raw or len(raw) > MAX_URL_LENGTH or any(c.isspace() for c in raw.strip()):
        raise invalid
    try:
        url = httpx.URL(raw.strip())
        port = url.port
    except (httpx.InvalidURL, ValueError, UnicodeError) as exc:
        raise invalid from exc
    if url.scheme not in ("http", "https") or not url.host:
        raise invalid
    if url.userinfo:
        raise FetchError(
            "Links with a user name or password are not supported. Please send the plain "
            "link or paste the text.",
            "invalid_url",
        )
    if port is not None and not 0 < port < 65536:
        raise invalid
    return url


_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address inside an IPv6 one (mapped, 6to4, Teredo client, NAT64), if any."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if any(ip in net for net in _NAT64):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_public_address(address: str) -> bool:
    """Only globally routable unicast addresses may be fetched."""
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(
        address.split("%", 1)[0]
    )
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.is_site_local:
            return False
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            ip = embedded
    return ip.is_global and not ip.is_multicast and not ip.is_reserved


class _PinnedBackend(httpcore.AsyncNetworkBackend):
    """Connects to the checked address whatever name httpcore asks for."""

    def __init__(self, address: str) -> None:
        self._address = address
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's interface)
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        return await self._inner.connect_tcp(
            self._address, port, timeout, local_address, socket_options
        )

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's interface)
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are never used for fetching")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class PinnedTransport(httpx.AsyncHTTPTransport):
    """An httpx transport whose every connection goes to one checked IP address."""

    def __init__(self, address: str) -> None:
        super().__init__(trust_env=False, retries=0)
        # httpx builds its own pool without a backend option; this one is the same pool
        # (same TLS context from httpx) with the pinned backend.
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=2,
            network_backend=_PinnedBackend(address),
        )


async def check_host(url: httpx.URL, *, allow_private: bool) -> str:
    """Resolve the host once, refuse non-public addresses (unless explicitly allowed) and
    return the address to connect to."""
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(
            url.host, port, type=socket.SOCK_STREAM
        )
    except (OSError, UnicodeError) as exc:
        raise FetchError(
            "I couldn't find the website {host}. Please check the link or paste the text.",
            "unreachable",
            host=url.host,
        ) from exc
    addresses = [str(info[4][0]) for info in infos]
    if not addresses:
        raise FetchError("I couldn't find the website {host}.", "unreachable", host=url.host)
    if not allow_private and not all(is_public_address(a) for a in addresses):
        raise FetchError(
            "I can't open links that point to private or local network addresses. "
            "Please paste the job posting text instead.",
            "blocked_address",
        )
    return addresses[0]
