"""Staff broadcasts: validate the text(s), count the audience, queue, follow, report.

Every broadcast is recorded in the ``broadcasts`` audit table (who, when, what, to whom,
outcome counts) in the same transaction that queues its deliveries.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from cagbot.markup import MESSAGE_LIMIT
from cagbot.notify.texts import visible_length
from cagbot.settings import LANGUAGES
from cagbot.store import Store
from cagbot.store.audience import Audience, audience_selection
from cagbot.store.leases import Audit
from cagbot.store.outbox import Counts

#: Key of the one text everybody gets when staff did not write one per language.
EVERYONE = "*"


class BroadcastError(ValueError):
    """The broadcast cannot be sent as asked; ``str()`` says why (English, for the CLI)."""


@dataclass(frozen=True, slots=True)
class Preview:
    audience: Audience
    recipients: int
    by_language: dict[str, int]
    per_language: dict[str, str]  # the text each effective language will receive


@dataclass(frozen=True, slots=True)
class BroadcastReport:
    broadcast_id: int
    recipients: int
    sent: int
    blocked: int
    failed: int
    pending: int = 0
    #: Of ``pending``: deliveries waiting to be retried after a temporary error.
    retrying: int = 0

    @classmethod
    def of(cls, broadcast_id: int, recipients: int, counts: Counts) -> BroadcastReport:
        return cls(
            broadcast_id,
            recipients,
            counts.sent,
            counts.blocked,
            counts.failed,
            counts.pending + counts.sending,
            counts.retrying,
        )


@dataclass(frozen=True, slots=True)
class CliReport:
    """What one ``cagbot broadcast --yes`` run came to, from the rows themselves."""

    broadcast_id: int
    recipients: int
    audit: Audit

    @property
    def ok(self) -> bool:
        """Everything was delivered (or refused for good) by someone, or is in the hands
        of another live process: nothing waits with nobody to send it."""
        return self.audit.left == 0

    @property
    def sent(self) -> int:
        return self.audit.sent

    @property
    def blocked(self) -> int:
        return self.audit.blocked

    @property
    def failed(self) -> int:
        return self.audit.failed

    @property
    def pending(self) -> int:
        """Not delivered yet: handed over, or left for the next start."""
        return self.audit.handed_over + self.audit.left


def resolve_texts(texts: Mapping[str, str], default_language: str) -> dict[str, str]:
    """The text every language receives: its own, else the common one, else the default
    language's, else the first written."""
    cleaned = {key: value.strip() for key, value in texts.items() if value and value.strip()}
    if not cleaned:
        raise BroadcastError("the broadcast text is empty")
    unknown = set(cleaned) - {EVERYONE, *LANGUAGES}
    if unknown:
        raise BroadcastError(f"unknown language(s): {', '.join(sorted(unknown))}")
    for key, value in cleaned.items():
        if visible_length(value) > MESSAGE_LIMIT:
            raise BroadcastError(
                f"the {key} text is longer than Telegram's {MESSAGE_LIMIT} characters"
            )
    fallback = (
        cleaned.get(EVERYONE) or cleaned.get(default_language) or next(iter(cleaned.values()))
    )
    return {language: cleaned.get(language, fallback) for language in LANGUAGES}


class BroadcastService:
    def __init__(self, store: Store, default_language: str) -> None:
        self.store = store
        self.default_language = default_language

    async def preview(self, texts: Mapping[str, str], audience: Audience) -> Preview:
        per_language = resolve_texts(texts, self.default_language)
        selection = audience_selection(audience, self.default_language)
        by_language = await self.store.audience.by_language(selection, self.default_language)
        return Preview(audience, sum(by_language.values()), by_language, per_language)

    async def start(
        self,
        texts: Mapping[str, str],
        audience: Audience,
        *,
        admin_id: int | None,
        origin: Literal["bot", "cli"],
    ) -> tuple[int, int]:
        """Record and queue the broadcast; (broadcast id, recipients)."""
        per_language = resolve_texts(texts, self.default_language)
        return await self.store.outbox.create_broadcast(
            admin_id=admin_id,
            origin=origin,
            texts=texts,
            per_language=per_language,
            audience=audience,
            selection=audience_selection(audience, self.default_language),
            default_language=self.default_language,
        )

    async def progress(self, broadcast_id: int, recipients: int) -> BroadcastReport:
        counts = await self.store.outbox.broadcast_counts(broadcast_id)
        return BroadcastReport.of(broadcast_id, recipients, counts)

    async def finish(self, broadcast_id: int, recipients: int) -> BroadcastReport:
        counts = await self.store.outbox.finish_broadcast(broadcast_id)
        return BroadcastReport.of(broadcast_id, recipients, counts)
