"""Channels and forum topics: check at start-up that the bot may post where it is told to
(``CAGBOT_CHANNELS``), and queue every new post and opportunity there through the outbox,
with a button that opens the bot for a subscription.

The dispatcher's pacer already keeps any negative chat id (groups, supergroups, channels)
within Telegram's 20 messages a minute, and a forum topic is reached by the chat's
``chat_threads`` row, so channels need nothing special downstream.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from telegram import Bot, ChatMember, ChatMemberAdministrator, ChatMemberRestricted
from telegram.error import TelegramError

from cagbot.content.calls import localized
from cagbot.i18n import I18n, Translator
from cagbot.lexicon import Lexicon
from cagbot.models import Post
from cagbot.notify.calls import apply_keyboard
from cagbot.settings import Destination
from cagbot.store import Store
from cagbot.store.outbox import Rendered
from cagbot.views import notifications as texts

log = logging.getLogger(__name__)

#: What a destination can lack (keys of the staff message).
NOT_FOUND = "not_found"
NOT_MEMBER = "not_member"
NOT_ADMIN = "not_admin"
CAN_POST = "can_post_messages"
CAN_SEND = "can_send_messages"
NOT_FORUM = "not_forum"


@dataclass(frozen=True, slots=True)
class Check:
    destination: Destination
    chat_id: int | None
    title: str | None
    missing: str | None  # None: the bot may post there


def _lacking(chat_type: str, member: ChatMember, thread: int | None, forum: bool) -> str | None:
    if member.status in (ChatMember.LEFT, ChatMember.BANNED):
        return NOT_MEMBER
    if chat_type == "channel":
        if not isinstance(member, ChatMemberAdministrator):
            return NOT_ADMIN
        return None if member.can_post_messages else CAN_POST
    if isinstance(member, ChatMemberRestricted) and not member.can_send_messages:
        return CAN_SEND
    if thread is not None and not forum:
        return NOT_FORUM
    return None


async def check_destination(bot: Bot, destination: Destination) -> Check:
    """getChat, then getChatMember of the bot itself, as Telegram sees it right now."""
    try:
        chat = await bot.get_chat(destination.chat)
    except TelegramError as error:
        log.warning("channel %s: %s", destination.ref, error)
        return Check(destination, None, None, NOT_FOUND)
    try:
        member = await bot.get_chat_member(chat.id, bot.id)
    except TelegramError as error:
        log.warning("channel %s: %s", destination.ref, error)
        return Check(destination, chat.id, chat.title, NOT_MEMBER)
    missing = _lacking(chat.type, member, destination.thread_id, bool(chat.is_forum))
    return Check(destination, chat.id, chat.title, missing)


def subscribe_button(t: Translator, bot_username: str) -> dict[str, Any]:
    return {
        "text": t.gettext("🔔 Subscribe in the bot"),
        "url": f"https://t.me/{bot_username}?start=subscribe",
    }


def channel_message(
    t: Translator, lexicon: Lexicon, post: Post, doc: dict[str, Any] | None, bot_username: str
) -> Rendered:
    """A new post as a channel gets it: the announcement subscribers get, in the channel's
    language (a call's own text in it when there is one), with apply and subscribe buttons."""
    shown = localized(post, doc, t.language) if doc else post
    rows: list[list[dict[str, Any]]] = []
    apply = apply_keyboard(t, shown.opportunity.apply_url if shown.opportunity else None)
    if apply is not None:
        rows += apply["inline_keyboard"]
    rows.append([subscribe_button(t, bot_username)])
    # The channel's own buttons (apply, subscribe), not a subscriber's (remind me, settings).
    text = texts.announcement(t, lexicon, shown).text
    return Rendered(text, reply_markup={"inline_keyboard": rows})


class ChannelPoster:
    def __init__(
        self,
        store: Store,
        i18n: I18n,
        lexicon: Lexicon,
        default_language: str,
        bot_username: str,
        *,
        on_queued: Callable[[], None] = lambda: None,
    ) -> None:
        self.store = store
        self.i18n = i18n
        self.lexicon = lexicon
        self.default_language = default_language
        self.bot_username = bot_username
        self._on_queued = on_queued

    async def record(self, checks: list[Check]) -> None:
        for check in checks:
            if check.chat_id is None:
                continue
            first = await self.store.channels.record_check(
                chat_id=check.chat_id,
                ref=check.destination.ref,
                language=check.destination.language,
                thread_id=check.destination.thread_id,
                title=check.title,
                missing=check.missing,
            )
            if first:
                log.info("channel %s added: new posts from now on", check.destination.ref)

    async def run(self) -> int:
        """Queue the new posts of every channel the bot may post to; how many."""
        queued = 0
        for channel in await self.store.channels.all():
            if not channel.ok:
                continue
            language = channel.language or self.default_language
            t = self.i18n.get(language)
            for post_id in await self.store.channels.unposted(channel.chat_id):
                post = await self.store.posts.get(post_id)
                if post is None:
                    continue
                call = await self.store.calls.of_post(post_id)
                message = channel_message(
                    t, self.lexicon, post, call.doc if call else None, self.bot_username
                )
                queued += await self.store.outbox.enqueue(
                    [channel.chat_id],
                    message,
                    kind="opportunity" if post.opportunity else "post",
                    language=language,
                    dedupe_key=f"channel:{post_id}:{channel.chat_id}",
                )
                await self.store.channels.mark_posted(channel.chat_id, post_id)
        if queued:
            self._on_queued()
        return queued
