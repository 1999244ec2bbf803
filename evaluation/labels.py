"""Comparing what the analysis found with what a person labelled by hand."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from bot.generation.text import normalize

_DROP = re.compile(r"\b(?:experience|skills?|knowledge|of|in|with|the|a|an|and|or)\b")


def norm(text: str | None) -> str:
    """Case, accents of punctuation and spacing do not make two names different."""
    low = normalize(text or "").lower()
    low = re.sub(r"[^\w+#&/ ]+", " ", low)
    return " ".join(low.split())


def _core(text: str) -> str:
    return " ".join(_DROP.sub(" ", norm(text)).split())


def same_name(label: str, found: str) -> bool:
    """Does an output name denote the labelled concept? Whole-word containment either way."""
    a, b = _core(label), _core(found)
    if not a or not b:
        return norm(label) == norm(found)
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < 2:
        return False
    return re.search(rf"(?<![\w+#]){re.escape(short)}(?![\w+#])", long_) is not None


def find(aliases: Sequence[str] | str, names: Iterable[tuple[int, Sequence[str]]]) -> int | None:
    """Index of the output that denotes a label: one named exactly like an alias first ("CKA"
    is the CKA requirement, not "Kubernetes", whose name is inside "Certified Kubernetes
    Administrator"), else the first whose name or options match an alias by containment."""
    options = [aliases] if isinstance(aliases, str) else list(aliases)
    outputs = list(names)
    exact = {_core(a) for a in options} - {""}
    for index, found_names in outputs:
        if any(_core(n) in exact for n in found_names):
            return index
    for index, found_names in outputs:
        if any(same_name(a, n) for a in options for n in found_names):
            return index
    return None
