"""kill -9 in the middle of writes never corrupts the database or leaves half a record."""

from __future__ import annotations

import asyncio
import random
import signal
import sys
from pathlib import Path

from tests.ops.batches import BATCH, consistency
from tests.ops.conftest import START_TIMEOUT, clean_env, integrity

WRITER = Path(__file__).parent / "scripts" / "writer.py"
ROUNDS = 6


async def test_sigkill_mid_write_leaves_a_consistent_database(tmp_path: Path) -> None:
    database = tmp_path / "crash.db"
    chance = random.Random(20260901)
    committed = 0
    for _ in range(ROUNDS):
        writer = await asyncio.create_subprocess_exec(
            sys.executable,
            str(WRITER),
            str(database),
            str(BATCH),
            env=clean_env(),
            cwd=tmp_path,
            stdout=asyncio.subprocess.PIPE,
        )
        assert writer.stdout is not None
        try:
            # Wait for the first commit, then kill at a random moment a few batches later.
            line = await asyncio.wait_for(writer.stdout.readline(), START_TIMEOUT)
            assert line.startswith(b"committed"), line
            await asyncio.sleep(chance.uniform(0.0, 0.4))
        finally:
            writer.send_signal(signal.SIGKILL)
            rest = await writer.stdout.read()
            await writer.wait()
        confirmed = [int(text.split()[1]) for text in (line + rest).decode().splitlines()]
        assert writer.returncode == -signal.SIGKILL
        assert integrity(database) == "ok"
        posts, problems = consistency(database)
        assert problems == []
        # Everything reported committed survived; at most the batch in flight was lost.
        assert posts >= max(confirmed)
        assert posts > committed
        committed = posts
