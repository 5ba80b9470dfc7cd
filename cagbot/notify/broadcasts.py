"""Staff broadcasts: validate the text(s), count the audience, queue, follow, report.

Every broadcast is recorded in the ``broadcasts`` audit table (who, when, what, to whom,
outcome counts) in the same transaction that queues its deliveries. A broadcast may be a
photo whose caption is the text (then within Telegram's 1,024 units), may be planned for a
later time or await a staff member's approval (``planned_broadcasts``), and may be paused,
resumed or cancelled while it goes out (``broadcast_controls``).
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import cache
from typing import Literal

import aiosqlite

from cagbot.content.language import detect_language
from cagbot.i18n import I18n
from cagbot.i18n_names import in_language
from cagbot.markup import MESSAGE_LIMIT, esc
from cagbot.notify.polls import PollError, poll_messages
from cagbot.records import EVERYONE as EVERYONE  # the records are cagbot.records'; re-exported
from cagbot.records import BroadcastReport as BroadcastReport
from cagbot.records import Preview as Preview
from cagbot.settings import LANGUAGES
from cagbot.store import Store
from cagbot.store.audience import Audience, audience_selection
from cagbot.store.leases import Audit
from cagbot.store.outbox import Rendered
from cagbot.store.quiet_hours import mark_broadcast
from cagbot.store.schedules import AlreadyDecided, Planned, ScheduleStore
from cagbot.views.notifications import visible_length

#: Telegram's limit for a photo's caption (UTF-16 units after entity parsing).
CAPTION_LIMIT = 1024


def too_long_for_caption(text: str) -> bool:
    """Whether ``text`` (HTML) is longer than a photo's caption may be, counted as Telegram
    counts it (the visible characters, tags and entities resolved)."""
    return visible_length(text) > CAPTION_LIMIT


class BroadcastError(ValueError):
    """The broadcast cannot be sent as asked; ``str()`` says why (English, for the CLI)."""


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


#: For a reader without a text of their own: the languages they most likely read, best
#: first (Russian readers in Kyrgyzstan read English sooner than Swedish; Swedish
#: volunteers read English; English readers are more often Nordic than Russian-reading).
CLOSEST: dict[str, tuple[str, ...]] = {"ru": ("en", "sv"), "sv": ("en", "ru"), "en": ("sv", "ru")}
_TAGS = re.compile(r"<[^>]+>")


@cache
def _i18n() -> I18n:
    return I18n.load()


def text_language(text: str) -> str | None:
    """The language a (common) broadcast text is written in, by its words; ``None`` for a
    text without words (emoji, a link), which is in no language."""
    plain = html.unescape(_TAGS.sub(" ", text))
    if not any(char.isalpha() for char in plain):
        return None
    return detect_language(plain)


def resolve_texts(
    texts: Mapping[str, str], default_language: str, *, photo: str | None = None
) -> dict[str, str]:
    """The text every language receives: its own, else the common one, else the one in the
    closest language it reads (:data:`CLOSEST`). Unmarked: see :func:`marked_texts`."""
    cleaned = _cleaned(texts, photo)
    sources = resolve_sources(texts, default_language, photo=photo)
    return {language: cleaned[source] for language, source in sources.items()}


def foreign_sources(
    texts: Mapping[str, str], default_language: str, *, photo: str | None = None
) -> dict[str, str]:
    """Language -> the language of the text it receives, for every language that receives
    a text not in itself (a fallback, or a common text written in another language)."""
    cleaned = _cleaned(texts, photo)
    foreign = {}
    for language, source in resolve_sources(texts, default_language, photo=photo).items():
        written_in = text_language(cleaned[source]) if source == EVERYONE else source
        if written_in is not None and written_in != language:
            foreign[language] = written_in
    return foreign


def marked_texts(
    texts: Mapping[str, str], default_language: str, *, photo: str | None = None
) -> dict[str, str]:
    """What each language is sent: :func:`resolve_texts`, where a text is not in the
    reader's language starting with a 🌐 mark in the reader's language ("🌐 на
    английском"), so nobody gets unmarked foreign text."""
    resolved = resolve_texts(texts, default_language, photo=photo)
    for language, written_in in foreign_sources(texts, default_language, photo=photo).items():
        mark = "🌐 " + esc(in_language(_i18n().get(language), written_in))
        resolved[language] = f"{mark}\n\n{resolved[language]}"
        _check_length(language, resolved[language], photo)
    return resolved


def resolve_sources(
    texts: Mapping[str, str], default_language: str, *, photo: str | None = None
) -> dict[str, str]:
    """Whose text each language receives (see :func:`resolve_texts`): the language itself,
    :data:`EVERYONE`, or the language whose text is the fallback."""
    cleaned = _cleaned(texts, photo)
    sources: dict[str, str] = {}
    for language in LANGUAGES:
        if language in cleaned or EVERYONE in cleaned:
            sources[language] = language if language in cleaned else EVERYONE
            continue
        order = [*CLOSEST.get(language, ()), default_language, *cleaned]
        sources[language] = next(code for code in order if code in cleaned)
    return sources


def _cleaned(texts: Mapping[str, str], photo: str | None) -> dict[str, str]:
    cleaned = {key: value.strip() for key, value in texts.items() if value and value.strip()}
    if not cleaned:
        raise BroadcastError("the broadcast text is empty")
    unknown = set(cleaned) - {EVERYONE, *LANGUAGES}
    if unknown:
        raise BroadcastError(f"unknown language(s): {', '.join(sorted(unknown))}")
    for key, value in cleaned.items():
        _check_length(key, value, photo)
    return cleaned


def _check_length(key: str, value: str, photo: str | None) -> None:
    limit, what = (CAPTION_LIMIT, "caption") if photo else (MESSAGE_LIMIT, "text")
    if visible_length(value) > limit:
        raise BroadcastError(f"the {key} {what} is longer than Telegram's {limit} characters")


def _outgoing(per_language: Mapping[str, str], photo: str | None) -> dict[str, str | Rendered]:
    if photo is None:
        return dict(per_language)
    return {language: Rendered(text, photo=photo) for language, text in per_language.items()}


class BroadcastService:
    def __init__(
        self, store: Store, default_language: str, clock: Callable[[], float] = time.time
    ) -> None:
        self.store = store
        self.default_language = default_language
        self.clock = clock  # tests drive scheduled sends with a controlled clock

    @property
    def schedules(self) -> ScheduleStore:
        return self.store.schedules

    async def preview(
        self,
        texts: Mapping[str, str],
        audience: Audience,
        *,
        photo: str | None = None,
        poll: bool = False,
    ) -> Preview:
        per_language = resolve_texts(texts, self.default_language, photo=photo)
        sources = resolve_sources(texts, self.default_language, photo=photo)
        foreign = foreign_sources(texts, self.default_language, photo=photo)
        if poll:  # a poll has no room for a 🌐 mark: it goes as written
            poll_messages(per_language)  # raises PollError for one Telegram would refuse
            received, foreign = per_language, {}
        else:
            received = marked_texts(texts, self.default_language, photo=photo)  # or too long
        selection = audience_selection(audience, self.default_language)
        by_language = await self.store.audience.by_language(selection, self.default_language)
        return Preview(
            audience,
            sum(by_language.values()),
            by_language,
            per_language,
            sources,
            photo,
            foreign,
            received,
        )

    async def start(
        self,
        texts: Mapping[str, str],
        audience: Audience,
        *,
        admin_id: int | None,
        origin: Literal["bot", "cli"],
        photo: str | None = None,
        planned_id: int | None = None,
        poll: bool = False,
        urgent: bool = False,
        protect: bool = False,
    ) -> tuple[int, int]:
        """Record and queue the broadcast; (broadcast id, recipients). With ``planned_id``
        the planned broadcast is marked fired in the same transaction (raises
        :class:`AlreadyDecided`, queueing nothing, if it was cancelled meanwhile). With
        ``poll`` each text is a poll's lines (:mod:`cagbot.notify.polls`; raises
        :class:`~cagbot.notify.polls.PollError` for one Telegram would refuse).
        ``urgent``: rings during quiet hours; ``protect``: sent with protect_content."""
        outgoing: Mapping[str, str | Rendered]
        if poll:
            outgoing = poll_messages(resolve_texts(texts, self.default_language))
        else:
            per_language = marked_texts(texts, self.default_language, photo=photo)
            outgoing = _outgoing(per_language, photo)
        planned = planned_id

        async def within(connection: aiosqlite.Connection, broadcast_id: int) -> None:
            # The flags are stored with the broadcast, before any row can be claimed.
            await mark_broadcast(connection, broadcast_id, urgent=urgent, protect=protect)
            if planned is not None:
                await ScheduleStore.mark_fired(connection, planned, broadcast_id)

        return await self.store.outbox.create_broadcast(
            admin_id=admin_id,
            origin=origin,
            texts=texts,
            per_language=outgoing,
            audience=audience,
            selection=audience_selection(audience, self.default_language),
            default_language=self.default_language,
            within=within,
            poll=poll,
        )

    async def progress(self, broadcast_id: int, recipients: int) -> BroadcastReport:
        counts = await self.store.outbox.broadcast_counts(broadcast_id)
        state = await self.schedules.state(broadcast_id) or "running"
        withdrawn = await self.schedules.withdrawn(broadcast_id)
        recipients = recipients or counts.total + withdrawn
        report = BroadcastReport.of(
            broadcast_id, recipients, counts, withdrawn=withdrawn, state=state
        )
        night = await self.store.quiet_hours.held(broadcast_id) if report.pending else 0
        return replace(report, night=night)

    async def finish(self, broadcast_id: int, recipients: int) -> BroadcastReport:
        counts = await self.store.outbox.finish_broadcast(broadcast_id)
        state = await self.schedules.state(broadcast_id) or "done"
        withdrawn = await self.schedules.withdrawn(broadcast_id)
        recipients = recipients or counts.total + withdrawn
        return BroadcastReport.of(
            broadcast_id, recipients, counts, withdrawn=withdrawn, state=state
        )

    # -- planned sends ----------------------------------------------------------------------

    async def fire(self, planned: Planned) -> tuple[int, int] | None:
        """Send a scheduled (approved) broadcast now; None if it was decided meanwhile or
        can no longer be sent (it is then marked cancelled, never retried in a loop)."""
        urgent, protect = await self.store.quiet_hours.planned_flags(planned.id)
        try:
            return await self.start(
                planned.texts,
                planned.audience,
                admin_id=planned.approved_by,
                origin="bot",
                photo=planned.photo,
                planned_id=planned.id,
                poll=planned.poll,
                urgent=urgent,
                protect=protect,
            )
        except AlreadyDecided:
            return None
        except (BroadcastError, PollError):
            await self.schedules.decide(planned.id, planned.approved_by or 0, "cancelled")
            return None

    async def fire_due(self) -> list[tuple[Planned, int, int]]:
        """Fire every scheduled broadcast whose time has come (by :attr:`clock`)."""
        fired = []
        for planned in await self.schedules.due(self.clock()):
            outcome = await self.fire(planned)
            if outcome is not None:
                fired.append((planned, *outcome))
        return fired
