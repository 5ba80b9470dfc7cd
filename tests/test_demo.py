"""`cagbot demo`, the README's first command, driven by a script instead of a person."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from cagbot.demo import run_demo
from cagbot.settings import Settings

pytestmark = pytest.mark.e2e


async def converse(language: str, lines: list[str], tmp_path: Path) -> str:
    output = io.StringIO()
    script = io.StringIO("".join(f"{line}\n" for line in lines))
    settings = Settings(database=tmp_path / "unused.db", _env_file=None)  # type: ignore[call-arg]
    code = await run_demo(settings, language=language, script=script, output=output)
    transcript = output.getvalue()
    assert code == 0, transcript
    return transcript


async def test_russian_user_searches_and_presses_a_button(tmp_path: Path) -> None:
    transcript = await converse("ru", ["stazhirovka", "1", "/quit"], tmp_path)
    assert "Sample content loaded: 22 added" in transcript
    assert "Добро пожаловать" in transcript  # /start answered in Russian
    assert "Стажировка" in transcript  # the curated Russian title of the internship
    assert "(pressed: " in transcript
    assert "Bot API violations" not in transcript
    assert transcript.rstrip().endswith("Bye.")
    assert not (tmp_path / "unused.db").exists(), "the demo never touches the configured DB"


async def test_language_is_asked_when_not_given(tmp_path: Path) -> None:
    output = io.StringIO()
    script = io.StringIO("9\n1\n/quit\n")
    settings = Settings(database=tmp_path / "unused.db", _env_file=None)  # type: ignore[call-arg]
    assert await run_demo(settings, script=script, output=output) == 0
    transcript = output.getvalue()
    assert "Type 1, 2 or 3." in transcript  # "9" is not a choice
    assert "Välkommen till Centralasiengruppernas (CAG) bot!" in transcript  # 1 = Svenska
