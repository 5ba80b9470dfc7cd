"""How ``cagbot run`` (polling or webhook) lives and stops: until SIGTERM or SIGINT, then
``Application.stop()`` with a deadline, cutting short only the handlers still running."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable

from cagbot.bot.context import BotApp
from cagbot.bot.update_processor import PerChatUpdateProcessor
from cagbot.settings import Settings

log = logging.getLogger(__name__)

#: Serves until the event is set: ``serve_polling`` or ``serve_webhook``.
Serve = Callable[[Settings, asyncio.Event], Awaitable[None]]


def until_signal(serve: Serve, settings: Settings) -> None:
    """Run ``serve`` in a new event loop until SIGTERM or SIGINT."""

    async def main() -> None:
        stopping = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):  # Windows: Ctrl+C still raises
                loop.add_signal_handler(sig, stopping.set)
        await serve(settings, stopping)

    asyncio.run(main())


async def stop_within(application: BotApp, seconds: float) -> None:
    """``Application.stop()`` (queued updates, running handlers, jobs) with a deadline."""
    if not application.running:
        return
    stopper = asyncio.ensure_future(application.stop())
    done, _ = await asyncio.wait({stopper}, timeout=seconds)
    if done:
        stopper.result()
        return
    # Only the updates being handled may be cut short, nothing else of the process; our
    # update processor knows their tasks (build_application always installs it).
    processor = application.update_processor
    cancelled = processor.cancel_handling() if isinstance(processor, PerChatUpdateProcessor) else 0
    log.warning(
        "handlers still running after %.0f s; cancelled %d (%d updates left unprocessed)",
        seconds,
        cancelled,
        application.update_queue.qsize(),
    )
    await asyncio.wait({stopper}, timeout=5.0)
    if not stopper.done():
        stopper.cancel()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await stopper
