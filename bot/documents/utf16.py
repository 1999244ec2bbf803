"""UTF-16 length arithmetic and boundary-aware splitting, because Telegram counts UTF-16 units.

Python indexes code points; an emoji outside the BMP is one `str` character but two UTF-16
units, so limits and entity offsets must be computed here rather than with `len()`.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right

# A break must leave chunks at least this share of the room, or it is too wasteful.
_MIN_FILL = 0.3
_SEPARATORS = ("\n\n", "\n", " ")
_JOINERS = {"\u200d", "\ufe0f", "\ufe0e"}


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, as Telegram counts it."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def utf16_offsets(text: str) -> list[int]:
    """`result[i]` is the UTF-16 offset of `text[i]`; `result[len(text)]` is the total."""
    offsets = [0] * (len(text) + 1)
    total = 0
    for index, char in enumerate(text):
        offsets[index] = total
        total += 2 if ord(char) > 0xFFFF else 1
    offsets[len(text)] = total
    return offsets


def _hard_break(text: str, start: int, end: int) -> int:
    """Cut at `end`, stepping back so an emoji sequence or accent is not torn apart."""
    cut = end
    while cut > start + 1 and (
        unicodedata.combining(text[cut]) or text[cut] in _JOINERS or text[cut - 1] in _JOINERS
    ):
        cut -= 1
    return cut


def _best_break(text: str, start: int, end: int) -> int:
    """Prefer a paragraph, then a line, then a word boundary inside text[start:end]."""
    for min_len in (max(int((end - start) * _MIN_FILL), 1), 1):
        for separator in _SEPARATORS:
            position = text.rfind(separator, start, end)
            if position >= 0 and position + len(separator) - start >= min_len:
                return position + len(separator)
    return _hard_break(text, start, end)


def split_ranges(text: str, limit: int, offsets: list[int] | None = None) -> list[tuple[int, int]]:
    """Split into [start, end) ranges of at most `limit` UTF-16 units, whitespace-trimmed.

    Whitespace-only pieces are dropped because Telegram rejects empty messages.
    """
    if limit < 2:
        raise ValueError("limit must be at least 2 UTF-16 units")
    if offsets is None:
        offsets = utf16_offsets(text)
    length = len(text)
    ranges: list[tuple[int, int]] = []
    start = 0
    while start < length:
        while start < length and text[start].isspace():
            start += 1
        if start >= length:
            break
        furthest = bisect_right(offsets, offsets[start] + limit, lo=start) - 1
        end = length if furthest >= length else _best_break(text, start, furthest)
        trimmed = end
        while trimmed > start and text[trimmed - 1].isspace():
            trimmed -= 1
        if trimmed > start:
            ranges.append((start, trimmed))
        start = end
    return ranges
