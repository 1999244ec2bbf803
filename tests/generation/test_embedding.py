import math

from bot.generation.local_embedding import EMBEDDING_DIM, LOCAL_EMBEDDING_MODEL, cosine, embed_local

from .conftest import PAIRS


def by_name(suffix: str) -> str:
    return next(p.posting for p in PAIRS if p.name.endswith(suffix))


def test_shape_norm_and_determinism():
    vec = embed_local("Senior Python engineer with Kubernetes")
    assert LOCAL_EMBEDDING_MODEL == "jobforge-local-hash-v1"
    assert len(vec) == EMBEDDING_DIM == 1536
    assert math.isclose(math.sqrt(sum(v * v for v in vec)), 1.0, rel_tol=1e-9)
    assert embed_local("Senior Python engineer with Kubernetes") == vec
    assert embed_local("") == [0.0] * EMBEDDING_DIM


def test_similar_postings_score_higher_than_unrelated():
    backend = by_name("software_backend")
    data = by_name("data_engineering")
    similar = "Backend Engineer: build Python services with PostgreSQL, Docker and k8s on AWS."
    sim_related = cosine(embed_local(backend), embed_local(similar))
    sim_nursing = cosine(embed_local(backend), embed_local(by_name("nursing")))
    sim_sales = cosine(embed_local(backend), embed_local(by_name("sales")))
    assert sim_related > sim_nursing + 0.1
    assert sim_related > sim_sales + 0.1
    assert cosine(embed_local(backend), embed_local(data)) > sim_nursing


def test_resume_is_closest_to_its_own_posting_field():
    for pair in PAIRS:
        own = cosine(embed_local(pair.resume), embed_local(pair.posting))
        nursing = next(p for p in PAIRS if p.name.endswith("nursing"))
        if pair is nursing:
            continue
        assert own > cosine(embed_local(nursing.resume), embed_local(pair.posting))
