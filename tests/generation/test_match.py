import pytest

from bot.generation.match import WEIGHTS, compute_match
from bot.generation.posting import analyze_posting

from .conftest import PAIRS

POSTING = """Senior Data Engineer — Globex (Remote)

Requirements
- 5+ years with Python and SQL
- Experience with Kubernetes and Terraform
- Experience with PostgreSQL
- Strong communication skills
"""


def test_score_is_bounded_and_deterministic():
    for pair in PAIRS:
        first = compute_match(pair.resume, pair.posting)
        assert 0 <= first.score <= 100
        assert all(0.0 <= v <= 1.0 for v in first.components.values())
        assert compute_match(pair.resume, pair.posting) == first


def test_synonyms_count():
    with_synonyms = compute_match("Data Engineer. Python, SQL, k8s, Terraform, Postgres.", POSTING)
    with_canonical = compute_match(
        "Data Engineer. Python, SQL, Kubernetes, Terraform, PostgreSQL.", POSTING
    )
    assert (
        with_synonyms.components["hard_skills"] == with_canonical.components["hard_skills"] == 1.0
    )
    assert "Kubernetes" in with_synonyms.matched and "PostgreSQL" in with_synonyms.matched


def test_missing_is_ordered_hard_skills_first():
    report = compute_match("Data Engineer. Python. Good communication.", POSTING)
    assert report.missing_hard_skills == ["SQL", "Kubernetes", "Terraform", "PostgreSQL"]
    assert report.missing[: len(report.missing_hard_skills)] == report.missing_hard_skills


@pytest.mark.parametrize("pair", PAIRS, ids=[p.name for p in PAIRS])
def test_adding_a_missing_required_skill_raises_the_score(pair):
    analysis = analyze_posting(pair.posting)
    before = compute_match(pair.resume, analysis)
    required_missing = [s for s in before.missing_hard_skills if s in analysis.must_have_skills]
    if not required_missing:
        pytest.skip("resume already covers every required skill")
    after = compute_match(pair.resume + f"\nSkills: {required_missing[0]}\n", analysis)
    assert after.score > before.score
    assert required_missing[0] not in after.missing_hard_skills


def test_education_component_only_when_degree_required():
    no_degree = compute_match("Python", POSTING)
    assert "education" not in no_degree.components
    wants_degree = POSTING + "- Bachelor's degree in Computer Science\n"
    without = compute_match("Data Engineer. Python, SQL.", wants_degree)
    with_degree = compute_match("Data Engineer. Python, SQL. BSc in Physics.", wants_degree)
    assert without.components["education"] == 0.0
    assert with_degree.components["education"] == 1.0
    assert with_degree.score > without.score


def test_weights_favour_hard_skills_and_keep_keywords_small():
    assert WEIGHTS["hard_skills"] == max(WEIGHTS.values())
    assert WEIGHTS["keywords"] < 0.2
    assert abs(sum(WEIGHTS.values()) - 1.0) < 1e-9


def test_title_component():
    assert compute_match("Sr. Data Engineer at Foo", POSTING).components["title"] == 1.0
    assert compute_match("Registered Nurse", POSTING).components["title"] < 0.5
