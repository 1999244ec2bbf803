"""Match rate v2: what a user reads on the card must be true of their resume."""

import pytest

from bot.generation.evidence import Fact, Status
from bot.generation.match import compute_match
from bot.generation.posting import analyze_posting

from .conftest import PAIRS

POSTING = """Senior Data Engineer — Globex (Remote)

Requirements
- 5+ years with Python and SQL
- Experience with Kubernetes and Terraform
- Experience with Kafka or RabbitMQ
- CI/CD experience
- Strong communication skills

Nice to have
- dbt

What we offer
- 30 days of vacation, a learning budget and a pension
- Salary €80,000–€95,000, negotiable
"""

RESUME = """Jane Roe
jane@example.com

EXPERIENCE
Data Engineer — Initech, Berlin (2018 – present)
- Migrated 40 tables from MySQL to PostgreSQL with zero downtime
- Built Kafka event ingestion for 2M events a day in Python
- Docker-based CI with GitHub Actions for 12 services
- Presented the data roadmap to the leadership team
"""


def _status(report, name):
    return next(e.status for e in report.evidence if e.requirement.name == name)


def test_score_is_bounded_and_deterministic():
    for pair in PAIRS:
        first = compute_match(pair.resume, pair.posting)
        assert 0 <= first.score <= 100
        assert all(0.0 <= v <= 1.0 for v in first.components.values())
        assert compute_match(pair.resume, pair.posting) == first


def test_evidence_in_other_words_is_not_missing():
    report = compute_match(RESUME, POSTING)
    assert _status(report, "SQL") == Status.EVIDENCED  # MySQL → PostgreSQL migration
    assert _status(report, "CI/CD") == Status.EVIDENCED  # GitHub Actions
    sql = next(e for e in report.evidence if e.requirement.name == "SQL")
    assert "MySQL" in (sql.evidence or "")
    assert "SQL" not in report.missing and "CI/CD" not in report.missing
    assert any("in other words" in line for line in report.explanation)


def test_alternatives_are_met_by_either():
    report = compute_match(RESUME, POSTING)
    assert not any("RabbitMQ" in m for m in report.missing)
    rabbit_only = compute_match(RESUME.replace("Kafka", "RabbitMQ"), POSTING)
    assert not any("Kafka" in m for m in rabbit_only.missing)


def test_true_gaps_are_listed_and_noise_never_is():
    report = compute_match(RESUME, POSTING)
    assert report.missing_essentials[:2] == ["Kubernetes", "Terraform"]
    assert "dbt" in report.missing and "dbt" not in report.missing_essentials
    noise = {"vacation", "learning", "budget", "pension", "salary", "negotiable"}
    assert not noise & {m.lower() for m in report.missing}
    assert any("missing: Kubernetes, Terraform" in line for line in report.explanation)


def test_an_essential_weighs_more_than_a_desirable():
    with_essential = compute_match(RESUME + "- Ran Kubernetes clusters\n", POSTING)
    with_desirable = compute_match(RESUME + "- Wrote dbt models\n", POSTING)
    base = compute_match(RESUME, POSTING)
    assert with_essential.score > with_desirable.score > base.score


def test_synonyms_count():
    report = compute_match(RESUME + "- Operated k8s clusters\n", POSTING)
    assert _status(report, "Kubernetes") == Status.STATED


def test_years_are_read_from_the_dates():
    report = compute_match(RESUME, POSTING)
    assert _status(report, "5+ years of experience") == Status.STATED
    junior = compute_match(RESUME.replace("2018", "2024"), POSTING)
    assert _status(junior, "5+ years of experience") == Status.MISSING


def test_confirmed_facts_count_and_a_no_does_not():
    base = compute_match(RESUME, POSTING)
    yes = compute_match(RESUME, POSTING, [Fact("Kubernetes", True, "CKA course, 2025")])
    no = compute_match(RESUME, POSTING, [Fact("Kubernetes", False)])
    assert _status(yes, "Kubernetes") == Status.CONFIRMED and yes.score > base.score
    assert no.score == base.score and "Kubernetes" in no.missing


def test_degree_requirement_is_judged_as_a_degree():
    posting = POSTING.replace("- CI/CD experience", "- Bachelor's degree in Computer Science")
    without = compute_match(RESUME, posting)
    with_degree = compute_match(RESUME + "\nEDUCATION\nBSc Physics, TU Berlin, 2017\n", posting)
    assert with_degree.score > without.score


@pytest.mark.parametrize("pair", PAIRS, ids=[p.name for p in PAIRS])
def test_adding_a_missing_essential_raises_the_score(pair):
    analysis = analyze_posting(pair.posting)
    before = compute_match(pair.resume, analysis)
    missing = [
        e.requirement
        for e in before.evidence
        if not e.met and e.requirement.essential and e.requirement.kind == "skill"
    ]
    if not missing:
        pytest.skip("resume already shows every essential skill")
    after = compute_match(pair.resume + f"\nSkills: {missing[0].options[0]}\n", analysis)
    assert after.score > before.score
    assert missing[0].name not in after.missing


def test_title_component():
    assert compute_match("Sr. Data Engineer at Foo", POSTING).components["title"] == 1.0
    assert compute_match("Registered Nurse", POSTING).components["title"] < 0.5
