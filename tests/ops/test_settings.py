"""Webhook and logging settings: defaults, $PORT, and one clear line for each bad value."""

from __future__ import annotations

from pathlib import Path

import pytest

from cagbot.settings import Settings, SettingsError, load_settings

NAMES = ("WEBHOOK_URL", "WEBHOOK_SECRET", "LISTEN", "PORT", "LOG_FORMAT", "SHUTDOWN_TIMEOUT")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in NAMES:
        monkeypatch.delenv(f"CAGBOT_{name}", raising=False)
    monkeypatch.delenv("PORT", raising=False)
    monkeypatch.chdir(tmp_path)


def test_defaults() -> None:
    settings = load_settings()
    assert settings.webhook_url is None
    assert settings.webhook_endpoint is None
    assert settings.webhook_secret is None
    assert settings.port == 8080
    assert settings.log_format == "text"


def test_platform_port_is_used_unless_cagbot_port_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORT", "5000")
    assert load_settings().port == 5000
    monkeypatch.setenv("CAGBOT_PORT", "7000")
    assert load_settings().port == 7000
    assert Settings(port=9000, _env_file=None).port == 9000  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("url", "path", "endpoint"),
    [
        ("https://bot.example.org", "/telegram", "https://bot.example.org/telegram"),
        ("https://bot.example.org/", "/telegram", "https://bot.example.org/telegram"),
        (
            "https://bot.example.org:8443/hook/cag",
            "/hook/cag",
            "https://bot.example.org:8443/hook/cag",
        ),
    ],
)
def test_the_public_path_is_the_local_path(url: str, path: str, endpoint: str) -> None:
    settings = Settings(webhook_url=url, _env_file=None)  # type: ignore[call-arg]
    assert settings.webhook_path == path
    assert settings.webhook_endpoint == endpoint


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("CAGBOT_WEBHOOK_URL", "http://bot.example.org/telegram"),
        ("CAGBOT_WEBHOOK_URL", "bot.example.org/telegram"),
        ("CAGBOT_WEBHOOK_URL", "https://bot.example.org/telegram?x=1"),
        ("CAGBOT_WEBHOOK_SECRET", "has space"),
        ("CAGBOT_WEBHOOK_SECRET", "x" * 257),
        ("CAGBOT_WEBHOOK_SECRET", "semi;colon"),
        ("CAGBOT_PORT", "0"),
        ("CAGBOT_PORT", "http"),
        ("CAGBOT_LOG_FORMAT", "xml"),
        ("CAGBOT_SHUTDOWN_TIMEOUT", "0"),
    ],
)
def test_bad_value_names_the_setting(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as raised:
        load_settings()
    message = str(raised.value)
    assert name in message
    assert "\n" not in message
    if name == "CAGBOT_WEBHOOK_SECRET":
        assert value not in message


def test_a_good_secret_is_kept_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAGBOT_WEBHOOK_SECRET", "Abc_123-xyz")
    settings = load_settings()
    assert settings.webhook_secret is not None
    assert settings.webhook_secret.get_secret_value() == "Abc_123-xyz"
    assert "Abc_123" not in repr(settings)
