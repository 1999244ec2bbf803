"""Parse HTML the way Telegram does (the bot sends HTML or entities, never MarkdownV2), producing plain text plus UTF-16 entities.

Errors mirror tdlib's wording so a bot's escaping bugs show up offline exactly as in production.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from playground.bot_api_models import JSON, bad_request


class EntityParseError(Exception):
    """Raised by the parsers; converted into "Bad Request: can't parse entities: ..."."""


def utf16_len(text: str) -> int:
    """Telegram measures entity offsets in UTF-16 code units."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


@dataclass
class _Open:
    name: str
    start: int
    attrs: dict[str, str]


_HTML_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")
_ATTR_RE = re.compile(r"\s*([a-zA-Z_-]+)\s*(?:=\s*(\"[^\"]*\"|'[^']*'|[^\s>]*))?")
_HTML_SPECIAL = re.compile(r"[<&]")


def _decode_entity(match: re.Match[str]) -> str | None:
    name = match.group(1)
    if name.startswith("#"):
        code = int(name[2:], 16) if name[1:2] in "xX" else int(name[1:])
        return chr(code) if 0 < code <= 0x10FFFF else None
    return _NAMED_ENTITIES.get(name)


def parse_html(source: str, *, strict_ampersand: bool = True) -> tuple[str, list[JSON]]:
    """Telegram's HTML subset; unknown/unclosed tags and stray '<' are errors like in tdlib."""
    out: list[str] = []
    pos = 0  # UTF-16 offset in output
    stack: list[_Open] = []
    entities: list[JSON] = []
    i, n = 0, len(source)
    while i < n:
        m = _HTML_SPECIAL.search(source, i)
        end = m.start() if m else n
        if end > i:
            chunk = source[i:end]
            out.append(chunk)
            pos += utf16_len(chunk)
            i = end
            if not m:
                break
        if source[i] == "&":
            em = _ENTITY_RE.match(source, i)
            decoded = _decode_entity(em) if em else None
            if em and decoded is not None:
                out.append(decoded)
                pos += utf16_len(decoded)
                i = em.end()
                continue
            if strict_ampersand:
                raise EntityParseError(
                    f'Unescaped "&" at byte offset {_byte_offset(source, i)}, use "&amp;"'
                )
            out.append("&")
            pos += 1
            i += 1
            continue
        begin = i
        close = source.find(">", i)
        if source.startswith("</", i):
            if close < 0:
                raise EntityParseError(
                    f"Unclosed end tag at byte offset {_byte_offset(source, begin)}"
                )
            name = source[i + 2 : close].strip().lower()
            if not stack:
                raise EntityParseError(
                    f"Unexpected end tag at byte offset {_byte_offset(source, begin)}"
                )
            top = stack.pop()
            if name != top.name:
                raise EntityParseError(
                    f"Unmatched end tag at byte offset {_byte_offset(source, begin)}, "
                    f'expected "</{top.name}>", found "</{name}>"'
                )
            _emit_html_entity(top, pos, entities)
            i = close + 1
            continue
        j = i + 1
        while j < n and not source[j].isspace() and source[j] not in ">/":
            j += 1
        name = source[i + 1 : j].lower()
        if name not in _HTML_TAGS:
            raise EntityParseError(
                f'Unsupported start tag "{name}" at byte offset {_byte_offset(source, begin)}'
            )
        if close < 0:
            raise EntityParseError(
                f"Unclosed start tag at byte offset {_byte_offset(source, begin)}"
            )
        attrs: dict[str, str] = {}
        for am in _ATTR_RE.finditer(source[j:close].rstrip("/")):
            if am.group(1):
                attrs[am.group(1).lower()] = (am.group(2) or "").strip("\"'")
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise EntityParseError(
                'Tag "span" must have class "tg-spoiler" at byte offset '
                f"{_byte_offset(source, begin)}"
            )
        stack.append(_Open(name, pos, attrs))
        i = close + 1
    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    return "".join(out), _merge_pre_code(entities)


def _emit_html_entity(tag: _Open, end: int, entities: list[JSON]) -> None:
    length = end - tag.start
    if length <= 0:
        return
    kind = _HTML_TAGS[tag.name]
    entity: JSON = {"type": kind, "offset": tag.start, "length": length}
    if kind == "text_link":
        href = tag.attrs.get("href", "")
        if href.startswith("tg://user?id="):
            entity = {
                "type": "text_mention",
                "offset": tag.start,
                "length": length,
                "user": {
                    "id": int(href.split("=", 1)[1] or 0),
                    "is_bot": False,
                    "first_name": "User",
                },
            }
        elif not href:
            return
        else:
            entity["url"] = href
    elif kind == "blockquote" and "expandable" in tag.attrs:
        entity["type"] = "expandable_blockquote"
    elif kind == "custom_emoji":
        entity["custom_emoji_id"] = tag.attrs.get("emoji-id", "")
    elif kind == "code" and tag.attrs.get("class", "").startswith("language-"):
        entity["language"] = tag.attrs["class"][len("language-") :]
    entities.append(entity)


def _merge_pre_code(entities: list[JSON]) -> list[JSON]:
    """<pre><code class="language-x"> is one pre entity with a language, as Telegram reports."""
    pres = {(e["offset"], e["length"]): e for e in entities if e["type"] == "pre"}
    result: list[JSON] = []
    for e in entities:
        pre = pres.get((e["offset"], e["length"])) if e["type"] == "code" else None
        if pre is not None:
            if "language" in e:
                pre["language"] = e["language"]
            continue
        result.append(e)
    return sorted(result, key=lambda e: (e["offset"], -e["length"]))


_MD_RESERVED = set("_*[]()~`>#+-=|{}.!")
_MD_TYPES = {"*": "bold", "_": "italic", "__": "underline", "~": "strikethrough", "||": "spoiler"}
_MD_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "text_link": "TextUrl",
    "blockquote": "BlockQuote",
}


def _md_code(source: str, i: int, begin_byte: int, put: Any, entities: list[JSON], pos: Any) -> int:
    """Parse `code` or ```pre```; inside them only ` and \\ need escaping."""
    fence = "```" if source.startswith("```", i) else "`"
    j = i + len(fence)
    language = ""
    if fence == "```":
        nl = source.find("\n", j)
        first = source[j:nl] if nl >= 0 else ""
        if nl >= 0 and first and " " not in first and "`" not in first:
            language, j = first, nl + 1
    start = pos()
    while j < len(source):
        if source[j] == "\\" and j + 1 < len(source):
            put(source[j + 1])
            j += 2
            continue
        if source.startswith(fence, j):
            if pos() > start:
                entity: JSON = {
                    "type": "pre" if fence == "```" else "code",
                    "offset": start,
                    "length": pos() - start,
                }
                if language:
                    entity["language"] = language
                entities.append(entity)
            return j + len(fence)
        put(source[j])
        j += 1
    kind = "Pre" if fence == "```" else "Code"
    raise EntityParseError(f"Can't find end of {kind} entity at byte offset {begin_byte}")


def _md_url(source: str, j: int, begin_byte: int) -> tuple[str, int]:
    url: list[str] = []
    while j < len(source) and source[j] != ")":
        if source[j] == "\\" and j + 1 < len(source):
            url.append(source[j + 1])
            j += 2
            continue
        url.append(source[j])
        j += 1
    if j >= len(source):
        raise EntityParseError(f"Can't find end of a URL at byte offset {begin_byte}")
    return "".join(url), j + 1


def format_text(
    text: str,
    parse_mode: str | None,
    entities: list[JSON] | None,
    *,
    strict_ampersand: bool = True,
) -> tuple[str, list[JSON]]:
    """Resolve what the user will see; raises ApiError(400) on malformed markup."""
    mode = (parse_mode or "").lower()
    try:
        if entities:
            plain, ents = text, list(entities)
        elif mode == "html":
            plain, ents = parse_html(text, strict_ampersand=strict_ampersand)
        elif mode in ("", "none"):
            plain, ents = text, []
        elif mode == "markdown":
            plain, ents = text, []  # legacy mode: accepted but not rendered
        else:
            raise bad_request(f"unsupported parse_mode {parse_mode}")
    except EntityParseError as exc:
        raise bad_request(f"can't parse entities: {exc}") from None
    return _strip(plain, ents)


def _strip(text: str, entities: list[JSON]) -> tuple[str, list[JSON]]:
    """Telegram trims surrounding whitespace and shifts/clips entities accordingly."""
    stripped = text.strip()
    if stripped == text:
        return text, entities
    lead = utf16_len(text[: len(text) - len(text.lstrip())])
    total = utf16_len(stripped)
    fixed: list[JSON] = []
    for e in entities:
        start = max(e["offset"] - lead, 0)
        end = min(e["offset"] + e["length"] - lead, total)
        if end > start:
            fixed.append({**e, "offset": start, "length": end - start})
    return stripped, fixed


_COMMAND_RE = re.compile(r"(?<![\w/])/[a-zA-Z0-9_]{1,32}(?:@[a-zA-Z0-9_]{3,32})?")


def command_entities(text: str) -> list[JSON]:
    """bot_command entities so PTB's CommandHandler recognises /commands in user messages."""
    return [
        {
            "type": "bot_command",
            "offset": utf16_len(text[: m.start()]),
            "length": utf16_len(m.group(0)),
        }
        for m in _COMMAND_RE.finditer(text)
        if m.start() == 0 or text[m.start() - 1].isspace()
    ]


TEXT_LIMIT = 4096


def split_like_client(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """How a Telegram client sends a long paste: parts of at most `limit` characters, cut at
    the last newline (else the last space) before the limit; the separator is not sent."""
    parts: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = rest.rfind("\n", 0, limit + 1)
        if cut < limit // 2:
            cut = rest.rfind(" ", 0, limit + 1)
        if cut <= 0:
            parts.append(rest[:limit])
            rest = rest[limit:]
            continue
        parts.append(rest[:cut])
        rest = rest[cut + 1 :]
    return [*parts, rest] if rest else parts
