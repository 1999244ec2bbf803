"""`scripts/start` runs this demo on a fresh clone: it must finish, and show what a first-time
user sees — the card, the three documents, the card edited in place, similar jobs, search."""

from __future__ import annotations

import io
from pathlib import Path

from playground.demo import run_demo
from tests.conftest import TestDatabase
from tests.e2e.conftest import make_settings


async def test_the_demo_runs_to_the_end(test_db: TestDatabase, tmp_path: Path) -> None:
    out = io.StringIO()
    await run_demo(make_settings(tmp_path), test_db.bot_url, out)
    text = out.getvalue()
    assert "Demo finished" in text
    for seen in (
        "Match rate",
        "Research report",
        "Key qualifications for this role",
        "Dear Acme Analytics hiring team",
        "the card, edited in place",
        "Cover letter ready",
        "Jobs like this one",
        "Results for",
    ):
        assert seen in text, seen
    assert "went wrong" not in text
