"""Calls of unknown status through the running bot (issue 19), in Russian and Swedish: an
undated call stating no deadline is listed after the open ones, marked "may be closed: check
the link", never counted open, never announced and offers neither "Apply" nor a reminder."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cagbot import callbacks
from cagbot.bot.notifications import runtime_of
from cagbot.devserver import BotMessage
from cagbot.i18n import I18n
from cagbot.models import OpportunityDetails, PostDraft
from cagbot.store import Store
from tests.e2e.conftest import TODAY, Bot, button
from tests.notify.conftest import subscribe

I18N = I18n.load()
UNDATED = "Undated volunteering call in Naryn"
DATED = "Dated volunteering call in Talas"


def _call(title: str, *, dated: bool) -> PostDraft:
    return PostDraft(
        key=title.casefold(),
        title=title,
        summary="We are looking for volunteers. Apply via the form.",
        language="en",
        source="https://example.org/calls",
        kind="opportunity",
        url="https://example.org/" + title.split()[0].casefold(),
        published=datetime(TODAY.year, TODAY.month, 1, tzinfo=UTC) if dated else None,
        opportunity=OpportunityDetails(type="volunteering", apply_url="https://example.org/form"),
    )


def _apply_urls(message: BotMessage) -> list[str]:
    return [
        str(button.get("url"))
        for row in (message.reply_markup or {}).get("inline_keyboard", [])
        for button in row
        if button.get("url")
    ]


@pytest.mark.parametrize("lang", ["ru", "sv"])
async def test_a_call_of_unknown_status_is_never_shown_as_open(bot: Bot, lang: str) -> None:
    t = I18N.get(lang)
    store: Store = bot.app.bot_data.store
    user = bot.user(language_code=lang)
    await subscribe(store, user.id, language=lang)
    await store.db.connection.execute(
        "UPDATE subscribers SET subscribed_at = '2020-01-01T00:00:00.000Z'"
    )
    runtime = runtime_of(bot.app)
    notifier = runtime.notifier
    assert notifier is not None
    await notifier.announce_new_posts()  # the first run absorbs the backlog
    undated = (await store.posts.upsert(_call(UNDATED, dated=False))).post_id
    await store.posts.upsert(_call(DATED, dated=True))

    # Notifications: only the call known to be open is announced.
    report = await notifier.announce_new_posts()
    assert report.deliveries == 1
    assert runtime.dispatcher is not None
    runtime.dispatcher.wake()
    push = await bot.emu.next_message(user.id)
    assert DATED in (push.text or "")
    assert UNDATED not in (push.text or "")

    # The list: the open count leaves it out; it comes after every open call, marked.
    open_calls = await store.posts.opportunities(open_on=TODAY)
    assert undated not in [post.id for post in open_calls]
    listing = await bot.say(user, "/opportunities")
    header = (listing.text or "").split("\n")[0]
    open_count = t.ngettext("{n} open opportunity", "{n} open opportunities", len(open_calls))
    assert open_count.format(n=len(open_calls)) in header
    mark = t.gettext("May be closed: check the link")
    pages = [listing.text or ""]
    while "▶" in " ".join(label for row in listing.buttons() for label, _ in row):
        await bot.press(user, listing, button(listing, "▶"))
        listing = await bot.edited(listing)
        pages.append(listing.text or "")
    text = "\n".join(pages)
    assert UNDATED in text
    entry = text[text.index(UNDATED) :].split("\n")[1]
    assert mark in entry
    for post in open_calls:  # every open call is listed before it
        assert text.index(post.title_in(lang)[:30]) < text.index(UNDATED)

    # Its detail view: marked, no "Apply", no reminder.
    data = next(
        data
        for data in listing.callback_data()
        if (pressed := callbacks.decode(data)) is not None
        and pressed.action == "od"
        and pressed.int_arg(0) == undated
    )
    await bot.press(user, listing, data)
    detail = await bot.edited(listing)
    assert mark in (detail.text or "")
    assert "https://example.org/form" not in _apply_urls(detail)
    assert not any(d.startswith("v1|rem|") for d in detail.callback_data())
