"""Settings from the environment (and an optional `.env`), validated once at start-up.

pydantic-settings does the parsing; `load_settings` turns a validation error into one line
that names the variable, because a traceback tells an operator nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class ConfigError(Exception):
    """Raised with a single human-readable line naming the bad variable."""


def _http_url(value: str | None, name: str) -> str | None:
    if value is None or value == "":
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"must be an http(s) URL like https://example.com, got {value!r}")
    return value.rstrip("/")


MIN_DB_PASSWORD_CHARS = 16


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    database_url: str | None = Field(default=None, validation_alias="DATABASE_URL")
    # Optional: how the bot logs in. Default: DATABASE_URL's server as role jobforge_bot.
    app_database_url: str | None = Field(default=None, validation_alias="JOBFORGE_APP_DATABASE_URL")
    app_db_password: SecretStr | None = Field(
        default=None, validation_alias="JOBFORGE_APP_DB_PASSWORD"
    )
    telegram_bot_token: SecretStr | None = Field(
        default=None, validation_alias="TELEGRAM_BOT_TOKEN"
    )
    telegram_api_url: str = Field(
        default="https://api.telegram.org", validation_alias="TELEGRAM_API_URL"
    )
    telegram_webhook_secret: SecretStr | None = Field(
        default=None, validation_alias="TELEGRAM_WEBHOOK_SECRET"
    )
    webhook_url: str | None = Field(default=None, validation_alias="WEBHOOK_URL")
    port: Annotated[int, Field(ge=1, le=65535)] = Field(default=8080, validation_alias="PORT")
    openai_api_key: SecretStr | None = Field(default=None, validation_alias="OPENAI_API_KEY")
    openai_base_url: str | None = Field(default=None, validation_alias="OPENAI_BASE_URL")
    model: str = Field(default="gpt-4o-mini", validation_alias="JOBFORGE_MODEL", min_length=1)
    embedding_model: str = Field(
        default="text-embedding-3-small", validation_alias="JOBFORGE_EMBEDDING_MODEL", min_length=1
    )
    data_dir: Path = Field(default=Path(".jobforge"), validation_alias="JOBFORGE_DATA_DIR")
    llm_timeout_s: Annotated[float, Field(gt=0, le=3600)] = Field(
        default=120.0, validation_alias="JOBFORGE_LLM_TIMEOUT_S"
    )
    llm_max_retries: Annotated[int, Field(ge=0, le=10)] = Field(
        default=3, validation_alias="JOBFORGE_LLM_MAX_RETRIES"
    )
    daily_token_budget: Annotated[int, Field(ge=1000)] = Field(
        default=200_000, validation_alias="JOBFORGE_DAILY_TOKEN_BUDGET"
    )
    scheduler_tick_s: Annotated[float, Field(gt=0, le=3600)] = Field(
        default=60.0, validation_alias="JOBFORGE_SCHEDULER_TICK_S"
    )
    worker_concurrency: Annotated[int, Field(ge=1, le=256)] = Field(
        default=8, validation_alias="JOBFORGE_WORKER_CONCURRENCY"
    )
    # How long a claimed job is reserved; a worker that dies frees it after this long.
    job_lease_s: Annotated[int, Field(ge=1, le=3600)] = Field(
        default=60, validation_alias="JOBFORGE_JOB_LEASE_S"
    )

    process_jobs_in_bot: bool = Field(default=True, validation_alias="JOBFORGE_PROCESS_JOBS")
    default_timezone: str = Field(default="UTC", validation_alias="JOBFORGE_DEFAULT_TIMEZONE")
    log_level: str = Field(default="INFO", validation_alias="JOBFORGE_LOG_LEVEL")

    @field_validator("telegram_api_url")
    @classmethod
    def _check_api_url(cls, value: str) -> str:
        checked = _http_url(value, "TELEGRAM_API_URL")
        if checked is None:
            raise ValueError("must not be empty")
        return checked

    @field_validator("openai_base_url", "webhook_url")
    @classmethod
    def _check_optional_url(cls, value: str | None) -> str | None:
        return _http_url(value, "")

    @field_validator("database_url", "app_database_url")
    @classmethod
    def _check_db_url(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        scheme = urlsplit(value).scheme
        if scheme.split("+")[0] not in ("postgres", "postgresql"):
            raise ValueError("must be a postgresql:// URL")
        return value

    @field_validator("telegram_bot_token")
    @classmethod
    def _check_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or value.get_secret_value() == "":
            return None
        token = value.get_secret_value()
        head, _, tail = token.partition(":")
        if not head.isdigit() or len(tail) < 10:
            raise ValueError("does not look like a bot token from @BotFather (digits:secret)")
        return value

    @field_validator("openai_api_key", "telegram_webhook_secret", "app_db_password")
    @classmethod
    def _blank_is_none(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or value.get_secret_value().strip() == "":
            return None
        return value

    @field_validator("app_db_password")
    @classmethod
    def _strong_password(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < MIN_DB_PASSWORD_CHARS:
            raise ValueError(f"must be at least {MIN_DB_PASSWORD_CHARS} characters")
        return value

    @field_validator("default_timezone")
    @classmethod
    def _check_tz(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown IANA time zone {value!r} (try Europe/Berlin)") from exc
        return value

    @field_validator("log_level")
    @classmethod
    def _check_level(cls, value: str) -> str:
        upper = value.upper()
        if upper not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR")
        return upper

    @property
    def uses_openai(self) -> bool:
        return self.openai_api_key is not None


def _alias_of(field_name: str) -> str:
    alias = Settings.model_fields[field_name].validation_alias
    if isinstance(alias, str):
        return alias
    if isinstance(alias, AliasChoices):
        return str(alias.choices[0])
    return field_name.upper()


def load_settings(**overrides: object) -> Settings:
    """Build settings, or raise ConfigError with one line per the first bad variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        error = exc.errors()[0]
        location = str(error["loc"][0]) if error["loc"] else "?"
        name = _alias_of(location) if location in Settings.model_fields else location
        message = str(error["msg"]).removeprefix("Value error, ")
        raise ConfigError(f"configuration error: {name} {message}") from None
