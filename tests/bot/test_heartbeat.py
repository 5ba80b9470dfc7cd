"""The running bot beats for ``cagbot health`` and records a clean stop."""

from __future__ import annotations

from pathlib import Path

from cagbot.bot.app import ClientOptions, build_application
from cagbot.devserver import Emulator, FloodLimits
from cagbot.health import BEAT_EVERY, check
from cagbot.settings import Settings

TOKEN = "123456789:AAEhBP0av18d2kKZ8y_heartbeat_token"


async def test_polling_bot_beats_then_records_its_stop(tmp_path: Path) -> None:
    database = tmp_path / "cagbot.db"
    async with Emulator(token=TOKEN, limits=FloodLimits.off()) as emu:
        settings = Settings(  # type: ignore[call-arg]
            token=TOKEN, api_base_url=emu.base_url, database=database, _env_file=None
        )
        app = build_application(settings, ClientOptions(pace_private_chats=False))
        writer = app.bot_data.heartbeat
        assert writer is not None
        await app.initialize()
        assert app.updater is not None
        # run_polling's order: the updater first, then the JobQueue with the first beat.
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
        await app.start()
        try:
            # The first beat comes from post_init, before updates flow.
            assert writer.beaten.is_set()
            verdict = await check(database)
            assert verdict.ok, verdict.reason
            assert verdict.reason.startswith("ok: starting bot (pid ")
            # Then every 30 s from the JobQueue (a beat run here rather than waited for).
            assert app.job_queue is not None
            (job,) = app.job_queue.get_jobs_by_name("heartbeat")
            assert job.job.trigger.interval.total_seconds() == BEAT_EVERY
            await writer.beat()
            verdict = await check(database)
            assert verdict.ok, verdict.reason
            assert verdict.reason.startswith("ok: polling bot (pid ")
        finally:
            await app.updater.stop()
            await app.stop()
            await app.shutdown()
    verdict = await check(database)
    assert not verdict.ok
    assert "polling bot" in verdict.reason
    assert "stopped at" in verdict.reason
