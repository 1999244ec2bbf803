"""The evidence map on made-up texts: evidence in other words is seen, look-alikes are not,
and the fast lexicon finds exactly what the old one did."""

import re

import pytest

from bot.generation import evidence, lexicon, match
from bot.generation.evidence import Status
from bot.generation.match import compute_match
from bot.generation.requirements import requirements_of_line
from bot.generation.text import normalize


def _evidence(resume: str, posting: str) -> dict[str, Status]:
    return {e.requirement.name: e.status for e in compute_match(resume, posting).evidence}


def _old_style_find(matcher: lexicon.Matcher, text: str) -> list[tuple[str, int, int]]:
    """The lexicon before the trie: one alternative per form, longest first, re.IGNORECASE."""

    def pattern(forms: dict[str, lexicon.Term], flags: int, right: str) -> re.Pattern[str]:
        parts = [
            r"[\s\-]+".join(re.escape(p) for p in re.split(r"[\s\-]+", f))
            for f in sorted(forms, key=lambda f: (-len(f), f))
        ]
        return re.compile(f"{lexicon._LEFT}(?:{'|'.join(parts)}){right}", flags)

    old = lexicon.Matcher.__new__(lexicon.Matcher)
    old.__dict__.update(matcher.__dict__)
    old._re_ci = old._re_ci_fold = pattern(matcher._ci, re.IGNORECASE, lexicon._RIGHT)
    old._re_cs = pattern(matcher._cs, 0, lexicon._RIGHT)
    old._re_amb = pattern(matcher._ambiguous, 0, lexicon._RIGHT_STRICT)
    return [(h.term.canonical, h.start, h.end) for h in old.find(text)]


SAMPLES = [
    "Skills: Python, SQL, C, Go, R; CI/CD with GitHub Actions and machine-learning (PyTorch)",
    "Built Kafka event ingestion; Node.js and .NET services; MS Office, Excel-based reports",
    "Café Crème Retail SAS — Paris; used SAS and R for survival models",
    "BSc (Hons) Adult Nursing; NMC PIN 12A3456E; ALS provider; Level 3 Award in Food Safety",
    "İstanbul office: KUBERNETES, terraform, Machine   Learning, A-level Maths, plan C",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_the_one_trie_regex_finds_what_one_alternative_per_form_found(text):
    text = normalize(text)
    for matcher in (
        lexicon.hard_matcher(),
        lexicon.soft_matcher(),
        lexicon.certification_matcher(),
        lexicon.education_matcher(),
    ):
        got = [(h.term.canonical, h.start, h.end) for h in matcher.find(text)]
        assert got == _old_style_find(matcher, text)


def test_all_lines_at_once_find_what_each_line_finds():
    lines = [normalize(s) for s in SAMPLES] + ["", "Go", "Python\nSQL"]
    matcher = lexicon.hard_matcher()
    assert matcher.find_lines(lines) == [matcher.find(line) for line in lines]


def test_a_degree_opening_an_education_line_needs_no_other_context():
    line = "BA Communications — SUNY New Paltz, 2018"
    assert not lexicon.find_degrees(line)  # "BA" alone is also an airline or an analyst
    assert [h.term.canonical for h in lexicon.find_degrees(line, listed=True)] == [
        "Bachelor's degree"
    ]
    elsewhere = "Studied in Boston MA until 2019"
    assert lexicon.find_degrees(elsewhere, listed=True) == lexicon.find_degrees(elsewhere)


POSTING_DE = """Personalreferent (m/w/d)
Beispiel GmbH, Köln

Ihr Profil
- Sehr gute Deutschkenntnisse (mindestens C1) und gute Englischkenntnisse
- Erfahrung in der Zusammenarbeit mit Betriebsräten
"""


def test_languages_named_in_the_resumes_own_tongue_count():
    resume = """Julia Beispiel

BERUFSERFAHRUNG
04/2020 – heute
Personalreferentin, Muster AG, Köln
- Anhörungen des Betriebsrats nach § 99 BetrVG

SPRACHEN
- Deutsch: Muttersprache
- Englisch: verhandlungssicher (C1)
"""
    got = _evidence(resume, POSTING_DE)
    assert got["German (C1)"] == Status.STATED
    assert got["English (good)"] == Status.STATED
    assert got["Zusammenarbeit mit Betriebsräten"] == Status.EVIDENCED


def test_a_language_level_below_the_one_asked_is_missing():
    resume = "Max Muster\n\nSPRACHEN\n- Deutsch: Grundkenntnisse (A2)\n- Englisch: Muttersprache\n"
    assert _evidence(resume, POSTING_DE)["German (C1)"] == Status.MISSING


POSTING_UK = """Store Manager
Example Retail, Leeds

Essential
- At least 2 years' experience as a Store Manager
- Proven track record of hitting sales targets
- Experience managing a team of 10 or more
- First Aid at Work certificate
- Enhanced DBS check

Desirable
- NVQ Level 6 in Retail Management
"""


def test_prose_shows_targets_and_team_size_and_a_lesser_certificate_is_not_the_one_asked():
    resume = """Sam Example

EXPERIENCE
Store Manager — Shopco, Leeds — Jan 2019 – Present
- Delivered 108% of the annual sales plan in 2023
- Line manage 3 supervisors and 14 sales advisors
- Emergency First Aid at Work, 2023
- NVQ Level 2 in Retail Skills
"""
    got = _evidence(resume, POSTING_UK)
    assert got["hitting sales targets"] == Status.EVIDENCED
    assert got["managing a team of 10 or more"] == Status.EVIDENCED
    assert got["First Aid at Work"] == Status.MISSING  # the one-day EFAW is another certificate
    assert got["NVQ Level 6"] == Status.MISSING


def test_a_job_title_is_shown_by_a_role_held_not_by_its_words():
    aiming = """Dan Example

EXPERIENCE
Site Supervisor — Homes Ltd, Leeds — May 2022 – Present
- Update the progress tracker for the Site Manager
- Looking for my first Store Manager role
"""
    report = compute_match(aiming, POSTING_UK)
    years = next(e for e in report.evidence if e.requirement.name == "2+ years of experience")
    assert years.status == Status.MISSING
    assert "as Store Manager" in (years.evidence or "")


def test_pre_employment_checks_are_not_gaps_and_do_not_lower_the_score():
    resume = """Sam Example

EXPERIENCE
Store Manager — Shopco, Leeds — Jan 2019 – Present
- Delivered 108% of the annual sales plan; led a team of 17
"""
    report = compute_match(resume, POSTING_UK)
    assert "Enhanced DBS check" not in report.missing
    assert report.checks == ["Enhanced DBS check"]
    assert any("checked at offer: Enhanced DBS check" in line for line in report.explanation)
    with_dbs = compute_match(resume + "- Enhanced DBS on the update service\n", POSTING_UK)
    assert with_dbs.checks == [] and with_dbs.score >= report.score


def test_a_concept_inside_a_phrase_counts_only_at_its_head():
    resume = """Chloe Example

EXPERIENCE
Support Specialist — Tably, Toronto — 2022 – Present
- Resolve card-payment and payout issues with our payment processor
- Built dashboards in Tableau
"""
    posting = """Support Agent
Helpco, Toronto

Requirements
- Strong troubleshooting skills and comfort learning technical products quickly
- Experience with product analytics tools
"""
    got = _evidence(resume, posting)
    assert got["troubleshooting skills and comfort learning technical products quickly"] == (
        Status.EVIDENCED
    )
    assert got["product analytics tools"] == Status.MISSING  # "analytics" is not its head


def test_any_item_of_an_or_list_shows_the_phrase():
    resume = """Sophie Example

EXPERIENCE
Assistant Manager — Fenwicks (department store), Bristol — 2021 – Present
- Ran the cookshop and tableware departments
"""
    posting = "Store Manager\nShopco, Bristol\n\nDesirable\n- Experience in homeware, kitchenware or department store retail\n"
    got = _evidence(resume, posting)
    assert got["homeware, kitchenware or department store retail"] == Status.STATED


def test_two_degrees_with_or_between_are_one_requirement_met_by_the_lower():
    line = (
        "Abgeschlossene kaufmännische Ausbildung, z. B. als Steuerfachangestellte/r, oder ein"
        " Studium der Betriebswirtschaftslehre"
    )
    (req,) = requirements_of_line(line, essential=True, german=True)
    assert req.alternatives == ("Associate degree", "Bachelor's degree")
    assert req.rank == 2


def test_the_same_resume_is_analysed_once_for_many_postings(monkeypatch):
    calls = []
    real = match.analyze_resume
    monkeypatch.setattr(match, "analyze_resume", lambda text: calls.append(text) or real(text))
    match._profile.cache_clear()
    evidence._line_index.cache_clear()
    resume = "Unique Person\n\nEXPERIENCE\nAnalyst — X, Y — 2020 – Present\n- SQL reports\n"
    first = compute_match(resume, POSTING_UK)
    second = compute_match(resume, POSTING_DE)
    assert len(calls) == 1
    assert first.evidence and second.evidence
    assert compute_match(resume, POSTING_UK) == first


def test_a_licence_named_only_inside_an_organisation_is_not_held():
    """An EIT registered with the 'Texas Board of Professional Engineers' is no PE."""
    from bot.generation.match import compute_match

    resume = (
        "Daniel Moreno, EIT\n\nEXPERIENCE\nProject Engineer - Lonestar, Austin (2021 - present)\n"
        "- Built HEC-RAS models\n\nCERTIFICATIONS\n"
        "- Engineer in Training (EIT), Texas Board of Professional Engineers (2019)\n"
    )
    posting = "Civil Engineer\nAcme Civil, Austin\n\nPreferred:\n- Professional Engineer license\n"
    shown = {e.requirement.name: e.met for e in compute_match(resume, posting).evidence}
    assert not any(met for name, met in shown.items() if "Professional Engineer" in name)


def test_dates_above_the_title_as_in_german_cvs():
    from bot.generation.resume_profile import analyze_resume

    cv = (
        "Julia Schneider\n\nBERUFSERFAHRUNG\n\n04/2020 – heute\nPersonalreferentin\n"
        "Bergmann GmbH, Leverkusen\n(Automobilzulieferer)\n- Betreuung von 450 Mitarbeitenden\n\n"
        "09/2017 – 03/2020\nJunior Personalreferentin\nRhenus GmbH, Köln\n- Vertragsgestaltung\n"
    )
    roles = analyze_resume(cv).roles
    assert [(r.title, r.employer, r.start) for r in roles] == [
        ("Personalreferentin", "Bergmann GmbH", "04/2020"),
        ("Junior Personalreferentin", "Rhenus GmbH", "09/2017"),
    ]
    assert roles[0].bullets == ["Betreuung von 450 Mitarbeitenden"]


def test_years_in_a_field_count_only_the_roles_in_that_field():
    """'3+ years of experience in data engineering' is not met by research roles, though the
    person has worked for six years; a profile that calls itself a backend engineer counts."""
    from bot.generation.match import compute_match

    researcher = (
        "Mia Chen\n\nEXPERIENCE\nResearch Analyst - Uni Lab, Leeds (2019 - present)\n"
        "- Ran statistical analyses in R\n"
        "Research Assistant - Uni Lab, Leeds (2017 - 2019)\n- Cleaned survey data\n"
    )
    posting = (
        "Data Engineer\nNorthwind, Leeds\n\nRequirements:\n"
        "- 3+ years of experience in data engineering\n"
    )
    years = [e for e in compute_match(researcher, posting).evidence if e.requirement.years]
    assert years and not years[0].met
    engineer = researcher.replace("Research Analyst", "Data Engineer").replace(
        "Ran statistical analyses in R", "Built data engineering pipelines in Airflow"
    )
    years = [e for e in compute_match(engineer, posting).evidence if e.requirement.years]
    assert years and years[0].met


def test_a_qualification_is_shown_in_other_words_only_by_a_line_naming_one():
    """Read as a recruiter: 'Coaching qualification: Prepared contracts and onboarding for 300
    employees' (and a letter saying 'I hold Prepared contracts…') is a false claim."""
    from bot.generation.match import compute_match

    resume = (
        "Amira Haddad\n\nEXPERIENCE\nHR Administrator - Salford Housing (2017 - 2019)\n"
        "- Prepared contracts, onboarding and payroll changes for 300 employees\n"
    )
    posting = "HR Business Partner\nAcme, Leeds\n\nRequirements:\n- Coaching qualification\n"
    shown = [e for e in compute_match(resume, posting).evidence if "oaching" in e.requirement.name]
    assert shown and not shown[0].met
