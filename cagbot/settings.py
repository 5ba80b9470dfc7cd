"""Configuration, validated once at start-up and passed down.

Every value comes from ``CAGBOT_*`` environment variables or a ``.env`` file. Tests build
``Settings(...)`` directly. A bad value stops the program with one line naming the setting
(:func:`load_settings`); the token is a ``SecretStr`` and is never echoed back.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

Language = Literal["sv", "en", "ru"]
LANGUAGES: tuple[Language, ...] = ("sv", "en", "ru")

TELEGRAM_API_BASE_URL = "https://api.telegram.org/bot"
# "123456:ABC-..." as BotFather hands it out; checked so a pasted typo fails at start-up.
_TOKEN_SHAPE = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{20,100}$")


def _split_list(value: Any) -> Any:
    """Accept ``"a,b c"`` from the environment as well as a real list from code."""
    if isinstance(value, str):
        return [item for item in re.split(r"[,\s]+", value.strip()) if item]
    return value


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="CAGBOT_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        frozen=True,
    )

    token: SecretStr | None = Field(
        default=None, description="Bot token from @BotFather; only `run` needs it."
    )
    database: Path = Field(default=Path("data/cagbot.db"), description="SQLite database file.")
    api_base_url: str = Field(
        default=TELEGRAM_API_BASE_URL,
        description="Bot API base URL; the token is appended (a local Bot API server or emulator).",
    )
    admin_ids: Annotated[frozenset[int], NoDecode] = Field(
        default=frozenset(), description="Staff Telegram user ids, comma-separated."
    )
    feeds: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(), description="RSS/Atom feed URLs to poll, comma-separated."
    )
    default_language: Language = Field(
        default="en", description="Language when a user's Telegram language says nothing: sv|en|ru."
    )
    poll_interval: int = Field(
        default=900, ge=60, le=86_400, description="Seconds between feed polls."
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", description="Logging level."
    )

    @field_validator("admin_ids", "feeds", mode="before")
    @classmethod
    def _comma_separated(cls, value: Any) -> Any:
        return _split_list(value)

    @field_validator("feeds")
    @classmethod
    def _feeds_are_urls(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for url in value:
            if not re.match(r"^https?://[^\s/]+", url):
                raise ValueError(f"not an http(s) URL: {url!r}")
        return value

    @field_validator("api_base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        if not re.match(r"^https?://[^\s/]+", value):
            raise ValueError("must be an http(s) URL such as https://api.telegram.org/bot")
        return value

    @field_validator("token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        if not _TOKEN_SHAPE.match(value.get_secret_value()):
            # Deliberately without the value: it is a secret even when mistyped.
            raise ValueError("does not look like a bot token (digits:letters from @BotFather)")
        return value


class SettingsError(Exception):
    """A configuration value is invalid; ``str()`` is one line naming the setting."""


def _describe(error: ValidationError) -> str:
    lines = []
    for item in error.errors(include_input=False, include_url=False):
        field = str(item["loc"][0]) if item["loc"] else "?"
        message = str(item["msg"]).removeprefix("Value error, ")
        lines.append(f"CAGBOT_{field.upper()}: {message}")
    return "; ".join(lines)


def load_settings(**overrides: Any) -> Settings:
    """Build settings from the environment, turning validation errors into one line."""
    try:
        return Settings(**overrides)
    except ValidationError as error:
        raise SettingsError(f"invalid configuration: {_describe(error)}") from None
