"""Settings: the only place that reads the environment (and an optional `.env`)."""

from __future__ import annotations

import os
import re
from typing import Annotated, Literal
from urllib.parse import urlparse

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.settings_help import DEFAULT_DATABASE_URL, SETTINGS_HELP, TELEGRAM_API

__all__ = [
    "SETTINGS_HELP",
    "Settings",
    "SettingsError",
    "load_settings",
    "use_timedelta_durations",
]

_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


class SettingsError(ValueError):
    """A setting is missing or malformed; the message is one line naming it."""


class Settings(BaseSettings):
    """Every setting of the bot, validated at start."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = TELEGRAM_API
    database_url: str = DEFAULT_DATABASE_URL
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = Field(default=8080, ge=1, le=65535)
    metrics_listen: str = "127.0.0.1"
    metrics_port: int = Field(default=9090, ge=0, le=65535)
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    store_raw_text: bool = False
    send_rate: int = Field(default=30, ge=1, le=30)
    redis_url: str | None = None
    paid_broadcast_daily_cap: int = Field(default=0, ge=0)

    @field_validator("telegram_api_base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        # The server root, or the `.../bot` form python-telegram-bot's base_url takes.
        return value.rstrip("/").removesuffix("/bot").rstrip("/")

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
        return value

    @field_validator("redis_url")
    @classmethod
    def _redis_url(cls, value: str | None) -> str | None:
        if value and not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("must start with redis://, rediss:// or unix://")
        return value or None

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _admin_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [part.strip() for part in value.split(",") if part.strip()]
            if not all(part.lstrip("-").isdigit() for part in parts):
                raise ValueError("must be comma-separated Telegram user ids, e.g. 123,456")
            return frozenset(int(part) for part in parts)
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _log_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @property
    def bot_api_url(self) -> str:
        """The base URL python-telegram-bot appends the token and method to."""
        return f"{self.telegram_api_base_url}/bot"

    @property
    def bot_file_url(self) -> str:
        """The base URL for downloading files."""
        return f"{self.telegram_api_base_url}/file/bot"

    def require_webhook(self) -> tuple[str, str]:
        """(WEBHOOK_URL, WEBHOOK_SECRET), or a SettingsError naming what is missing or wrong."""
        url = self.webhook_url
        if not url:
            raise SettingsError("WEBHOOK_URL is not set: the public https URL Telegram posts to")
        parsed = urlparse(url)
        local = parsed.hostname in ("localhost", "127.0.0.1", "::1")
        if parsed.scheme != "https" and not (parsed.scheme == "http" and local):
            raise SettingsError("WEBHOOK_URL: must be an https:// URL (Telegram requires it)")
        secret = self.webhook_secret.get_secret_value() if self.webhook_secret else ""
        if not secret:
            raise SettingsError("WEBHOOK_SECRET is not set: choose 1-256 letters, digits, _ or -")
        if not _SECRET.fullmatch(secret):
            raise SettingsError("WEBHOOK_SECRET: use 1-256 characters from A-Z, a-z, 0-9, _ and -")
        return url, secret

    @property
    def webhook_path(self) -> str:
        """The path the webhook app serves updates on (WEBHOOK_URL's path)."""
        return urlparse(self.webhook_url or "").path or "/telegram"

    def require_token(self) -> str:
        """The token, or a SettingsError saying how to get one or go without."""
        if self.telegram_bot_token is None or not self.telegram_bot_token.get_secret_value():
            raise SettingsError(
                "TELEGRAM_BOT_TOKEN is not set: get a token from @BotFather, "
                "or try the bot without one with `checkin-bot chat`"
            )
        return self.telegram_bot_token.get_secret_value()


def load_settings(**overrides: object) -> Settings:
    """Read and validate the settings; raise SettingsError with one line naming the bad one."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        first = error.errors()[0]
        name = str(first["loc"][0]).upper() if first["loc"] else "settings"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise SettingsError(f"{name}: {message}") from None


def use_timedelta_durations() -> None:
    """Opt in to python-telegram-bot's coming durations: `RetryAfter.retry_after` and the
    like as `datetime.timedelta` (PTB 22 reads `PTB_TIMEDELTA` on each access and warns until
    it is set; PTB 23 makes it the only behaviour)."""
    os.environ["PTB_TIMEDELTA"] = "true"
