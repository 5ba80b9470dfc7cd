"""The staff audit log: who changed what, with the before and after as JSON, the actor's
role at the time, oldest first, per subject; an entry written inside a transaction that
fails is not kept."""

from __future__ import annotations

import pytest

from cagbot.store import Store
from cagbot.store.audit import record


async def test_entries_keep_before_after_and_role_oldest_first(fresh_db: Store) -> None:
    audit = fresh_db.audit
    await audit.record(actor=1, action="call.edit", subject="call:7", before={"t": "Old"},
                       after={"t": "Ny — ж"}, role="editor")  # fmt: skip
    await audit.record(actor=None, action="call.close", subject="call:7")
    await audit.record(actor=2, action="broadcast.send", subject="broadcast:1", role="staff")
    entries = await audit.entries("call:7")
    assert [(e.actor, e.action, e.role) for e in entries] == [
        (1, "call.edit", "editor"),
        (None, "call.close", None),  # from the CLI: no person, no role
    ]
    assert entries[0].before == {"t": "Old"}
    assert entries[0].after == {"t": "Ny — ж"}
    assert entries[1].before is None
    assert [e.subject for e in await audit.entries()] == ["call:7", "call:7", "broadcast:1"]
    assert [e.action for e in await audit.entries(limit=1)] == ["broadcast.send"]  # the newest


async def test_an_entry_commits_with_the_change_or_not_at_all(fresh_db: Store) -> None:
    async def change_that_fails() -> None:
        async with fresh_db.db.transaction() as connection:
            await record(connection, actor=1, action="call.edit", subject="call:1")
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        await change_that_fails()
    assert await fresh_db.audit.entries() == []
