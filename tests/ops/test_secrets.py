"""The bot token in no output, log line, stored error or backup, whatever fails.

A token Telegram rejects (401) stops ``cagbot run`` (polling and webhook) and ``cagbot
broadcast`` with one line and exit 1, before anything is queued; malformed answers (an error
page quoting the request URL, which holds the token) leave no trace of the token anywhere.
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from cagbot.devserver import Emulator
from cagbot.logs import REDACTED
from cagbot.store import Store
from tests.notify.conftest import subscribe
from tests.ops.conftest import TOKEN, clean_env, free_port, run_to_exit

WRONG_TOKEN = "987654321:AAFwrong_token_that_telegram_rejects_x"
EXIT_WITHIN = 30.0


async def cli(
    tmp_path: Path, emu: Emulator, *args: str, token: str = TOKEN, level: str = "INFO"
) -> tuple[int, str]:
    env = clean_env(
        CAGBOT_DATABASE=str(tmp_path / "cagbot.db"),
        CAGBOT_TOKEN=token,
        CAGBOT_API_BASE_URL=emu.base_url,
        CAGBOT_WEBHOOK_URL="https://bot.example.org/telegram",
        CAGBOT_LISTEN="127.0.0.1",
        PORT=str(free_port()),
        CAGBOT_LOG_LEVEL=level,
    )
    return await run_to_exit(args, cwd=tmp_path, env=env, within=EXIT_WITHIN)


def assert_no_token(text: str | bytes, token: str = TOKEN) -> None:
    secret = token.split(":", 1)[1]
    if isinstance(text, bytes):
        assert secret.encode() not in text
    else:
        assert secret not in text
        assert secret.replace("_", "%5F") not in text


async def test_a_rejected_token_stops_run_and_broadcast_with_one_line(
    tmp_path: Path, emu: Emulator
) -> None:
    store = await Store.open(tmp_path / "cagbot.db")
    await subscribe(store, emu.add_user().id)
    await store.close()
    results = await asyncio.gather(
        cli(tmp_path, emu, "run", token=WRONG_TOKEN),
        cli(tmp_path, emu, "run", "--webhook", token=WRONG_TOKEN),
        cli(tmp_path, emu, "broadcast", "--text", "hello", "--yes", token=WRONG_TOKEN),
    )
    for (code, output), command in zip(results, ("run", "run", "broadcast"), strict=True):
        lines = [line for line in output.splitlines() if line.strip()]
        assert code == 1, output
        assert len(lines) == 1, output
        assert lines[0].startswith(f"cagbot {command}: Telegram rejected CAGBOT_TOKEN"), output
        assert "@BotFather" in lines[0]
        assert "Traceback" not in output
        assert_no_token(output, WRONG_TOKEN)
    with sqlite3.connect(tmp_path / "cagbot.db") as connection:
        queued = connection.execute("SELECT count(*) FROM outbox").fetchone()[0]
        audited = connection.execute("SELECT count(*) FROM broadcasts").fetchone()[0]
    assert (queued, audited) == (0, 0)  # nothing queued for a token that cannot send


async def test_malformed_answers_leave_the_token_in_no_output_stored_error_or_backup(
    tmp_path: Path, emu: Emulator
) -> None:
    refused, flaky, garbage = emu.add_user(), emu.add_user(), emu.add_user()
    store = await Store.open(tmp_path / "cagbot.db")
    for user in (refused, flaky, garbage):
        await subscribe(store, user.id)
    await store.close()
    # An HTML error page quoting the URL: as a permanent 400, as a transient 502, and a 200
    # whose body is not JSON at all.
    emu.faults.garble("sendMessage", status=400, chat_id=refused.id)
    emu.faults.garble("sendMessage", status=502, chat_id=flaky.id)
    emu.faults.garble("sendMessage", status=200, chat_id=garbage.id, body="{url} <oops")
    # DEBUG: PTB logs each answer it cannot parse, with the body, and httpx every URL.
    code, output = await cli(tmp_path, emu, "broadcast", "--text", "hello", "--yes", level="DEBUG")
    assert code == 0, output
    assert "2 sent" in output
    assert "1 failed" in output
    assert REDACTED in output  # the URL was logged, and masked
    assert_no_token(output)
    database = tmp_path / "cagbot.db"
    with sqlite3.connect(database) as connection:
        (error,) = connection.execute(
            "SELECT last_error FROM outbox WHERE status = 'failed'"
        ).fetchone()
    assert REDACTED in error  # the answer did quote the URL; what is stored masks it
    assert_no_token(error)
    code, output = await cli(tmp_path, emu, "backup", "copy.db")
    assert code == 0, output
    for path in (database, Path(f"{database}-wal"), tmp_path / "copy.db"):
        if path.exists():
            assert_no_token(path.read_bytes())


async def test_an_unreachable_bot_api_stops_run_with_one_line(tmp_path: Path) -> None:
    class Nowhere:  # nothing listens on this port
        base_url = f"http://127.0.0.1:{free_port()}/bot"

    code, output = await cli(tmp_path, Nowhere(), "run")  # type: ignore[arg-type]
    lines = [line for line in output.splitlines() if line.strip()]
    assert code == 1, output
    assert len(lines) == 1, output
    assert lines[0].startswith("cagbot run: cannot reach the Bot API at http://127.0.0.1:")
    assert_no_token(output)
