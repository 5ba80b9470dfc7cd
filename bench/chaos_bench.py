"""Chaos benchmark: one broadcast drained by two dispatcher processes that are restarted
three times mid-send, against the emulator with Telegram's real flood limits (30 msg/s
overall, 1 msg/s per chat).

Two worker processes (``spawn``) each run a :class:`Dispatcher` on their own connection
to one database (like the bot and a ``cagbot broadcast`` run). During the broadcast:
worker A is killed with SIGKILL, B is stopped in order (SIGTERM: stop, let the sends on
the wire finish), A is killed again; each is started again at once. Prints, per chat
counted at the emulator: lost (no copy), extra copies (only possible for sends on the wire
at a SIGKILL), 429s provoked, and the delivery rate against the 30 msg/s ceiling.

    python bench/chaos_bench.py [--subscribers 3000] [--lease 5]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import telegram

from cagbot.devserver import Emulator, FloodLimits
from cagbot.notify.broadcasts import BroadcastService
from cagbot.notify.dispatcher import Dispatcher
from cagbot.notify.pacer import PaceLimits, Pacer
from cagbot.notify.transport import AiohttpRequest
from cagbot.store import Store
from cagbot.store.audience import Audience

TOKEN = "123456789:AAEhBP0av18d2kKZ8y_bench_token_chaos"
FIRST_USER = 20_000_001
CONCURRENCY = 48
#: The whole ceiling: no interactive replies here (the bot leaves 3/s of it to those).
BULK_PER_SECOND = 30


def _worker(database: str, base_url: str, lease: float) -> None:
    async def main() -> None:
        store = await Store.open(database)
        request = AiohttpRequest(CONCURRENCY, read_timeout=15)
        async with telegram.Bot(TOKEN, base_url=base_url, request=request) as bot:
            dispatcher = Dispatcher(
                store,
                bot,
                pacer=Pacer(PaceLimits(overall_per_second=BULK_PER_SECOND)),
                concurrency=CONCURRENCY,
                lease=lease,
            )
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, dispatcher.stop)
            await dispatcher.run()
        await store.close()

    asyncio.run(main())


def _spawn(database: Path, base_url: str, lease: float) -> mp.process.BaseProcess:
    process = mp.get_context("spawn").Process(
        target=_worker, args=(str(database), base_url, lease), daemon=True
    )
    process.start()
    return process


async def run(n: int, lease: float) -> None:
    emu = Emulator(token=TOKEN, limits=FloodLimits.telegram())
    await emu.start()
    ids = [FIRST_USER + i for i in range(n)]
    for chat_id in ids:
        emu.add_user(user_id=chat_id)
    with tempfile.TemporaryDirectory() as tmp:
        database = Path(tmp) / "chaos.db"
        store = await Store.open(database)
        async with store.db.transaction() as connection:
            await connection.executemany(
                "INSERT INTO subscribers (chat_id, language, subscribed) VALUES (?, 'en', 1)",
                [(chat_id,) for chat_id in ids],
            )
        _, recipients = await BroadcastService(store, "en").start(
            {"*": "Chaos <b>broadcast</b>"}, Audience(), admin_id=None, origin="cli"
        )
        workers = {name: _spawn(database, emu.base_url, lease) for name in ("A", "B")}
        started = time.perf_counter()
        plan = [(0.2, "A", "SIGKILL"), (0.45, "B", "SIGTERM"), (0.7, "A", "SIGKILL")]
        expected = n / 29.0  # roughly how long the broadcast takes at the shared rate
        for fraction, name, how in plan:
            await asyncio.sleep(max(0.0, started + fraction * expected - time.perf_counter()))
            process = workers[name]
            if how == "SIGKILL":
                process.kill()
            else:
                process.terminate()
            await asyncio.get_running_loop().run_in_executor(None, process.join, 30)
            print(f"  t={time.perf_counter() - started:5.1f} s  {how} worker {name}, restarted")
            workers[name] = _spawn(database, emu.base_url, lease)
        deadline = time.perf_counter() + expected * 3 + 60
        while time.perf_counter() < deadline:
            counts = await store.outbox.broadcast_counts(1)
            if counts.pending == counts.sending == 0:
                break
            await asyncio.sleep(0.5)
        elapsed = time.perf_counter() - started
        counts = await store.outbox.broadcast_counts(1)
        for process in workers.values():
            process.terminate()
            process.join(30)
        await store.close()
    await emu.stop()
    copies = [len(emu.messages(chat_id)) for chat_id in ids]
    lost = sum(1 for c in copies if c == 0)
    extra = sum(c - 1 for c in copies if c > 1)
    times = emu.stats.send_times
    span = times[-1] - times[0] if len(times) > 1 else 0.0
    rate = len(times) / (span + 1.0)
    print(f"{recipients:,} recipients, 2 dispatcher processes, 3 restarts (2 SIGKILL, 1 SIGTERM)")
    print(f"  outbox: {counts.sent:,} sent, {counts.failed} failed, {counts.pending} pending")
    print(f"  lost: {lost} (target 0)")
    print(f"  extra copies: {extra} (only sends on the wire at a SIGKILL may be doubled)")
    print(f"  429s provoked: {emu.stats.flood_429} (target 0)")
    print(f"  emulator violations: {len(emu.violations)}")
    print(
        f"  {len(times):,} sends in {elapsed:.1f} s; {rate:.2f} msg/s over the sending span "
        f"= {rate / 30:.3f} of the 30 msg/s ceiling"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=3000)
    parser.add_argument("--lease", type=float, default=5.0, help="seconds (30 in the bot)")
    args = parser.parse_args()
    asyncio.run(run(args.subscribers, args.lease))


if __name__ == "__main__":
    main()
