"""URL validation and SSRF protection for fetching user-supplied job posting links.

Every hop (the first URL and each redirect target) is validated and its host resolved;
any private, loopback, link-local or otherwise non-public address is refused.
Residual risk: httpx resolves the name again when connecting, so a DNS-rebinding server
could still switch addresses between our check and the connection.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
from typing import Literal

import httpx

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


class FetchError(Exception):
    """A job posting URL could not be turned into text; `user_message` is shown to the user."""

    def __init__(self, user_message: str, reason: FetchReason) -> None:
        super().__init__(f"{reason}: {user_message}")
        self.user_message = user_message
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


def is_public_address(address: str) -> bool:
    """Only globally routable unicast addresses may be fetched."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast and not ip.is_reserved


async def check_host(url: httpx.URL, *, allow_private: bool) -> None:
    """Resolve the host and refuse non-public addresses (unless explicitly allowed)."""
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(
            url.host, port, type=socket.SOCK_STREAM
        )
    except (OSError, UnicodeError) as exc:
        raise FetchError(
            f"I couldn't find the website {url.host}. Please check the link or paste the text.",
            "unreachable",
        ) from exc
    if allow_private:
        return
    addresses = {str(info[4][0]) for info in infos}
    if not addresses or not all(is_public_address(a) for a in addresses):
        raise FetchError(
            "I can't open links that point to private or local network addresses. "
            "Please paste the job posting text instead.",
            "blocked_address",
        )
