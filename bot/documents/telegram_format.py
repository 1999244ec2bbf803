"""Send Markdown (LLM or offline output) to Telegram without ever hitting "can't parse entities".

Markdown is converted to plain text plus `MessageEntity` objects with telegramify-markdown,
so no parse_mode is used and no escaping can go wrong. Long texts are split into chunks of
at most `limit` UTF-16 code units (Telegram's unit), preferring paragraph, then line, then
word boundaries, with entities re-based and clipped per chunk.
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass, field
from typing import Any

import pyromark
import telegramify_markdown
from telegram import MessageEntity

from bot.documents.utf16 import split_ranges, utf16_len, utf16_offsets

logger = logging.getLogger(__name__)

TELEGRAM_TEXT_LIMIT = 4096
_ELLIPSIS = "…"
_RENDER_CONFIG = telegramify_markdown.RenderConfig.isolated()
_PARSE_OPTIONS = (
    pyromark.Options.ENABLE_TABLES
    | pyromark.Options.ENABLE_STRIKETHROUGH
    | pyromark.Options.ENABLE_TASKLISTS
    | pyromark.Options.ENABLE_MATH
)
# "<" that does not start an autolink: escaped so "<Hiring Manager>" is not eaten as HTML.
_LT_RE = re.compile(r"<(?!(?:https?://|mailto:)[^\s<>]*>)")


@dataclass(frozen=True)
class TelegramChunk:
    """One message: send as `send_message(text=chunk.text, entities=chunk.entities)`."""

    text: str
    entities: list[MessageEntity] = field(default_factory=list)


def escape_html(text: str) -> str:
    """Escape text the bot inserts into its own parse_mode=HTML messages."""
    return html.escape(text, quote=False).replace('"', "&quot;")


def _code_ranges(markdown: str) -> list[tuple[int, int]]:
    """Character ranges the parser treats as code, where escaping would show up literally."""
    data = markdown.encode("utf-8")
    ranges: list[tuple[int, int]] = []
    for payload, span in pyromark.events_with_range(markdown, options=_PARSE_OPTIONS):
        if not isinstance(payload, dict):
            continue
        start = payload.get("Start")
        if "Code" in payload or (isinstance(start, dict) and "CodeBlock" in start):
            begin = len(data[: span["start"]].decode("utf-8", errors="ignore"))
            end = len(data[: span["end"]].decode("utf-8", errors="ignore"))
            ranges.append((begin, end))
    return ranges


def _protect_angle_brackets(markdown: str) -> str:
    """Backslash-escape "<" outside code so raw HTML-looking text stays visible."""
    if "<" not in markdown:
        return markdown
    parts: list[str] = []
    cursor = 0
    for begin, end in _code_ranges(markdown):
        parts.append(_LT_RE.sub(r"\\<", markdown[cursor:begin]))
        parts.append(markdown[begin:end])
        cursor = end
    parts.append(_LT_RE.sub(r"\\<", markdown[cursor:]))
    return "".join(parts)


def _convert(markdown: str) -> tuple[str, list[Any]]:
    """Markdown to (text, library entities); raw text if the converter ever fails."""
    try:
        text, entities = telegramify_markdown.convert(
            _protect_angle_brackets(markdown), config=_RENDER_CONFIG
        )
    except Exception as exc:  # never let formatting lose the message
        logger.warning("telegramify conversion failed, sending plain text: %r", exc)
        return markdown, []
    return text, list(entities)


def _to_ptb(entity: Any, offset: int, length: int) -> MessageEntity:
    return MessageEntity(
        type=entity.type,
        offset=offset,
        length=length,
        url=entity.url,
        language=entity.language,
        custom_emoji_id=entity.custom_emoji_id,
    )


def render_for_telegram(markdown: str, limit: int = TELEGRAM_TEXT_LIMIT) -> list[TelegramChunk]:
    """Convert Markdown to entity-formatted chunks, each at most `limit` UTF-16 units."""
    text, entities = _convert(markdown)
    offsets = utf16_offsets(text)
    total = offsets[-1]
    chunks: list[TelegramChunk] = []
    for start, end in split_ranges(text, limit, offsets):
        u_start, u_end = offsets[start], offsets[end]
        chunk_entities: list[MessageEntity] = []
        for entity in entities:
            e_start = max(entity.offset, u_start, 0)
            e_end = min(entity.offset + entity.length, u_end, total)
            if e_end > e_start:
                chunk_entities.append(_to_ptb(entity, e_start - u_start, e_end - e_start))
        chunks.append(TelegramChunk(text=text[start:end], entities=chunk_entities))
    return chunks


def plain_chunks(text: str, limit: int = TELEGRAM_TEXT_LIMIT) -> list[str]:
    """Split raw text for a no-formatting fallback send (same boundaries as rendered chunks)."""
    return [text[start:end] for start, end in split_ranges(text, limit)]


def stream_preview(accumulated: str, limit: int = TELEGRAM_TEXT_LIMIT) -> str:
    """Plain-text preview of a document still streaming in, for progressive message edits.

    Markup is rendered away (half-written Markdown must not break an edit). When the text
    outgrows `limit` UTF-16 units only the newest part is kept, after a leading ellipsis,
    so the user sees the text being written.
    """
    text, _ = _convert(accumulated)
    text = text.strip() or _ELLIPSIS
    if utf16_len(text) <= limit:
        return text
    budget = max(limit - utf16_len(_ELLIPSIS + "\n"), 1)
    offsets = utf16_offsets(text)
    first = len(text)
    while first > 0 and offsets[-1] - offsets[first - 1] <= budget:
        first -= 1
    tail = text[first:]
    newline = tail.find("\n")
    if 0 <= newline < len(tail) // 4:  # start at a line boundary when it costs little
        tail = tail[newline + 1 :]
    return _ELLIPSIS + "\n" + tail.lstrip()
