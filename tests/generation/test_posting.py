import re

import pytest

from bot.generation.posting import UNKNOWN_COMPANY, UNKNOWN_ROLE, analyze_posting, job_facts
from bot.generation.requirements import requirements_of_line

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


def _req(analysis, name):
    return next(r for r in analysis.requirements if name.lower() in r.name.lower())


def test_header_employer_with_its_town_and_a_place_in_brackets():
    # "Org plc, Town" names the employer and the place; a trailing "(Place)" is not the title;
    # a town under 100,000 people counts in the header.
    posting = (
        "Warehouse Supervisor – Night Shifts (Kendal & Lake District)\n"
        "Brockhurst Logistics plc, Kendal\n\n"
        "Brockhurst Logistics plc is a family-owned distributor.\n"
        "Requirements\n- Forklift licence\n"
    )
    a = analyze_posting(posting)
    assert a.company == "Brockhurst Logistics plc"
    assert a.role == "Warehouse Supervisor – Night Shifts"
    assert a.location is not None and a.location.startswith("Kendal")


def test_header_site_before_town_regions_and_remote_places():
    site = analyze_posting(
        "Northfield Borough Council\n\nLibrary Assistant\n"
        "Elmwood Community Library, Carlisle, Cumbria – hybrid\n\nThe role\nYou will help readers."
    )
    assert site.location == "Carlisle, Cumbria"
    region = analyze_posting("Stock Controller | West Midlands | £30,000\n\nOur client is hiring.")
    assert (region.role, region.location) == ("Stock Controller", "West Midlands")
    assert region.company == UNKNOWN_COMPANY
    remote = analyze_posting(
        "Site Reliability Engineer\nQuillon Systems Ltd — Remote (UK or EU, CET ±2 hours)\n"
    )
    assert remote.location == "UK or EU"
    city = analyze_posting("Legal Secretary\nCity of London | Permanent\n\nOur client is a firm.")
    assert city.location == "City of London"


def test_all_caps_header_title_is_spelled_as_the_body_spells_it():
    posting = (
        "PAYROLL MANAGER – HOSPITALITY – LEEDS (HYBRID)\n£50,000\n\n"
        "On behalf of our client we are looking for a Payroll Manager to run payroll.\n"
    )
    a = analyze_posting(posting)
    assert a.role == "Payroll Manager" and a.company == UNKNOWN_COMPANY


def test_on_behalf_of_our_customers_is_not_an_agency():
    posting = (
        "Ledger Analyst\nTallyworks Inc. — Denver, CO\n\n"
        "Tallyworks Inc. reconciles payments on behalf of our customers every night.\n"
    )
    assert analyze_posting(posting).company.startswith("Tallyworks Inc")


def test_salary_in_prose_euro_after_the_amount_and_german_pay_groups():
    prose = (
        "Dental Nurse\n\nWe are a busy practice in Leeds with six surgeries and friendly staff. "
        "Our patients love us and we have grown every year since we opened our doors in 2009. "
        "We pay £13.20 per hour, rising after probation, plus a uniform allowance of £100 a year. "
        "You will need GDC registration."
    )
    assert analyze_posting(prose).salary.startswith("We pay £13.20 per hour")
    euro = "Buchhalter (m/w/d)\n\nWir bieten\n- Gehalt ca. 52.000 € brutto jährlich\n"
    assert analyze_posting(euro).has_salary
    grade = "Pflegefachkraft (m/w/d)\nKlinikum Nordhain\nVergütung nach TVöD-P, Entgeltgruppe P7\n"
    assert analyze_posting(grade).has_salary
    sales = (
        "Area Sales Manager\n\nYou will look after forty accounts across the region and build "
        "new relationships with buyers, wholesalers and distributors every single week of the "
        "year. The accounts are worth about £3 million a year in sales, and we expect growth. "
        "We offer a competitive salary."
    )
    assert analyze_posting(sales).salary is None


def test_prose_place_is_found_when_geonames_knows_it():
    posting = (
        "Backend Engineer at Quillby\n\nQuillby is a small company in Lisbon building tools "
        "for bakeries. You'll need three years of Python."
    )
    assert analyze_posting(posting).location == "Lisbon"


def test_prose_you_will_need_is_a_requirement_and_what_we_provide_is_not():
    posting = (
        "Care Assistant\n\nWe run three homes. You do not need previous experience, because we "
        "will give you an induction leading to the Care Certificate. You will need a full UK "
        "driving licence and to be Gas Safe registered. Over the last two years we have grown."
    )
    a = analyze_posting(posting)
    names = " | ".join(r.name for r in a.requirements)
    assert "Care Certificate" not in names
    assert "driving licence" in names.lower()
    assert not any(r.kind == "years" for r in a.requirements)


def test_person_specification_markers_govern_their_clause():
    posting = (
        "Library Officer\n\nPerson specification\n"
        "Skills: Good numeracy skills (E) (A). Ability to use Tableau or Looker (D) (I). "
        "Knowledge of GDPR (E) (I/R).\n"
        "- Chartered CILIP membership (desirable)\n"
        "- Experience of stock management (essential)\n"
    )
    a = analyze_posting(posting)
    assert not _req(a, "Tableau").essential
    assert _req(a, "GDPR").essential
    assert not _req(a, "CILIP").essential
    assert _req(a, "stock").essential
    assert not any("(A)" in r.name for r in a.requirements)


def test_emoji_headings_emoji_bullets_and_board_chrome():
    posting = (
        "Kitchen Porter\n\n📌 About you\n"
        "▪️ Food hygiene certificate\n▪️ Knowledge of COSHH rules\n\n"
        "💡 It's a bonus if you have\n⭐ Experience with Nisbets ordering\n⭐ HACCP training\n\n"
        "🎁 Why Harbour Kitchens?\n🌴 28 days annual leave\n\n…see more\n\n"
        "Seniority level\nEntry level\nEmployment type\nFull-time\n"
    )
    a = analyze_posting(posting)
    assert _req(a, "COSHH").essential
    assert not _req(a, "HACCP").essential
    names = " | ".join(r.name for r in a.requirements)
    assert "Entry level" not in names and "Full-time" not in names
    assert any("annual leave" in b for b in a.benefits)


def test_a_german_compound_title_with_hours_is_the_role():
    text = "Finanzbuchhalter (m/w/d) in Vollzeit\nMuster Haustechnik GmbH\nStandort: Augsburg\n"
    assert analyze_posting(text).role == "Finanzbuchhalter"


@pytest.mark.parametrize(
    ("line", "name", "kind"),
    [
        ("NVQ Level 6 in Construction Site Management", "NVQ Level 6", "certification"),
        (
            "Leadership or management qualification (e.g. ILM Level 5)",
            "Leadership or management qualification",
            "certification",
        ),
        ("Sichere Kenntnisse im HGB und im Umsatzsteuerrecht", "Umsatzsteuerrecht", "other"),
        ("First Aid at Work certificate", "First Aid at Work", "certification"),
    ],
)
def test_qualifications_and_german_domain_compounds_are_requirements(line, name, kind):
    found = {r.name: r.kind.value for r in requirements_of_line(line, essential=True)}
    assert found.get(name) == kind


def test_languages_named_the_german_way_are_requirements():
    """'Tschechischkenntnisse von Vorteil' asks for Czech, as 'Englischkenntnisse' asks for
    English: German glues 'knowledge' to the language's name."""
    from bot.generation.spoken_languages import find_languages

    assert [h.name for h in find_languages("Von Vorteil sind\n- Tschechischkenntnisse")] == [
        "Czech"
    ]
    assert [h.name for h in find_languages("Sehr gute Ungarischkenntnisse")] == ["Hungarian"]
