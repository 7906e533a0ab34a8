"""Runtime configuration, read from the environment (and ``.env``) only when constructed.

    settings = Settings()            # reads os.environ and ./.env
    settings = Settings(_env_file=None, admins=[1])   # tests: no .env, explicit values

Nothing is read at import time.  The bot token and webhook secret are ``SecretStr``: they
never appear in ``repr``/``str``, and validation errors never echo input values.
"""

from __future__ import annotations

import datetime as dtm
import re
from typing import Annotated, Any
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from scheduler.config import DEFAULT_TIMEZONE, PolicyConfig, parse_clock, parse_quiet_hours, parse_timezone

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
_TOKEN_RE = re.compile(r"^\d+:[A-Za-z0-9_-]+$")


def _env(name: str, field_name: str) -> AliasChoices:
    """Accept the environment variable name and the Python field name."""
    return AliasChoices(name, field_name)


def _int_list(value: Any) -> Any:
    if value is None:
        return []
    if isinstance(value, str):
        text = value.strip().strip("[]")
        parts = [p.strip() for p in re.split(r"[,，;\s]+", text) if p.strip()]
        try:
            return [int(p) for p in parts]
        except ValueError:
            raise ValueError("expected comma-separated integers") from None
    if isinstance(value, int):
        return [value]
    return value


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        env_ignore_empty=True,
        populate_by_name=True,
        hide_input_in_errors=True,  # never echo a token in a validation error
    )

    telegram_bot_token: SecretStr | None = Field(
        default=None, validation_alias=_env("TELEGRAM_BOT_TOKEN", "telegram_bot_token")
    )
    telegram_api_base_url: str = Field(
        default="https://api.telegram.org/bot",
        validation_alias=_env("TELEGRAM_API_BASE_URL", "telegram_api_base_url"),
    )
    telegram_api_file_url: str = Field(
        default="https://api.telegram.org/file/bot",
        validation_alias=_env("TELEGRAM_API_FILE_URL", "telegram_api_file_url"),
    )
    database_url: str = Field(
        default="sqlite:///./data/duban.db", validation_alias=_env("DATABASE_URL", "database_url")
    )
    admins: Annotated[list[int], NoDecode] = Field(
        default_factory=list, validation_alias=_env("DUBAN_ADMINS", "admins")
    )
    allowed_chats: Annotated[list[int], NoDecode] = Field(
        default_factory=list, validation_alias=_env("DUBAN_ALLOWED_CHATS", "allowed_chats")
    )
    webhook_url: str | None = Field(
        default=None, validation_alias=_env("DUBAN_WEBHOOK_URL", "webhook_url")
    )
    webhook_listen: str = Field(
        default="127.0.0.1", validation_alias=_env("DUBAN_WEBHOOK_LISTEN", "webhook_listen")
    )
    webhook_port: int = Field(
        default=8443, ge=1, le=65535, validation_alias=_env("DUBAN_WEBHOOK_PORT", "webhook_port")
    )
    webhook_secret: SecretStr | None = Field(
        default=None, validation_alias=_env("DUBAN_WEBHOOK_SECRET", "webhook_secret")
    )
    timezone: str = Field(
        default=DEFAULT_TIMEZONE, validation_alias=_env("DUBAN_TIMEZONE", "timezone")
    )
    quiet_hours: str = Field(
        default="21:00-08:00", validation_alias=_env("DUBAN_QUIET_HOURS", "quiet_hours")
    )
    reminder_offsets_days: Annotated[list[int], NoDecode] = Field(
        default_factory=lambda: [3, 1],
        validation_alias=_env("DUBAN_REMINDER_OFFSETS_DAYS", "reminder_offsets_days"),
    )
    nudge_time: dtm.time = Field(
        default=dtm.time(9, 0), validation_alias=_env("DUBAN_NUDGE_TIME", "nudge_time")
    )
    max_document_mb: float = Field(
        default=20, gt=0, le=2000, validation_alias=_env("DUBAN_MAX_DOCUMENT_MB", "max_document_mb")
    )
    document_memory_mb: float = Field(
        default=512, ge=64, le=65536, validation_alias=_env("DUBAN_DOCUMENT_MEMORY_MB", "document_memory_mb")
    )
    document_timeout_seconds: float = Field(
        default=30, gt=0, le=3600,
        validation_alias=_env("DUBAN_DOCUMENT_TIMEOUT_SECONDS", "document_timeout_seconds"),
    )
    document_max_chars: int = Field(
        default=2_000_000, gt=0, validation_alias=_env("DUBAN_DOCUMENT_MAX_CHARS", "document_max_chars")
    )
    max_items_per_speech: int = Field(
        default=300, ge=1, le=100_000, validation_alias=_env("DUBAN_MAX_ITEMS_PER_SPEECH", "max_items_per_speech")
    )
    merge_window_seconds: float = Field(
        default=3.0, gt=0, le=60, validation_alias=_env("DUBAN_MERGE_WINDOW_SECONDS", "merge_window_seconds")
    )
    log_level: str = Field(default="INFO", validation_alias=_env("DUBAN_LOG_LEVEL", "log_level"))

    # ------------------------------------------------------------------ validators
    @field_validator("telegram_bot_token")
    @classmethod
    def _check_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        raw = value.get_secret_value().strip()
        if not raw:
            return None
        if not _TOKEN_RE.match(raw):
            raise ValueError("TELEGRAM_BOT_TOKEN must look like <digits>:<secret>")
        return SecretStr(raw)

    @field_validator("webhook_secret")
    @classmethod
    def _check_webhook_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        # Telegram: 1-256 characters, only A-Z, a-z, 0-9, _ and -.
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()):
            raise ValueError("DUBAN_WEBHOOK_SECRET: 1-256 characters of A-Z a-z 0-9 _ -")
        return value

    @field_validator("admins", "allowed_chats", "reminder_offsets_days", mode="before")
    @classmethod
    def _split_ints(cls, value: Any) -> Any:
        return _int_list(value)

    @field_validator("reminder_offsets_days")
    @classmethod
    def _check_offsets(cls, value: list[int]) -> list[int]:
        if any(v < 0 for v in value):
            raise ValueError("reminder offsets must be >= 0 days")
        return sorted(set(value), reverse=True)

    @field_validator("telegram_api_base_url", "telegram_api_file_url")
    @classmethod
    def _check_api_url(cls, value: str) -> str:
        if urlsplit(value).scheme not in ("http", "https"):
            raise ValueError("expected an http(s) URL")
        return value

    @field_validator("webhook_url")
    @classmethod
    def _check_webhook_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if urlsplit(value).scheme != "https":
            raise ValueError("DUBAN_WEBHOOK_URL must be an https URL")
        return value.strip()

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        parse_timezone(value)
        return value

    @field_validator("quiet_hours")
    @classmethod
    def _check_quiet_hours(cls, value: str) -> str:
        parse_quiet_hours(value)
        return value.strip()

    @field_validator("nudge_time", mode="before")
    @classmethod
    def _parse_nudge_time(cls, value: Any) -> Any:
        return parse_clock(value) if isinstance(value, str) else value

    @field_validator("log_level")
    @classmethod
    def _check_log_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError(f"log level must be one of {', '.join(LOG_LEVELS)}")
        return level

    # ------------------------------------------------------------------ derived values
    @property
    def console_mode(self) -> bool:
        """No token: run in the terminal instead of Telegram."""
        return self.telegram_bot_token is None

    @property
    def token(self) -> str | None:
        """The raw token, for building the Application only; never log it."""
        return None if self.telegram_bot_token is None else self.telegram_bot_token.get_secret_value()

    @property
    def tzinfo(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def policy(self) -> PolicyConfig:
        """The deployment's policy: every chat's defaults (a chat's /settings override them)."""
        quiet_start, quiet_end = parse_quiet_hours(self.quiet_hours)
        return PolicyConfig(tz=self.tzinfo, days_before=tuple(d for d in self.reminder_offsets_days if d > 0),
                            nudge_time=self.nudge_time, quiet_start=quiet_start, quiet_end=quiet_end)

    @property
    def max_document_bytes(self) -> int:
        return int(self.max_document_mb * 1024 * 1024)

    @property
    def webhook_mode(self) -> bool:
        return self.webhook_url is not None

    def secrets(self) -> list[str]:
        """Secret strings a log filter must redact."""
        found = [s.get_secret_value() for s in (self.telegram_bot_token, self.webhook_secret) if s]
        password = urlsplit(self.database_url).password
        if password:
            found.append(password)
        return found

    def __repr_args__(self) -> Any:
        for name, value in super().__repr_args__():
            if name == "database_url" and isinstance(value, str):
                value = redact_url_password(value)
            yield name, value


def redact_url_password(url: str) -> str:
    """postgresql://user:pw@host/db -> postgresql://user:***@host/db"""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if not parts.password:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    userinfo = netloc[0].split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{userinfo}:***@{netloc[1]}"))


def explain(error: ValidationError) -> str:
    """One Chinese line naming the first bad setting and the form it expects."""
    from bot import messages

    first = error.errors()[0]
    field = str(first["loc"][0]) if first.get("loc") else ""
    alias = Settings.model_fields[field].validation_alias if field in Settings.model_fields else None
    name = str(alias.choices[0]) if isinstance(alias, AliasChoices) else field.upper()
    return messages.SETTING_BAD.format(name=name, form=messages.SETTING_FORMS.get(name, "正确的格式"))
