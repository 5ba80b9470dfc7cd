"""Operations figures: start-up, SIGTERM-to-exit, and webhook throughput of ``cagbot run``.

Run: python bench/ops_bench.py [--updates N] [--concurrency C] [--rounds R]

The bot runs as a subprocess (``python -m cagbot run`` / ``run --webhook``) against the
loopback emulator in this process, with flood limits off, on a fresh database in a
temporary directory. Printed per mode: seconds from spawn to the first reply, and from
SIGTERM to exit (median of R rounds). For the webhook: N ``/help`` updates from N users, one
each (the per-person flood gate rightly drops a burst from one person), POSTed with C
connections; requests/s accepted (the 200s) and replies/s end to end (the latter is capped
by the bot's AIORateLimiter, 30 sends/s overall, as Telegram requires).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cagbot.devserver import Emulator, FloodLimits
from cagbot.webhook import SECRET_HEADER

TOKEN = "123456789:AAEhBP0av18d2kKZ8y_bench_token_ops"
SECRET = "bench_secret"
WEBHOOK_URL = "https://bot.example.org/telegram"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _spawn(
    emu: Emulator, workdir: Path, *args: str, **env: str
) -> asyncio.subprocess.Process:
    values = {k: v for k, v in os.environ.items() if not k.startswith("CAGBOT_") and k != "PORT"}
    values.update(
        CAGBOT_TOKEN=TOKEN,
        CAGBOT_API_BASE_URL=emu.base_url,
        CAGBOT_DATABASE=str(workdir / "cagbot.db"),
        CAGBOT_LOG_LEVEL="WARNING",
        **env,
    )
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "cagbot", "run", *args, cwd=workdir, env=values
    )


async def _stop(process: asyncio.subprocess.Process) -> float:
    started = time.perf_counter()
    process.send_signal(signal.SIGTERM)
    code = await asyncio.wait_for(process.wait(), 60)
    if code != 0:
        raise RuntimeError(f"exit code {code}")
    return time.perf_counter() - started


async def polling_round(workdir: Path) -> tuple[float, float]:
    async with Emulator(token=TOKEN, limits=FloodLimits.off()) as emu:
        started = time.perf_counter()
        process = await _spawn(emu, workdir)
        user = emu.add_user()
        emu.send_text(user, "/start")
        await emu.next_message(user.id, timeout=60)
        up = time.perf_counter() - started
        return up, await _stop(process)


async def webhook_round(
    workdir: Path, updates: int, concurrency: int
) -> tuple[float, float, float, float]:
    port = _free_port()
    async with Emulator(token=TOKEN, limits=FloodLimits.off(), record_messages=False) as emu:
        started = time.perf_counter()
        process = await _spawn(
            emu,
            workdir,
            "--webhook",
            CAGBOT_WEBHOOK_URL=WEBHOOK_URL,
            CAGBOT_WEBHOOK_SECRET=SECRET,
            CAGBOT_LISTEN="127.0.0.1",
            CAGBOT_PORT=str(port),
        )
        await emu.wait_for(lambda: emu.webhook_url, timeout=60)
        users = [emu.add_user() for _ in range(updates)]
        url = f"http://127.0.0.1:{port}/telegram"
        bodies = []
        for number in range(updates):
            message = emu.send_text(users[number], "/help")
            bodies.append({"update_id": number + 1, "message": message})
        emu._updates.clear()
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency)) as http:
            async with http.post(url, json=bodies[0], headers={SECRET_HEADER: SECRET}) as first:
                assert first.status == 200
            await emu.wait_for(lambda: emu.stats.sends_accepted >= 1, timeout=60)
            up = time.perf_counter() - started
            base = emu.stats.sends_accepted
            queue: asyncio.Queue[dict[str, object]] = asyncio.Queue()
            for body in bodies[1:]:
                queue.put_nowait(body)

            async def worker() -> None:
                while not queue.empty():
                    body = queue.get_nowait()
                    async with http.post(url, json=body, headers={SECRET_HEADER: SECRET}) as r:
                        assert r.status == 200, r.status

            posting = time.perf_counter()
            await asyncio.gather(*(worker() for _ in range(concurrency)))
            accepted = (updates - 1) / (time.perf_counter() - posting)
            await emu.wait_for(lambda: emu.stats.sends_accepted - base >= updates - 1, timeout=300)
            replied = (updates - 1) / (time.perf_counter() - posting)
        return up, await _stop(process), accepted, replied


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    polling, webhook = [], []
    for _ in range(args.rounds):
        with tempfile.TemporaryDirectory() as tmp:
            polling.append(await polling_round(Path(tmp)))
        with tempfile.TemporaryDirectory() as tmp:
            webhook.append(await webhook_round(Path(tmp), args.updates, args.concurrency))
    med = statistics.median
    print(
        f"polling: start to first reply {med(p[0] for p in polling):.2f} s, "
        f"SIGTERM to exit {med(p[1] for p in polling):.2f} s (median of {args.rounds})"
    )
    print(
        f"webhook: start to first reply {med(w[0] for w in webhook):.2f} s, "
        f"SIGTERM to exit {med(w[1] for w in webhook):.2f} s"
    )
    print(
        f"webhook: {args.updates} updates, {args.concurrency} connections: "
        f"{med(w[2] for w in webhook):.0f} requests/s accepted, "
        f"{med(w[3] for w in webhook):.0f} replies/s end to end (rate limiter: 30/s)"
    )


if __name__ == "__main__":
    asyncio.run(main())
