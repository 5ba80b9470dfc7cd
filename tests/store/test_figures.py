"""Figures for funders: aggregates only. The CSV export never contains a chat id."""

from __future__ import annotations

import asyncio
import csv
import io
from pathlib import Path

import pytest

from cagbot.cli import main
from cagbot.notify.broadcasts import BroadcastService
from cagbot.store import Store
from cagbot.store.audience import Audience
from tests.notify.conftest import draft, subscribe

# Distinctive ids, so that any leak of one into the export is unmistakable.
CHATS = {
    7_301_234_567: ("ru", ("internships",)),
    7_302_345_678: ("ru", ()),
    7_303_456_789: ("sv", ("internships", "culture")),
    -1_004_567_890_123: ("en", ()),
}
ADMIN = 7_309_999_999
CHANNEL = -1_007_301_111_111


async def _fill(store: Store) -> None:
    for chat_id, (language, topics) in CHATS.items():
        chat_type = "supergroup" if chat_id < 0 else "private"
        await subscribe(store, chat_id, language=language, topics=topics, chat_type=chat_type)
    await BroadcastService(store, "en").start(
        {"*": "Hello"}, Audience(), admin_id=ADMIN, origin="bot"
    )
    await store.channels.record_check(
        chat_id=CHANNEL, ref="ru=@cag_ru", language="ru", thread_id=None, title="CAG", missing=None
    )
    post = await store.posts.upsert(draft("A post for the channel"))
    assert post.post_id is not None
    await store.outbox.enqueue(
        [CHANNEL], "A post", kind="post", dedupe_key=f"channel:{post.post_id}:{CHANNEL}"
    )
    await store.channels.mark_posted(CHANNEL, post.post_id)


async def test_figures_count_subscribers_and_deliveries(fresh_db: Store) -> None:
    await _fill(fresh_db)
    figures = {(f.figure, f.key): f.count for f in await fresh_db.figures.all("en")}
    assert figures[("subscribers_by_language", "ru")] == 2
    assert figures[("subscribers_by_language", "sv")] == 1
    assert figures[("subscribers_by_topic", "internships")] == 2
    assert figures[("subscribers_by_chat_type", "supergroup")] == 1
    assert sum(n for (figure, _), n in figures.items() if figure == "subscribers_by_month") == 4
    [recipients] = [n for (figure, _), n in figures.items() if figure == "broadcast_recipients"]
    assert recipients == 4
    [(key, n)] = [(k, n) for (figure, k), n in figures.items() if figure == "channel_posts_pending"]
    assert key.startswith("ru ")
    assert n == 1


def test_csv_export_contains_no_chat_ids(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "figures.db"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CAGBOT_DATABASE", str(database))

    async def fill() -> None:
        store = await Store.open(database)
        try:
            await _fill(store)
        finally:
            await store.close()

    asyncio.run(fill())
    capsys.readouterr()
    assert main(["stats", "--csv"]) == 0
    out = capsys.readouterr().out
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["figure", "key", "count"]
    assert len(rows) > 8
    for chat_id in [*CHATS, ADMIN, CHANNEL]:
        assert str(chat_id) not in out
        assert str(abs(chat_id)) not in out
        assert str(chat_id)[-6:] not in out  # not even a fragment of one
