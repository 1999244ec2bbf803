import asyncio
import re

import pytest

from bot.generation.checked import check
from bot.generation.engine import DocumentKind, Engine, GenerationInput
from bot.generation.guard import Claim, find_unsupported_claims, to_findings
from bot.generation.match import compute_match
from bot.generation.offline import MODEL, OfflineEngine, allowed_strings, candidate_name, render
from bot.generation.posting import analyze_posting
from bot.generation.text import content_tokens, split_sentences, word_count

from .conftest import PAIRS

KINDS: tuple[DocumentKind, ...] = ("research_report", "optimized_resume", "cover_letter")


def inp_for(pair, **kw) -> GenerationInput:
    return GenerationInput(posting=pair.posting, resume=pair.resume, **kw)


@pytest.mark.parametrize("kind", KINDS)
def test_outputs_invent_nothing(pair, kind):
    inp = inp_for(pair)
    text = render(kind, inp)
    allowed = allowed_strings(inp)
    assert pair.expected["company"] in allowed
    assert any(a.startswith(pair.expected["role"]) for a in allowed)
    assert check(kind, inp, text) == [], "the same check every step's output goes through"


def test_deterministic(pair):
    inp = inp_for(pair)
    for kind in KINDS:
        assert render(kind, inp) == render(kind, inp)


def test_match_after_is_at_least_before(pair):
    before = compute_match(pair.resume, pair.posting).score
    after = compute_match(render("optimized_resume", inp_for(pair)), pair.posting).score
    assert after >= before


def test_optimized_resume_uses_the_resumes_own_words(pair):
    text = render("optimized_resume", inp_for(pair))
    resume_vocab = set(content_tokens(pair.resume, drop_generic=False))
    own = [t for t in content_tokens(text, drop_generic=False)]
    foreign = {t for t in own if t not in resume_vocab}
    # New words may only be headings and the posting's names for what the resume shows.
    shown = compute_match(pair.resume, pair.posting).evidence
    posting_words = {
        t for e in shown if e.met for t in content_tokens(e.requirement.name, drop_generic=False)
    }
    headings = {"summary", "key", "skill", "experience", "qualification", "role"}
    assert foreign <= headings | posting_words, foreign
    for line in pair.resume.splitlines():
        stripped = line.strip().lstrip("-*").strip()
        if stripped.startswith(("- ", "* ")) or (line.lstrip().startswith("- ")):
            assert stripped in text
    assert (
        text.splitlines()[0].strip("# ").strip() == pair.resume.splitlines()[0].strip("# ").strip()
    )


def test_key_skills_surface_matched_skills_first(pair):
    from bot.generation.lexicon import find_hard_skills
    from bot.generation.match import compute_match
    from bot.generation.posting import analyze_posting
    from bot.generation.resume_parsing import parse_resume
    from bot.generation.text import normalize

    text = render("optimized_resume", inp_for(pair))
    wanted = set(analyze_posting(pair.posting).hard_skills)
    named = [
        e.matched.lower()
        for e in compute_match(pair.resume, pair.posting).evidence
        if e.status == "stated" and e.matched and e.requirement.kind in ("skill", "other")
    ]
    skills = [s for s in parse_resume(text).sections if s.kind == "skills"]
    assert len(skills) == 1  # one skills section under a standard heading, never two lists
    items = [i.strip() for i in skills[0].lines[0].split(",")]
    in_posting = [
        bool({h.term.canonical for h in find_hard_skills(normalize(i))} & wanted)
        or any(re.search(rf"(?<![\w+#]){re.escape(n)}(?![\w+#])", i.lower()) for n in named)
        for i in items
    ]
    assert in_posting[0]
    assert in_posting == sorted(in_posting, reverse=True)  # all posting skills come first


def test_cover_letter_shape(pair):
    inp = inp_for(pair)
    text = render("cover_letter", inp)
    # Addressed by name without the legal form ("BuildRight Inc" → "Dear BuildRight hiring team")
    company = re.sub(r"\s+(?:Inc\.?|Ltd\.?|GmbH|LLC|PLC)$", "", pair.expected["company"])
    assert text.startswith(f"Dear {company} hiring team,")
    assert pair.expected["role"] in text
    assert 100 <= word_count(text) <= 350
    assert text.rstrip().endswith(pair.expected["candidate"])
    assert len([p for p in text.split("\n\n") if p.strip()]) >= 4
    assert "My background" not in text and "My education:" not in text
    sentences = [s for para in text.split("\n\n") for s in split_sentences(para) if s.strip()]
    assert len(sentences) == len(set(sentences))  # nothing said twice


def test_cover_letter_answers_the_essentials_with_resume_lines(pair):
    """The middle paragraph names what the posting asks for, essentials first, and quotes the
    resume line behind each; the signature is the resume's name even if the chat's differs."""
    inp = inp_for(pair)
    inp = GenerationInput(**{**inp.__dict__, "candidate_name": None})
    text = render("cover_letter", inp)
    report = compute_match(inp.resume, analyze_posting(inp.posting))
    essentials_met = [e for e in report.evidence if e.met and e.requirement.essential]
    middle = next((p for p in text.split("\n\n") if p.startswith("Your posting")), "")
    if essentials_met and any(e.evidence and "," not in (e.evidence or "") for e in essentials_met):
        assert middle, text
        # the essentials the lead names are answered in the candidate's own words, once each
        answers = middle.partition(". ")[2]
        assert "You ask for" not in answers.split(". ")[0], middle
        for sentence in re.findall(r"(?:^|\. |: )(I [^.]+)", answers):
            words = set(content_tokens(sentence)) - {"i", "hold"}
            assert words <= set(content_tokens(inp.resume)) | set(content_tokens(inp.posting))


def test_research_report_sections(pair):
    text = render("research_report", inp_for(pair))
    for heading in (
        "## Must-haves",
        "## Nice-to-haves",
        "## Responsibilities",
        "## Questions to ask",
        "## Red flags",
        "## What this report does not cover",
    ):
        assert heading in text
    assert "No outside research was done" in text
    posting = pair.posting.replace("\u2014", "-").replace("\u2013", "-")
    for quoted in re.findall(r"^> - (.+)$", text, flags=re.M):
        assert quoted.split()[0] in posting


def test_injection_posting_produces_normal_documents():
    pair = next(p for p in PAIRS if p.name.endswith("injection"))
    for kind in KINDS:
        text = render(kind, inp_for(pair))
        assert "PhD" not in text and "MIT" not in text and "20 years" not in text
        assert "Ignore previous" not in text
    assert "prompt injection" in render("research_report", inp_for(pair))


def test_feedback_shorter_stress_and_unknown():
    pair = PAIRS[0]
    full = render("optimized_resume", inp_for(pair))
    short = render("optimized_resume", inp_for(pair, feedback="make it shorter"))
    assert len(short.splitlines()) < len(full.splitlines())
    stressed = render("optimized_resume", inp_for(pair, feedback="stress mentoring"))
    experience = stressed.split("## Experience", 1)[-1]
    bullets = [ln for ln in experience.splitlines() if ln.startswith("- ")]
    assert "Mentored" in bullets[0]
    odd = render("optimized_resume", inp_for(pair, feedback="please use a purple font"))
    related = render("optimized_resume", inp_for(pair, related_context="old application"))
    # Notes to the user belong in the chat, never in the file an employer receives.
    assert "purple font" not in odd and "similar past application" not in related
    for text in (short, stressed, odd, related):
        assert (
            find_unsupported_claims(text, pair.resume, allowed=allowed_strings(inp_for(pair))) == []
        )


def test_candidate_name():
    assert candidate_name("Maria Gonzalez, RN, BSN\nPeoria") == "Maria Gonzalez"
    assert candidate_name("# Lena Hoffmann\n") == "Lena Hoffmann"
    assert candidate_name("SUMMARY\nstuff") is None
    assert candidate_name("whatever", "Given Name") == "Given Name"
    # German CVs: a heading, then "Name:" — the letter was signed "Persönliche Daten"
    german = "LEBENSLAUF\n\nPersönliche Daten\nName:   Julia Brandstätter\nTelefon: 0176 1234567"
    assert candidate_name(german) == "Julia Brandstätter"
    assert candidate_name("Personal details\nSam Okafor\nsam@example.com") == "Sam Okafor"


_TRADES_RESUME = """DERRICK OWUSU
Reynoldsburg, OH | 614-555-0192 | derrick@example.com

LICENSES / CERTS
- OSHA 30 Construction (2021)
- Valid Ohio driver's license

WORK HISTORY
Journeyman Electrician | Miller-Grant Electric Co. | 06/2023 - present
- Install and terminate 3-phase panels, feeders and transformers up to 75kVA
- Troubleshoot circuits at punch list and startup
"""
_TRADES_POSTING = """Maintenance Electrician - Midwest Property Services
Requirements
- OSHA 10 or 30
- Troubleshooting of lighting and power circuits
- NEC knowledge
"""


def test_a_resume_without_a_summary_gets_no_made_up_one_and_keeps_its_first_section():
    """A first heading in capitals under the name is a section (its lines stay under it);
    no "## Summary / Professional." filler and no one-item "## Skills" line appear."""
    out = render(
        "optimized_resume", GenerationInput(posting=_TRADES_POSTING, resume=_TRADES_RESUME)
    )
    assert "## Summary" not in out and "Professional." not in out
    certs = out.index("## Licenses / Certs")
    assert out.index("- OSHA 30 Construction (2021)") > certs
    assert out.index("- Valid Ohio driver's license") > certs
    skills = out.split("## Skills")
    assert len(skills) == 1 or len(skills[1].split("\n\n")[0].split(",")) >= 3


def test_engine_protocol_streaming_revise_and_embed():
    engine: Engine = OfflineEngine()
    pair = PAIRS[0]
    inp = inp_for(pair)
    chunks: list[str] = []

    async def on_delta(chunk: str) -> None:
        chunks.append(chunk)

    async def run():
        facts = await engine.extract_job_facts(pair.posting)
        result = await engine.generate("cover_letter", inp, on_delta)
        draft = result.text + "\nI also led the Kafka migration at Google.\n"
        claims = find_unsupported_claims(draft, pair.resume, allowed=allowed_strings(inp))
        revised = await engine.revise("cover_letter", inp, draft, to_findings(claims))
        emb = await engine.embed(["a", "b"])
        return facts, result, claims, revised, emb

    facts, result, claims, revised, emb = asyncio.run(run())
    assert engine.name == "offline" and result.model == MODEL == "jobforge-offline-1"
    assert facts.company == "Acme Corp" and facts.remote == "hybrid"
    assert len(chunks) > 3 and "".join(chunks) == result.text
    assert {c.text for c in claims} >= {"Kafka", "Google"}
    assert "Kafka" not in revised.text and "Google" not in revised.text
    assert find_unsupported_claims(revised.text, pair.resume, allowed=allowed_strings(inp)) == []
    assert len(emb.vectors) == 2 and len(emb.vectors[0]) == 1536


def test_claim_is_frozen():
    claim = Claim("skill", "Kafka", "s")
    with pytest.raises(AttributeError):
        claim.kind = "tool"  # type: ignore[misc]


def test_a_name_in_capitals_is_signed_in_normal_case():
    from bot.generation.prose import signed_name

    assert signed_name("SANNE DE VRIES") == "Sanne de Vries"
    assert signed_name("Jean-Luc Picard") == "Jean-Luc Picard"  # the person's own spelling


def test_the_letter_opens_with_who_the_candidate_is_not_an_adjective():
    """ "Comfortable with perio patients" became "I am a comfortable with perio patients";
    "Registered Dental Hygienist (RDH) - Full Time" was read as no role at all."""
    from bot.generation.prose import introduction

    assert introduction("Comfortable with perio patients and SRP.") is None
    assert introduction("Experienced with Python") is None
    assert introduction("Teaching Assistant with 4 years in KS1") == (
        "I am a Teaching Assistant with 4 years in KS1."
    )
    posting = (
        "Registered Dental Hygienist (RDH) - Full Time\n"
        "Sunridge Dental Group - Tempe, AZ\n\n"
        "Requirements\n- Current Arizona RDH license\n- CPR/BLS certification\n"
    )
    resume = (
        "DANA COLE, RDH\ndana@example.com\n\nSummary\nComfortable with anxious patients. "
        "Registered Dental Hygienist with 5 years of experience.\n\nExperience\n"
        "Dental Hygienist, Mesa Family Dental (2020 - present)\n- Perio charting and SRP\n"
        "\nLicenses\n- Arizona Dental Hygiene License\n- BLS for Healthcare Providers\n"
    )
    letter = render("cover_letter", GenerationInput(posting=posting, resume=resume))
    assert "Registered Dental Hygienist position" in letter
    assert "I am a comfortable" not in letter and "I am an experienced with" not in letter
    assert "does not show" not in letter  # both licences are on the resume


def test_a_skills_line_with_bullets_between_items_keeps_every_item():
    """ "Eaglesoft • Carestream • Spanish (fluent)" was one item, dropped whole because its
    known skills were already listed: the tailored resume lost the user's Spanish."""
    resume = (
        "Dana Cole\ndana@example.com\n\nExperience\nDental Hygienist, Mesa Family Dental "
        "(2020 - present)\n- Infection control and patient education for 12 patients a day\n"
        "\nSkills\nEaglesoft • Carestream • Spanish (fluent) • Patient education\n"
    )
    posting = "Dental Hygienist\nRequirements\n- Patient education\n- Infection control\n"
    out = render("optimized_resume", GenerationInput(posting=posting, resume=resume))
    skills = out.split("## Skills", 1)[1]
    for item in ("Eaglesoft", "Carestream", "Spanish (fluent)"):
        assert item in skills


def test_a_restated_skills_list_keeps_the_level_the_resume_gives():
    """ "Python (pandas, scikit-learn — intermediate)" became a bare "Python" in the tailored
    skills line, which then met "Strong Python" (22 → 28 on the research-scientist pair)."""
    resume = (
        "Maria Lenz\nmaria@example.com\n\nExperience\nPlanning Assistant, Kraus Logistik "
        "(2021 - present)\n- Built weekly stock reports for 14 branches\n"
        "- Booked carriers in SAP (Grundkenntnisse) and kept the yard plan\n"
        "\nSkills\nbasic Power BI, Excel (intermediate), forklift licence\n"
    )
    posting = (
        "Supply Planner\nRequirements\n- Advanced Excel\n- Strong Power BI\n- SAP\n"
        "- Forklift licence desirable\n"
    )
    inp = GenerationInput(posting=posting, resume=resume)
    out = render("optimized_resume", inp)
    skills = out.split("## Skills", 1)[1]
    assert "Excel (intermediate)" in skills
    assert re.search(r"basic Power BI|Power BI \(basic\)", skills)
    assert not re.search(r"Excel(?! \(intermediate\))", skills)
    before, after = compute_match(resume, posting), compute_match(out, posting)
    assert after.score >= before.score
    short = {"Microsoft Excel", "Power BI"}
    assert short <= set(before.missing) and short <= set(after.missing)


def test_key_qualifications_quote_the_candidates_own_credential_not_a_list():
    """The electrician's AM2 was "proved" by "three apprentices I trained have now passed
    their AM2" (the first line naming it), and a "·"-separated skills list stood as proof."""
    resume = (
        "Tomasz Wierzbicki\ntomasz@example.com\n\nExperience\nMultiskilled Engineer, Halden "
        "Foods (2019 - present)\n- Coached two junior fitters until both passed their IPAF "
        "training\n- Planned PPM in SAP PM for 3 packing lines\n"
        "\nQualifications\n- IPAF 3a/3b, 2021\n"
        "\nSkills\nPLC fault-finding · pneumatics · hydraulics · 17th/18th Edition · welding\n"
    )
    posting = "Maintenance Engineer\nEssential:\n- IPAF licence\n- Hydraulics and pneumatics\n"
    out = render("optimized_resume", GenerationInput(posting=posting, resume=resume))
    key = out.split("## Key qualifications for this role", 1)[1].split("\n\n", 1)[0]
    assert "IPAF 3a/3b, 2021" in key
    assert "junior fitters" not in key and "·" not in key


def test_a_german_posting_gets_its_research_report_in_german():
    """The offline report was English for a German posting: headings, verdicts, questions and
    red flags are German now; the quoted posting lines stay as written."""
    posting = (
        "Stellvertretende Wohnbereichsleitung (m/w/d)\nAltenhilfe Nordheide gGmbH | Lüneburg\n\n"
        "Für unseren Wohnbereich mit 32 Plätzen suchen wir eine engagierte Pflegefachkraft, die "
        "gemeinsam mit der Leitung das Team führt und sich mit Herz für die Bewohner einsetzt.\n\n"
        "Ihre Aufgaben\n- Dienstplanung für 24 Mitarbeitende\n\nIhr Profil\nMuss:\n"
        "- Abgeschlossene Ausbildung als Pflegefachkraft\n- Erste Führungserfahrung\n"
        "Wünschenswert:\n- Palliative Care\n\nWir bieten\n- 30 Urlaubstage\n"
    )
    resume = (
        "Anna Weber\nLüneburg\n\nBERUFSERFAHRUNG\nPflegefachkraft — Haus am Kalkberg "
        "(2017 – heute)\n- Schichtleitung im Frühdienst\n"
    )
    text = render("research_report", GenerationInput(posting=posting, resume=resume))
    assert text.startswith("# Recherche: Stellvertretende Wohnbereichsleitung")
    for heading in ("## Überblick", "## Deine Eignung", "## Muss-Kriterien", "## Warnzeichen"):
        assert heading in text
    assert "> - Abgeschlossene Ausbildung als Pflegefachkraft" in text
    assert "Keine Gehaltsspanne genannt" in text
    for english in ("## Overview", "Must-haves", "not in your resume", "No salary range"):
        assert english not in text
