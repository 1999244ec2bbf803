"""A nurse applying to a backend job gets an honest letter: the main gaps named once, the
transferable experience shown, no confident claims; a good fit gets the usual letter."""

from __future__ import annotations

import re
from pathlib import Path

from bot.generation.checked import check
from bot.generation.engine import GenerationInput
from bot.generation.fit import fit_of
from bot.generation.match import compute_match
from bot.generation.offline import render
from bot.generation.posting import analyze_posting
from bot.llm.prompts import generation_messages

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NURSE = (FIXTURES / "resumes" / "03_ward_nurse_uk.md").read_text()
WARD_POSTING = (FIXTURES / "postings" / "07_st_annes_ward_sister.txt").read_text()
BACKEND = (FIXTURES / "resumes" / "01_backend_developer.md").read_text()


def _backend_posting() -> str:
    import json

    pair = json.loads((FIXTURES / "match_pairs" / "01_backend_ledgerly.json").read_text())
    return (FIXTURES / pair["posting"]).read_text()


def test_a_weak_fit_letter_speaks_of_what_transfers_and_confesses_no_gap() -> None:
    """A letter that tells the employer "I lack your licence" is fatal when the analysis
    missed a licence named another way; the letter says it is no textbook match, once."""
    posting = _backend_posting()
    report = compute_match(NURSE, posting)
    fit = fit_of(report.evidence)
    assert fit.weak and fit.missing
    assert any("weak fit" in line for line in report.explanation), "the card says so first"
    inp = GenerationInput(posting=posting, resume=NURSE)
    letter = render("cover_letter", inp)
    assert "not a textbook match" in letter and "transferable experience" in letter
    assert not any(m.split(" or ")[0].lower() in letter.lower() for m in fit.missing[:3])
    assert "does not show" not in letter
    assert check("cover_letter", inp, letter) == []
    prompt = generation_messages("cover_letter", inp)[1]["content"]
    assert "Do not write a confident letter" in prompt


def test_a_good_fit_gets_the_usual_letter() -> None:
    report = compute_match(NURSE, WARD_POSTING)
    assert not fit_of(report.evidence).weak
    assert not any("weak fit" in line for line in report.explanation)
    inp = GenerationInput(posting=WARD_POSTING, resume=NURSE)
    letter = render("cover_letter", inp)
    assert "textbook match" not in letter and "Your posting " in letter

    assert (
        "Do not write a confident letter"
        not in generation_messages("cover_letter", inp)[1]["content"]
    )


def test_a_german_posting_and_cv_get_a_german_letter_that_quotes_the_cv() -> None:
    import json

    pair = json.loads(
        (FIXTURES / "match_pairs" / "14_personalreferentin_rheinland.json").read_text()
    )
    cv = (FIXTURES / pair["resume"]).read_text()
    inp = GenerationInput(posting=(FIXTURES / pair["posting"]).read_text(), resume=cv)
    letter = render("cover_letter", inp)
    assert letter.startswith("Sehr geehrte Damen und Herren,")
    assert "Derzeit bin ich als Personalreferentin bei Bergmann" in letter
    assert letter.rstrip().endswith("Mit freundlichen Grüßen\nJulia Schneider")
    quoted = re.findall(r"Zu [^:]+: (.+?)\.(?= Zu |\n)", letter)
    assert quoted and all(q in cv for q in quoted), quoted
    assert check("cover_letter", inp, letter) == []


def test_a_letter_says_the_posting_puts_skills_first_only_when_it_does() -> None:
    """A Teamassistenz posting opening with shorthand and English does not "put Excel first"."""
    from bot.generation.letter import leads_the_posting

    posting = (
        "Office Assistant\nRequirements\n- Shorthand (essential)\n- Microsoft Excel "
        "(essential)\n- SAP (essential)\n"
    )
    resume = "Ann Lee\nann@example.com\n\nExperience\nClerk, Acme (2020 - present)\n"
    resume += "- Monthly reports in Microsoft Excel\n- Orders in SAP\n"
    a = analyze_posting(posting)
    shown = [e for e in compute_match(resume, a).evidence if e.met]
    assert [e.requirement.name for e in shown] == ["Microsoft Excel", "SAP"]
    assert not leads_the_posting(shown, a)
    assert leads_the_posting(
        shown, analyze_posting(posting.replace("- Shorthand (essential)\n", ""))
    )
    letter = render("cover_letter", GenerationInput(posting=posting, resume=resume))
    assert "puts" not in letter
