"""The bot's database role always has a strong password, in every run mode."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.config import Settings
from bot.runtime import PASSWORD_FILE, bot_password


def _settings(tmp_path: Path, **values: object) -> Settings:
    return Settings(data_dir=tmp_path, database_url=None, **values)  # type: ignore[arg-type]


def test_a_generated_password_is_kept_private_and_reused(tmp_path: Path) -> None:
    first = bot_password(_settings(tmp_path))
    path = tmp_path / PASSWORD_FILE
    assert len(first) >= 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert bot_password(_settings(tmp_path)) == first


def test_a_supplied_password_wins_and_must_be_long(tmp_path: Path) -> None:
    supplied = "correct horse battery staple"
    assert bot_password(_settings(tmp_path, app_db_password=supplied)) == supplied
    assert not (tmp_path / PASSWORD_FILE).exists()
    with pytest.raises(ValidationError, match="at least 16 characters"):
        _settings(tmp_path, app_db_password="hunter2")
