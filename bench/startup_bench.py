"""Start-up: seconds from launching ``python -m cagbot run`` to the first reply to /start,
with the sample content and with N posts, and what the process imports to get there.

Run: python bench/startup_bench.py [--posts 100000] [--rounds 3] [--keep DIR] [--from-source]

The bot runs as a subprocess against the loopback emulator in this process (flood limits
off), on a copy of a database made once per case (the sample: 18 posts and the curated
calls; N: generated posts as in import_bench.py, imported once, which takes a while, or
reused from ``--keep DIR``).
Printed per case: the median and each round of spawn-to-first-reply, the CPU seconds the
process used until its reply (steadier than wall time on a shared machine) and the load
average, when the last launch first asked for getMe, setMyCommands, getUpdates and sent its
reply; then, from as many launches under ``python -X importtime``, the import time by
top-level package (own time of all its modules, each module's least over the launches) and
the slowest cagbot modules (cumulative), up to the first reply.

cagbot's bytecode is compiled first, as ``pip install`` (and so the container image) has
it; ``--from-source`` measures a checkout that compiles every module at each start (with
PYTHONDONTWRITEBYTECODE=1, as this bench ran before it compiled).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiohttp import web

from cagbot.devserver import Emulator, FloodLimits

TOKEN = "123456789:AAEhBP0av18d2kKZ8y_bench_token_startup"


class _Timed(Emulator):
    """The emulator, noting when each Bot API method was first asked for."""

    started = 0.0
    first: dict[str, float]

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        method = request.path.rsplit("/", 1)[-1]
        self.first.setdefault(method, time.perf_counter() - self.started)
        return await super()._handle(request)


#: The requests a start makes, in the order of the timeline printed.
STEPS = ("getMe", "setMyCommands", "deleteWebhook", "getUpdates", "sendMessage")
#: The timeline of the last launch: seconds after spawn of each step's first request.
timeline: dict[str, float] = {}


def _environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("CAGBOT_")}


def _compile() -> str:
    """Compile the bytecode of the cagbot the bot will import, as ``pip install`` does
    (the container image has it): a checkout run with PYTHONDONTWRITEBYTECODE=1 compiles
    every module from source at each start, about 0.3 s of CPU that no installed bot pays."""
    code = (
        "import compileall, os, cagbot; where = os.path.dirname(cagbot.__file__); "
        "compileall.compile_dir(where, quiet=1); print(where)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=_environment(),
        cwd=tempfile.gettempdir(),  # as the bot runs: not the checkout this bench is in
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


async def _first_reply(database: Path, workdir: Path, *flags: str) -> tuple[float, str]:
    """Seconds from spawn to the first reply; the process's stderr."""
    env = _environment()
    async with _Timed(token=TOKEN, limits=FloodLimits.off()) as emu:
        emu.first = {}
        env.update(
            CAGBOT_TOKEN=TOKEN,
            CAGBOT_API_BASE_URL=emu.base_url,
            CAGBOT_DATABASE=str(database),
            CAGBOT_LOG_LEVEL="WARNING",
        )
        user = emu.add_user()
        emu.send_text(user, "/start")
        started = emu.started = time.perf_counter()
        process = await asyncio.create_subprocess_exec(
            sys.executable, *flags, "-m", "cagbot", "run",
            cwd=workdir, env=env, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        assert process.stderr is not None
        reading = asyncio.ensure_future(process.stderr.read())
        await emu.next_message(user.id, timeout=120)
        up = time.perf_counter() - started
        timeline.clear()
        timeline.update(emu.first)
        timeline["cpu"] = _cpu_seconds(process.pid)
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), 60)
        return up, (await reading).decode(errors="replace")


def _cpu_seconds(pid: int) -> float:
    """CPU seconds (user and system) the process has used so far: on a machine shared with
    other work, steadier than the wall-clock time, which waits for a free core."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _breakdown(importtimes: list[str], *, first: int = 12) -> list[str]:
    """Import time by top-level package (own times summed) and the slowest cagbot modules
    (cumulative), from ``-X importtime`` outputs: each module's least time over the
    launches, since on a shared machine one launch's figures carry whatever else ran."""
    self_us: dict[str, int] = {}
    cumulative_us: dict[str, int] = {}
    for importtime in importtimes:
        for line in importtime.splitlines():
            if not line.startswith("import time:") or "self [us]" in line:
                continue
            own, cumulative, name = line.split(":", 1)[1].split("|")
            module = name.strip()
            self_us[module] = min(self_us.get(module, int(own)), int(own))
            cumulative_us[module] = min(cumulative_us.get(module, int(cumulative)), int(cumulative))
    own_by_package: dict[str, int] = defaultdict(int)
    for module, micros in self_us.items():
        own_by_package[module.split(".")[0]] += micros
    total = sum(own_by_package.values())
    lines = [
        f"    all imports: {total / 1e6:.2f} s (own times summed, least of "
        f"{len(importtimes)} launches), {len(self_us)} modules"
    ]
    for package, micros in sorted(own_by_package.items(), key=lambda kv: -kv[1])[:first]:
        lines.append(f"      {package:<24} {micros / 1e3:8.1f} ms")
    lines.append("    slowest cagbot modules (cumulative):")
    cagbot = sorted(
        (
            (micros, module)
            for module, micros in cumulative_us.items()
            if module.startswith("cagbot.")
        ),
        reverse=True,
    )
    for micros, module in cagbot[:first]:
        lines.append(f"      {module:<40} {micros / 1e3:8.1f} ms")
    return lines


async def _database(kind: str, posts: int, folder: Path) -> Path:
    from cagbot.content import import_sources
    from cagbot.store import Store

    path = folder / (f"{kind}.db" if kind == "sample" else f"{kind}-{posts}.db")
    if path.exists():  # kept from an earlier run (--keep)
        return path
    store = await Store.open(path)
    try:
        if kind == "sample":
            from common import sample_database

            await store.close()
            await sample_database(path)
            return path
        from import_bench import generate, write_listing

        listing = folder / "posts.txt"
        write_listing(generate(posts), listing)
        started = time.perf_counter()
        await import_sources(store, [listing])
        print(f"  ({posts:,} posts imported in {time.perf_counter() - started:.0f} s)")
    finally:
        await store.close()
    return path


async def main() -> None:
    # The bot is stopped right after its reply, maybe while it still publishes its menus:
    # the emulator's note of a request cut short is not news here.
    logging.getLogger("aiohttp.server").setLevel(logging.CRITICAL)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="make the databases in DIR and reuse those found there (the 100k import is slow)",
    )
    parser.add_argument(
        "--from-source",
        action="store_true",
        help="do not compile cagbot's bytecode first (with PYTHONDONTWRITEBYTECODE=1 set, "
        "every start then compiles it, as earlier runs of this bench measured)",
    )
    args = parser.parse_args()
    print(f"cagbot start-up benchmark, Python {sys.version.split()[0]}")
    if args.from_source:
        print("  cagbot's bytecode: as found (PYTHONDONTWRITEBYTECODE=1: compiled at each start)")
    else:
        print(f"  cagbot's bytecode: compiled first, as pip installs it ({_compile()})")
    medians = {}
    with tempfile.TemporaryDirectory(prefix="cagbot-startup-") as tmp:
        folder = Path(tmp)
        if args.keep is not None:
            args.keep.mkdir(parents=True, exist_ok=True)
        for kind in ("sample", f"{args.posts}"):
            kind_name = "sample" if kind == "sample" else "posts"
            source = await _database(kind_name, args.posts, args.keep or folder)
            rounds, cpu = [], []
            for number in range(args.rounds):
                workdir = folder / f"run-{kind}-{number}"
                workdir.mkdir()
                database = workdir / "cagbot.db"
                shutil.copy(source, database)
                up, _ = await _first_reply(database, workdir)
                rounds.append(up)
                cpu.append(timeline["cpu"])
            medians[kind] = statistics.median(rounds)
            each = ", ".join(f"{r:.2f}" for r in rounds)
            label = "sample" if kind == "sample" else f"{args.posts:,} posts"
            print(f"  {label}: first reply {medians[kind]:.2f} s after launch (median; {each})")
            print(
                f"    its CPU time: {statistics.median(cpu):.2f} s (median; "
                + ", ".join(f"{c:.2f}" for c in cpu)
                + f"); load average {os.getloadavg()[0]:.1f}"
            )
            steps = ", ".join(f"{m} {timeline[m]:.2f}" for m in STEPS if m in timeline)
            print(f"    last launch, first request of each (s after spawn): {steps}")
            importtimes = []
            for number in range(args.rounds):
                workdir = folder / f"run-{kind}-importtime-{number}"
                workdir.mkdir()
                shutil.copy(source, workdir / "cagbot.db")
                _, stderr = await _first_reply(workdir / "cagbot.db", workdir, "-X", "importtime")
                importtimes.append(stderr)
            print("\n".join(_breakdown(importtimes)))
    ratio = medians[f"{args.posts}"] / medians["sample"]
    print(f"  {args.posts:,} posts / sample: {ratio:.2f}x (target <= 1.2x; sample <= 1.0 s)")


if __name__ == "__main__":
    asyncio.run(main())
