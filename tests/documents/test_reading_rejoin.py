"""The rule for words broken at a line end after a hyphen (text_cleanup.join_broken_word)."""

from __future__ import annotations

import pytest

from bot.documents.text_cleanup import join_broken_word


@pytest.mark.parametrize(
    ("head", "tail", "vocabulary", "expected"),
    [
        ("manage-", "ment", (), "management"),  # hyphenation
        ("Bewerber-", "managementsystems", (), "Bewerbermanagementsystems"),
        ("place-", "ment", (), "placement"),
        ("full-", "stack", (), "full-stack"),  # a compound head keeps its hyphen
        ("data-", "driven", (), "data-driven"),
        ("IT-", "Abteilung", (), "IT-Abteilung"),  # capital after the hyphen: a real one
        ("Arbeitsrecht-", "Grundlagen.", (), "Arbeitsrecht-Grundlagen."),
        ("COVID-", "19", (), "COVID-19"),
        ("12-", "page", (), "12-page"),  # a number before the hyphen
        ("e-", "commerce", (), "e-commerce"),  # a single letter
        ("copy-", "and-paste", (), "copy-and-paste"),  # the rest is itself a compound
        ("state-of-", "the-art", (), "state-of-the-art"),
        ("post-", "operative", ("post-operative",), "post-operative"),  # seen with a hyphen
        ("co-", "ordinated", ("coordinated",), "coordinated"),  # seen without one
        ("re-", "duced", (), "reduced"),
    ],
)
def test_join_broken_word(head: str, tail: str, vocabulary: tuple[str, ...], expected: str) -> None:
    assert join_broken_word(head, tail, vocabulary) == expected
