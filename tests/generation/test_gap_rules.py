"""Every true gap listed: the general rules behind it, on made-up postings and resumes from
fields the evaluation corpus barely covers (logistics, care, retail, sales, finance)."""

import pytest

from bot.generation.evidence import Status
from bot.generation.match import compute_match
from bot.generation.posting import analyze_posting
from bot.generation.posting_facts import is_benefit_line
from bot.generation.requirements import RequirementKind, requirements_of_line
from bot.generation.resume_profile import without_aspirations


def _reqs(line: str, essential: bool = True) -> dict[str, bool]:
    return {r.name: r.essential for r in requirements_of_line(line, essential=essential)}


def _status(resume: str, posting: str) -> dict[str, Status]:
    return {e.requirement.name: e.status for e in compute_match(resume, posting).evidence}


@pytest.mark.parametrize(
    "line",
    [
        "A track record of consistently meeting or exceeding an annual quota of $1M+",
        "3 years selling to enterprise accounts ($100K+ ACV)",
        "Experience managing marketing budgets of £2m or more",
        "At least 2 years' experience at Band 6 level",
        "Private equity or fund accounting experience",
        "Flexibility to work weekends and bank holidays",
        "Lehramtsstudium für berufliche Schulen oder Gymnasien",
    ],
)
def test_a_requirement_with_an_amount_a_band_or_hours_is_no_benefit(line):
    assert not is_benefit_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "£40,000 – £46,000 basic, depending on experience",
        "Annual learning budget of $2,500 for courses and books",
        "25 days holiday + bank holidays, plus holiday purchase scheme",
        "Free gym membership and a cycle to work scheme",
        "30 Urlaubstage und betriebliche Altersvorsorge",
    ],
)
def test_pay_and_perks_are_still_benefits(line):
    assert is_benefit_line(line)


def test_a_system_and_its_implementation_are_their_own_requirements():
    names = _reqs("Experience with NetSuite or Xero, and of an ERP implementation")
    assert "ERP implementation" in names
    names = _reqs("Strong working knowledge of an ERP / MRP system – SAP is preferred")
    assert names["ERP systems or MRP"] is True  # the dash bounds what "preferred" governs
    assert names["SAP"] is False
    assert "Supply chain planning" not in names


def test_a_column_marker_after_a_dash_still_governs_the_whole_line():
    names = _reqs("Knowledge – understanding of the Care Act 2014 and funding – Desirable")
    assert names and not any(names.values())


def test_two_names_of_one_concept_are_one_requirement_without_alternatives():
    (req,) = requirements_of_line("A solid understanding of S&OP / IBP processes", essential=True)
    assert req.name == "S&OP" and req.alternatives == ()


def test_a_known_certificate_keeps_its_own_name():
    names = _reqs("CKA certification (or the ability to obtain it within 6 months)")
    assert "CKA" in names
    assert "NMC registration" in _reqs("Current NMC registration")


def test_hours_asked_are_one_requirement_in_the_postings_words():
    names = _reqs("Flexibility to work weekends and bank holidays")
    assert names == {"weekends and bank holidays": True}  # no "Adaptability"
    assert "on-call rota" in _reqs("Willingness to participate in an on-call rota (E)")
    assert "alternate weekends" in _reqs("You must be able to work alternate weekends")
    assert "4 on 4 off nights" in _reqs("Able to work 4 on 4 off nights")
    german = _reqs("Bereitschaft zur Arbeit im 3-Schicht-System und zur Rufbereitschaft")
    assert set(german) == {"3-Schicht-System", "Rufbereitschaft"}


def test_a_person_specification_table_row_keeps_its_marker():
    assert _reqs("Criteria | E/D | Assessed by") == {}
    assert _reqs("Experience of preparing cases for court or tribunal | D | I") == {
        "preparing cases for court or tribunal": False
    }
    names = _reqs("Good IT skills including Microsoft Office | E | A", essential=False)
    assert names["Microsoft Office"] is True


def test_other_in_a_person_specification_is_more_criteria():
    posting = (
        "Housing Officer\nNorthvale Council\n\nPerson specification\n\nKnowledge\n"
        "Understanding of safeguarding | E | I\n\nOther\n"
        "Full UK driving licence | E | A\n"
    )
    names = {r.name for r in analyze_posting(posting).requirements}
    assert "Driving licence" in names


def test_right_to_work_is_a_check_and_boilerplate_asks_nothing():
    reqs = requirements_of_line(
        "You must have the right to work in the UK. Acme Ltd is an equal opportunities employer.",
        essential=True,
    )
    assert [r.name for r in reqs] == ["right to work in the UK"]
    assert reqs[0].is_check


def test_a_preferred_part_of_a_german_line_is_its_own_desirable_requirement():
    names = _reqs(
        "Grundkenntnisse in Elektrotechnik, idealerweise Qualifikation als Elektrofachkraft"
        " für festgelegte Tätigkeiten (EFKffT)"
    )
    assert names["Elektrotechnik"] is True
    assert names["Qualifikation als Elektrofachkraft für festgelegte Tätigkeiten"] is False
    assert _reqs("Staplerschein oder Bereitschaft, diesen zu erwerben") == {"Staplerschein": True}


def test_a_second_clause_that_asks_for_something_unknown_is_kept():
    names = _reqs(
        "Hands-on experience running A/B tests and a solid understanding of statistical"
        " significance"
    )
    assert "statistical significance" in names
    # a clause that asks for nothing is not a requirement
    assert len(_reqs("Experience with Salesforce, and you enjoy a challenge")) == 1


def test_a_wish_in_the_summary_shows_nothing():
    line = "Warehouse coordinator with five years in 3PL. Looking to move into demand planning."
    assert without_aspirations(line) == "Warehouse coordinator with five years in 3PL."
    kept = "Looking to bring my eight years of SQL to a data team."
    assert without_aspirations(kept) == kept


POSTING = """Demand Planner
Brightmoor Foods
Leeds

Requirements
- 3+ years' experience in demand planning
- Strong Python for forecasting scripts
- A track record of managing promotional budgets of £500k+
- Experience with dimensional modeling
"""

RESUME = """Jo Smith
Stock Controller

Summary
Stock controller with six years in a busy distribution centre. Looking to move into planning.

Experience
Stock Controller | Northgate Distribution | 2019 – present
- Managed a £120k promotional budget for seasonal displays
- Built the weekly data summary; mixed stock models for the planners

Skills
Excel, Python (basic), SQL
"""


def test_a_wish_a_lower_sum_a_lower_level_and_scattered_words_are_gaps():
    status = _status(RESUME, POSTING)
    assert status["3+ years of experience"] == Status.MISSING  # no role in demand planning
    assert status["Python"] == Status.MISSING  # "strong" asked, "basic" shown
    budget = next(k for k in status if "budget" in k.lower())
    assert status[budget] == Status.MISSING  # £120k shown, £500k+ asked
    assert status["Dimensional modeling"] == Status.MISSING  # "data … models" is not it


def test_a_sum_at_or_above_the_floor_and_a_level_not_below_it_meet_the_requirement():
    resume = RESUME.replace("£120k", "£650k").replace("Python (basic)", "Python")
    status = _status(resume, POSTING)
    assert status["Python"] == Status.STATED
    budget = next(k for k in status if "budget" in k.lower())
    assert status[budget] != Status.MISSING


def test_years_at_a_band_count_the_roles_at_that_band_or_above():
    posting = "Ward Sister\n\nEssential\n- At least 2 years' experience at Band 6 level\n"
    resume = (
        "Sam Lee\n\nExperience\nJunior Sister (Band 6) | City Hospital | 2019 – present\n"
        "- Led shifts\nStaff Nurse (Band 5) | City Hospital | 2015 – 2019\n- Cared for patients\n"
    )
    assert _status(resume, posting)["2+ years of experience"] == Status.STATED
    junior = resume.replace(
        "Junior Sister (Band 6) | City Hospital | 2019",
        "Staff Nurse (Band 5) | Town Hospital | 2019",
    )
    assert _status(junior, posting)["2+ years of experience"] == Status.MISSING


def test_the_employers_legal_name_outranks_a_kind_of_workplace_in_the_header():
    posting = (
        "Lehrkraft für Mathematik (m/w/d) – Berufliches Gymnasium\n\n"
        "Schulwerk Nordhessen gGmbH | Kassel | Vollzeit\n\n"
        "Die Schulwerk Nordhessen gGmbH ist ein freier Träger mit zwei Schulen.\n\n"
        "Ihr Profil\n- Zweites Staatsexamen in Mathematik\n"
    )
    assert analyze_posting(posting).company == "Schulwerk Nordhessen gGmbH"


def test_supervisory_years_count_the_roles_held_at_that_level():
    posting = "Shift Supervisor\n\nRequirements\n- Minimum 2 years supervisory experience in a warehouse\n"
    resume = (
        "Sam Lee\n\nExperience\nTeam Leader | ParcelPoint | 2021 – present\n- Led a team of 12\n"
        "Warehouse Operative | ParcelPoint | 2017 – 2021\n- Picking\n"
    )
    assert _status(resume, posting)["2+ years of experience"] == Status.STATED
    operative = resume.replace("Team Leader", "Picker")
    assert _status(operative, posting)["2+ years of experience"] == Status.MISSING


def test_a_level_asked_is_compared_with_the_level_a_resume_gives():
    posting = "Planner\n\nRequirements\n- Confident with Excel (pivot tables, lookups)\n"
    basic = "Jo Smith\n\nSkills\nExcel (basic), SAP\n"
    assert _status(basic, posting)["Microsoft Excel"] == Status.MISSING
    intermediate = basic.replace("(basic)", "(intermediate)")
    assert _status(intermediate, posting)["Microsoft Excel"] == Status.STATED


def test_an_acronym_in_the_plural_and_a_shift_system_in_words_are_shown():
    posting = "Mechaniker\n\nIhr Profil\n- Bereitschaft zum 3-Schicht-System\n- GCSE English\n"
    resume = "Max Weber\n\nBerufserfahrung\n- Arbeit im Drei-Schicht-System\n- 8 GCSEs\n"
    status = _status(resume, posting)
    assert status["3-Schicht-System"] != Status.MISSING
    assert status["GCSE"] == Status.STATED


def test_availability_is_other_kind_and_a_resume_can_state_it():
    posting = "Store Manager\n\nEssential\n- Flexibility to work weekends and bank holidays\n"
    resume = "Ann Bell\n\nProfile\nHappy to work weekends, late-night trading and bank holidays.\n"
    (req,) = analyze_posting(posting).requirements
    assert req.kind == RequirementKind.OTHER
    assert _status(resume, posting)[req.name] == Status.STATED


# --- licences and certificates named in other words (a recruiter's read, 4th session) ---

_RN = """JANE OKORO, RN
Austin, TX · jane.okoro@example.com

Licenses
- Registered Nurse License - Texas Board of Nursing (exp. 2027)
- ACLS Provider - American Heart Association

Experience
Staff Nurse, St. David's Medical Center (2019 - present)
- Clinical leadership of a 6-bed step-down unit, medication management, discharge teaching
"""
_RN_POSTING = """Charge Nurse - Riverside Hospital
Requirements
- Current Texas RN license (essential)
- BLS/ACLS certification (essential)
- Leadership or management qualification (desirable)
- Emergency First Aid at Work certificate holders welcome (desirable)
"""


def test_a_licence_named_another_way_is_met_and_a_skills_line_is_no_qualification():
    status = _status(_RN, _RN_POSTING)
    texas = next(k for k in status if "Texas" in k)
    assert status[texas] != Status.MISSING  # "RN" after the name, "Texas" on the licence line
    acls = next(k for k in status if "ACLS" in k)
    assert status[acls] != Status.MISSING  # BLS or ACLS: either
    leadership = next(k for k in status if k.lower().startswith("leadership"))
    assert status[leadership] == Status.MISSING  # "Clinical leadership, … management"


def test_years_in_either_of_two_fields_count_the_shared_field():
    resume = """Derrick Owusu
derrick@example.com

Experience
Journeyman Electrician, Miller-Grant Electric (2021 - present)
- Commercial tenant fit-outs, panels and feeders
Apprentice Electrician, Ohio Electric Services (2019 - 2021)
- Wired motor starters and lighting controls
"""
    posting = """Maintenance Electrician
Requirements
- 3+ years commercial or industrial electrical experience
"""
    status = _status(resume, posting)
    assert status[next(iter(status))] == Status.STATED


def test_a_german_language_line_is_quoted_as_written_and_its_level_counts():
    """ "Englisch (gut, B1/B2)" does not meet "verhandlungssichere Englischkenntnisse", is
    quoted as the CV writes it (not "English (good)"), and the line above ("PowerPoint
    Grundkenntnisse") does not make the native German basic."""
    resume = """Julia Brandstätter
julia@example.de

Berufserfahrung
10/2021 – heute  Sachbearbeiterin Auftragsabwicklung, Weber GmbH
- Korrespondenz mit Kunden in SAP

Kenntnisse
EDV: MS Office (Word sehr gut; PowerPoint Grundkenntnisse)
Sprachen: Deutsch (Muttersprache), Englisch (gut, B1/B2)
"""
    posting = """Teamassistenz (m/w/d)
Ihr Profil
• Verhandlungssichere Englischkenntnisse in Wort und Schrift
• Sehr gute Deutschkenntnisse
"""
    evidence = {e.requirement.name: e for e in compute_match(resume, posting).evidence}
    english = next(e for name, e in evidence.items() if name.startswith("English"))
    assert english.status == Status.MISSING
    assert english.evidence is not None and "Englisch (gut, B1/B2)" in english.evidence
    german = next(e for name, e in evidence.items() if name.startswith("German"))
    assert german.status != Status.MISSING


def test_paragraphs_after_the_criteria_ask_nothing_but_a_must_there_still_counts():
    posting = """Library Assistant – Hartley Borough Council

Essential:
- Experience of customer service in a public-facing role
- Good IT skills, including Microsoft Office

Desirable:
- Experience running children's activities
- Knowledge of library management systems

What we offer: flexible working, a local government pension and 26 days' leave.

Hartley Borough Council is committed to equality, diversity and inclusion in everything we do.

To apply please complete the council's online application form – CVs alone will not be accepted.

Please note you must have the right to work in the UK to be considered for this post.
"""
    analysis = analyze_posting(posting)
    names = " | ".join(r.source for r in analysis.requirements).lower()
    assert "to apply" not in names and "committed to equality" not in names
    assert "right to work" in names
    assert any("pension" in b for b in analysis.benefits)
    assert not any("pension" in r.source for r in analysis.requirements)


# Found on held-out postings (UK children's social work, aircraft maintenance); shown here on
# lines written for these tests.
def _names(line: str, essential: bool = True) -> list[str]:
    return [r.name for r in requirements_of_line(line, essential=essential)]


def test_example_languages_are_one_requirement_any_of_which_will_do():
    reqs = requirements_of_line(
        "Ideally a community language spoken locally, for example Gujarati, Somali, Polish or Tigrinya",
        essential=False,
    )
    langs = [r for r in reqs if r.kind == RequirementKind.LANGUAGE]
    assert len(langs) == 1 and set(langs[0].alternatives) == {
        "Gujarati", "Somali", "Polish", "Tigrinya"
    }  # fmt: skip


def test_a_degree_in_its_listed_forms_is_one_requirement():
    reqs = requirements_of_line("Nursing degree (BSc/MSc/PG Dip) or equivalent", essential=True)
    degrees = [r for r in reqs if r.kind == RequirementKind.DEGREE]
    assert len(degrees) == 1 and len(degrees[0].alternatives) >= 2
    assert "PG" not in _names("Nursing degree (BSc/MSc/PG Dip) or equivalent")


def test_either_or_both_engines_are_alternatives_and_a_similar_system_is_met_by_the_name():
    names = _names("EASA Part-66 B1.1 licence with A330 (Trent 700 and/or GE CF6) type rating")
    assert "EASA Part-66 B1.1 licence" in names
    assert "Familiarity with Maximo or a similar CMMS" and "CMMS" not in _names(
        "Familiarity with Maximo or a similar CMMS"
    )
    assert "Min" not in _names("Min. 12 months of on-type experience in the last 3 years")
    assert "Fire Safety" in _names("Current Fire Safety and Manual Handling training")


RESUME_PRACTICE_EDUCATOR = """Kemi Bello
Sheffield · kemi@example.com

PROFILE
Registered mental health nurse with 5 years in community mental health teams.

EXPERIENCE
Community Psychiatric Nurse — Sheaf CMHT, Sheffield Health NHS Trust (2021 – present)
- Practice assessor for 3 student nurses a year (NMC SSSA, Stage 1 practice educator)
- Hold a caseload of 30 adults with severe mental illness

Staff Nurse — Longley Centre acute ward (2019 – 2021)
- Administered depot injections and ran ward rounds

QUALIFICATIONS
Practice Educator Stage 1 (2022)
"""


def test_a_lower_stage_does_not_meet_the_stage_asked_and_qualifiers_name_no_field():
    posting = (
        "Senior Community Nurse\nEssential:\n"
        "- At least 3 years' post-registration experience in statutory mental health services\n"
        "Desirable:\n- Practice Educator Stage 2 or working towards\n- SSSA trained\n"
    )
    report = compute_match(RESUME_PRACTICE_EDUCATOR, posting)
    by_name = {e.requirement.name: e for e in report.evidence}
    years = next(e for e in report.evidence if e.requirement.kind == RequirementKind.YEARS)
    assert years.status == Status.STATED, years
    assert "post" not in (years.evidence or "") and "qualify" not in (years.evidence or "")
    stage = [e for n, e in by_name.items() if "Practice Educator" in n]
    assert stage and all(not e.met for e in stage)
    assert not any(e.requirement.name == "Teaching" for e in report.evidence)


def test_a_german_muss_list_its_examples_and_qualification_suffixes():
    posting = (
        "Stellvertretende Wohnbereichsleitung (m/w/d)\nAltenhilfe Nordheide gGmbH\n\n"
        "Ihr Profil\nMuss:\n- Abgeschlossene Ausbildung als Pflegefachkraft\n"
        "- Erste Führungserfahrung, z. B. als Schichtleitung\n"
        "Wünschenswert:\n- Wundexperten-Qualifikation\n- Palliative Care\n"
    )
    resume = (
        "Anna Weber\nLüneburg\n\nBERUFSERFAHRUNG\nPflegefachkraft — Haus am Kalkberg, Lüneburg "
        "(2017 – heute)\n- Schichtleitung im Frühdienst, rund 8 Dienste im Monat\n"
        "- Wundexperte nach ICW seit 2021, Wundvisiten für 3 Wohnbereiche\n\n"
        "AUSBILDUNG\nAusbildung zur Altenpflegerin — BBS Lüneburg (2014 – 2017)\n"
    )
    report = compute_match(resume, posting)
    essentials = [e for e in report.evidence if e.requirement.essential]
    assert len(essentials) >= 2, report.evidence  # "Muss:" opens the essentials
    lead = next(e for e in report.evidence if "Führung" in e.requirement.name)
    assert lead.met and "Schichtleitung" in (lead.evidence or "")
    wound = next(e for e in report.evidence if "Wundexpert" in e.requirement.name)
    assert wound.met
    assert [m for m in report.missing if m.lower() == "palliative care"]


def test_how_to_apply_prose_names_no_requirement_and_working_rights_are_a_check():
    posting = (
        "Payroll Officer\nEssential:\n- Payroll experience with Xero\n\nBenefits\n- Free parking\n"
        "\nHow to apply\nApply via Indeed with your resume addressed to Mark Delaney, Finance "
        "Director. Applicants must have full working rights in New Zealand.\n"
    )
    names = [r.name for r in analyze_posting(posting).requirements]
    assert not {"Indeed", "Mark Delaney", "Finance Director"} & set(names), names
    checks = [r for r in analyze_posting(posting).requirements if r.is_check]
    assert checks and "working rights" in checks[0].name


def test_a_licence_category_and_convictions_asked_are_read_as_such():
    resume = "Dev Patel\nLeicester\n\nLICENCES\n- LGV Class 1 (C+E), Driver CPC, ADR packages\n"
    posting = "Class 1 Driver\nEssential:\n- Cat C+E licence, max 6 points, no DR/DD convictions\n"
    report = compute_match(resume, posting)
    assert not {"DR", "DD"} & {e.requirement.name for e in report.evidence}
    assert not report.missing_essentials, report.missing_essentials


def test_a_role_shouted_in_capitals_reads_as_a_title():
    posting = (
        "LEAD DENTAL NURSE – Aire Valley Dental Group, Harrogate\n"
        "Ref: AVDG/LDN/11 | Full time, 37.5 hours, Monday to Friday with one Saturday morning\n\n"
        "Essential:\n- GDC registration\n"
    )
    assert analyze_posting(posting).role == "Lead Dental Nurse"
