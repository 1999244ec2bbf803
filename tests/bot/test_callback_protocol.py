"""One protocol for buttons: every verb a keyboard can encode has exactly one action, and
callback data that names no known verb is refused before any handler runs."""

from __future__ import annotations

import uuid

from handlers.callback_router import ACTIONS
from handlers.callbacks import Verb, decode, encode


def test_every_verb_has_an_action_and_every_action_a_verb() -> None:
    assert set(ACTIONS) == set(Verb)


def test_round_trip_and_unknown_verbs() -> None:
    target = uuid.uuid4()
    parsed = decode(encode(Verb.GAP, target, "w3"))
    assert parsed is not None and (parsed.verb, parsed.target, parsed.arg) == (
        Verb.GAP,
        target,
        "w3",
    )
    assert decode(f"nosuchverb:{target.hex}") is None
    assert decode("open:" + "g" * 32) is None


def test_only_the_router_answers_callback_queries() -> None:
    """Telegram takes one answer per query: actions return an Answer, the router sends it."""
    import re
    from pathlib import Path

    handlers = Path(__file__).resolve().parents[2] / "handlers"
    answering = {
        str(path.relative_to(handlers))
        for path in handlers.rglob("*.py")
        if re.search(r"query\.answer\(", path.read_text(encoding="utf-8"))
    }
    assert answering == {"callback_router.py"}
