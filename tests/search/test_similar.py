"""'Jobs like this one': exact cosine over the user's own vectors, offline, never leaking."""

from __future__ import annotations

import math
from typing import Any

from bot.generation.local_embedding import LOCAL_EMBEDDING_MODEL, embed_local
from bot.generation.offline import OfflineEngine
from bot.services.search import SearchService
from storage.database import Database
from tests.search.conftest import add_application, posting

BODIES = [
    ("Acme", "Backend Engineer", "Build Python services on PostgreSQL and Kubernetes."),
    ("Globex", "Backend Engineer", "Build Python APIs on PostgreSQL, Docker and AWS."),
    ("Initech", "Data Engineer", "Build Spark and Airflow pipelines in Python and SQL."),
    ("Hooli", "Frontend Engineer", "Build React and TypeScript apps with a design system."),
    ("Pixel", "Product Designer", "Shape mobile experiences in Figma with user research."),
    ("Umbrella", "Site Reliability Engineer", "Run Kubernetes, Terraform and Prometheus."),
    ("Stark", "Machine Learning Engineer", "Train PyTorch models and serve them in Python."),
]


def cosine(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    return dot / (math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b)))


async def test_similar_is_the_exact_cosine_ranking_of_the_users_own_vectors(
    db: Database, make_user: Any, engine: OfflineEngine, search: SearchService
) -> None:
    user = await make_user("Ada")
    intruder = await make_user("Eve")
    apps = [
        await add_application(db, user, c, r, posting(c, b), engine=engine) for c, r, b in BODIES
    ]
    # Eve's posting is a near copy of Ada's first one: the best match, if anything leaked.
    await add_application(
        db,
        intruder,
        "Acme",
        "Backend Engineer",
        posting("Acme", BODIES[0][2]) + " Now.",
        engine=engine,
    )
    vectors = {a.id: embed_local(f"{a.role_title}\n{a.job_description}") for a in apps}
    for target in apps:
        truth = {i: cosine(vectors[target.id], v) for i, v in vectors.items() if i != target.id}
        best_first = sorted(truth.values(), reverse=True)
        for k in (1, 3, len(truth)):
            result = await search.similar(user, target.id, limit=k)
            assert result.ready
            # The k returned are the true k best (equal up to float32 rounding, since
            # pgvector stores single precision), best first, with their true similarity.
            got = [truth[item.application_id] for item in result.items]
            assert len(got) == k
            for mine, exact in zip(got, best_first[:k], strict=True):
                assert math.isclose(mine, exact, abs_tol=1e-5)
            for item in result.items:
                assert math.isclose(item.similarity, truth[item.application_id], abs_tol=1e-3)
    top = (await search.similar(user, apps[0].id, limit=1)).items
    assert [t.company_name for t in top] == ["Globex"]


async def test_similar_never_returns_another_users_application(
    db: Database, make_user: Any, engine: OfflineEngine, search: SearchService
) -> None:
    ada = await make_user("Ada")
    eve = await make_user("Eve")
    mine = await add_application(
        db, ada, "Acme", "Engineer", posting("Acme", BODIES[0][2]), engine=engine
    )
    theirs = await add_application(
        db, eve, "Acme", "Engineer", posting("Acme", BODIES[0][2]) + "!", engine=engine
    )
    assert (await search.similar(ada, mine.id)).items == []  # Ada has nothing else
    # Asking about Eve's application as Ada finds nothing at all, not even "ready".
    result = await search.similar(ada, theirs.id)
    assert not result.ready and result.items == []


async def test_an_application_without_an_embedding_yet_is_not_ready(
    db: Database, make_user: Any, engine: OfflineEngine, search: SearchService
) -> None:
    user = await make_user()
    await add_application(
        db, user, "Acme", "Engineer", posting("Acme", BODIES[0][2]), engine=engine
    )
    fresh = await add_application(db, user, "Globex", "Engineer", posting("Globex", BODIES[1][2]))
    result = await search.similar(user, fresh.id)
    assert not result.ready and result.items == []


async def test_similar_only_compares_vectors_of_the_same_model(
    db: Database, make_user: Any, engine: OfflineEngine, search: SearchService
) -> None:
    user = await make_user()
    first = await add_application(
        db, user, "Acme", "Engineer", posting("Acme", BODIES[0][2]), engine=engine
    )
    other = await add_application(db, user, "Globex", "Engineer", posting("Globex", BODIES[1][2]))
    async with db.as_user(user) as uow:  # a vector from another model (e.g. OpenAI's)
        await uow.embeddings.save_for_application(
            other.id, "text-embedding-3-small", [0.1] * 8, "0" * 64
        )
    result = await search.similar(user, first.id)
    assert result.ready and result.items == []
    assert LOCAL_EMBEDDING_MODEL != "text-embedding-3-small"
