"""Deterministic local embedding: feature hashing, so similar-application lookup works offline.

blake2b (not Python's per-process randomised ``hash()``) keeps vectors identical across runs,
which matters because they are stored in the database next to real model embeddings.
"""

from __future__ import annotations

import hashlib
import math
from itertools import pairwise

from bot.generation.lexicon import find_hard_skills
from bot.generation.text import content_tokens, normalize

LOCAL_EMBEDDING_MODEL = "jobforge-local-hash-v1"
EMBEDDING_DIM = 1536

_UNIGRAM_WEIGHT = 1.0
_BIGRAM_WEIGHT = 0.7
_SKILL_WEIGHT = 3.0


def _bucket(feature: str) -> tuple[int, float]:
    digest = hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest()
    value = int.from_bytes(digest, "big")
    return value % EMBEDDING_DIM, (1.0 if (value >> 63) & 1 else -1.0)


def embed_local(text: str) -> list[float]:
    """L2-normalised hashed bag of unigrams, bigrams and canonical skills (weighted higher)."""
    norm = normalize(text)
    vector = [0.0] * EMBEDDING_DIM
    tokens = content_tokens(norm)
    features: list[tuple[str, float]] = [(f"u:{t}", _UNIGRAM_WEIGHT) for t in tokens]
    features += [(f"b:{a} {b}", _BIGRAM_WEIGHT) for a, b in pairwise(tokens)]
    features += [(f"s:{h.term.canonical.lower()}", _SKILL_WEIGHT) for h in find_hard_skills(norm)]
    for feature, weight in features:
        index, sign = _bucket(feature)
        vector[index] += sign * weight
    length = math.sqrt(sum(v * v for v in vector))
    if length == 0:
        return vector
    return [v / length for v in vector]


def cosine(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))
