"""Records that services produce and views render: plain frozen dataclasses with no
behaviour beyond their own arithmetic.

They live here, under both, so that a view never imports a service to know the shape of
what it shows (docs/architecture.md). The services re-export them where they were first
defined (``cagbot.notify.broadcasts``, ``cagbot.notify.error_digest``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from cagbot.store.audience import Audience
from cagbot.store.outbox import Counts

#: Key of the one text everybody gets when staff did not write one per language.
EVERYONE = "*"

#: Why staff's poll would be refused (cagbot.notify.polls), for the views to word.
PollProblem = Literal["few_options", "many_options", "long_question", "long_option", "repeated"]


@dataclass(frozen=True, slots=True)
class Preview:
    audience: Audience
    recipients: int
    by_language: dict[str, int]
    per_language: dict[str, str]  # the text each effective language will receive
    #: whose text each language gets: itself, EVERYONE, or another language (a fallback)
    sources: dict[str, str] = field(default_factory=dict)
    photo: str | None = None
    #: language -> the language of the text it gets, where that is not itself: these
    #: readers get it marked "🌐 in English" (see ``notify.broadcasts.marked_texts``)
    foreign: dict[str, str] = field(default_factory=dict)
    #: the text each language is sent, marks included (``notify.broadcasts.marked_texts``)
    received: dict[str, str] = field(default_factory=dict)


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
    withdrawn: int = 0  # pending rows a cancellation took out of the queue
    state: str = "running"  # running | paused | cancelled | done
    #: Of ``pending``: deliveries held until their readers' night ends (quiet hours).
    night: int = 0

    @classmethod
    def of(
        cls,
        broadcast_id: int,
        recipients: int,
        counts: Counts,
        *,
        withdrawn: int = 0,
        state: str = "running",
    ) -> BroadcastReport:
        return cls(
            broadcast_id,
            recipients,
            counts.sent,
            counts.blocked,
            counts.failed,
            counts.pending + counts.sending,
            counts.retrying,
            withdrawn,
            state,
        )


@dataclass(frozen=True, slots=True)
class ErrorLine:
    kind: str  # exception class name, e.g. "KeyError"
    where: str  # e.g. "cagbot.bot.search:search_command"
    count: int
