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


def _replies(transcript: str) -> list[str]:
    """The bot's messages in a transcript: from a "bot:" line to its buttons or the prompt."""
    replies: list[list[str]] = []
    current: list[str] | None = None
    for line in transcript.splitlines():
        head, _, rest = line.partition(": ")
        if head in ("bot", "bot (edited)"):
            current = [rest]
            replies.append(current)
        elif line.startswith(("      [", "> ", "      link:")) or current is None:
            current = None
        else:
            current.append(line)
    return ["\n".join(reply) for reply in replies]


@pytest.mark.parametrize("language", ["ru", "sv", "en"])
async def test_every_reply_of_a_journey_fits_a_phone_screen(language: str, tmp_path: Path) -> None:
    """The menu, a list, a search, a typed result number, subscribing, settings, unknown
    input: no reply longer than about 20 lines on a phone."""
    from tests.e2e.phone import MAX_LINES, phone_lines

    query = {"ru": "стажировка", "sv": "praktik", "en": "internship"}[language]
    lines = ["1", "hej", query, "#1", "/subscribe", "/settings", "/help", "/menu", "/quit"]
    replies = _replies(await converse(language, lines, tmp_path))
    assert len(replies) >= 9
    longest = max(replies, key=phone_lines)
    assert phone_lines(longest) <= MAX_LINES, longest
