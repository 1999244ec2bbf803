"""The model path on labelled pairs from several fields: an inventing model's claims are all
removed, honest paraphrases kept whole, and no sentence is left broken."""

from __future__ import annotations

from evaluation.model_path import evaluate_model_path, honest_changes


async def test_every_invention_is_removed_and_no_sentence_breaks() -> None:
    scores = await evaluate_model_path(seeds=1, limit=4)
    assert sum(scores.planted.values()) >= 12
    assert scores.caught == scores.planted, scores.details
    assert scores.broken == 0, scores.details


async def test_honest_paraphrases_keep_every_line() -> None:
    changed, total, details = await honest_changes(limit=4)
    assert total == 12
    assert changed == 0, details
