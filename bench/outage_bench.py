"""A Telegram outage as operators see it: `cagbot health`, /metrics and the log.

Run: python bench/outage_bench.py [--outage 300] [--every 30] [--recipients 20]

A polling bot (`python -m cagbot run`, CAGBOT_METRICS_PORT) against the loopback emulator,
20 deliveries queued, every sendMessage answered 502 for --outage seconds. Every --every
seconds it records `cagbot health` with the default limits and with 2-minute ones, and from
/metrics the retrying deliveries, the 5xx count, the oldest wait and the last send. After the
outage: seconds until every delivery went out. Then `kill -9`: seconds until health fails.
Printed as a table; figures on a shared machine are upper bounds.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cagbot.devserver import Emulator, FloodLimits
from cagbot.store import Store

TOKEN = "123456789:AAEhBP0av18d2kKZ8y_bench_outage_tok"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def health(env: dict[str, str], cwd: Path, *args: str) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "cagbot",
        "health",
        *args,
        cwd=cwd,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await process.communicate()
    return int(process.returncode or 0), out.decode().strip()


async def metrics(port: int) -> dict[str, float]:
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{port}/metrics") as response,
    ):
        text = await response.text()
    wanted = {
        'cagbot_outbox_deliveries{state="retrying"}': "retrying",
        'cagbot_outbox_deliveries{state="sent"}': "sent",
        'cagbot_telegram_requests_total{method="sendMessage",outcome="5xx"}': "5xx",
        "cagbot_outbox_oldest_waiting_seconds": "oldest",
        "cagbot_last_sent_timestamp_seconds": "last_sent",
    }
    found = dict.fromkeys(wanted.values(), 0.0)
    for line in text.splitlines():
        name, _, value = line.rpartition(" ")
        if name in wanted:
            found[wanted[name]] = float(value)
    return found


async def main(outage: float, every: float, recipients: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="cagbot-outage-"))
    database, port = folder / "cagbot.db", free_port()
    async with Emulator(token=TOKEN, limits=FloodLimits.off()) as emu:
        users = [emu.add_user(language_code="sv") for _ in range(recipients)]
        env = {k: v for k, v in os.environ.items() if not k.startswith("CAGBOT_")}
        env |= {
            "CAGBOT_TOKEN": TOKEN,
            "CAGBOT_API_BASE_URL": emu.base_url,
            "CAGBOT_DATABASE": str(database),
            "CAGBOT_METRICS_PORT": str(port),
            "CAGBOT_LISTEN": "127.0.0.1",
        }
        log_path = folder / "bot.log"
        with log_path.open("wb") as log_file:
            bot = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "cagbot",
                "run",
                cwd=folder,
                env=env,
                stdout=log_file,
                stderr=asyncio.subprocess.STDOUT,
            )
        while (await health(env, folder))[0] != 0:  # noqa: ASYNC110 - another process
            await asyncio.sleep(1)
        emu.faults.outage("sendMessage", outage, 502)
        started = time.monotonic()
        store = await Store.open(database, migrate=False, create=False)
        await store.outbox.enqueue([user.id for user in users], "Hej", kind="broadcast")
        await store.close()
        print(f"outage of {outage:.0f} s, {recipients} deliveries queued; log: {log_path}")
        print(
            " t(s) | health (defaults)                         | health (2 min limits)    "
            "| retrying | 5xx | oldest(s) | sent"
        )
        recovered = None
        while True:
            await asyncio.sleep(every)
            now = time.monotonic() - started
            default = await health(env, folder)
            strict = await health(env, folder, "--stuck-after", "2", "--retrying-after", "2")
            figures = await metrics(port)
            print(
                f"{now:5.0f} | {default[0]} {default[1][:40]:40} | {strict[0]} {strict[1][:22]:22} "
                f"| {figures['retrying']:8.0f} | {figures['5xx']:3.0f} | "
                f"{figures['oldest']:9.0f} | {figures['sent']:4.0f}"
            )
            if figures["sent"] >= recipients:
                recovered = now
                break
            if now > outage + 900:
                break
        log = log_path.read_text(errors="replace")
        print(
            f"all sent {recovered - outage:.0f} s after the outage ended"
            if recovered
            else "not all sent within 15 min after the outage"
        )
        print(
            f"log: {log.count('cagbot.telegram')} cagbot.telegram warnings, "
            f"{log.count(' ERROR ')} ERROR lines, {log.count('Traceback')} tracebacks"
        )
        bot.kill()
        await bot.wait()
        killed = time.monotonic()
        code, line = await health(env, folder)
        print(f"kill -9: health exit {code} after {time.monotonic() - killed:.1f} s: {line}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outage", type=float, default=300.0)
    parser.add_argument("--every", type=float, default=30.0)
    parser.add_argument("--recipients", type=int, default=20)
    options = parser.parse_args()
    asyncio.run(main(options.outage, options.every, options.recipients))
