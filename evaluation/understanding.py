"""Field accuracy of posting analysis and the evidence map on the hand-labelled corpora.

    uv run python -m evaluation.understanding        # prints the table; --details lists misses
    uv run python -m evaluation.understanding --folder tests/fixtures/heldout   # held out

Postings: tests/fixtures/postings/*.txt with their .json labels. Pairs:
tests/fixtures/match_pairs/*.json (a resume, a posting, what the resume evidences, the gaps);
their file paths are relative to tests/fixtures, whatever the folder.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.generation.match import compute_match
from bot.generation.posting import analyze_posting
from bot.text_commands import posting_json
from evaluation.labels import find, norm

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
NOISE = {
    "vacation", "learning", "budget", "person", "specification", "essential", "desirable",
    "negotiable", "salary", "benefits", "pension", "holiday", "bonus", "team", "role", "job",
}  # fmt: skip


@dataclass
class PostingScores:
    total: int = 0
    company: int = 0
    role: int = 0
    location: int = 0
    salary: int = 0
    benefit_as_requirement: int = 0
    labelled_requirements: int = 0
    found_requirements: int = 0
    classified_right: int = 0
    misses: list[str] = field(default_factory=list)


@dataclass
class PairScores:
    pairs: int = 0
    evidenced_reported_missing: list[int] = field(default_factory=list)
    other_words_labelled: int = 0
    other_words_seen: int = 0
    gaps_labelled: int = 0
    gaps_listed: int = 0
    noise_in_missing: int = 0
    misses: list[str] = field(default_factory=list)


def _outputs(data: dict[str, Any]) -> list[tuple[int, list[str]]]:
    return [
        (i, [r["name"], *r.get("alternatives", [])]) for i, r in enumerate(data["requirements"])
    ]


def evaluate_postings(folder: Path = FIXTURES / "postings") -> PostingScores:
    s = PostingScores()
    for label_file in sorted(folder.glob("*.json")):
        label = json.loads(label_file.read_text(encoding="utf-8"))
        text = label_file.with_suffix(".txt").read_text(encoding="utf-8")
        out = posting_json(analyze_posting(text))
        name = label_file.stem
        s.total += 1
        ok_company = norm(label["company"]) == norm(out["company"])
        ok_role = norm(label["role"]) == norm(out["role"])
        accepted = {norm(x) for x in label["location"]}
        got = {norm(out["location"]), norm(out["city"])} - {""}
        ok_location = (not accepted and not got) or bool(accepted & got)
        ok_salary = bool(label["salary_present"]) == (out["salary"] is not None)
        s.company += ok_company
        s.role += ok_role
        s.location += ok_location
        s.salary += ok_salary
        for wrong, what, want, have in (
            (ok_company, "company", label["company"], out["company"]),
            (ok_role, "role", label["role"], out["role"]),
            (ok_location, "location", label["location"], out["location"]),
            (ok_salary, "salary", label["salary_present"], out["salary"]),
        ):
            if not wrong:
                s.misses.append(f"{name}: {what} want {want!r} got {have!r}")
        names = " | ".join(norm(r["name"]) for r in out["requirements"])
        for fragment in label.get("not_requirements", []):
            if norm(fragment) and norm(fragment) in names:
                s.benefit_as_requirement += 1
                s.misses.append(f"{name}: benefit/salary {fragment!r} filed as a requirement")
        outputs = _outputs(out)
        for essential, key in ((True, "essential"), (False, "desirable")):
            for aliases in label.get(key, []):
                s.labelled_requirements += 1
                index = find(aliases, outputs)
                if index is None:
                    s.misses.append(f"{name}: {key} {aliases[0]!r} not found")
                    continue
                s.found_requirements += 1
                if out["requirements"][index]["essential"] == essential:
                    s.classified_right += 1
                else:
                    s.misses.append(f"{name}: {aliases[0]!r} should be {key}")
    return s


def evaluate_pairs(folder: Path = FIXTURES / "match_pairs") -> PairScores:
    s = PairScores()
    for pair_file in sorted(folder.glob("*.json")):
        pair = json.loads(pair_file.read_text(encoding="utf-8"))
        resume = (FIXTURES / pair["resume"]).read_text(encoding="utf-8")
        posting = (FIXTURES / pair["posting"]).read_text(encoding="utf-8")
        report = compute_match(resume, posting)
        outputs = [
            (i, [e.requirement.name, *e.requirement.alternatives])
            for i, e in enumerate(report.evidence)
        ]
        s.pairs += 1
        wrongly_missing = 0
        other = [a[0] for a in pair.get("other_words", [])]
        for aliases in pair.get("evidenced", []):
            index = find(aliases, outputs)
            if index is not None and not report.evidence[index].met:
                wrongly_missing += 1
                s.misses.append(
                    f"{pair_file.stem}: {aliases[0]!r} is evidenced but reported missing"
                )
            if aliases[0] in other:
                s.other_words_labelled += 1
                s.other_words_seen += index is not None and report.evidence[index].met
        s.evidenced_reported_missing.append(wrongly_missing)
        for aliases in pair.get("gaps", []):
            s.gaps_labelled += 1
            index = find(aliases, outputs)
            if index is not None and not report.evidence[index].met:
                s.gaps_listed += 1
            else:
                state = "not a requirement" if index is None else "reported as met"
                s.misses.append(f"{pair_file.stem}: gap {aliases[0]!r} {state}")
        s.noise_in_missing += sum(1 for m in report.missing if norm(m) in NOISE)
    return s


def _pct(part: int, whole: int) -> str:
    return "n/a" if not whole else f"{100 * part / whole:.1f}% ({part}/{whole})"


def report(postings: PostingScores, pairs: PairScores) -> list[str]:
    worst = max(pairs.evidenced_reported_missing, default=0)
    return [
        f"postings: {postings.total}",
        f"company exactly right:        {_pct(postings.company, postings.total)}",
        f"role exactly right:           {_pct(postings.role, postings.total)}",
        f"location right:               {_pct(postings.location, postings.total)}",
        f"salary present/absent right:  {_pct(postings.salary, postings.total)}",
        f"salary/benefit as requirement: {postings.benefit_as_requirement}",
        f"requirements found:           {_pct(postings.found_requirements, postings.labelled_requirements)}",
        f"essential/desirable right:    {_pct(postings.classified_right, postings.labelled_requirements)}"
        f" (of found: {_pct(postings.classified_right, postings.found_requirements)})",
        f"pairs: {pairs.pairs}",
        f"evidenced but reported missing: max {worst} per pair,"
        f" total {sum(pairs.evidenced_reported_missing)}",
        f"shown in other words, seen:   {_pct(pairs.other_words_seen, pairs.other_words_labelled)}",
        f"true gaps listed as missing:  {_pct(pairs.gaps_listed, pairs.gaps_labelled)}",
        f"noise words among missing:    {pairs.noise_in_missing}",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--details", action="store_true", help="list every miss")
    parser.add_argument(
        "--folder",
        type=Path,
        default=FIXTURES,
        help="a corpus with postings/ and match_pairs/ (e.g. tests/fixtures/heldout)",
    )
    args = parser.parse_args(argv)
    folder = args.folder.resolve()
    postings = evaluate_postings(folder / "postings")
    pairs = evaluate_pairs(folder / "match_pairs")
    print("\n".join(report(postings, pairs)))
    if args.details:
        print("\n".join(["", *postings.misses, *pairs.misses]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
