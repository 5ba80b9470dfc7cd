"""A dispatcher's place among the processes that drain one outbox (the bot, any number of
``cagbot broadcast`` runs): its owner identity and leases, taking back the rows of a
process that died, and its share of Telegram's overall limit.

Joining: register, take back expired leases, start the pacer from the sends of the last
minute (by anyone) and share the overall limit through the database's send window (every
process takes slots by demand: nothing to wait for). A pacer with fixed shares instead
counts the sharers and, when others are alive, waits until each has counted this one (and
so lowered its own rate), then one more window. While working: every
``share_every`` seconds count the sharers again, every third of the lease renew the
leases and take back expired ones. Leaving: the rows still claimed are freed at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Collection

from cagbot.notify.pacer import Pacer
from cagbot.store import Store
from cagbot.store.leases import OwnerRole, new_owner_id
from cagbot.supervise import Supervisor

log = logging.getLogger("cagbot.notify.dispatcher")
#: A dispatcher whose heartbeat has not moved for this long (monotonic, here) is dead even
#: if its stamp lies in the future. Leases differ between processes (a CLI run may use a
#: long one), so not less than this, whatever our own lease.
SILENT_AFTER = 120.0


class Membership:
    def __init__(
        self,
        store: Store,
        pacer: Pacer,
        *,
        role: OwnerRole,
        lease: float,
        on_recovered: Callable[[], None],
        held: Callable[[], Collection[int]] | None = None,
    ) -> None:
        self.store = store
        self.pacer = pacer
        self.owner = new_owner_id()
        self._joined = False
        #: The rows a live task of ours works on: the only ones renewal keeps.
        self._held = held
        self.role: OwnerRole = role
        self.lease = lease
        #: Seconds between looks at how many dispatchers share Telegram's overall limit.
        self.share_every = min(1.0, lease / 3)
        self._on_recovered = on_recovered
        self._renewing: asyncio.Future[None] | None = None
        #: Where the last renewal moved our rows' leases to (unix time).
        self.renewed_until = 0.0
        #: Other owners' heartbeats as last read, and when (monotonic) each last changed.
        self._beats: dict[str, tuple[float, float]] = {}
        self.monotonic: Callable[[], float] = time.monotonic
        self.wall: Callable[[], float] = time.time

    async def recover(self) -> int:
        """Take back rows whose lease expired (never a live process's rows)."""
        recovered = await self.store.outbox.recover()
        if recovered:
            log.warning("put %d deliveries of a stopped process back in the queue", recovered)
            self._on_recovered()
        return recovered

    async def join(self) -> None:
        outbox = self.store.outbox
        if self._joined:
            # Restarted (the dispatcher crashed, e.g. on a full disk): a new identity, and
            # what the old one still held is handed back now. Keeping the old one would let
            # its renewal keep alive rows no task of ours will ever finish.
            previous, self.owner = self.owner, new_owner_id()
            self.renewed_until = 0.0
            await outbox.unregister_owner(previous)
        self._joined = True
        registered = time.time()
        await outbox.register_owner(self.owner, self.role, self.lease)
        await self.recover()
        # Sends of the last minute, by whoever made them, count against the limits now.
        self.pacer.seed(await outbox.recent_sends(self.pacer.memory), time.time())
        if self.pacer.shared is None:
            self.pacer.share_through(self.store.send_window)
        sharers = await self._share()
        self._renewing = asyncio.ensure_future(
            Supervisor("lease renewal", self._renew_forever, log=log).run()
        )
        if sharers > 1 and self.pacer.shared is None:
            await self._until_counted(registered)
            # The others pause one window when they lower their rate; start after it.
            self.pacer.pause(self.pacer.limits.window + self.pacer.limits.margin)

    async def leave(self) -> None:
        renewing, self._renewing = self._renewing, None
        if renewing is not None:
            renewing.cancel()
            await asyncio.gather(renewing, return_exceptions=True)

    async def release(self) -> None:
        """Free our unanswered rows for the next dispatcher at once, not after the lease:
        this one sends nothing more."""
        if self.pacer.shared is not None:  # the answers of its last sends, for the others
            await asyncio.shield(self.pacer.shared.close())
        with contextlib.suppress(Exception):
            await asyncio.shield(self.store.outbox.unregister_owner(self.owner))

    async def others_alive(self) -> bool:
        return any(owner != self.owner for owner in await self.store.outbox.live_owners())

    async def _until_counted(self, registered: float) -> None:
        # The others lower their rate when they next count the sharers (every
        # share_every); until then they may still use the whole limit, so wait for that,
        # at most a lease (a dispatcher that does not count for so long is as good as dead).
        deadline = time.monotonic() + self.lease
        while time.monotonic() < deadline:
            if await self.store.outbox.counted_since(self.owner, registered):
                return
            await asyncio.sleep(self.share_every / 2)
        log.warning("another dispatcher did not acknowledge this one; sending anyway")

    async def _share(self) -> int:
        sharers = await self.store.outbox.count_sharers(self.owner)
        self.pacer.share(sharers)
        return sharers

    async def _renew_forever(self) -> None:
        renew_at = time.monotonic() + self.lease / 3
        while True:
            await asyncio.sleep(self.share_every)
            if time.monotonic() >= renew_at:
                renew_at = time.monotonic() + self.lease / 3
                # The store times the lease once it has the write lock, so it ends no
                # earlier than a lease from now.
                until = time.time() + self.lease
                held = None if self._held is None else self._held()
                await self.store.outbox.renew(self.owner, self.lease, held)
                self.renewed_until = until
                await self.reap_silent()
                await self.recover()
            await self._share()

    async def reap_silent(self) -> int:
        """Free the rows of owners whose heartbeat has not changed for two leases (at least
        :data:`SILENT_AFTER`) of our own (monotonic) time although by the wall clock it is
        still in the future: stamped before the clock stepped back, by a process that has
        died since. Without this their rows would wait out the step (an hour) before anyone
        took them back."""
        now, wall, freed = self.monotonic(), self.wall(), 0
        beats = await self.store.outbox.owner_beats()
        known = {owner for owner, _ in beats}
        for gone in set(self._beats) - known:
            del self._beats[gone]
        for owner, beat in beats:
            if owner == self.owner:
                continue
            seen = self._beats.get(owner)
            if seen is None or seen[0] != beat:
                self._beats[owner] = (beat, now)
            elif beat > wall and now - seen[1] > max(2 * self.lease, SILENT_AFTER):
                freed += await self.store.outbox.expire_owner(owner, beat)
                log.warning("a dispatcher silent since the clock stepped back; taking its rows")
        return freed

    def holds(self, claimed_until: float) -> bool:
        """Whether a row claimed with a lease to ``claimed_until`` is surely still ours: its
        lease (the claim's or the last renewal's) ends more than a sixth of a lease from
        now. A renewal stuck behind another process's write lock lets it run out, and then
        a live dispatcher may take the row back and send it: this one must not as well."""
        return time.time() < max(claimed_until, self.renewed_until) - self.lease / 6
