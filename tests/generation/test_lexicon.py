import pytest

from bot.generation.lexicon import (
    canonicals,
    find_certifications,
    find_degrees,
    find_hard_skills,
    find_soft_skills,
    normalize_title,
    seniority_of,
    title_core,
)
from bot.generation.text import normalize


def skills(text: str) -> list[str]:
    return canonicals(find_hard_skills(normalize(text)))


def test_lexicon_is_large_and_spans_fields():
    from bot.generation.lexicon import hard_matcher

    terms = hard_matcher().terms
    assert len(terms) >= 300
    categories = {t.category for t in terms}
    assert {
        "languages",
        "data",
        "cloud_devops",
        "design",
        "sales",
        "healthcare",
        "finance",
        "marketing",
        "project_management",
        "tools",
    } <= categories


def test_synonyms_map_to_one_canonical_name():
    assert skills("JS") == skills("JavaScript") == ["JavaScript"]
    assert skills("TS") == skills("TypeScript") == ["TypeScript"]
    assert skills("k8s") == skills("Kubernetes") == ["Kubernetes"]
    assert skills("Postgres") == skills("PostgreSQL") == ["PostgreSQL"]
    assert skills("Google Cloud") == skills("GCP") == ["GCP"]
    assert skills("ML") == skills("machine learning") == ["Machine learning"]


def test_c_cpp_csharp_are_distinct():
    assert skills("Languages: C, C++, C#") == ["C", "C++", "C#"]
    assert skills("Strong C++ skills") == ["C++"]
    assert skills("Experience with C# and .NET") == ["C#", ".NET"]
    assert skills("C/C++ firmware") == ["C", "C++", "Firmware"]  # firmware is a skill too


def test_c_letter_is_not_a_skill():
    assert skills("Report to C-level executives.") == []
    assert skills("If that fails we have a Plan C.") == []
    assert skills("Objective-C") == ["Objective-C"]
    assert skills("R&D budget") == []


def test_go_verb_is_not_go_language():
    assert skills("Let's go build something great together.") == []
    assert skills("Go to the office twice a week.") == []
    assert skills("We go fast and ship daily") == []
    assert skills("Go developer wanted") == ["Go"]
    assert skills("Scripting in Python, Go or Bash") == ["Python", "Go", "Bash"]
    assert skills("Golang microservices") == ["Go", "Microservices"]
    assert skills("Skills: R, SQL") == ["R", "SQL"]


def test_case_sensitive_abbreviations():
    assert skills("Administer 5 ml of saline") == []
    assert skills("react to feedback") == []
    assert skills("Built UIs in React") == ["React"]


def test_soft_skills_education_certifications():
    assert canonicals(find_soft_skills("Excellent communication and stakeholder management")) == [
        "Communication",
        "Stakeholder management",
    ]
    assert [h.term.rank for h in find_degrees("BSc in Physics")] == [3]
    assert [h.term.rank for h in find_degrees("MBA, PhD")] == [4, 5]
    assert find_degrees("Advanced MS Excel skills") == []
    assert canonicals(find_certifications("PMP, BLS and ACLS, active RN license")) == [
        "PMP",
        "BLS",
        "ACLS",
        "RN license",
    ]


def test_title_normalisation():
    assert normalize_title("Sr. Back-end Developer") == normalize_title("Senior Backend Engineer")
    assert title_core("Senior Data Engineer") == "data engineer"
    assert seniority_of("Sr. Data Engineer") == "senior"
    assert seniority_of("Junior Analyst") == "junior"
    assert seniority_of("Data Engineer") is None


@pytest.mark.parametrize(
    ("text", "skills"),
    [
        ("Junior Data Analyst, Café Crème Retail SAS, Lyon (2019 – 2021)", []),
        ("Controller - Brennert Maschinenbau AG (2020 - heute)", []),
        ("Skills: Python, SAS, R", ["Python", "SAS", "R"]),
        ("Built churn models in SAS and SQL", ["SAS", "SQL"]),
        ("Senior SAS Programmer", ["SAS"]),
    ],
)
def test_a_legal_form_is_not_a_skill(text: str, skills: list[str]) -> None:
    assert [h.surface for h in find_hard_skills(text)] == skills
