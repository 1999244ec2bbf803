"""The hand-labelled corpora (tests/fixtures/postings, match_pairs, claims) as regression
floors: the figures printed by `python -m evaluation.understanding` and `evaluation.claims`
may rise, never fall below what docs/benchmarks.md reports."""

from evaluation.claims import evaluate_claims
from evaluation.understanding import FIXTURES, evaluate_pairs, evaluate_postings


def test_posting_facts_and_requirements_hold_on_the_corpus():
    s = evaluate_postings()
    assert s.total >= 40
    assert s.company / s.total >= 0.97
    assert s.role / s.total >= 0.97
    assert s.location / s.total >= 0.97
    assert s.salary / s.total >= 0.97
    assert s.benefit_as_requirement == 0
    assert s.classified_right / s.found_requirements >= 0.93
    assert s.found_requirements / s.labelled_requirements >= 0.76


def test_evidence_map_on_labelled_pairs():
    s = evaluate_pairs()
    assert s.pairs >= 15
    assert s.noise_in_missing == 0
    assert max(s.evidenced_reported_missing) <= 1
    assert s.other_words_seen / s.other_words_labelled >= 0.75
    assert s.gaps_listed / s.gaps_labelled >= 0.95


def test_evidence_map_on_held_out_pairs():
    s = evaluate_pairs(FIXTURES / "heldout" / "match_pairs")
    assert s.pairs >= 3
    assert s.noise_in_missing == 0
    assert max(s.evidenced_reported_missing) <= 1
    assert s.gaps_listed / s.gaps_labelled >= 0.9


def test_evidence_map_on_third_held_out_pairs():
    """Written and labelled after the rules of issue 9, never tuned on: logistics, a German
    Industriemechaniker, a local-government person specification."""
    s = evaluate_pairs(FIXTURES / "heldout3" / "match_pairs")
    assert s.pairs >= 3
    assert s.noise_in_missing == 0
    assert max(s.evidenced_reported_missing) <= 2
    assert s.gaps_listed / s.gaps_labelled >= 0.9


def test_fabrication_check_on_labelled_claims():
    s = evaluate_claims()
    assert s.fabricated >= 80 and s.honest >= 150
    assert s.caught / s.fabricated >= 0.98
    assert s.flagged / s.honest <= 0.02
