"""Publishing and changing calls made in Telegram.

Publishing imports the call's document as curated content (the same parser and merge rule
as ``data/opportunities.toml``), records it with an audit entry, and announces it to the
subscribers any new call reaches (``post_selection``, ``fan_out_post``), each in their own
language where the call has a text in it, with an "apply" button. Edits, closing early and
moving the deadline re-import the changed document under the same post and are audited.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from cagbot.content.calls import CallError, localized, post_doc, to_draft, to_toml
from cagbot.content.merge import merge
from cagbot.i18n import I18n, Translator
from cagbot.lexicon import Lexicon
from cagbot.models import Post
from cagbot.settings import LANGUAGES
from cagbot.store import Store
from cagbot.store.audience import post_selection
from cagbot.store.calls import Call
from cagbot.store.outbox import Outgoing, Rendered
from cagbot.views import notifications as texts
from cagbot.views.opportunities import apply_button


@dataclass(frozen=True, slots=True)
class Published:
    call_id: int
    post_id: int
    queued: int  # deliveries queued (instant) plus digest items


def apply_keyboard(t: Translator, url: str | None) -> dict[str, Any] | None:
    """An inline keyboard of the ✍️ Apply button alone, or None without an http(s) link."""
    button = apply_button(t, url)
    return None if button is None else {"inline_keyboard": [[button]]}


def render(
    t: Translator, lexicon: Lexicon, post: Post, doc: dict[str, Any], bot: str | None = None
) -> Rendered:
    """A call as a subscriber reading ``t.language`` receives it: with ``bot`` (the bot's
    username) its buttons are those of every notification (open in the bot, apply, remind
    me, manage the subscription)."""
    shown = localized(post, doc, t.language)
    details = shown.opportunity
    message = texts.announcement(t, lexicon, shown, bot)
    # Without the bot's username the announcement has no deep-link buttons: Apply at least.
    return Rendered(
        message.text,
        reply_markup=message.reply_markup
        or apply_keyboard(t, details.apply_url if details else None),
    )


class CallService:
    def __init__(
        self,
        store: Store,
        i18n: I18n,
        lexicon: Lexicon,
        default_language: str,
        *,
        on_post: Callable[[Post], None] = lambda post: None,
        on_queued: Callable[[], None] = lambda: None,
        bot_username: str | None = None,
    ) -> None:
        self.store = store
        self.bot_username = bot_username  # for the notification's deep-link buttons
        self.i18n = i18n
        self.lexicon = lexicon
        self.default_language = default_language
        self._on_post = on_post  # the running bot's search index
        self._on_queued = on_queued  # wakes the dispatcher

    async def publish(
        self,
        doc: dict[str, Any],
        *,
        actor: int,
        drafted_by: int,
        call_id: int | None = None,
        role: str | None = None,
    ) -> Published:
        """A new call goes live: stored as curated content and announced. Raises
        :class:`CallError` ('duplicate') if a post with the same title exists. ``role``:
        the actor's role now (for the audit), as the caller just checked it."""
        draft = to_draft(doc, self.lexicon, guid=f"cagbot-call-{secrets.token_hex(8)}")
        if await self.store.posts.find(draft) is not None:
            raise CallError("duplicate")
        result = await self.store.posts.upsert(draft, merge)
        assert result.post_id is not None
        call_id = await self.store.calls.save(
            call_id=call_id,
            doc=doc,
            post_id=result.post_id,
            actor=actor,
            drafted_by=drafted_by,
            approved_by=actor,
            action="call.publish",
            before=None,
            role=role,
        )
        post = await self.store.posts.get(result.post_id)
        assert post is not None
        self._on_post(post)
        rendered: dict[str, Outgoing] = {
            language: render(self.i18n.get(language), self.lexicon, post, doc, self.bot_username)
            for language in LANGUAGES
        }
        fan_out = await self.store.outbox.fan_out_post(
            post.id,
            "opportunity",
            rendered,
            post_selection(post.id, self.default_language),
            self.default_language,
        )
        if fan_out.total:
            self._on_queued()
        return Published(call_id, post.id, fan_out.total)

    async def call_of(self, post_id: int, actor: int) -> Call | None:
        """The call behind an opportunity post; one imported from the file is adopted (its
        document written from the post) the first time staff change it here."""
        call = await self.store.calls.of_post(post_id)
        if call is not None:
            return call
        post = await self.store.posts.get(post_id)
        if post is None or post.opportunity is None:
            return None
        doc = post_doc(post)
        call_id = await self.store.calls.save(
            call_id=None,
            doc=doc,
            post_id=post.id,
            actor=actor,
            drafted_by=actor,
            approved_by=actor,
            action="call.adopt",
            before=None,
        )
        return await self.store.calls.get(call_id)

    async def change(
        self,
        call: Call,
        doc: dict[str, Any],
        *,
        actor: int,
        action: str,
        role: str | None = None,
    ) -> Post:
        """Apply a changed document to the call's post (same post even if the title
        changes: it is found by its guid), audited with the before and after."""
        if call.post_id is None:
            raise CallError("unreadable")
        existing = await self.store.posts.get(call.post_id)
        if existing is None:
            raise CallError("unreadable")
        guid = existing.guid
        if guid is None:
            # From the file, found by its title so far: give the post a guid first (same
            # content), so that the change lands on it even when the title changes.
            guid = f"cagbot-call-{secrets.token_hex(8)}"
            await self.store.posts.upsert(replace(existing.as_draft(), guid=guid), merge)
        draft = to_draft(doc, self.lexicon, guid=guid)
        clash = await self.store.posts.find(draft)
        if clash is not None and clash.id != existing.id:
            raise CallError("duplicate")
        # The post's own guid makes the change land on it, whatever the new title.
        result = await self.store.posts.upsert(draft, merge)
        assert result.post_id == existing.id
        await self.store.calls.save(
            call_id=call.id,
            doc=doc,
            post_id=existing.id,
            actor=actor,
            drafted_by=call.drafted_by,
            approved_by=call.approved_by,
            action=action,
            before=call.doc,
            role=role,
        )
        post = await self.store.posts.get(existing.id)
        assert post is not None
        self._on_post(post)
        return post

    async def close(self, call: Call, *, actor: int, role: str | None = None) -> Post:
        return await self.change(
            call, {**call.doc, "is_open": False}, actor=actor, action="call.close", role=role
        )

    async def move_deadline(
        self, call: Call, deadline: date, *, actor: int, role: str | None = None
    ) -> Post:
        doc = {**call.doc, "deadline": deadline.isoformat(), "is_open": True}
        return await self.change(call, doc, actor=actor, action="call.deadline", role=role)


EXPORT_HEADER = """\
# Curated opportunities exported by `cagbot opportunities --export`: the calls made in
# Telegram as their authors wrote them, and the opportunities imported from files. Edit and
# re-import with `cagbot import FILE`; each entry lands on the same call again.

"""


async def export_docs(store: Store) -> list[dict[str, Any]]:
    """Every curated opportunity as a document: calls made in Telegram as written, the
    ones from a file as their posts say."""
    docs: list[dict[str, Any]] = []
    by_post = {call.post_id: call for call in await store.calls.all() if call.post_id}
    for post in await store.posts.opportunities():
        if post.id in by_post:
            # The call as its author wrote it, and where it came from (re-imported: unchanged).
            docs.append({**by_post[post.id].doc, "source": post.source})
        elif post.opportunity is not None and post.opportunity.titles:
            docs.append(post_doc(post))
    return docs


async def export_toml(store: Store) -> str:
    return to_toml(await export_docs(store), EXPORT_HEADER)
