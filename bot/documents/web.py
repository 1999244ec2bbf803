"""Fetch a job posting URL and extract its main text (httpx + trafilatura), safely.

Redirects are followed by hand so that every hop passes URL validation and the SSRF
check; the body is size-capped while streaming and the whole fetch has one deadline.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

import httpx
import trafilatura

from bot.documents.text_cleanup import normalize_text, real_char_count
from bot.documents.url_safety import (
    FetchError,
    FetchReason,
    PinnedTransport,
    check_host,
    looks_like_url,
    normalize_url,
    validate_url,
)
from bot.wording import N_

__all__ = ["FetchError", "FetchReason", "FetchedPage", "fetch_job_posting", "looks_like_url"]

logger = logging.getLogger(__name__)

MAX_REDIRECTS = 5
MIN_MAIN_TEXT_CHARS = 30
USER_AGENT = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Safari/537.36"
)
_HEADERS = {
    "User-Agent": USER_AGENT,
    "Accept": "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.5",
    "Accept-Language": "en,de;q=0.8,*;q=0.5",
}
_HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml")


@dataclass(frozen=True)
class FetchedPage:
    """The final URL (after redirects), the page title and the main text."""

    url: str
    title: str
    text: str


# Each refusal is one whole sentence for the translators, the hint to paste included.
_TOO_LARGE = N_("That page is too large to read. Please paste the job posting text instead.")


async def _read_capped(response: httpx.Response, max_bytes: int) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(_TOO_LARGE, "too_large")
    body = bytearray()
    async for piece in response.aiter_bytes():
        body.extend(piece)
        if len(body) > max_bytes:
            raise FetchError(_TOO_LARGE, "too_large")
    return bytes(body)


def _content_kind(content_type: str, body: bytes) -> str:
    """'html', 'text' or 'other', trusting the header and sniffing when it is missing."""
    media = content_type.split(";", 1)[0].strip().lower()
    if media in _HTML_TYPES:
        return "html"
    if media == "text/plain":
        return "text"
    if media:
        return "other"
    head = body[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return "html"
    return "other"


def _not_html(content_type: str) -> FetchError:
    media = content_type.split(";", 1)[0].strip()
    if not media:
        return FetchError(
            "That link is not a web page (it is a file). If it is a PDF, send the file itself "
            "or paste the text.",
            "not_html",
        )
    return FetchError(
        "That link is not a web page (it is {media}). If it is a PDF, send the file itself "
        "or paste the text.",
        "not_html",
        media=media,
    )


def _status_error(response: httpx.Response) -> FetchError:
    if response.reason_phrase:
        return FetchError(
            "The website answered with HTTP {status} ({phrase}). "
            "Please paste the job posting text instead.",
            "http_error",
            status=str(response.status_code),
            phrase=response.reason_phrase,
        )
    return FetchError(
        "The website answered with HTTP {status}. Please paste the job posting text instead.",
        "http_error",
        status=str(response.status_code),
    )


async def _download(
    url: httpx.URL, max_bytes: int, allow_private: bool, timeout_s: float
) -> tuple[httpx.URL, str, str, bytes]:
    """Follow redirects by hand, each hop checked and connected to its checked address;
    return final URL, content type, charset and body."""
    for _ in range(MAX_REDIRECTS + 1):
        address = await check_host(url, allow_private=allow_private)
        async with (
            httpx.AsyncClient(
                transport=PinnedTransport(address),
                follow_redirects=False,
                timeout=httpx.Timeout(timeout_s),
                trust_env=False,
            ) as client,
            client.stream("GET", url, headers=_HEADERS) as response,
        ):
            if response.is_redirect and "location" in response.headers:
                url = validate_url(str(url.join(response.headers["location"])))
                continue
            if response.status_code >= 400:
                raise _status_error(response)
            content_type = response.headers.get("content-type", "")
            if content_type and _content_kind(content_type, b"") == "other":
                raise _not_html(content_type)  # before downloading a large file
            body = await _read_capped(response, max_bytes)
            return url, content_type, response.charset_encoding or "", body
    raise FetchError(
        "That link redirects too many times. Please paste the job posting text instead.",
        "http_error",
    )


def _decode(body: bytes, charset: str) -> str | bytes:
    """Honour a declared charset; otherwise let trafilatura detect the encoding."""
    if not charset:
        return body
    try:
        return body.decode(charset, errors="replace")
    except LookupError:
        return body


def _extract(content: str | bytes, url: str) -> tuple[str, str]:
    """Main text via trafilatura; a crude tag strip only if trafilatura finds nothing."""
    title = ""
    text = ""
    try:
        document = trafilatura.bare_extraction(
            content, url=url, with_metadata=True, favor_recall=True, include_comments=False
        )
    except Exception as exc:  # extraction bugs must not crash the bot
        logger.info("trafilatura failed for %s: %r", url, exc)
        document = None
    if document is not None and not isinstance(document, dict):
        title = document.title or ""
        text = document.text or ""
    if not text:
        try:
            text = trafilatura.html2txt(content)
        except Exception as exc:
            logger.info("html2txt failed for %s: %r", url, exc)
    return normalize_text(title), normalize_text(text)


async def fetch_job_posting(
    url: str, *, timeout_s: float = 15, max_bytes: int = 3_000_000, allow_private: bool = False
) -> FetchedPage:
    """Download a job posting page and return its main text, or raise `FetchError`."""
    target = validate_url(normalize_url(url))
    try:
        async with asyncio.timeout(timeout_s * 2):
            final_url, content_type, charset, body = await _download(
                target, max_bytes, allow_private, timeout_s
            )
    except (httpx.TimeoutException, TimeoutError) as exc:
        raise FetchError(
            "The website took too long to answer. Please paste the job posting text instead.",
            "unreachable",
        ) from exc
    except httpx.HTTPError as exc:
        logger.info("fetch failed for %s: %r", url, exc)
        raise FetchError(
            "I couldn't reach that website. Please paste the job posting text instead.",
            "unreachable",
        ) from exc
    kind = _content_kind(content_type, body)
    if kind == "other":
        raise _not_html(content_type)
    if kind == "text":
        title, text = "", normalize_text(_as_text(_decode(body, charset)))
    else:
        title, text = await asyncio.to_thread(_extract, _decode(body, charset), str(final_url))
    if real_char_count(text) < MIN_MAIN_TEXT_CHARS:
        raise FetchError(
            "I couldn't find the job description on that page (it may need a login or "
            "JavaScript). Please paste the job posting text instead.",
            "empty",
        )
    return FetchedPage(url=str(final_url), title=title or (final_url.host or ""), text=text)


def _as_text(content: str | bytes) -> str:
    return content if isinstance(content, str) else content.decode("utf-8", errors="replace")
