"""``cagbot health`` against real ``python -m cagbot run`` processes (polling and webhook)."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from cagbot.devserver import Emulator
from tests.ops.conftest import (
    START_TIMEOUT,
    BotProcess,
    clean_env,
    free_port,
    start_bot,
    start_webhook_bot,
)


async def health(database: Path, cwd: Path) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "cagbot",
        "health",
        cwd=cwd,
        env=clean_env(CAGBOT_DATABASE=str(database)),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), START_TIMEOUT)
    assert process.returncode is not None
    return process.returncode, (out + err).decode().strip()


async def test_polling_bot_is_healthy_while_it_runs_and_not_once_stopped(
    tmp_path: Path, emu: Emulator, processes: list[BotProcess]
) -> None:
    database = tmp_path / "cagbot.db"
    assert await health(database, tmp_path) == (
        1,
        f"database {database} does not exist (is CAGBOT_DATABASE right?)",
    )
    bot = await start_bot(tmp_path, emu)
    processes.append(bot)
    user = emu.add_user(language_code="ru")
    emu.send_text(user, "/start")
    await bot.until(emu.next_message(user.id, timeout=START_TIMEOUT))
    code, line = await health(database, tmp_path)
    assert code == 0, line
    assert line.startswith("ok: starting bot (pid ")  # the JobQueue's beats follow every 30 s
    assert await bot.terminate() == 0
    code, line = await health(database, tmp_path)
    assert code == 1
    assert "stopped at" in line
    assert len(line.splitlines()) == 1


async def test_webhook_bot_is_healthy(
    tmp_path: Path, emu: Emulator, processes: list[BotProcess]
) -> None:
    bot = await start_webhook_bot(tmp_path, emu, processes, free_port())
    code, line = await health(tmp_path / "cagbot.db", tmp_path)
    assert code == 0, f"{line}\n{bot.log}"
    assert await bot.terminate() == 0
    assert (await health(tmp_path / "cagbot.db", tmp_path))[0] == 1
