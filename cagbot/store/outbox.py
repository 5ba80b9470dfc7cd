"""The durable outbox as callers reach it (``store.outbox``): one :class:`OutboxStore` made of
mixins, one module each, all sharing the :class:`~cagbot.store.database.Database`.

Every row exists before anything is sent. A dispatcher claims due rows (``pending`` ->
``sending``) under a lease it renews, sends them, and records the outcome; rows whose lease
expired (their process died) go back to ``pending``.

- :mod:`.queue` what a queued message is, writing one, the queue's figures;
- :mod:`.announcements` new posts fanned out to chats and digests;
- :mod:`.broadcasts` broadcast records, their counts and progress message;
- :mod:`.claims` taking due rows under a lease; :mod:`.outcomes` recording what sending did;
- :mod:`.leases` the dispatchers (owners), renewing and taking back leases, the audit.

The names other modules import from here (``Rendered``, ``Delivery``, ``PRIORITY_STAFF``…)
are re-exported so those imports keep working.
"""

from __future__ import annotations

from cagbot.store.announcements import AnnouncementSide, FanOut
from cagbot.store.broadcasts import BroadcastRecord, BroadcastSide
from cagbot.store.claims import ClaimSide, Delivery
from cagbot.store.database import Database
from cagbot.store.leases import LeaseSide
from cagbot.store.outcomes import DeliveryResult, OutcomeSide, ResultStatus
from cagbot.store.queue import (
    PRIORITY_STAFF,
    Counts,
    MessageKind,
    Outgoing,
    QueueSide,
    Rendered,
    insert_message,
)

__all__ = [
    "PRIORITY_STAFF",
    "BroadcastRecord",
    "Counts",
    "Delivery",
    "DeliveryResult",
    "FanOut",
    "MessageKind",
    "OutboxStore",
    "Outgoing",
    "Rendered",
    "ResultStatus",
    "insert_message",
]


class OutboxStore(
    QueueSide,
    AnnouncementSide,
    BroadcastSide,
    ClaimSide,
    OutcomeSide,
    LeaseSide,
):
    """The outbox's SQL, one side per module (see this module's docstring)."""

    def __init__(self, db: Database) -> None:
        self.db = db
