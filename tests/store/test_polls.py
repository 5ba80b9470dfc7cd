"""SQL of quick polls: a sent poll counts for its broadcast and language, Telegram's latest
totals replace the earlier ones, a vote that beats the record of the send still counts, stray
polls are forgotten, and no row ties a chat to a poll (nor holds a poll's id)."""

from __future__ import annotations

from cagbot.store import Store
from cagbot.store.audience import Audience, audience_selection
from cagbot.store.outbox import DeliveryResult, Rendered
from cagbot.store.polls import poll_key
from tests.notify.conftest import subscribe

POLL = {"question": "Which day?", "options": ["Sat", "Sun"]}


async def _poll_broadcast(store: Store, chats: dict[int, str]) -> int:
    for chat_id, language in chats.items():
        await subscribe(store, chat_id, language=language)
    broadcast_id, _ = await store.outbox.create_broadcast(
        admin_id=1,
        origin="bot",
        texts={"*": "Which day?\nSat\nSun"},
        per_language={code: Rendered("Which day?", poll=POLL) for code in ("sv", "en", "ru")},
        audience=Audience(),
        selection=audience_selection(Audience(), "en"),
        default_language="en",
        poll=True,
    )
    return broadcast_id


async def _send_all(store: Store, poll_ids: dict[int, str]) -> None:
    deliveries = await store.outbox.claim(10, owner="me")
    assert all(d.poll == POLL for d in deliveries)
    await store.outbox.record(
        [
            DeliveryResult(d.id, d.chat_id, "sent", 1, poll_id=poll_ids[d.chat_id], owner="me")
            for d in deliveries
        ]
    )


async def test_totals_add_up_per_language_and_the_latest_report_wins(fresh_db: Store) -> None:
    broadcast_id = await _poll_broadcast(fresh_db, {11: "sv", 12: "ru", 13: "ru"})
    await fresh_db.polls.update("p12", [1, 0])  # a quick voter: before the send is recorded
    await _send_all(fresh_db, {11: "p11", 12: "p12", 13: "p13"})
    await fresh_db.polls.update("p11", [0, 1])
    await fresh_db.polls.update("p13", [1, 0])
    await fresh_db.polls.update("p13", [0, 1])  # changed their mind: the latest totals count
    totals = {v.language: v for v in await fresh_db.polls.totals(broadcast_id)}
    assert (totals["sv"].votes, totals["sv"].polls) == ((0, 1), 1)
    assert (totals["ru"].votes, totals["ru"].polls, totals["ru"].total) == ((1, 1), 2, 2)
    assert (totals["en"].votes, totals["en"].polls) == ((0, 0), 0)
    assert totals["ru"].options == ("Sat", "Sun")
    assert await fresh_db.polls.latest(5) == [broadcast_id]


async def test_no_row_ties_a_chat_to_its_poll(fresh_db: Store) -> None:
    await _poll_broadcast(fresh_db, {11: "sv", 12: "ru"})
    await _send_all(fresh_db, {11: "p11", 12: "p12"})
    await fresh_db.polls.update("p11", [0, 1])
    tables = await fresh_db.db.fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")
    for (table,) in tables:
        for row in await fresh_db.db.fetchall(f'SELECT * FROM "{table}"'):
            values = {str(value) for value in row}
            assert not values & {"p11", "p12"}, table  # poll_totals keys a hash of the id
            if table == "poll_totals":
                assert not values & {"11", "12"}
    rows = await fresh_db.db.fetchall("SELECT poll_key FROM poll_totals ORDER BY poll_key")
    assert sorted(str(row[0]) for row in rows) == sorted(poll_key(p) for p in ("p11", "p12"))


async def test_polls_no_broadcast_sent_are_forgotten(fresh_db: Store) -> None:
    broadcast_id = await _poll_broadcast(fresh_db, {11: "sv"})
    await _send_all(fresh_db, {11: "p11"})
    await fresh_db.polls.update("p11", [1, 0])
    await fresh_db.polls.update("someone-elses", [5, 5])
    assert await fresh_db.polls.forget_strays() == 1
    [sv] = [v for v in await fresh_db.polls.totals(broadcast_id) if v.language == "sv"]
    assert sv.votes == (1, 0)
