"""Callback data: small, validated, and never trusted.

Format `verb:id:arg` with the id as 32 hex chars; the whole string stays under Telegram's
64-byte limit. Parsing rejects anything malformed; ownership is enforced later by RLS
(another user's id simply finds nothing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from uuid import UUID

MAX_CALLBACK_BYTES = 64
_PATTERN = re.compile(r"^([a-z_]{1,12}):([0-9a-f]{32}|-)(?::([A-Za-z0-9_.\-]{1,16}))?$")


@dataclass(frozen=True)
class Callback:
    verb: str
    target: UUID | None
    arg: str | None = None


def encode(verb: str, target: UUID | None = None, arg: str | None = None) -> str:
    data = f"{verb}:{target.hex if target else '-'}" + (f":{arg}" if arg is not None else "")
    if len(data.encode()) > MAX_CALLBACK_BYTES or not _PATTERN.match(data):
        raise ValueError(f"bad callback data {data!r}")
    return data


def decode(data: str | None) -> Callback | None:
    if not data or len(data.encode()) > MAX_CALLBACK_BYTES:
        return None
    match = _PATTERN.match(data)
    if not match:
        return None
    verb, target, arg = match.groups()
    return Callback(verb=verb, target=None if target == "-" else UUID(hex=target), arg=arg)
