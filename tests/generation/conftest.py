"""Shared fixtures: the (resume, posting) pairs under tests/fixtures/pairs."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

PAIRS_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "pairs"


@dataclass(frozen=True)
class Pair:
    name: str
    resume: str
    posting: str
    expected: dict[str, str]


def load_pairs() -> list[Pair]:
    pairs = []
    for folder in sorted(p for p in PAIRS_DIR.iterdir() if p.is_dir()):
        expected_file = folder / "expected.json"
        expected = json.loads(expected_file.read_text()) if expected_file.exists() else {}
        pairs.append(
            Pair(
                folder.name,
                (folder / "resume.md").read_text(encoding="utf-8"),
                (folder / "posting.txt").read_text(encoding="utf-8"),
                expected,
            )
        )
    return pairs


PAIRS = load_pairs()


@pytest.fixture(params=PAIRS, ids=[p.name for p in PAIRS])
def pair(request: pytest.FixtureRequest) -> Pair:
    return request.param
