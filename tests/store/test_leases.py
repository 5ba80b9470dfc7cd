"""Leases on claimed outbox rows: a live owner's rows are never taken back, an expired
lease is; per-chat exclusivity across owners; audit figures from the rows themselves."""

from __future__ import annotations

import time

from cagbot.store import Store
from cagbot.store.leases import new_owner_id


async def _queue(store: Store, chat_ids: list[int], text: str = "hi") -> None:
    await store.outbox.enqueue(chat_ids, text, kind="staff")


async def test_owner_ids_are_unique_and_name_the_process() -> None:
    first, second = new_owner_id(), new_owner_id()
    assert first != second
    host, pid, _ = first.split(":")
    assert host
    assert pid.isdigit()


async def test_recover_takes_back_only_expired_leases(fresh_db: Store) -> None:
    await _queue(fresh_db, [1, 2, 3, 4])
    live = await fresh_db.outbox.claim(2, owner="live", lease=60)
    dead = await fresh_db.outbox.claim(2, owner="dead", lease=0)
    assert len(live) == len(dead) == 2
    assert await fresh_db.outbox.recover() == 2
    rows = await fresh_db.db.fetchall("SELECT chat_id, status, owner FROM outbox ORDER BY id")
    by_chat = {row["chat_id"]: (row["status"], row["owner"]) for row in rows}
    for delivery in live:
        assert by_chat[delivery.chat_id] == ("sending", "live")
    for delivery in dead:
        assert by_chat[delivery.chat_id] == ("pending", None)


async def test_renewal_keeps_a_lease_alive(fresh_db: Store) -> None:
    await _queue(fresh_db, [1])
    await fresh_db.outbox.register_owner("worker", "bot", 0.0)
    await fresh_db.outbox.claim(1, owner="worker", lease=0)
    assert await fresh_db.outbox.renew("worker", 60) == 1
    assert await fresh_db.outbox.recover() == 0
    assert await fresh_db.outbox.live_owners() == ["worker"]


async def test_unregistering_frees_the_owners_rows_and_drops_it_from_the_living(
    fresh_db: Store,
) -> None:
    await _queue(fresh_db, [1, 2])
    await fresh_db.outbox.register_owner("a", "cli", 60)
    await fresh_db.outbox.register_owner("b", "bot", 60)
    await fresh_db.outbox.claim(1, owner="a", lease=60)
    await fresh_db.outbox.claim(1, owner="b", lease=60)
    await fresh_db.outbox.unregister_owner("a")
    assert await fresh_db.outbox.live_owners() == ["b"]
    assert await fresh_db.outbox.live_owners(role="cli") == []
    assert await fresh_db.outbox.recover() == 1  # a's row only


async def test_a_chat_another_owner_is_sending_to_is_not_claimed(fresh_db: Store) -> None:
    await fresh_db.outbox.enqueue([7], "first", kind="staff")
    await fresh_db.outbox.enqueue([7, 8], "second", kind="broadcast")
    taken = await fresh_db.outbox.claim(10, owner="a", lease=60)
    assert sorted(d.chat_id for d in taken) == [7, 8]
    # Chat 7 still has a row pending, but "a" is sending to it: "b" must wait.
    assert await fresh_db.outbox.claim(10, owner="b", lease=60) == []


async def test_audit_tells_sent_here_elsewhere_handed_over_and_left(fresh_db: Store) -> None:
    from cagbot.store.audience import Audience, audience_selection

    for chat_id in range(1, 6):
        await fresh_db.subscribers.ensure(chat_id, "private")
        await fresh_db.subscribers.set_subscribed(chat_id, True)
    broadcast_id, recipients = await fresh_db.outbox.create_broadcast(
        admin_id=None,
        origin="cli",
        texts={"*": "hi"},
        per_language={"en": "hi", "sv": "hi", "ru": "hi"},
        audience=Audience(),
        selection=audience_selection(Audience(), "en"),
        default_language="en",
    )
    assert recipients == 5
    mine = await fresh_db.outbox.claim(2, owner="me", lease=60)
    theirs = await fresh_db.outbox.claim(2, owner="bot", lease=60)
    from cagbot.store.outbox import DeliveryResult

    await fresh_db.outbox.record(
        [
            DeliveryResult(mine[0].id, mine[0].chat_id, "sent", 1, owner="me"),
            DeliveryResult(theirs[0].id, theirs[0].chat_id, "sent", 1, owner="bot"),
            DeliveryResult(
                mine[1].id, mine[1].chat_id, "retry", 1, "502", not_before=time.time(), owner="me"
            ),
        ]
    )
    # Nobody else alive: the other owner's live lease still counts as handed over; the
    # pending rows are left (the next start sends them).
    audit = await fresh_db.outbox.audit(broadcast_id, "me")
    assert (audit.sent_here, audit.sent_elsewhere, audit.handed_over) == (1, 1, 1)
    assert (audit.left, audit.retrying) == (2, 1)
    # With the bot alive, the pending rows are in its hands too.
    await fresh_db.outbox.register_owner("bot", "bot", 60)
    audit = await fresh_db.outbox.audit(broadcast_id, "me")
    assert (audit.handed_over, audit.left) == (3, 0)


async def test_recent_sends_are_what_was_accepted_lately(fresh_db: Store) -> None:
    from cagbot.store.outbox import DeliveryResult

    await _queue(fresh_db, [1, 2])
    claimed = await fresh_db.outbox.claim(2, owner="a", lease=60)
    await fresh_db.outbox.record(
        [DeliveryResult(d.id, d.chat_id, "sent", 1, owner=d.owner) for d in claimed]
    )
    recent = await fresh_db.outbox.recent_sends(60)
    assert sorted(chat for chat, _ in recent) == [1, 2]
    assert all(time.time() - moment < 60 for _, moment in recent)
    await fresh_db.db.connection.execute("UPDATE outbox SET sent_at = sent_at - 120")
    assert await fresh_db.outbox.recent_sends(60) == []


async def test_retry_since_is_kept_from_the_first_failure(fresh_db: Store) -> None:
    from cagbot.store.outbox import DeliveryResult

    await _queue(fresh_db, [1])
    (first,) = await fresh_db.outbox.claim(1, owner="a", lease=60)
    assert first.retry_since is None
    await fresh_db.outbox.record(
        [DeliveryResult(first.id, 1, "retry", 1, "502", not_before=0.0, owner="a")]
    )
    (second,) = await fresh_db.outbox.claim(1, owner="a", lease=60)
    assert second.retry_since is not None
    await fresh_db.outbox.record(
        [DeliveryResult(second.id, 1, "retry", 2, "502", not_before=0.0, owner="a")]
    )
    (third,) = await fresh_db.outbox.claim(1, owner="a", lease=60)
    assert third.retry_since == second.retry_since
    counts = await fresh_db.outbox.counts()
    assert counts.sending == 1


async def test_a_newcomer_knows_when_the_others_have_counted_it(fresh_db: Store) -> None:
    await fresh_db.outbox.register_owner("old", "bot", 60)
    assert await fresh_db.outbox.count_sharers("old") == 1
    joined = time.time()
    await fresh_db.outbox.register_owner("new", "cli", 60)
    assert await fresh_db.outbox.count_sharers("new") == 2
    assert not await fresh_db.outbox.counted_since("new", joined)  # "old" still thinks alone
    assert await fresh_db.outbox.count_sharers("old") == 2
    assert await fresh_db.outbox.counted_since("new", joined)


async def test_a_lapsed_claim_goes_back_only_while_still_its_owners(fresh_db: Store) -> None:
    """A dispatcher whose lease ran out (its renewal stuck behind another process's write
    lock) sends nothing and hands the row back, unless someone took it over meanwhile."""
    from cagbot.store.outbox import DeliveryResult

    await _queue(fresh_db, [1, 2])
    [kept] = await fresh_db.outbox.claim(1, owner="stuck", lease=0)
    [taken] = await fresh_db.outbox.claim(1, owner="stuck", lease=0)
    assert kept.lease_until <= time.time()
    assert await fresh_db.outbox.recover() == 2  # a live dispatcher took both back...
    [again] = await fresh_db.outbox.claim(1, owner="live", lease=60)  # ...and sends one
    assert again.id == kept.id
    await fresh_db.outbox.record(
        [
            DeliveryResult(r.id, r.chat_id, "lapsed", r.attempts, owner="stuck")
            for r in (kept, taken)
        ]
    )
    rows = await fresh_db.db.fetchall("SELECT id, status, owner FROM outbox ORDER BY id")
    assert [(row["status"], row["owner"]) for row in rows] == [
        ("sending", "live"),
        ("pending", None),
    ]
    [mine] = await fresh_db.outbox.claim(1, owner="stuck", lease=60)
    await fresh_db.outbox.record(
        [DeliveryResult(mine.id, mine.chat_id, "lapsed", 0, owner="stuck")]
    )
    row = await fresh_db.db.fetchone("SELECT status, owner FROM outbox WHERE id = ?", (mine.id,))
    assert row is not None
    assert (row["status"], row["owner"]) == ("pending", None)  # still its own: handed back


async def test_a_frozen_owners_late_outcomes_never_overwrite_another_owners(
    fresh_db: Store,
) -> None:
    """A process frozen past its lease (SIGSTOP, a stalled VM) comes back with outcomes
    for rows another process took back meanwhile: none of them may apply."""
    from cagbot.store.outbox import DeliveryResult

    await _queue(fresh_db, [1, 2, 3, 4])
    frozen = await fresh_db.outbox.claim(4, owner="frozen", lease=0)
    assert await fresh_db.outbox.recover() == 4
    taken = {d.chat_id: d for d in await fresh_db.outbox.claim(3, owner="live", lease=60)}
    assert sorted(taken) == [1, 2, 3]
    await fresh_db.outbox.record([DeliveryResult(taken[1].id, 1, "sent", 1, owner="live")])
    by_chat = {d.chat_id: d for d in frozen}
    # Its requests timed out: "retry" over a row the live one sent (a third copy), "failed"
    # and "blocked" over rows the live one is sending now.
    await fresh_db.outbox.record(
        [
            DeliveryResult(by_chat[1].id, 1, "retry", 1, "timeout", owner="frozen"),
            DeliveryResult(by_chat[2].id, 2, "failed", 1, "400", owner="frozen"),
            DeliveryResult(by_chat[3].id, 3, "blocked", 1, "403", owner="frozen"),
        ]
    )
    rows = await fresh_db.db.fetchall("SELECT chat_id, status, owner FROM outbox ORDER BY id")
    assert [(r["chat_id"], r["status"], r["owner"]) for r in rows] == [
        (1, "sent", "live"),
        (2, "sending", "live"),
        (3, "sending", "live"),
        (4, "pending", None),
    ]
    # A send of the frozen one that Telegram accepted, on a row nobody claimed again, is
    # recorded: sending it again would be a copy.
    await fresh_db.outbox.record([DeliveryResult(by_chat[4].id, 4, "sent", 1, owner="frozen")])
    row = await fresh_db.db.fetchone("SELECT status FROM outbox WHERE chat_id = 4")
    assert row is not None
    assert row[0] == "sent"


async def test_renewal_keeps_only_the_rows_a_live_task_holds(fresh_db: Store) -> None:
    await _queue(fresh_db, [1, 2])
    await fresh_db.outbox.register_owner("worker", "bot", 60)
    held, orphan = await fresh_db.outbox.claim(2, owner="worker", lease=0)
    assert await fresh_db.outbox.renew("worker", 60, [held.id]) == 1
    # The orphan (its task died with a crashed dispatcher) lapses and is taken back.
    assert await fresh_db.outbox.recover() == 1
    rows = await fresh_db.db.fetchall("SELECT id, status FROM outbox ORDER BY id")
    assert {r["id"]: r["status"] for r in rows} == {held.id: "sending", orphan.id: "pending"}


async def test_rows_timed_before_the_clock_stepped_back_are_due_now(fresh_db: Store) -> None:
    from cagbot.store.schedules import HELD

    await _queue(fresh_db, [1, 2, 3])
    # Queued at 12:00; the clock then stepped back to 11:00: their due time is an hour off.
    await fresh_db.db.connection.execute("UPDATE outbox SET not_before = ?", (time.time() + 3600,))
    await fresh_db.db.connection.execute(
        "UPDATE outbox SET not_before = ? WHERE chat_id = 3", (HELD,)
    )  # a paused broadcast's row still waits
    assert await fresh_db.outbox.claim(10, owner="a", lease=60) == []
    taken = await fresh_db.outbox.claim(10, owner="a", lease=60, horizon=1200)
    assert sorted(d.chat_id for d in taken) == [1, 2]
