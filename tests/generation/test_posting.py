import re

import pytest

from bot.generation.posting import UNKNOWN_COMPANY, UNKNOWN_ROLE, analyze_posting, job_facts

from .conftest import PAIRS


@pytest.mark.parametrize("pair", PAIRS, ids=[p.name for p in PAIRS])
def test_company_and_role_match_expected(pair):
    analysis = analyze_posting(pair.posting)
    assert analysis.company == pair.expected["company"]
    # The title as posted; a specialisation after a dash or in brackets stays ("Registered
    # Nurse – ICU"), but no company, place or contract words.
    assert re.fullmatch(re.escape(pair.expected["role"]) + r"(?: [–(].*)?", analysis.role)
    if "remote" in pair.expected:
        assert analysis.remote == pair.expected["remote"]
    if "location" in pair.expected:
        assert analysis.location == pair.expected["location"]


@pytest.mark.parametrize("pair", PAIRS, ids=[p.name for p in PAIRS])
def test_every_posting_yields_requirements_and_skills(pair):
    analysis = analyze_posting(pair.posting)
    assert analysis.must_haves, "must-haves should be found"
    assert analysis.hard_skills
    assert len(analysis.keywords) <= 25
    lowered = pair.posting.lower()
    for item in analysis.must_haves + analysis.responsibilities:
        assert item.split()[0].lower().strip("*-") in lowered


@pytest.mark.parametrize(
    ("text", "company", "role"),
    [
        (
            "Company: Acme\nJob Title: Staff Data Scientist\n\nWe build things.",
            "Acme",
            "Staff Data Scientist",
        ),
        (
            "Senior Backend Engineer — Acme Corp (Berlin, hybrid)\n\nWe build things.",
            "Acme Corp",
            "Senior Backend Engineer",
        ),
        (
            "Globex is hiring a Senior Data Engineer to scale our platform.",
            "Globex",
            "Senior Data Engineer",
        ),
        (
            "About Initech\n\nInitech makes software. We are looking for a QA Engineer.",
            "Initech",
            "QA Engineer",
        ),
        ("Product Designer at Lumen Studio\n\nJoin us.", "Lumen Studio", "Product Designer"),
        ("we need someone great. apply today!", UNKNOWN_COMPANY, UNKNOWN_ROLE),
    ],
)
def test_company_role_formats(text, company, role):
    facts = job_facts(text)
    assert (facts.company, facts.role) == (company, role)


def test_must_vs_nice_and_skill_split():
    analysis = analyze_posting(PAIRS[0].posting)
    assert "Python" in analysis.must_have_skills
    assert "Terraform" in analysis.nice_to_have_skills
    assert "Go" not in analysis.must_have_skills
    assert analysis.seniority == "senior"
    assert analysis.hard_skills.index("Python") < analysis.hard_skills.index("Terraform")


def test_red_flags():
    sales = next(p for p in PAIRS if p.name.endswith("sales"))
    flags = " ".join(analyze_posting(sales.posting).red_flags).lower()
    assert "rockstar" in flags
    assert "many hats" in flags
    assert "long" in flags and "fast-paced" in flags
    assert "competitive salary" in flags
    backend = analyze_posting(PAIRS[0].posting)
    assert backend.red_flags == []
    assert "No salary range given" in analyze_posting("Engineer at Foo. Python required.").red_flags


def test_education_required_only_when_asked():
    assert analyze_posting(PAIRS[0].posting).education_required is None
    nursing = next(p for p in PAIRS if p.name.endswith("nursing"))
    assert analyze_posting(nursing.posting).education_required == "Bachelor's degree"


def test_injection_is_removed_and_flagged():
    injected = next(p for p in PAIRS if p.name.endswith("injection"))
    analysis = analyze_posting(injected.posting)
    assert analysis.injection_detected
    everything = " ".join(analysis.must_haves + analysis.nice_to_haves + analysis.responsibilities)
    assert "PhD" not in everything and "MIT" not in everything and "Google" not in everything
    assert analysis.education_required is None
