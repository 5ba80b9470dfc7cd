"""Webhook under a flood of half-open connections: does ``/healthz`` and Telegram's POSTs
still get through, and what does it cost the bot in file descriptors and log volume?

Run: python bench/webhook_flood_bench.py [--half-open N] [--probes P] [--reconnect-after S]

``python -m cagbot run --webhook`` runs as a subprocess against the loopback emulator. A
flood keeps N connections open to it (half say nothing, half send half a request line;
whenever the bot drops one, it is opened again after S seconds), while P ``/healthz`` requests and
P update POSTs (one per new connection, as a load balancer and Telegram would) are timed.
Printed: health and POST success and latency (median, p99), the bot's open file descriptors
at most (from /proc), connections the bot dropped, and its log lines and bytes, ERROR lines
among them.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
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
from cagbot.webhook import HEALTH_PATH, SECRET_HEADER

TOKEN = "123456789:AAEhBP0av18d2kKZ8y_bench_token_ops"
SECRET = "bench_secret"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _fds(pid: int) -> int:
    try:
        return sum(1 for _ in Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return -1


async def _flood(
    port: int, count: int, reconnect_after: float, stop: asyncio.Event, dropped: list[int]
) -> None:
    async def one(index: int) -> None:
        while not stop.is_set():
            try:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            except OSError:
                await asyncio.sleep(0.05)  # refused: try again, as an attacker would
                continue
            if index % 2:
                writer.write(b"POST /telegr")
            with contextlib.suppress(OSError):
                stopped = asyncio.ensure_future(stop.wait())
                hung_up = asyncio.ensure_future(reader.read())
                await asyncio.wait({stopped, hung_up}, return_when=asyncio.FIRST_COMPLETED)
                stopped.cancel()
                if hung_up.done():
                    dropped[0] += 1
                    with contextlib.suppress(OSError):
                        hung_up.result()
                else:
                    hung_up.cancel()
            writer.close()
            if not stop.is_set():
                await asyncio.sleep(reconnect_after)

    await asyncio.gather(*(one(index) for index in range(count)), return_exceptions=True)


def _quantiles(values: list[float]) -> str:
    if not values:
        return "n/a"
    ordered = sorted(values)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"median {statistics.median(ordered) * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms"


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half-open", type=int, default=1100)
    parser.add_argument("--probes", type=int, default=100)
    parser.add_argument(
        "--reconnect-after",
        type=float,
        default=1.0,
        help="seconds a flood connection waits before reconnecting when dropped (0: at once)",
    )
    args = parser.parse_args()
    port = _free_port()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        log_path = workdir / "bot.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith("CAGBOT_") and k != "PORT"}
        async with Emulator(token=TOKEN, limits=FloodLimits.off(), record_messages=False) as emu:
            env.update(
                CAGBOT_TOKEN=TOKEN,
                CAGBOT_API_BASE_URL=emu.base_url,
                CAGBOT_DATABASE=str(workdir / "cagbot.db"),
                CAGBOT_WEBHOOK_URL="https://bot.example.org/telegram",
                CAGBOT_WEBHOOK_SECRET=SECRET,
                CAGBOT_LISTEN="127.0.0.1",
                CAGBOT_PORT=str(port),
            )
            with log_path.open("wb") as log_file:
                process = await asyncio.create_subprocess_exec(
                    sys.executable, "-m", "cagbot", "run", "--webhook",
                    cwd=workdir, env=env, stdout=log_file, stderr=asyncio.subprocess.STDOUT,
                )  # fmt: skip
            await emu.wait_for(lambda: emu.webhook_url, timeout=60)
            base_fds = _fds(process.pid)
            stop, dropped = asyncio.Event(), [0]
            flood = asyncio.ensure_future(
                _flood(port, args.half_open, args.reconnect_after, stop, dropped)
            )
            await asyncio.sleep(2.0)  # let the flood build up
            health: list[float] = []
            posts: list[float] = []
            health_ok = posts_ok = 0
            max_fds = base_fds
            users = [emu.add_user() for _ in range(args.probes)]
            timeout = aiohttp.ClientTimeout(total=10)
            for number, user in enumerate(users):
                message = emu.send_text(user, "/help")
                emu._updates.clear()
                body = {"update_id": number + 1, "message": message}
                for kind, samples in (("health", health), ("post", posts)):
                    connector = aiohttp.TCPConnector(force_close=True)
                    started = time.perf_counter()
                    try:
                        async with aiohttp.ClientSession(
                            connector=connector, timeout=timeout
                        ) as http:
                            if kind == "health":
                                request = http.get(f"http://127.0.0.1:{port}{HEALTH_PATH}")
                            else:
                                request = http.post(
                                    f"http://127.0.0.1:{port}/telegram",
                                    json=body,
                                    headers={SECRET_HEADER: SECRET},
                                )
                            async with request as response:
                                await response.read()
                                ok = response.status == 200
                    except (aiohttp.ClientError, TimeoutError):
                        ok = False
                    if ok:
                        samples.append(time.perf_counter() - started)
                        if kind == "health":
                            health_ok += 1
                        else:
                            posts_ok += 1
                    max_fds = max(max_fds, _fds(process.pid))
            stop.set()
            await flood
            died = process.returncode
            if died is None:
                process.send_signal(signal.SIGTERM)
                await asyncio.wait_for(process.wait(), 60)
        log = log_path.read_bytes()
    if died is not None:
        print(f"THE BOT EXITED during the flood with code {died}; its log ends:")
        print(log.decode(errors="replace")[-3000:])
    lines = log.decode(errors="replace").splitlines()
    print(
        f"half-open flood: {args.half_open} connections kept open, each reopened "
        f"{args.reconnect_after:g} s after the bot dropped it"
    )
    print(f"/healthz: {health_ok}/{args.probes} ok, {_quantiles(health)}")
    print(f"update POSTs: {posts_ok}/{args.probes} ok, {_quantiles(posts)}")
    print(f"bot file descriptors: {base_fds} idle, {max_fds} at most during the flood")
    print(f"connections the bot dropped: {dropped[0]}")
    errors = sum(" ERROR " in line or "Traceback" in line for line in lines)
    print(f"bot log: {len(lines)} lines, {len(log):,} bytes, {errors} ERROR/traceback lines")


if __name__ == "__main__":
    asyncio.run(main())
