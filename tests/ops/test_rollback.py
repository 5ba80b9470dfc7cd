"""Upgrade and roll back with two real versions of cagbot (issue 23).

The previous release's code (0.2.0, from git) makes a database with a broadcast queued; this
build migrates it (backing it up first), "delivers" 13 of the 19 deliveries, someone new
subscribes and someone owed the broadcast uses /forget; the older code refuses the newer
schema in one line. Then the rollback docs/deploy.md describes: ``cagbot restore`` of the
pre-upgrade backup, and the previous release started on it. It sends the 5 deliveries still
owed and none of the 13 again, nothing to the forgotten person, and the newcomer is still
subscribed.
"""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from io import BytesIO
from pathlib import Path

import pytest

from cagbot.devserver import Emulator
from tests.ops.conftest import TOKEN, clean_env, run_to_exit

ROOT = Path(__file__).parents[2]
#: The previous release: its tag once the lead has made it, else the commit it was.
PREVIOUS = ("v0.2.0", "3d9dd24749a5799a96332a86ae7e88e0d95e020f")
PREVIOUS_SCHEMA = 10
RECIPIENTS, DELIVERED = 19, 13
WITHIN = 60.0  # seconds for one command on two busy cores (about 1 s alone)


def _git(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, check=False)


@pytest.fixture(scope="module")
def previous_release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The previous release's package, data and catalogs, extracted from git."""
    if shutil.which("git") is None:
        pytest.skip("git is needed to get the previous release")
    for ref in PREVIOUS:
        archive = _git("archive", "--format=tar", ref, "cagbot", "data", "locales")
        if archive.returncode == 0:
            break
    else:
        pytest.skip("the previous release is not in this repository's history")
    folder = tmp_path_factory.mktemp("previous")
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(folder, filter="data")
    return folder


async def old(release: Path, cwd: Path, env: dict[str, str], *args: str) -> tuple[int, str]:
    """``python -m cagbot ARGS`` with the previous release's code."""
    return await run_to_exit(args, cwd=cwd, env={**env, "PYTHONPATH": str(release)}, within=WITHIN)


def scalar(database: Path, sql: str) -> int:
    with sqlite3.connect(database) as connection:
        return int(connection.execute(sql).fetchone()[0])


#: Run with the previous release's code: subscribers and a broadcast to them, written by
#: that release into its own schema (this build's store would write columns it lacks).
_QUEUE = """
import asyncio, sys
from cagbot.notify import Audience, BroadcastService
from cagbot.store import Store

async def main(path: str, chats: list[int]) -> None:
    store = await Store.open(path, migrate=False)
    try:
        async with store.db.transaction() as connection:
            await connection.executemany(
                "INSERT INTO subscribers (chat_id, language, subscribed) VALUES (?, 'sv', 1)",
                [(chat,) for chat in chats],
            )
        _, recipients = await BroadcastService(store, "sv").start(
            {"*": "Hej från CAG"}, Audience(), admin_id=None, origin="cli"
        )
        assert recipients == len(chats), recipients
    finally:
        await store.close()

asyncio.run(main(sys.argv[1], [int(chat) for chat in sys.argv[2:]]))
"""


async def queue_broadcast(
    release: Path, database: Path, chats: list[int], env: dict[str, str]
) -> None:
    """Subscribers and a broadcast to them, queued by the previous release's code."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        _QUEUE,
        str(database),
        *map(str, chats),
        env={**env, "PYTHONPATH": str(release)},
        cwd=database.parent,  # "python -c" puts the working directory first on sys.path
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), WITHIN)
    assert process.returncode == 0, output.decode(errors="replace")


async def test_upgrade_then_rollback_loses_nothing_and_sends_nothing_twice(
    previous_release: Path, tmp_path: Path
) -> None:
    database = tmp_path / "cagbot.db"
    async with Emulator(token=TOKEN) as emu:
        env = clean_env(
            CAGBOT_DATABASE=str(database), CAGBOT_TOKEN=TOKEN, CAGBOT_API_BASE_URL=emu.base_url
        )
        users = [emu.add_user(language_code="sv") for _ in range(RECIPIENTS)]
        chats = [user.id for user in users]

        # The previous release makes the database; a broadcast is queued in it.
        code, output = await old(previous_release, tmp_path, env, "migrate")
        assert code == 0, output
        assert scalar(database, "PRAGMA user_version") == PREVIOUS_SCHEMA
        await queue_broadcast(previous_release, database, chats, env)

        # Upgrade: this build migrates, backing the old schema up first.
        code, output = await run_to_exit(("migrate",), cwd=tmp_path, env=env, within=WITHIN)
        assert code == 0, output
        (backup,) = await asyncio.to_thread(lambda: list(tmp_path.glob("cagbot.db.0.2.0-*.bak")))
        assert f"backed up schema {PREVIOUS_SCHEMA} to {backup}" in output
        assert scalar(backup, "PRAGMA user_version") == PREVIOUS_SCHEMA
        assert (await asyncio.to_thread(backup.stat)).st_mode & 0o777 == 0o600

        # The new bot delivers 13 of the 19 before the operator decides to roll back.
        with sqlite3.connect(database) as connection:
            connection.execute(
                "UPDATE outbox SET status = 'sent', attempts = 1, telegram_message_id = 1, "
                "sent_at = unixepoch('now'), "
                "finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') "
                "WHERE id IN (SELECT id FROM outbox ORDER BY id LIMIT ?)",
                (DELIVERED,),
            )

        # Meanwhile someone new subscribes, and someone still owed the broadcast uses
        # /forget (as PrivacyStore.erase does).
        newcomer = emu.add_user(language_code="sv")
        forgotten = chats[-1]
        with sqlite3.connect(database) as connection:
            connection.execute(
                "INSERT INTO subscribers (chat_id, language, subscribed) VALUES (?, 'sv', 1)",
                (newcomer.id,),
            )
            for table in ("subscriber_topics", "outbox", "subscribers"):
                connection.execute(f"DELETE FROM {table} WHERE chat_id = ?", (forgotten,))

        # The previous release refuses the newer schema: one line, exit 1, no hang.
        for command in (("posts",), ("migrate",)):
            code, output = await old(previous_release, tmp_path, env, *command)
            lines = [line for line in output.splitlines() if line.strip()]
            assert code == 1, output
            assert len(lines) == 1, output
            assert "newer than this cagbot" in lines[0]

        # Rollback: this build restores the pre-upgrade backup...
        code, output = await run_to_exit(
            ("restore", str(backup)), cwd=tmp_path, env=env, within=WITHIN
        )
        assert code == 0, output
        assert (
            f"{DELIVERED} deliveries made since the backup will not be sent again, "
            f"{RECIPIENTS - DELIVERED - 1} still queued, 0 of unknown fate" in output
        )
        assert f"{RECIPIENTS} subscribers as they are now" in output
        assert scalar(database, "PRAGMA user_version") == PREVIOUS_SCHEMA
        assert (await asyncio.to_thread(database.stat)).st_mode & 0o777 == 0o600
        replaced = await asyncio.to_thread(lambda: list(tmp_path.glob("cagbot.db.replaced-*")))
        assert replaced  # the upgraded database is kept, not deleted

        # ... and the previous release runs on it: it accepts the schema and delivers
        # what is still owed (its `cagbot broadcast` drains the whole outbox).
        code, output = await old(previous_release, tmp_path, env, "migrate")
        assert code == 0, output
        assert "up to date" in output
        code, output = await old(
            previous_release, tmp_path, env, "broadcast", "--text", "Andra", "--yes"
        )
        assert code == 0, output

        first = dict.fromkeys(chats, 0)
        for chat in chats:
            for message in emu.messages(chat):
                if message.text == "Hej från CAG":
                    first[chat] += 1
        # The 13 had theirs from the new release: none again; the 5 still owed get it once;
        # the one who used /forget gets nothing.
        assert first[forgotten] == 0
        owed = RECIPIENTS - DELIVERED - 1
        assert sorted(first.values()) == [0] * (DELIVERED + 1) + [1] * owed
        still = [*chats[:-1], newcomer.id]  # nothing lost: the newcomer is a subscriber
        assert all(any(message.text == "Andra" for message in emu.messages(chat)) for chat in still)
        assert not emu.messages(forgotten)
        assert scalar(database, "SELECT count(*) FROM subscribers") == RECIPIENTS
        gone = f"SELECT count(*) FROM subscribers WHERE chat_id = {forgotten}"
        assert scalar(database, gone) == 0
        assert scalar(database, "SELECT count(*) FROM outbox WHERE status = 'pending'") == 0
