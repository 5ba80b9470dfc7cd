from __future__ import annotations

from pathlib import Path

import pytest

from cagbot.settings import Settings, SettingsError, load_settings

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("TOKEN", "DATABASE", "ADMIN_IDS", "FEEDS", "DEFAULT_LANGUAGE", "POLL_INTERVAL"):
        monkeypatch.delenv(f"CAGBOT_{name}", raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env from the developer's checkout


def test_defaults_need_no_token() -> None:
    settings = load_settings()
    assert settings.token is None
    assert settings.database == Path("data/cagbot.db")
    assert settings.api_base_url == "https://api.telegram.org/bot"
    assert settings.default_language == "en"


def test_environment_lists_are_comma_separated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAGBOT_ADMIN_IDS", "42, 7,1000000000001")
    monkeypatch.setenv("CAGBOT_FEEDS", "https://centralasien.se/feed/,https://example.org/rss")
    settings = load_settings()
    assert settings.admin_ids == frozenset({42, 7, 1_000_000_000_001})
    assert settings.feeds == ("https://centralasien.se/feed/", "https://example.org/rss")


def test_dotenv_file_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("CAGBOT_DEFAULT_LANGUAGE=ru\n", encoding="utf-8")
    assert load_settings().default_language == "ru"


@pytest.mark.parametrize(
    ("name", "value", "named"),
    [
        ("CAGBOT_ADMIN_IDS", "12,abc", "CAGBOT_ADMIN_IDS"),
        ("CAGBOT_DEFAULT_LANGUAGE", "de", "CAGBOT_DEFAULT_LANGUAGE"),
        ("CAGBOT_POLL_INTERVAL", "5", "CAGBOT_POLL_INTERVAL"),
        ("CAGBOT_FEEDS", "ftp://nope", "CAGBOT_FEEDS"),
        ("CAGBOT_API_BASE_URL", "api.telegram.org", "CAGBOT_API_BASE_URL"),
    ],
)
def test_bad_value_fails_with_one_line_naming_the_setting(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, named: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = str(caught.value)
    assert named in message
    assert "\n" not in message


def test_token_is_secret_and_never_echoed(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(token=TOKEN, _env_file=None)  # type: ignore[call-arg]
    assert settings.token is not None
    assert settings.token.get_secret_value() == TOKEN
    assert TOKEN not in repr(settings)
    assert TOKEN not in str(settings.model_dump())

    malformed = "123456789:short-but-secret"
    monkeypatch.setenv("CAGBOT_TOKEN", malformed)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert "CAGBOT_TOKEN" in str(caught.value)
    assert "short-but-secret" not in str(caught.value)


def test_empty_token_means_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAGBOT_TOKEN", "")
    assert load_settings().token is None


def test_machine_translation_is_off_by_default_and_validated(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert load_settings().translate_url is None
    monkeypatch.setenv("CAGBOT_TRANSLATE_URL", "https://translate.example.org/translate/")
    monkeypatch.setenv("CAGBOT_TRANSLATE_KEY", "k-123")
    settings = load_settings()
    assert settings.translate_url == "https://translate.example.org"
    assert settings.translate_key is not None
    assert settings.translate_key.get_secret_value() == "k-123"
    assert "k-123" not in repr(settings)
    monkeypatch.setenv("CAGBOT_TRANSLATE_URL", "translate.example.org")
    with pytest.raises(SettingsError, match="CAGBOT_TRANSLATE_URL"):
        load_settings()


def test_a_misspelled_setting_warns_naming_the_nearest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from cagbot.cli import main
    from cagbot.settings import unknown_settings

    (tmp_path / ".env").write_text("CAGBOT_FEED=https://centralasien.se/feed/\n", encoding="utf-8")
    warnings = unknown_settings(
        {"CAGBOT_ADMIN_ID": "1", "CAGBOT_TOKEN": "x", "HOME": "/"}, tmp_path / ".env"
    )
    assert warnings == [
        "CAGBOT_ADMIN_ID (in the environment) is not a cagbot setting and is ignored: "
        "did you mean CAGBOT_ADMIN_IDS?",
        f"CAGBOT_FEED (in {tmp_path / '.env'}) is not a cagbot setting and is ignored: "
        "did you mean CAGBOT_FEEDS?",
    ]
    assert unknown_settings({"CAGBOT_ZZZZ": "1"}, None) == [
        "CAGBOT_ZZZZ (in the environment) is not a cagbot setting and is ignored (see .env.example)"
    ]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CAGBOT_DATABASE", str(tmp_path / "x.db"))
    monkeypatch.setenv("CAGBOT_ADMIN_ID", "1")
    assert main(["migrate"]) == 0
    err = capsys.readouterr().err
    assert "CAGBOT_ADMIN_ID (in the environment) is not a cagbot setting" in err
    assert "did you mean CAGBOT_FEEDS?" in err


def test_speech_to_text_is_off_by_default_and_validated(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings()
    assert settings.stt_url is None
    assert settings.voice_max_seconds == 60
    monkeypatch.setenv("CAGBOT_STT_URL", "http://stt.local:8000/v1/audio/transcriptions")
    monkeypatch.setenv("CAGBOT_STT_KEY", "s-456")
    monkeypatch.setenv("CAGBOT_STT_LANGUAGE", "ky")
    settings = load_settings()
    assert settings.stt_url == "http://stt.local:8000"
    assert settings.stt_language == "ky"
    assert "s-456" not in repr(settings)
    monkeypatch.setenv("CAGBOT_STT_LANGUAGE", "Russian")
    with pytest.raises(SettingsError, match="CAGBOT_STT_LANGUAGE"):
        load_settings()
    monkeypatch.setenv("CAGBOT_STT_LANGUAGE", "ru")
    monkeypatch.setenv("CAGBOT_STT_URL", "stt.local")
    with pytest.raises(SettingsError, match="CAGBOT_STT_URL"):
        load_settings()
