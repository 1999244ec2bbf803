"""The installed package works outside the checkout: the wheel carries the playground (demo
and chat import it), the SQL migrations, the translations and the data files."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _uv() -> str:
    local = ROOT / ".jobforge" / "tools" / "bin" / "uv"
    found = str(local) if local.exists() else shutil.which("uv")
    assert found, "uv is installed by scripts/test; it is needed to build the wheel"
    return found


def test_the_wheel_installs_and_runs_outside_the_checkout(tmp_path: Path) -> None:
    uv = _uv()
    dist, venv = tmp_path / "dist", tmp_path / "venv"
    run = {"check": True, "capture_output": True, "text": True, "timeout": 240}
    subprocess.run([uv, "build", "--wheel", "-q", "-o", str(dist)], cwd=ROOT, **run)
    (wheel,) = dist.glob("*.whl")
    subprocess.run([uv, "venv", "-q", str(venv)], cwd=tmp_path, **run)
    python = venv / "bin" / "python"
    subprocess.run([uv, "pip", "install", "-q", "--python", str(python), str(wheel)], **run)

    posting = ROOT / "tests" / "fixtures" / "postings" / "26_harbourvine_sous_chef.txt"
    out = subprocess.run([venv / "bin" / "jobforge", "analyze", str(posting)], cwd=tmp_path, **run)
    assert json.loads(out.stdout)["company"] == "Harbour & Vine Ltd"
    probe = (
        "import playground.demo, playground.chat\n"
        "from storage.migrations import SQL_DIR\n"
        "from handlers.i18n import LOCALES_DIR, _, using\n"
        "assert len(list(SQL_DIR.glob('0*.sql'))) >= 15, SQL_DIR\n"
        "with using('de'):\n"
        "    assert _('Cancel') != 'Cancel'\n"
        "print(SQL_DIR.is_relative_to(__import__('sys').prefix))\n"
    )
    checked = subprocess.run([python, "-c", probe], cwd=tmp_path, **run)
    assert checked.stdout.strip() == "True"  # the installed files, not the checkout's
