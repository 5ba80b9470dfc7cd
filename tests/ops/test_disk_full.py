"""A full disk is named, once, and nothing is half-written: ``cagbot import`` on a real
small tmpfs stops at the first batch that does not fit, rolls it back, keeps what came
before, says "disk full" in one line and exits 1 (it used to exit 0 with a traceback per
record). Without root (no mount), the same path is driven by an injected SQLite error."""

from __future__ import annotations

import asyncio
import os
import re
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from cagbot.cli import main
from cagbot.store import Store
from cagbot.store.database import describe_database_error, is_storage_error
from tests.ops.conftest import integrity

POSTS = 3000


def _listing(path: Path, count: int) -> Path:
    blocks = [
        f"Disk test number {n}: a youth exchange in Osh\n\n"
        f"Young people from Bishkek and Osh meet for week {n} of training in media and "
        "civic work, with travel costs covered by the organisers. Apply by writing to the "
        "Bishkek office before the end of the month."
        for n in range(count)
    ]
    path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    where = tmp_path / "disk"
    where.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _fill(folder: Path, leave: int) -> None:
    """Fill the file system but ``leave`` bytes."""
    free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize
    with (folder / "filler").open("wb") as filler:
        filler.write(b"\0" * max(0, free - leave))


def _posts(database: Path) -> int:
    connection = sqlite3.connect(database)
    try:
        return int(connection.execute("SELECT count(*) FROM posts").fetchone()[0])
    finally:
        connection.close()


def test_import_on_a_full_disk_stops_rolls_back_and_exits_1(
    small_disk: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    database = small_disk / "cagbot.db"
    monkeypatch.setenv("CAGBOT_DATABASE", str(database))
    monkeypatch.delenv("CAGBOT_TOKEN", raising=False)
    # Batches small enough that some are committed before the disk fills (the space left
    # below holds a few hundred posts; an import commits 500 at a time).
    monkeypatch.setattr("cagbot.content.importer.BATCH_SIZE", 100)

    async def create() -> None:
        store = await Store.open(database)
        await store.close()

    asyncio.run(create())
    _fill(small_disk, 400_000)
    listing = _listing(tmp_path / "many.txt", POSTS)
    capsys.readouterr()

    assert main(["import", str(listing)]) == 1
    captured = capsys.readouterr()
    lines = [line for line in captured.err.splitlines() if line.strip()]
    assert len(lines) == 1, captured.err
    assert "disk full" in lines[0]
    assert "Traceback" not in captured.err + captured.out
    (small_disk / "filler").unlink()
    assert integrity(database) == "ok"
    kept = int(re.search(r"the (\d+) records written before", lines[0]).group(1))  # type: ignore[union-attr]
    assert 0 < kept < POSTS
    assert _posts(database) == kept  # the failing batch was rolled back, nothing half-written


def test_a_storage_error_is_named_and_never_retried_record_by_record() -> None:
    full = sqlite3.OperationalError("database or disk is full")
    assert is_storage_error(full)
    assert is_storage_error(sqlite3.OperationalError("disk I/O error"))
    assert not is_storage_error(sqlite3.IntegrityError("UNIQUE constraint failed: posts.key"))
    assert describe_database_error("/data/cagbot.db", full).startswith("disk full:")
