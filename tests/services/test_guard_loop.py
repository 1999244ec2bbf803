"""The fabrication guard on the LLM path: detect, ask for one revision, scrub what is left."""

from __future__ import annotations

from typing import Any

from bot.generation.guard import find_unsupported_claims
from playground.openai_api import DEFAULT_FABRICATION, OpenAIStandIn, parse_prompt, plant
from tests.services.conftest import PAIRS, Harness

PAIR = PAIRS[0]  # backend engineer: no Kubernetes certification, never worked at Google
STUBBORN = "I hold a PhD in Physics from MIT and led 40 engineers at Initech."


def revise_requests(standin: OpenAIStandIn) -> list[dict[str, Any]]:
    return [
        body
        for endpoint, body in standin.bodies
        if endpoint == "chat" and parse_prompt(body["messages"]).step == "revise"
    ]


class StubbornModel(OpenAIStandIn):
    """A model that repeats a fabrication even when asked to revise it away."""

    async def _answer(self, body: dict[str, Any]) -> str:
        text = await super()._answer(body)
        if parse_prompt(body.get("messages") or []).step in ("optimized_resume", "revise"):
            text = plant(text, STUBBORN)
        return text


def allowed(app: Any) -> list[str]:
    return [app.company_name, app.role_title, PAIR.expected["candidate"]]


async def test_planted_claim_is_revised_away(
    make_harness: Any, standin: OpenAIStandIn, make_user: Any
) -> None:
    h: Harness = await make_harness(standin)
    app = await h.start(make_user, PAIR)
    await h.step(app, "research_report")
    assert not revise_requests(standin)

    standin.fabricate = DEFAULT_FABRICATION
    job = await h.step(app, "optimized_resume")

    assert job.status == "done"
    assert len(revise_requests(standin)) == 1, "the engine is asked to revise exactly once"
    draft_claims = revise_requests(standin)[0]["messages"][-1]["content"]
    assert "Google" in draft_claims and "CKA" in draft_claims
    docs = [
        d for d in await h.documents(app.user_id, app.id) if d.document_type != "research_report"
    ]
    assert len(docs) == 1
    stored = docs[0]
    assert "Google" not in stored.content and "CKA" not in stored.content
    assert find_unsupported_claims(stored.content, PAIR.resume, allowed=allowed(app)) == []
    removed = " ".join(c["claim"] for c in stored.removed_claims)
    assert "Google" in removed and "CKA" in removed
    outcome = h.notifier.finished[-1]
    assert outcome.document.id == stored.id
    assert outcome.removed_claims and "Google" in " ".join(outcome.removed_claims)


async def test_claim_kept_by_the_revision_is_scrubbed(make_harness: Any, make_user: Any) -> None:
    async with StubbornModel() as model:
        h: Harness = await make_harness(model)
        app = await h.start(make_user, PAIR)
        await h.step(app, "research_report")
        job = await h.step(app, "optimized_resume")

        assert job.status == "done"
        assert len(revise_requests(model)) == 1, "one revision, then scrubbing, no loop"
        (stored,) = [
            d
            for d in await h.documents(app.user_id, app.id)
            if d.document_type != "research_report"
        ]
        for fabricated in ("PhD", "MIT", "Initech", "40 engineers"):
            assert fabricated not in stored.content
        assert find_unsupported_claims(stored.content, PAIR.resume, allowed=allowed(app)) == []
        assert stored.removed_claims
        assert h.notifier.finished[-1].removed_claims
        # The honest rest of the resume survived the scrub.
        assert "Parcelio" in stored.content and "FastAPI" in stored.content
