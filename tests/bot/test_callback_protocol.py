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
