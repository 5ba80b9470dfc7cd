"""Steps several end-to-end journeys share: readers subscribed straight in the store (with
the broadcast follow-up polling fast), and ``cagbot import`` run in another process, as an
operator runs it."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from cagbot.bot.notifications import runtime_of
from cagbot.devserver import SimUser
from cagbot.store import Store
from tests.e2e.conftest import Bot
from tests.notify.conftest import subscribe


async def readers(bot: Bot, languages: list[str]) -> list[SimUser]:
    """One subscribed reader per language, in that order."""
    store: Store = bot.app.bot_data.store
    runtime_of(bot.app).follow_every = 0.05
    users = []
    for language in languages:
        user = bot.user(language_code=language)
        await subscribe(store, user.id, language=language)
        users.append(user)
    return users


async def cagbot_import(source: Path, database: Path) -> str:
    """``python -m cagbot import SOURCE`` against ``database`` (no other CAGBOT_ setting);
    its standard output, once it has exited 0."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("CAGBOT_")}
    env["CAGBOT_DATABASE"] = str(database)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "cagbot",
        "import",
        str(source),
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate()
    assert process.returncode == 0, err.decode()
    return out.decode()
