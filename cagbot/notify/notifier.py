"""Turns new posts, due reminders and digests into outbox rows (never sends anything itself).

A post is announced once: the ``post_notifications`` row written with the post (a trigger)
is marked done in the same transaction that queues its deliveries. On the very first run
the notifier absorbs whatever is already there (the bundled backlog, the first poll) without
announcing it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from cagbot.i18n import I18n, Translator
from cagbot.lexicon import Lexicon
from cagbot.settings import LANGUAGES, Settings
from cagbot.store import Store
from cagbot.store.audience import post_selection
from cagbot.store.outbox import PRIORITY_STAFF, Outgoing
from cagbot.store.reminders import REMINDER_DAYS
from cagbot.timezones import zone, zone_name
from cagbot.views import notifications as texts

log = logging.getLogger(__name__)

BASELINE_STATE = "baseline_done"


@dataclass(frozen=True, slots=True)
class AnnounceReport:
    posts: int = 0
    deliveries: int = 0
    digest_items: int = 0
    skipped: int = 0


class Notifier:
    def __init__(
        self,
        store: Store,
        settings: Settings,
        i18n: I18n,
        lexicon: Lexicon,
        *,
        on_queued: Callable[[], None] | None = None,
        bot_username: str | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.i18n = i18n
        self.lexicon = lexicon
        self._on_queued = on_queued or (lambda: None)
        # For the deep-link buttons notifications carry (none without it).
        self.bot_username = bot_username

    async def announce_new_posts(self) -> AnnounceReport:
        """Queue every post not yet announced for the subscribers it matches."""
        outbox = self.store.outbox
        if await outbox.get_state(BASELINE_STATE) is None:
            skipped = await outbox.skip_posts()
            await outbox.set_state(BASELINE_STATE, datetime.now(UTC).isoformat())
            log.info("first run: %d existing posts taken as backlog, not announced", skipped)
            return AnnounceReport(skipped=skipped)
        post_ids = await outbox.new_posts()
        posts = await self.store.posts.get_many(post_ids)
        deliveries = digest_items = skipped = 0
        today = datetime.now(UTC).date()
        for post in posts:
            # A call is news only when known to be open: a closed one, or one whose status
            # is unknown (an undated page stating no deadline), is not announced.
            if post.call_status(today, self.settings.opportunity_max_age_days) in (
                "closed",
                "unknown",
            ):
                skipped += await outbox.skip_posts([post.id])
                continue
            rendered: dict[str, Outgoing] = {  # a photo when the post has an image
                language: texts.announcement_message(
                    self.i18n.get(language), self.lexicon, post, self.bot_username
                )
                for language in LANGUAGES
            }
            fan_out = await outbox.fan_out_post(
                post.id,
                "opportunity" if post.opportunity is not None else "post",
                rendered,
                post_selection(post.id, self.settings.default_language),
                self.settings.default_language,
            )
            deliveries += sum(fan_out.instant.values())
            digest_items += fan_out.digest
        # Posts deleted between import and now have nothing to announce.
        missing = set(post_ids) - {post.id for post in posts}
        if missing:
            skipped += await outbox.skip_posts(missing)
        if deliveries:
            self._on_queued()
        return AnnounceReport(len(posts), deliveries, digest_items, skipped)

    async def send_reminders(self, today: date | None = None) -> int:
        """Queue reminders for opportunities whose deadline is at most 3 days away."""
        today = today or datetime.now(UTC).date()
        queued = 0
        for post_id in await self.store.reminders.due_posts(today, REMINDER_DAYS):
            post = await self.store.posts.get(post_id)
            if post is None or post.opportunity is None or post.opportunity.deadline is None:
                continue
            days_left = (post.opportunity.deadline - today).days
            rendered: dict[str, Outgoing] = {
                language: texts.reminder(
                    self.i18n.get(language), self.lexicon, post, days_left, today, self.bot_username
                )
                for language in LANGUAGES
            }
            queued += await self.store.reminders.enqueue(
                post_id, rendered, self.settings.default_language
            )
        if queued:
            self._on_queued()
        return queued

    async def send_digests(
        self,
        frequency: str,
        period: str,
        *,
        chats: Collection[int] | None = None,
        time_zone: str | None = None,
    ) -> int:
        """Queue the digests of chats with ``frequency`` ('daily' also takes chats that left
        digests for instant delivery with items still collected). ``period`` names the
        run (e.g. '2025-05-01') so a repeated run does not queue a second digest.
        ``chats``: only these (the chats of one time zone, rendered in ``time_zone``)."""
        frequencies = ["weekly"] if frequency == "weekly" else ["daily", "instant"]
        groups = await self.store.digests.groups(frequencies, self.settings.default_language)
        rendered = []
        for group in groups:
            if chats is not None:
                wanted = tuple(chat for chat in group.chat_ids if chat in chats)
                if not wanted:
                    continue
                group = replace(group, chat_ids=wanted)
            posts = await self.store.posts.get_many(group.post_ids)
            if not posts:
                continue
            t = self.i18n.get(group.language).in_zone(time_zone)
            rendered.append(
                (group, texts.digest(t, self.lexicon, posts, frequency, self.bot_username))
            )
        queued = await self.store.digests.enqueue(rendered, f"{frequency}:{period}")
        if queued:
            self._on_queued()
        return queued

    async def alert_staff(self, render: Callable[[Translator], str], key: str | None) -> int:
        """Queue a staff alert in each admin's language, ahead of bulk deliveries."""
        queued = 0
        for admin_id in sorted(self.settings.admin_ids):
            language = await self.store.subscribers.language_for(
                admin_id, self.settings.default_language
            )
            queued += await self.store.outbox.enqueue(
                [admin_id],
                render(self.i18n.get(language)),
                kind="staff",
                language=language,
                dedupe_key=f"{key}:{admin_id}" if key else None,
                priority=PRIORITY_STAFF,
            )
        if queued:
            self._on_queued()
        return queued

    async def run_due_digests(self, now: datetime, hour: int) -> int:
        """Daily digests once a local day after ``hour`` o'clock in each chat's time zone;
        weekly ones on local Mondays. Called every few minutes; each zone keeps its own
        "done" mark, so a reader in Bishkek gets theirs at 8:00 Bishkek time, one in
        Malmö at 8:00 Swedish time."""
        default = self.settings.default_language
        by_zone: dict[str, set[int]] = {}
        for chat_id, chosen, language in await self.store.subscribers.digest_chats(default):
            by_zone.setdefault(zone_name(chosen, language), set()).add(chat_id)
        queued = 0
        for name, chats in sorted(by_zone.items()):
            local = now.astimezone(zone(name))
            if local.hour < hour:
                continue
            today = local.date().isoformat()
            key = f"digest:daily:{name}"
            if await self.store.outbox.get_state(key) != today:
                queued += await self.send_digests(
                    "daily", f"{today}:{name}", chats=chats, time_zone=name
                )
                await self.store.outbox.set_state(key, today)
            year, week, weekday = local.isocalendar()
            this_week = f"{year}-W{week:02d}"
            key = f"digest:weekly:{name}"
            if weekday == 1 and await self.store.outbox.get_state(key) != this_week:
                queued += await self.send_digests(
                    "weekly", f"{this_week}:{name}", chats=chats, time_zone=name
                )
                await self.store.outbox.set_state(key, this_week)
        return queued
