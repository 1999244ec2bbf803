"""/search: full text and vectors fused, over one user's applications and documents only."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.generation.offline import OfflineEngine
from bot.llm.client import LLMClient
from bot.llm.engine import OpenAIEngine
from bot.services.problems import InputProblem
from bot.services.search import MAX_QUERY_CHARS, SearchService
from playground.openai_api import OpenAIStandIn
from storage.database import Database
from tests.search.conftest import add_application, posting

LETTER = (
    "Dear hiring team,\n\nI would love to join you. At Initech I kept a heliotrope of "
    "dashboards green while migrating our services.\n\nKind regards,\nAda"
)
RESEARCH = "# Research\nThe company builds logistics software for ports in Hamburg."


@pytest.fixture
async def corpus(db: Database, make_user: Any, engine: OfflineEngine) -> dict[str, Any]:
    ada = await make_user("Ada")
    eve = await make_user("Eve")
    letter_app = await add_application(
        db,
        ada,
        "Acme",
        "Backend Engineer",
        posting("Acme", "Build Python services on PostgreSQL."),
        engine=engine,
        documents={"research_report": RESEARCH, "cover_letter": LETTER},
    )
    posting_app = await add_application(
        db,
        ada,
        "Globex",
        "Platform Engineer",
        posting("Globex", "Run our Zanzibar cluster of Kubernetes nodes."),
        engine=engine,
    )
    # Eve has the same rare words in her posting and her cover letter.
    await add_application(
        db,
        eve,
        "Evil Corp",
        "Zanzibar Engineer",
        posting("Evil Corp", "Zanzibar heliotrope zanzibar."),
        engine=engine,
        documents={"research_report": RESEARCH, "cover_letter": LETTER + " Zanzibar."},
    )
    return {"ada": ada, "eve": eve, "letter": letter_app, "posting": posting_app}


async def test_finds_an_application_by_a_word_only_in_its_cover_letter(
    search: SearchService, corpus: dict[str, Any]
) -> None:
    hits = await search.search(corpus["ada"], "heliotrope")
    assert [h.application_id for h in hits] == [corpus["letter"].id]
    assert hits[0].matched_in == ["cover_letter"]
    assert "«heliotrope»" in hits[0].snippet
    assert hits[0].company_name == "Acme"


async def test_finds_an_application_by_a_word_only_in_its_posting(
    search: SearchService, corpus: dict[str, Any]
) -> None:
    hits = await search.search(corpus["ada"], "zanzibar")
    assert [h.application_id for h in hits] == [corpus["posting"].id]
    assert hits[0].matched_in == ["posting"]
    assert "«Zanzibar»" in hits[0].snippet


async def test_another_users_documents_never_appear(
    search: SearchService, corpus: dict[str, Any]
) -> None:
    for query in ("zanzibar", "heliotrope", "Evil Corp", "hiring", "logistics Hamburg"):
        for hit in await search.search(corpus["ada"], query):
            assert hit.company_name != "Evil Corp", query
            assert hit.application_id in (corpus["letter"].id, corpus["posting"].id)
    eve_hits = await search.search(corpus["eve"], "heliotrope")
    assert [h.company_name for h in eve_hits] == ["Evil Corp"]


async def test_a_word_in_several_places_ranks_the_application_that_has_it_everywhere(
    search: SearchService, corpus: dict[str, Any]
) -> None:
    hits = await search.search(corpus["ada"], "Python PostgreSQL services")
    assert hits and hits[0].application_id == corpus["letter"].id


@pytest.mark.parametrize("query", ["", "   ", "a", "\n\t"])
async def test_empty_queries_are_an_input_problem(
    search: SearchService, corpus: dict[str, Any], query: str
) -> None:
    with pytest.raises(InputProblem):
        await search.search(corpus["ada"], query)


async def test_too_long_queries_are_an_input_problem(
    search: SearchService, corpus: dict[str, Any]
) -> None:
    with pytest.raises(InputProblem):
        await search.search(corpus["ada"], "k" * (MAX_QUERY_CHARS + 1))
    longest = "zanzibar " + "x" * (MAX_QUERY_CHARS - 9)  # exactly at the limit: accepted
    assert len(longest) == MAX_QUERY_CHARS
    assert isinstance(await search.search(corpus["ada"], longest), list)


@pytest.mark.parametrize("query", ['"unclosed', "-zanzibar", "a & b | !c", "the and of", "):*"])
async def test_odd_queries_do_not_crash(
    search: SearchService, corpus: dict[str, Any], query: str
) -> None:
    hits = await search.search(corpus["ada"], query)
    assert all(h.company_name != "Evil Corp" for h in hits)


@pytest.fixture
async def standin() -> AsyncIterator[OpenAIStandIn]:
    server = OpenAIStandIn()
    await server.start()
    yield server
    await server.stop()


async def test_search_still_finds_words_when_the_embedding_api_is_down(
    db: Database, standin: OpenAIStandIn, corpus: dict[str, Any]
) -> None:
    client = LLMClient(
        api_key="sk-test",
        model="gpt-4o-mini",
        base_url=f"{standin.url}/v1",
        max_retries=0,
        timeout_s=5.0,
        backoff_base_s=0.01,
        backoff_max_s=0.02,
    )
    try:
        search = SearchService(db, OpenAIEngine(client), "text-embedding-3-small")
        standin.fail_next(500, count=5)
        hits = await search.search(corpus["ada"], "heliotrope")
        assert [h.application_id for h in hits] == [corpus["letter"].id]
        assert standin.requests  # the API really was asked (and failed)
    finally:
        await client.aclose()
