"""``broadcast_from_cli``: audited, delivered, escaped, and refusing what cannot be sent."""

from __future__ import annotations

from pathlib import Path

import pytest

from cagbot.devserver import Emulator
from cagbot.notify import Audience, BroadcastError, broadcast_from_cli
from cagbot.notify.pacer import PaceLimits
from cagbot.settings import Settings
from cagbot.store import Store
from tests.notify.conftest import TOKEN, subscribe

pytestmark = pytest.mark.e2e


async def test_cli_broadcast_to_one_language_is_delivered_and_audited(
    emu: Emulator, tmp_path: Path
) -> None:
    settings = Settings(  # type: ignore[call-arg]
        token=TOKEN, api_base_url=emu.base_url, database=tmp_path / "cli.db", _env_file=None
    )
    swedes = [emu.add_user(language_code="sv") for _ in range(3)]
    other = emu.add_user()
    store = await Store.open(settings.database)
    for user in swedes:
        await subscribe(store, user.id, language="sv")
    await subscribe(store, other.id, language="en")
    await store.close()

    report = await broadcast_from_cli(
        settings,
        {"sv": "Tjena <alla> & välkomna", "en": "Hello"},
        Audience("language", "sv"),
        limits=PaceLimits.off(),
    )
    assert (report.recipients, report.sent, report.blocked, report.failed) == (3, 3, 0, 0)
    for user in swedes:
        assert [m.text for m in emu.messages(user.id)] == ["Tjena <alla> & välkomna"]
    assert emu.messages(other.id) == []
    store = await Store.open(settings.database)
    [audit] = await store.outbox.broadcasts()
    await store.close()
    assert (audit.origin, audit.admin_id, audit.audience) == (
        "cli",
        None,
        Audience("language", "sv"),
    )


async def test_cli_refuses_empty_or_too_long_texts(emu: Emulator, tmp_path: Path) -> None:
    settings = Settings(  # type: ignore[call-arg]
        token=TOKEN, api_base_url=emu.base_url, database=tmp_path / "cli.db", _env_file=None
    )
    await (await Store.open(settings.database)).close()  # `cagbot migrate`
    with pytest.raises(BroadcastError, match="empty"):
        await broadcast_from_cli(settings, {"*": "  "}, Audience())
    with pytest.raises(BroadcastError, match="4096"):
        await broadcast_from_cli(settings, {"*": "я" * 4097}, Audience())
    # Escaping does not count against the limit: 4096 visible characters pass.
    report = await broadcast_from_cli(settings, {"*": "&" * 4096}, Audience())
    assert report.recipients == 0
    with pytest.raises(ValueError, match="audience"):
        Audience("topic")


async def test_rows_a_live_process_is_sending_are_handed_over_not_failures(
    emu: Emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bot claimed two rows of the CLI's broadcast and is still sending them: the CLI
    delivers the rest, reports the two as handed over and exits successfully; the audit
    row stays running for the bot to finish."""
    from cagbot.notify.broadcasts import BroadcastService

    settings = Settings(  # type: ignore[call-arg]
        token=TOKEN, api_base_url=emu.base_url, database=tmp_path / "cli.db", _env_file=None
    )
    users = [emu.add_user() for _ in range(5)]
    store = await Store.open(settings.database)
    for user in users:
        await subscribe(store, user.id)
    await store.close()
    real_start = BroadcastService.start

    async def start_and_let_the_bot_claim(self: BroadcastService, *args: object, **kw: object):  # type: ignore[no-untyped-def]
        started = await real_start(self, *args, **kw)  # type: ignore[arg-type]
        await self.store.outbox.register_owner("bot:1:live", "bot", 60)
        await self.store.outbox.count_sharers("bot:1:live")
        assert len(await self.store.outbox.claim(2, owner="bot:1:live", lease=60)) == 2
        return started

    monkeypatch.setattr(BroadcastService, "start", start_and_let_the_bot_claim)
    # The pretend bot never counts the CLI, so the CLI waits out its (short) lease first.
    settings = settings.model_copy(update={"delivery_lease": 0.5})
    report = await broadcast_from_cli(settings, {"*": "hi"}, Audience(), limits=PaceLimits.off())
    assert (report.audit.sent_here, report.audit.handed_over, report.audit.left) == (3, 2, 0)
    assert report.ok
    store = await Store.open(settings.database)
    try:
        [audit] = await store.outbox.broadcasts()
        assert audit.status == "running"  # the bot finishes it
    finally:
        await store.close()
