"""Configuration, validated once at start-up and passed down.

Every value comes from ``CAGBOT_*`` environment variables or a ``.env`` file. Tests build
``Settings(...)`` directly. A bad value stops the program with one line naming the setting
(:func:`load_settings`); the token is a ``SecretStr`` and is never echoed back.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, cast
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from cagbot.models import Language as Language  # one definition; re-exported for callers

LANGUAGES: tuple[Language, ...] = ("sv", "en", "ru")

TELEGRAM_API_BASE_URL = "https://api.telegram.org/bot"
# "123456:ABC-..." as BotFather hands it out; checked so a pasted typo fails at start-up.
_TOKEN_SHAPE = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{20,100}$")
# Telegram's rule for setWebhook's secret_token.
_SECRET_SHAPE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
DEFAULT_WEBHOOK_PATH = "/telegram"
_CHANNEL_SHAPE = re.compile(
    r"^(?:(?P<language>sv|en|ru)=)?(?P<chat>@[A-Za-z][A-Za-z0-9_]{3,31}|-\d{1,20})"
    r"(?::(?P<thread>\d{1,10}))?$"
)


@dataclass(frozen=True, slots=True)
class Destination:
    """A configured channel or forum topic: posts in ``language`` (None: the default
    language, one destination for everyone) go to ``chat`` (an @username or an id)."""

    language: Language | None
    chat: int | str
    thread_id: int | None
    ref: str


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
    editor_ids: Annotated[frozenset[int], NoDecode] = Field(
        default=frozenset(),
        description="Partner editors' Telegram user ids, comma-separated: they may draft "
        "broadcasts, which staff approve before anything is sent.",
    )
    staff_chat_id: int | None = Field(
        default=None,
        description="Chat (a staff group, or one person) that gets short, rate-limited "
        "summaries of unexpected errors, without personal data.",
    )
    inbox_chat_id: int | None = Field(
        default=None,
        description="Chat where Ask CAG questions arrive and staff answer them (a forum gets "
        "one topic per person); unset: CAGBOT_STAFF_CHAT_ID; neither: Ask CAG is off.",
    )
    ask_per_hour: int = Field(
        default=5, ge=1, le=100, description="Most Ask CAG questions per person an hour."
    )
    channels: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(),
        description="Channels and forum topics that get new posts and opportunities, "
        "comma-separated: `ru=@cag_ru,sv=-100123` (one per language), `@cag` (one for all), "
        "a topic as `chat_id:thread_id`, e.g. `ru=-100456:12`.",
    )
    feeds: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(), description="RSS/Atom feed URLs to poll, comma-separated."
    )
    default_language: Language = Field(
        default="en", description="Language when a user's Telegram language says nothing: sv|en|ru."
    )
    opportunity_max_age_days: int = Field(
        default=120,
        ge=7,
        le=3650,
        description="An open call that states no deadline counts as closed once this many "
        "days old.",
    )
    poll_interval: int = Field(
        default=900, ge=60, le=86_400, description="Seconds between feed polls."
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", description="Logging level."
    )
    log_format: Literal["text", "json"] = Field(
        default="text", description="Log lines as text, or one JSON object per line."
    )
    webhook_url: str | None = Field(
        default=None,
        description="Public HTTPS URL Telegram posts updates to (`run --webhook`); its path "
        "is the path served locally (default /telegram).",
    )
    webhook_secret: SecretStr | None = Field(
        default=None,
        description="Telegram's secret_token (1-256 of A-Za-z0-9_-); random per start if unset.",
    )
    listen: str = Field(default="0.0.0.0", description="Address the webhook server binds to.")  # noqa: S104
    port: int = Field(
        default=8080,
        ge=1,
        le=65_535,
        description="Port of the webhook server; $PORT (Heroku-style hosts) when unset.",
    )
    metrics_port: int | None = Field(
        default=None,
        ge=1,
        le=65_535,
        description="Polling mode: serve Prometheus metrics at GET /metrics on "
        "CAGBOT_LISTEN:this port (the webhook server always has /metrics). Unset: off.",
    )
    translate_url: str | None = Field(
        default=None,
        description="LibreTranslate-compatible API (its base URL; /translate is appended): "
        "missing titles and summaries are machine-translated in the background. Unset: none.",
    )
    translate_key: SecretStr | None = Field(
        default=None, description="API key for CAGBOT_TRANSLATE_URL, if the service needs one."
    )
    translate_per_minute: int = Field(
        default=20, ge=1, le=600, description="Most translation requests per minute."
    )
    stt_url: str | None = Field(
        default=None,
        description="OpenAI-compatible speech-to-text API (its base URL; "
        "/v1/audio/transcriptions is appended): voice notes are transcribed and handled as "
        "typed. Unset: the bot answers voice notes that it reads only text.",
    )
    stt_model: str = Field(
        default="whisper-1", min_length=1, description="Model name sent to CAGBOT_STT_URL."
    )
    stt_language: str | None = Field(
        default=None,
        description="Language hint for CAGBOT_STT_URL (ISO 639-1, e.g. ru or ky). "
        "Unset: the service detects it.",
    )
    stt_key: SecretStr | None = Field(
        default=None, description="API key for CAGBOT_STT_URL, if the service needs one."
    )
    stt_timeout: float = Field(
        default=8.0,
        gt=0,
        le=60,
        description="Seconds a voice note may take to download and transcribe before the "
        "person is told the service did not answer.",
    )
    voice_max_seconds: int = Field(
        default=60, ge=1, le=600, description="Longest voice note transcribed, in seconds."
    )
    voice_person_per_hour: int = Field(
        default=20, ge=1, le=1000, description="Most voice notes transcribed per person an hour."
    )
    voice_per_minute: int = Field(
        default=20, ge=1, le=1000, description="Most voice notes transcribed per minute overall."
    )
    shutdown_timeout: float = Field(
        default=20.0,
        gt=0,
        le=600,
        description="Seconds running handlers get to finish after SIGTERM.",
    )

    retry_window: float = Field(
        default=86_400.0,
        gt=0,
        le=30 * 86_400,
        description="Seconds a delivery is retried after temporary errors (outages, 5xx, "
        "timeouts, 429) before it counts as failed.",
    )
    retry_max_delay: float = Field(
        default=600.0, gt=0, le=86_400, description="Longest wait between two delivery retries."
    )
    delivery_lease: float = Field(
        default=30.0,
        ge=0.3,
        le=3_600,
        description="Seconds a process's claim on a delivery lasts without renewal; a killed "
        "process's deliveries are taken over after about that long.",
    )

    @model_validator(mode="before")
    @classmethod
    def _platform_port(cls, data: Any) -> Any:
        # Heroku, Render, Fly and friends tell the web process its port in $PORT.
        if isinstance(data, dict) and "port" not in data and os.environ.get("PORT"):
            return {**data, "port": os.environ["PORT"]}
        return data

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        if not value:
            return None
        parts = urlsplit(value)
        if parts.scheme != "https" or not parts.hostname or parts.query or parts.fragment:
            raise ValueError(
                "must be a public https:// URL without query, e.g. https://host/telegram"
            )
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _secret_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        if not _SECRET_SHAPE.match(value.get_secret_value()):
            raise ValueError("must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @property
    def webhook_path(self) -> str:
        """The local path Telegram's POSTs arrive on: the public URL's path."""
        path = urlsplit(self.webhook_url).path if self.webhook_url else ""
        return path if path and path != "/" else DEFAULT_WEBHOOK_PATH

    @property
    def webhook_endpoint(self) -> str | None:
        """The URL given to setWebhook (the public URL with the path made explicit)."""
        if self.webhook_url is None:
            return None
        parts = urlsplit(self.webhook_url)
        return parts._replace(path=self.webhook_path).geturl()

    @field_validator("admin_ids", "editor_ids", "channels", "feeds", mode="before")
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

    @field_validator("channels")
    @classmethod
    def _channels_shape(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for item in value:
            if not _CHANNEL_SHAPE.match(item):
                raise ValueError(
                    f"not a channel: {item!r} (use @name, -100123 or -100123:thread, "
                    "optionally after sv=, en= or ru=)"
                )
        return value

    @property
    def destinations(self) -> list[Destination]:
        """:attr:`channels`, parsed."""
        found = []
        for item in self.channels:
            match = _CHANNEL_SHAPE.match(item)
            assert match is not None
            ref = match.group("chat")
            chat: int | str = ref if ref.startswith("@") else int(ref)
            thread = int(match.group("thread")) if match.group("thread") else None
            language = cast(Language | None, match.group("language"))
            found.append(Destination(language, chat, thread, item))
        return found

    @field_validator("translate_url")
    @classmethod
    def _translate_url(cls, value: str | None) -> str | None:
        if not value:
            return None
        if not re.match(r"^https?://[^\s/]+", value):
            raise ValueError("must be an http(s) URL such as https://translate.example.org")
        return value.rstrip("/").removesuffix("/translate")

    @field_validator("stt_url")
    @classmethod
    def _stt_url(cls, value: str | None) -> str | None:
        if not value:
            return None
        if not re.match(r"^https?://[^\s/]+", value):
            raise ValueError("must be an http(s) URL such as https://stt.example.org")
        return value.rstrip("/").removesuffix("/v1/audio/transcriptions")

    @field_validator("stt_language")
    @classmethod
    def _stt_language(cls, value: str | None) -> str | None:
        if not value:
            return None
        if not re.fullmatch(r"[a-z]{2,3}", value):
            raise ValueError("must be a language code such as ru or ky")
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


def unknown_settings(
    environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")
) -> list[str]:
    """One warning per ``CAGBOT_*`` name in the environment or ``.env`` that is no setting
    (a typo is otherwise ignored without a word), naming the nearest valid one."""
    from difflib import get_close_matches

    from dotenv import dotenv_values

    valid = sorted(f"CAGBOT_{name.upper()}" for name in Settings.model_fields)
    found: dict[str, str] = {}
    if env_file is not None and env_file.is_file():
        for name in dotenv_values(env_file):
            found.setdefault(name, str(env_file))
    for name in os.environ if environ is None else environ:
        found[name] = "the environment"
    warnings = []
    for name, origin in sorted(found.items()):
        if not name.upper().startswith("CAGBOT_") or name.upper() in valid:
            continue
        # Compared without the prefix every name shares, or anything resembles anything.
        nearest = get_close_matches(
            name.upper().removeprefix("CAGBOT_"),
            [known.removeprefix("CAGBOT_") for known in valid],
            n=1,
            cutoff=0.6,
        )
        hint = f": did you mean CAGBOT_{nearest[0]}?" if nearest else " (see .env.example)"
        warnings.append(f"{name} (in {origin}) is not a cagbot setting and is ignored{hint}")
    return warnings
