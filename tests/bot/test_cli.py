"""The command line: bad configuration is one clear line and exit status 2."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("JOBFORGE_", "TELEGRAM_", "OPENAI_"))
    }
    clean.pop("DATABASE_URL", None)
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "names"),
    [
        ({"PORT": "eighty"}, "PORT"),
        ({"TELEGRAM_API_URL": "ftp://example.com"}, "TELEGRAM_API_URL"),
        ({"TELEGRAM_BOT_TOKEN": "not-a-token"}, "TELEGRAM_BOT_TOKEN"),
        ({"DATABASE_URL": "mysql://x/y"}, "DATABASE_URL"),
        ({"JOBFORGE_DEFAULT_TIMEZONE": "Mars/Olympus"}, "JOBFORGE_DEFAULT_TIMEZONE"),
        ({"JOBFORGE_LLM_TIMEOUT_S": "-1"}, "JOBFORGE_LLM_TIMEOUT_S"),
        ({"OPENAI_BASE_URL": "localhost:11434"}, "OPENAI_BASE_URL"),
    ],
)
def test_invalid_configuration_is_one_line_exit_2(env: dict[str, str], names: str) -> None:
    result = _run(["migrate"], **env)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert names in lines[0] and "Traceback" not in result.stderr


def test_run_without_token_explains_what_to_do(tmp_path) -> None:
    result = _run(["run"], JOBFORGE_DATA_DIR=str(tmp_path))
    assert result.returncode == 2
    assert "TELEGRAM_BOT_TOKEN" in result.stderr and "jobforge demo" in result.stderr


def test_secrets_never_printed(tmp_path) -> None:
    secret = "123456:AAAAsecretsecretsecret"
    result = _run(["webhook"], TELEGRAM_BOT_TOKEN=secret, JOBFORGE_DATA_DIR=str(tmp_path))
    assert result.returncode == 2
    assert "TELEGRAM_WEBHOOK_SECRET" in result.stderr
    assert "secretsecret" not in result.stderr + result.stdout
