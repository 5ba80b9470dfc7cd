"""Bad databases: every command, run as a real process, ends within seconds with one line
naming the problem and what to do, a non-zero exit and no traceback (and no hang: a
connection left open on an error path would keep aiosqlite's thread, and the process, alive).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from cagbot.devserver import Emulator
from tests.ops.conftest import TOKEN, clean_env, free_port, run_to_exit

#: Each command must be done well within this, on two busy cores (it takes ~0.3 s alone).
EXIT_WITHIN = 20.0

COMMANDS: dict[str, tuple[str, ...]] = {
    "migrate": ("migrate",),
    "import": ("import", "--sample"),
    "search": ("search", "internship"),
    "posts": ("posts",),
    "opportunities": ("opportunities",),
    "backup": ("backup", "copy.db"),
    "broadcast": ("broadcast", "--text", "hello", "--yes"),
    "run": ("run",),
    "run --webhook": ("run", "--webhook"),
}


async def cli(
    cwd: Path, emu: Emulator, database: Path, *args: str, wrap: tuple[str, ...] = ()
) -> tuple[int, str, float]:
    """``python -m cagbot ARGS`` (optionally under ``wrap``): exit code, output, seconds."""
    env = clean_env(
        CAGBOT_DATABASE=str(database),
        CAGBOT_TOKEN=TOKEN,
        CAGBOT_API_BASE_URL=emu.base_url,
        CAGBOT_WEBHOOK_URL="https://bot.example.org/telegram",
        CAGBOT_LISTEN="127.0.0.1",
        PORT=str(free_port()),
    )
    started = time.monotonic()
    code, output = await run_to_exit(args, cwd=cwd, env=env, within=EXIT_WITHIN, wrap=wrap)
    return code, output, time.monotonic() - started


async def assert_every_command_refuses(
    tmp_path: Path,
    emu: Emulator,
    database: Path,
    wanted: str,
    commands: tuple[str, ...] = tuple(COMMANDS),
    wrap: tuple[str, ...] = (),
) -> None:
    results = await asyncio.gather(
        *(cli(tmp_path, emu, database, *COMMANDS[name], wrap=wrap) for name in commands)
    )
    for name, (code, output, seconds) in zip(commands, results, strict=True):
        lines = [line for line in output.splitlines() if line.strip()]
        assert code == 1, f"{name}: exit {code}\n{output}"
        assert "Traceback" not in output, f"{name}:\n{output}"
        assert len(lines) == 1, f"{name}: want one line, got\n{output}"
        assert lines[0].startswith(f"cagbot {name.split()[0]}: "), output
        assert wanted in lines[0], f"{name}: {lines[0]}"
        assert TOKEN not in output
        assert seconds < EXIT_WITHIN
    assert emu.stats.requests["sendMessage"] == 0  # nothing went out on a bad database


async def test_a_database_from_a_newer_cagbot(tmp_path: Path, emu: Emulator) -> None:
    database = tmp_path / "cagbot.db"
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA user_version = 999")
    await assert_every_command_refuses(tmp_path, emu, database, "newer than this cagbot")
    assert not (tmp_path / "copy.db").exists()


async def test_a_file_that_is_not_a_database(tmp_path: Path, emu: Emulator) -> None:
    database = tmp_path / "cagbot.db"
    database.write_bytes(os.urandom(8192))
    await assert_every_command_refuses(tmp_path, emu, database, "damaged or not a cagbot database")


async def test_a_database_damaged_inside(tmp_path: Path, emu: Emulator) -> None:
    """A sound header over garbage pages: SQLite notices only when it reads them."""
    database = tmp_path / "cagbot.db"
    code, output, _ = await cli(tmp_path, emu, database, "import", "--sample")
    assert code == 0, output
    data = bytearray(database.read_bytes())
    assert len(data) > 8 * 4096
    data[4096:] = bytes(len(data) - 4096)  # every page after the first zeroed: schema is lost
    data[4096 : 4096 + 16] = b"\x0d" * 16  # and a bogus page type where a b-tree should be
    database.write_bytes(bytes(data))
    await assert_every_command_refuses(
        tmp_path,
        emu,
        database,
        "damaged or not a cagbot database",
        commands=("migrate", "search", "posts", "run"),
    )


async def test_a_folder_that_cannot_be_created(tmp_path: Path, emu: Emulator) -> None:
    (tmp_path / "state").write_text("a file where the folder should be")
    database = tmp_path / "state" / "db" / "cagbot.db"
    await assert_every_command_refuses(
        tmp_path,
        emu,
        database,
        "cannot be created",
        commands=("migrate", "import", "run"),
    )
    # Commands that only use a database never create one (nor its folder).
    await assert_every_command_refuses(
        tmp_path,
        emu,
        database,
        "there is no database at",
        commands=("search", "posts", "backup", "broadcast"),
    )


def _read_only_mount(folder: Path) -> tuple[str, ...] | None:
    """A command prefix that runs the CLI with ``folder`` mounted read-only (root, in a
    private mount namespace), or None where that is not possible."""
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        return None
    script = (
        'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && ! touch "$0/.probe" '
        '2>/dev/null && shift 0 && exec "$@"'
    )
    wrap = ("unshare", "-m", "sh", "-c", script, str(folder))
    probe = subprocess.run([*wrap, "true"], capture_output=True, timeout=10, check=False)
    return wrap if probe.returncode == 0 else None


async def test_a_read_only_mount_or_file(tmp_path: Path, emu: Emulator) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    database = folder / "cagbot.db"
    code, output, _ = await cli(tmp_path, emu, database, "import", "--sample")
    assert code == 0, output
    wrap = _read_only_mount(folder)
    if wrap is None:
        if os.geteuid() == 0:
            pytest.skip("root without mount namespaces: a read-only file cannot be simulated")
        database.chmod(0o444)
        folder.chmod(0o555)
    try:
        await assert_every_command_refuses(
            tmp_path,
            emu,
            database,
            "cannot be written",
            commands=("migrate", "import", "search", "posts", "broadcast", "run"),
            wrap=wrap or (),
        )
    finally:
        folder.chmod(0o755)
