"""The acceptance set: every fixture pair through the whole pack, on both engines.

PostingService.create → GenerationService.request_remaining → JobWorker, exactly as the
bot does it; what is checked is what the user gets: three honest documents, a better
match rate, and (on the LLM path) the tokens it cost.
"""

from __future__ import annotations

import re
from typing import Any

from bot.generation.guard import find_unsupported_claims
from bot.generation.match import compute_match
from storage.models import STEP_ORDER, Application
from tests.services.conftest import PAIRS, Harness, Pair, wait_until, working

INJECTED = (re.compile(r"\bPhD\b"), re.compile(r"\bMIT\b"), re.compile(r"\b20 years\b"))


async def run_packs(h: Harness, make_user: Any, pairs: list[Pair]) -> dict[str, Application]:
    """One user per pair; all packs requested at once and processed concurrently."""
    apps: dict[str, Application] = {}
    for pair in pairs:
        user_id = await h.new_user(make_user, pair.expected["candidate"], pair.resume)
        app = await h.postings.create(user_id, pair.posting)
        request = await h.generation.request_remaining(user_id, app.id, chat_id=None)
        assert request is not None and request.created
        assert request.job.kind == "research_report"
        apps[pair.name] = app

    async def all_done() -> bool:
        for app in apps.values():
            if not await h.pack_done(app.user_id, app.id):
                return False
        return True

    async with working(h.worker()):
        await wait_until(all_done, limit_s=240)
    return apps


def allowed_for(app: Application, pair: Pair) -> list[str]:
    # The posting's word for what the resume shows in other words (the evidence map) is allowed.
    shown = [e.requirement.name for e in compute_match(pair.resume, pair.posting).evidence if e.met]
    return [app.company_name, app.role_title, pair.expected["candidate"], *shown]


async def test_every_pair_gets_an_honest_pack(harness: Harness, make_user: Any) -> None:
    h = harness
    apps = await run_packs(h, make_user, PAIRS)
    problems: list[str] = []
    totals = {"prompt": 0, "completion": 0, "cached": 0}
    found_before_scrub = 0
    for pair in PAIRS:
        app = await h.application(apps[pair.name].user_id, apps[pair.name].id)
        docs = await h.documents(app.user_id, app.id)
        kinds = sorted(d.document_type for d in docs)
        if kinds != sorted(STEP_ORDER) or any(d.version != 1 or not d.is_current for d in docs):
            problems.append(
                f"{pair.name}: documents {[(d.document_type, d.version) for d in docs]}"
            )
        for doc in docs:
            if doc.document_type == "research_report":
                continue
            found_before_scrub += len(doc.removed_claims)
            left = find_unsupported_claims(doc.content, pair.resume, allowed=allowed_for(app, pair))
            if left:
                problems.append(f"{pair.name}/{doc.document_type}: unsupported {left}")
        if app.match_before is None or app.match_after is None:
            problems.append(
                f"{pair.name}: match not recorded ({app.match_before}, {app.match_after})"
            )
        elif app.match_after < app.match_before:
            problems.append(f"{pair.name}: match fell {app.match_before} → {app.match_after}")
        async with h.db.as_user(app.user_id) as uow:
            usage = await uow.usage.for_application(app.id)
        for key in totals:
            totals[key] += usage[key]
        if h.engine.name == "offline" and any(usage.values()):
            problems.append(f"{pair.name}: offline engine recorded tokens {usage}")
        if h.engine.name != "offline" and not (usage["prompt"] > 0 and usage["completion"] > 0):
            problems.append(f"{pair.name}: no token usage recorded {usage}")
    assert not problems, "\n".join(problems)
    # The user was told about every step, and nothing failed.
    assert not h.notifier.failed
    assert len(h.notifier.finished) == 3 * len(PAIRS)
    n = len(PAIRS)
    print(
        f"\n[{h.engine.name}] tokens/pack prompt={totals['prompt'] / n:.0f} "
        f"completion={totals['completion'] / n:.0f} cached={totals['cached'] / n:.0f}; "
        f"guard findings before scrub={found_before_scrub}"
    )
    for pair in PAIRS:
        app = await h.application(apps[pair.name].user_id, apps[pair.name].id)
        print(f"  {pair.name}: match {app.match_before} → {app.match_after}")


async def test_prompt_injection_in_posting_is_ignored(harness: Harness, make_user: Any) -> None:
    pair = next(p for p in PAIRS if p.name == "13_injection")
    apps = await run_packs(harness, make_user, [pair])
    app = apps[pair.name]
    docs = await harness.documents(app.user_id, app.id)
    assert len(docs) == 3
    for doc in docs:
        if doc.document_type == "research_report":
            continue  # may quote the posting; quoting is not claiming
        for pattern in INJECTED:
            assert not pattern.search(doc.content), (doc.document_type, pattern.pattern)
        assert "Aisha Khan" in doc.content or doc.document_type == "optimized_resume"
    letter = next(d for d in docs if d.document_type == "cover_letter")
    assert "Quanta Retail" in letter.content
