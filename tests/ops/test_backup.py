"""``cagbot backup``, proven by restoring: into place while the bot is stopped, and a backup
taken while another connection keeps writing is a consistent snapshot."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

import pytest

from cagbot.cli import main
from cagbot.store import Store
from tests.ops.batches import BATCH, consistency
from tests.ops.conftest import integrity
from tests.ops.scripts.writer import draft


@pytest.fixture(autouse=True)
def database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in ("TOKEN", "ADMIN_IDS", "FEEDS", "API_BASE_URL", "LOG_FORMAT"):
        monkeypatch.delenv(f"CAGBOT_{name}", raising=False)
    path = tmp_path / "live" / "cagbot.db"
    monkeypatch.setenv("CAGBOT_DATABASE", str(path))
    return path


def posts_json(capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    capsys.readouterr()
    assert main(["posts", "--json", "--limit", "1000"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data, list)
    return data


def restore(backup: Path, database: Path) -> None:
    """The documented procedure: bot stopped, copy the backup over the file, drop the WAL."""
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(backup, database)


def test_restore_into_place_brings_back_the_backed_up_state(
    capsys: pytest.CaptureFixture[str], database: Path, tmp_path: Path
) -> None:
    assert main(["import", "--sample"]) == 0
    before = posts_json(capsys)
    assert before
    backup = tmp_path / "backups" / "2026-09-01.db"
    assert main(["backup", str(backup)]) == 0
    assert integrity(backup) == "ok"

    # Damage after the backup: the database file is lost entirely.
    database.unlink()
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    capsys.readouterr()
    assert main(["posts"]) == 1  # and no empty database made in its place
    assert "there is no database at" in capsys.readouterr().err
    assert not database.exists()

    restore(backup, database)
    assert posts_json(capsys) == before
    assert main(["migrate"]) == 0  # the restored file is a working database
    assert integrity(database) == "ok"
    assert integrity(backup) == "ok"  # and the backup was not touched by using the copy


def test_restore_discards_later_writes(
    capsys: pytest.CaptureFixture[str], database: Path, tmp_path: Path
) -> None:
    seeds = sorted(Path(__file__).parents[2].glob("data/seeds/*.txt"))
    assert len(seeds) >= 2
    assert main(["import", str(seeds[0])]) == 0
    before = posts_json(capsys)
    backup = tmp_path / "backup.db"
    assert main(["backup", str(backup)]) == 0
    assert main(["import", str(seeds[1])]) == 0
    assert len(posts_json(capsys)) > len(before)
    restore(backup, database)
    assert posts_json(capsys) == before


async def test_backup_while_another_connection_writes_is_consistent(
    database: Path, tmp_path: Path
) -> None:
    writer = await Store.open(database)
    stop, enough = asyncio.Event(), asyncio.Event()
    written = 0

    async def keep_writing() -> None:
        nonlocal written
        generation = 0
        while not stop.is_set():
            generation += 1
            fresh = [draft(written + i, generation) for i in range(BATCH)]
            previous = [draft(written - BATCH + i, generation) for i in range(BATCH)]
            await writer.posts.upsert_many([*previous, *fresh] if written else fresh)
            written += BATCH
            if written >= 4 * BATCH:
                enough.set()

    task = asyncio.create_task(keep_writing())
    try:
        await enough.wait()
        backups = []
        for number in range(3):
            target = tmp_path / f"backup-{number}.db"
            # `cagbot backup` opens its own connection, as an operator's cron job would.
            assert await asyncio.to_thread(main, ["backup", str(target)]) == 0
            backups.append(target)
            await asyncio.sleep(0.05)
    finally:
        stop.set()
        await task
        await writer.close()
    counts = []
    for target in backups:
        assert integrity(target) == "ok"
        posts, problems = consistency(target)
        assert problems == []
        counts.append(posts)
    assert counts[0] >= 4 * BATCH
    assert counts == sorted(counts)
    assert counts[-1] > counts[0]  # the writer really kept going between backups
    assert counts[-1] <= written
