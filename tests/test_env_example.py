"""``.env.example`` stays complete and right as settings are added: it names every field of
:class:`cagbot.settings.Settings`, its active lines are the defaults, and every example value
(the ``# e.g.`` and commented-out lines) is accepted."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cagbot.settings import Settings

EXAMPLE = Path(__file__).parents[1] / ".env.example"
ACTIVE = re.compile(r"^(CAGBOT_[A-Z0-9_]+)=(.*)$")
COMMENTED = re.compile(r"^#\s*(?:e\.g\.\s*)?(CAGBOT_[A-Z0-9_]+)=(.*)$")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in Settings.model_fields:
        monkeypatch.delenv(f"CAGBOT_{name.upper()}", raising=False)
    monkeypatch.delenv("PORT", raising=False)
    monkeypatch.chdir(tmp_path)


def lines(pattern: re.Pattern[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        match = pattern.match(line.strip())
        if match:
            found[match.group(1)] = match.group(2)
    return found


def test_every_setting_is_named() -> None:
    named = set(lines(ACTIVE)) | set(lines(COMMENTED))
    expected = {f"CAGBOT_{name.upper()}" for name in Settings.model_fields}
    assert expected - named == set(), "add these settings to .env.example"
    assert named - expected == set(), "these are no settings (any more)"


def test_every_setting_is_explained() -> None:
    # Each setting's first line is preceded by a comment saying what it is for.
    text = EXAMPLE.read_text(encoding="utf-8").splitlines()
    for name in Settings.model_fields:
        variable = f"CAGBOT_{name.upper()}="
        index = next(i for i, line in enumerate(text) if variable in line)
        assert text[index - 1].startswith("#"), f"{variable} has no explanation above it"


def test_active_lines_parse_into_the_defaults() -> None:
    parsed = Settings(_env_file=EXAMPLE)  # type: ignore[call-arg]
    defaults = Settings(_env_file=None)  # type: ignore[call-arg]
    assert parsed == defaults
    assert set(lines(ACTIVE)) <= {f"CAGBOT_{name.upper()}" for name in Settings.model_fields}


def test_example_values_are_accepted(tmp_path: Path) -> None:
    values = {**lines(ACTIVE), **lines(COMMENTED)}
    values["CAGBOT_TOKEN"] = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ"
    env = tmp_path / "example.env"
    env.write_text("".join(f"{key}={value}\n" for key, value in values.items()), "utf-8")
    settings = Settings(_env_file=env)  # type: ignore[call-arg]
    assert settings.feeds == ("https://centralasien.se/feed/",)
    assert settings.webhook_url == "https://bot.example.org/telegram"
    assert settings.port == 8080
