"""`jobforge analyze | match | check | tailor`: offline, no database, JSON a script can read."""

import json
import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
POSTING = FIXTURES / "postings" / "07_st_annes_ward_sister.txt"
RESUME = FIXTURES / "resumes" / "03_ward_nurse_uk.md"


def jobforge(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args], capture_output=True, text=True, timeout=60
    )


def test_analyze_keeps_salary_apart_and_marks_essentials():
    out = json.loads(jobforge("analyze", str(POSTING)).stdout)
    assert out["company"] == "St. Anne's University Hospital"
    assert out["location"].startswith("Leeds")
    assert out["salary"] and "£" in out["salary"]
    names = {r["name"]: r["essential"] for r in out["requirements"]}
    assert names["NMC registration"] is True and names["ALS certificate"] is True
    assert not any("£" in n or "pension" in n.lower() for n in names)


def test_agency_posting_has_no_company():
    out = json.loads(
        jobforge(
            "analyze", str(FIXTURES / "postings" / "18_agency_fintech_financial_controller.txt")
        ).stdout
    )
    assert out["company"] is None


def test_match_and_facts(tmp_path):
    plain = json.loads(jobforge("match", str(RESUME), str(POSTING)).stdout)
    assert isinstance(plain["score"], int) and 0 <= plain["score"] <= 100
    assert {"name", "essential", "status", "evidence"} <= set(plain["requirements"][0])
    gap = plain["missing"][0]
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps([{"skill": gap, "has": True, "detail": "confirmed in chat"}]))
    confirmed = json.loads(
        jobforge("match", str(RESUME), str(POSTING), "--facts", str(facts)).stdout
    )
    assert gap not in confirmed["missing"] and confirmed["score"] > plain["score"]


def test_check_flags_invented_and_accepts_other_words(tmp_path):
    text = tmp_path / "text.md"
    text.write_text(
        "- Led a falls audit that cut falls by 22%\n- Fluent in Dutch\n- Holds a V300 prescribing qualification\n"
    )
    out = json.loads(jobforge("check", str(RESUME), str(text), "--posting", str(POSTING)).stdout)
    kinds = {(c["kind"], c["text"]) for c in out["unsupported"]}
    assert ("language", "Dutch") in kinds
    assert any("V300" in t for _k, t in kinds)
    assert not any("22%" in t for _k, t in kinds)


def test_tailor_writes_the_pack_and_never_lowers_the_match(tmp_path):
    result = jobforge("tailor", str(RESUME), str(POSTING), "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    for name in ("research.md", "resume.md", "cover_letter.md", "match.json"):
        assert (tmp_path / name).read_text().strip()
    match = json.loads((tmp_path / "match.json").read_text())
    assert match["after"] >= match["before"]
    # A keyword screen credits only the posting's own terms: the rewrite restates evidence
    # in them, so it rises at least as much as the recruiter's score.
    assert match["keywords_after"] - match["keywords_before"] >= match["after"] - match["before"]
    assert match["keywords_before"] <= match["before"]
    assert "Key qualifications for this role" in (tmp_path / "resume.md").read_text()


def test_unreadable_input_is_one_line_and_exit_2(tmp_path):
    result = jobforge("analyze", str(tmp_path / "missing.txt"))
    assert result.returncode == 2 and result.stderr.startswith("error: cannot read")


async def test_tailor_with_a_model_goes_through_the_same_check(tmp_path):
    """OPENAI_API_KEY set: the model writes the pack (here the stand-in, inventing one claim
    per document); what it invents never reaches the files, and match.json says who wrote."""
    import asyncio
    import os

    from playground.openai_api import OpenAIStandIn

    async with OpenAIStandIn() as model:
        model.configure({"model_style": {"seed": 5, "invent_rate": 1.0}})
        env = {**os.environ, "OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": f"{model.url}/v1"}
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", "tailor", str(RESUME), str(POSTING),
            "--out", str(tmp_path), env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        _, err = await asyncio.wait_for(proc.communicate(), 60)
        assert proc.returncode == 0, err.decode()
        assert model.requests["chat"] >= 3
        assert model.style is not None
        planted = [carrier.rstrip(".").lower() for _, _, carrier in model.style.planted]
    assert len(planted) == 3
    match = json.loads((tmp_path / "match.json").read_text())
    assert match["engine"] == "openai" and match["removed_claims"]
    for name in ("research.md", "resume.md", "cover_letter.md"):
        text = (tmp_path / name).read_text().lower()
        assert not [p for p in planted if p in text], name
