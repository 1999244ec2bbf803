import pytest

from bot.generation.engine import Finding
from bot.generation.guard import Claim, find_unsupported_claims, to_findings
from bot.generation.scrub import scrub_claims

RESUME = """# Jane Doe
jane@example.com

## Summary
Backend engineer with 5 years of experience building Python services.

## Experience
### Backend Engineer, Parcelio GmbH (2019-2024)
- Built order services in Python and FastAPI handling 2,000,000 requests per day
- Cut query latency by 40% on PostgreSQL
- Led a team of 4 engineers

## Skills
Python, FastAPI, PostgreSQL, Docker

## Education
BSc in Computer Science, TU Berlin (2019)
"""

HONEST = """# Jane Doe
jane@example.com

## Summary
Backend engineer with 5 years of experience building Python services.

**Key skills:** Python, PostgreSQL, FastAPI, Docker

## Experience
### Backend Engineer, Parcelio GmbH (2019-2024)
- Cut query latency by 40% on PostgreSQL
- Built order services in Python and FastAPI handling 2M requests per day
- Led a team of four engineers

## Education
BSc in Computer Science, TU Berlin (2019)
"""

ALLOWED = ["Acme Corp", "Senior Backend Engineer", "Jane Doe"]


def kinds(text: str) -> list[tuple[str, str]]:
    return [(c.kind, c.text) for c in find_unsupported_claims(text, RESUME, allowed=ALLOWED)]


def test_honest_rewrite_has_no_findings():
    assert kinds(HONEST) == []


def test_cover_letter_may_name_company_and_role():
    letter = (
        "Dear Acme Corp hiring team,\n\nI am applying for the Senior Backend Engineer role at "
        "Acme Corp. At Parcelio GmbH I built order services in Python and FastAPI. I have "
        "5 years of experience and skills in Docker.\n\nKind regards,\nJane Doe\n"
    )
    assert kinds(letter) == []


def test_quoted_posting_material_is_not_a_claim():
    report = '## Must-haves\n> - 8+ years of Kubernetes\n- How is "Terraform" used day to day?\n'
    assert kinds(report) == []


@pytest.mark.parametrize(
    ("planted", "kind", "text"),
    [
        ("- Deployed services on Kubernetes", "skill", "Kubernetes"),
        ("- Tracked work in Jira", "tool", "Jira"),
        ("- Worked at Google on search infrastructure", "employer", "Google"),
        ("### Staff Engineer, Stripe (2015-2019)", "employer", "Stripe"),
        ("- Holds a PhD in Physics", "degree", "PhD"),
        ("- MSc in Computer Science", "degree", "MSc"),
        ("Backend engineer with 8 years of experience.", "number", "8"),
        ("- Cut query latency by 70% on PostgreSQL", "number", "70%"),
        ("- Led a team of 12 engineers", "number", "12"),
        ("- Managed a $3M budget", "number", "$3M"),
        (
            "- AWS Certified Solutions Architect",
            "certification",
            "AWS Certified Solutions Architect",
        ),
        ("- PMP certified project lead", "certification", "PMP"),
        ("- Promoted to Principal Engineer", "title", "Principal Engineer"),
    ],
)
def test_planted_fabrications_are_caught(planted, kind, text):
    doc = HONEST.replace("- Led a team of four engineers", planted)
    found = kinds(doc)
    assert (kind, text) in found, found
    assert kinds(scrub_claims(doc, find_unsupported_claims(doc, RESUME, allowed=ALLOWED))) == []


def test_numbers_normalise():
    assert kinds("Handled 2M requests and 2,000,000 requests; 10+ engineers.") == [
        ("number", "10+")
    ]
    # The same figure counting something else is not the resume's figure.
    assert kinds("Onboarded 2,000,000 customers.") == [("number", "2,000,000")]
    assert kinds("5+ years of Python. In 2019 I joined Parcelio GmbH.") == []


def test_scrub_removes_bullets_and_sentences_but_keeps_the_rest():
    doc = (
        HONEST.replace(
            "- Led a team of four engineers",
            "- Led a team of four engineers\n- Built Kafka pipelines",
        )
        + "\nI also worked at Google. I like Python.\n"
    )
    claims = find_unsupported_claims(doc, RESUME, allowed=ALLOWED)
    assert {c.text for c in claims} == {"Kafka", "Google"}
    scrubbed = scrub_claims(doc, claims)
    assert "Kafka" not in scrubbed and "Google" not in scrubbed
    assert "I like Python." in scrubbed
    assert "Led a team of four engineers" in scrubbed
    assert find_unsupported_claims(scrubbed, RESUME, allowed=ALLOWED) == []


def test_scrub_drops_phrase_when_section_would_be_empty():
    doc = "## Skills\nPython, Kubernetes, FastAPI\n"
    claims = find_unsupported_claims(doc, RESUME)
    scrubbed = scrub_claims(doc, claims)
    assert "## Skills" in scrubbed and "Python" in scrubbed and "Kubernetes" not in scrubbed


def test_to_findings():
    claims = [Claim("skill", "Kafka", "Built Kafka pipelines")]
    assert to_findings(claims) == [
        Finding(kind="skill", text="Kafka", extra={"sentence": "Built Kafka pipelines"})
    ]
