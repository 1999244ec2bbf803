"""Recall and false flags of the fabrication check on the hand-labelled claims corpus.

    uv run python -m evaluation.claims [--details] [--folder DIR]

tests/fixtures/claims/*.json (or DIR/*.json, e.g. the held-out set in
tests/fixtures/claims_heldout/): lines a model might write about a real resume
(tests/fixtures/pairs/<pair>/resume.md, or DIR/pairs/<pair>/resume.md for a set that brings
its own pairs), each labelled honest or fabricated by hand.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bot.generation.claims_check import check_text

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"


@dataclass
class ClaimScores:
    fabricated: int = 0
    caught: int = 0
    honest: int = 0
    flagged: int = 0
    missed_by_category: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)


def evaluate_claims(folder: Path = FIXTURES / "claims") -> ClaimScores:
    s = ClaimScores()
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        own = folder / "pairs" / data["pair"]  # a held-out set's own pairs stay out of the
        pair = own if own.is_dir() else FIXTURES / "pairs" / data["pair"]  # shared corpus
        resume = (pair / "resume.md").read_text(encoding="utf-8")
        posting = (pair / "posting.txt").read_text(encoding="utf-8")
        for item in data["items"]:
            claims = check_text(resume, item["text"], posting=posting)
            if item["label"] == "fabricated":
                s.fabricated += 1
                if claims:
                    s.caught += 1
                else:
                    s.missed_by_category[item.get("category", "?")] += 1
                    s.misses.append(f"missed [{item.get('category')}] {item['text']}")
            else:
                s.honest += 1
                if claims:
                    s.flagged += 1
                    what = ", ".join(f"{c.kind}:{c.text}" for c in claims)
                    s.misses.append(f"false flag ({what}) {item['text']}")
    return s


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--details", action="store_true")
    parser.add_argument(
        "--folder",
        type=Path,
        default=FIXTURES / "claims",
        help="folder of labelled claim JSON files (default: tests/fixtures/claims)",
    )
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        parser.error(f"not a folder: {args.folder}")
    s = evaluate_claims(args.folder)
    print(
        f"fabrications caught (recall): {s.caught}/{s.fabricated} = {100 * s.caught / max(1, s.fabricated):.1f}%"
    )
    print(
        f"honest lines flagged:         {s.flagged}/{s.honest} = {100 * s.flagged / max(1, s.honest):.1f}%"
    )
    print(
        "missed by category: "
        + ", ".join(f"{k} {v}" for k, v in s.missed_by_category.most_common())
    )
    if args.details:
        print("\n".join(s.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
