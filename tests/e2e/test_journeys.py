"""Journeys a new user walks, as Russian, Swedish, English and Kyrgyz (-> Russian) users:
the menu and ways back, opening and applying for a call, subscribing and changing
settings, eight quick taps, unknown input and media, a group, a notification's buttons.

Every reply seen on the way (each version of an edited message too) must fit a phone
screen: at most ``MAX_LINES`` lines of about 40 characters. The e2e fixture already fails
a test on any Bot API violation or handler error.
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from cagbot import callbacks
from cagbot.bot.notifications import runtime_of
from cagbot.bot.throttle import Throttles
from cagbot.devserver import BotMessage, SimChat, SimUser
from cagbot.i18n import I18n
from cagbot.lexicon import load_lexicon
from cagbot.models import OpportunityDetails, PostDraft
from tests.e2e.conftest import TODAY, Bot, button
from tests.e2e.phone import MAX_LINES, phone_lines

I18N = I18n.load()
PERSONAS = [("ru", "ru"), ("sv", "sv"), ("en", "en"), ("ky", "ru")]
persona = pytest.mark.parametrize(("code", "lang"), PERSONAS, ids=[p[0] for p in PERSONAS])
MENU = callbacks.encode("menu")
TOPICS = load_lexicon().topic_slugs()


def tr(language: str, msgid: str) -> str:
    return I18N.get(language).gettext(msgid)


@dataclass
class Walk:
    """The bot, and every reply seen on the way (text at the moment it was seen)."""

    bot: Bot
    seen: list[str] = field(default_factory=list)

    def user(self, code: str, user_id: int | None = None) -> SimUser:
        return self.bot.user(code, user_id)

    def _keep(self, message: BotMessage) -> BotMessage:
        self.seen.append(message.text or "")
        return message

    async def say(self, user: SimUser, text: str, chat: SimChat | None = None) -> BotMessage:
        return self._keep(await self.bot.say(user, text, chat))

    async def press(self, user: SimUser, message: BotMessage, data: str) -> dict[str, Any]:
        return await self.bot.press(user, message, data)

    async def edited(self, message: BotMessage) -> BotMessage:
        return self._keep(await self.bot.edited(message))

    async def next(self, chat_id: int) -> BotMessage:
        return self._keep(await self.bot.emu.next_message(chat_id))


@pytest.fixture
async def walk(bot: Bot) -> AsyncIterator[Walk]:
    journey = Walk(bot)
    yield journey
    await bot.settle()
    texts = journey.seen + [
        message.text or ""
        for chat_id in list(bot.emu.chats)
        for message in bot.emu.messages(chat_id)
    ]
    # What an inline result posts into a chat is a reply too (sent as HTML).
    texts += [
        html.unescape(re.sub(r"<[^>]+>", "", result["input_message_content"]["message_text"]))
        for answer in bot.emu.inline_answers.values()
        for result in answer["results"]
    ]
    assert texts
    # Each journey checks its own replies: no total across tests, which run in random order.
    too_long = [text for text in texts if phone_lines(text) > MAX_LINES]
    assert too_long == [], f"{phone_lines(too_long[0])} lines:\n{too_long[0]}"


def _has_menu(message: BotMessage) -> bool:
    return MENU in message.callback_data()


def _entries(message: BotMessage, action: str) -> list[tuple[str, str]]:
    return [
        (label, data)
        for row in message.buttons()
        for label, data in row
        if data is not None and data.startswith(f"v1|{action}|")
    ]


def _url(message: BotMessage, label: str) -> str:
    for row in message.buttons():
        for text, target in row:
            if text == label and target is not None and target.startswith("https://"):
                return target
    raise AssertionError(f"no URL button {label!r}: {message.buttons()}")


@persona
async def test_the_menu_and_ways_back(walk: Walk, code: str, lang: str) -> None:
    user = walk.user(code)
    start = await walk.say(user, "/start")
    assert tr(lang, "👋 Welcome to the bot of Centralasiengrupperna (CAG)!") in (start.text or "")
    for entry in ("find", "sub", "lang", "set"):
        assert callbacks.encode("go", entry) in start.callback_data()
    await walk.press(user, start, button(start, tr(lang, "🎯 Opportunities")))
    listing = await walk.edited(start)
    assert listing.message_id == start.message_id  # the menu leads on in place
    assert _has_menu(listing)
    await walk.press(user, listing, MENU)
    back = await walk.edited(listing)
    assert tr(lang, "👋 Welcome to the bot of Centralasiengrupperna (CAG)!") in (back.text or "")
    await walk.press(user, back, button(back, tr(lang, "📰 Latest posts")))
    latest = await walk.edited(back)
    assert _has_menu(latest)
    await walk.press(user, latest, button(latest, "1"))
    detail = await walk.next(user.id)  # details on a tap, the list stays
    assert _has_menu(detail)
    await walk.press(user, detail, MENU)
    await walk.edited(detail)
    for entry, marker in (
        ("find", "Just type what you are looking for, for example “internship”."),
        ("lang", "Your language is {language}. Choose another:"),
        ("set", "Your subscription"),
    ):
        await walk.press(user, detail, callbacks.encode("go", entry))
        shown = await walk.edited(detail)
        assert tr(lang, marker).split("{")[0] in (shown.text or "")
        assert _has_menu(shown)
        await walk.press(user, shown, MENU)
        await walk.edited(shown)
    help_message = await walk.say(user, "/help")
    assert tr(lang, "What I can do") in (help_message.text or "")
    assert callbacks.encode("opp", "all", 0) in help_message.callback_data()


@persona
async def test_opening_and_applying_for_a_call(walk: Walk, code: str, lang: str) -> None:
    user = walk.user(code)
    store = walk.bot.app.bot_data.store
    listing = await walk.say(user, "/opportunities")
    first_page = _entries(listing, "od")
    assert [label for label, _ in first_page] == ["1", "2", "3", "4"]
    await walk.press(user, listing, button(listing, "▶"))
    second = await walk.edited(listing)
    assert next(label for label, _ in _entries(second, "od")) == "5"  # numbered on, not again 1
    assert "5. " in (second.text or "")
    # An entry with an application form on the web: "✍️ Apply" opens it.
    by_url = mail = None
    for _label, data in first_page + _entries(second, "od"):
        decoded = callbacks.decode(data)
        assert decoded is not None
        post = await store.posts.get(decoded.int_arg(0))
        assert post is not None
        assert post.opportunity is not None
        apply = post.opportunity.apply_url or ""
        if apply.startswith("https://") and by_url is None:
            by_url = (data, post)
        if apply.startswith("mailto:") and mail is None:
            mail = (data, post)
    assert by_url is not None
    assert mail is not None
    page_of = {data: (listing if (label, data) in first_page else second) for label, data in
               first_page + _entries(second, "od")}  # fmt: skip
    data, post = by_url
    message = page_of[data]
    if message is listing:
        await walk.press(user, second, button(second, "◀"))
        listing = await walk.edited(second)
        message = listing
    await walk.press(user, message, data)
    detail = await walk.edited(message)
    assert _url(detail, tr(lang, "✍️ Apply")) == post.opportunity.apply_url  # type: ignore[union-attr]
    assert button(detail, tr(lang, "🔔 Remind me"))
    assert _has_menu(detail)
    answer = await walk.press(user, detail, button(detail, tr(lang, "🔔 Remind me")))
    assert answer.get("text")
    detail = await walk.edited(detail)
    assert await store.reminders.has(user.id, post.id)
    await walk.press(user, detail, button(detail, "◀"))
    back = await walk.edited(detail)
    assert _entries(back, "od")  # the list again
    # An e-mail application: the address to copy, no URL button (mailto: is not allowed).
    data, post = mail
    found = await walk.say(user, f"/start opp_{post.id}")
    text = found.text or ""
    assert tr(lang, "E-mail:") in text
    assert "info@centralasien.se" in text
    assert tr(lang, "✍️ Apply") not in str(found.buttons())
    assert all(
        target is None or target.startswith(("https://", "http://", "v1|"))
        for row in found.buttons()
        for _, target in row
    )


@persona
async def test_subscribing_and_changing_settings(walk: Walk, code: str, lang: str) -> None:
    user = walk.user(code)
    store = walk.bot.app.bot_data.store
    prompt = await walk.say(user, "/subscribe")
    assert tr(lang, "Before you subscribe: this is what you will get") in (prompt.text or "")
    assert tr(lang, "Notifications: as soon as something is published") in (prompt.text or "")
    await walk.press(user, prompt, callbacks.encode("fq", "daily"))
    daily = await walk.edited(prompt)
    daily_line = tr(lang, "Notifications: one digest a day, at {time}")
    assert daily_line.split("{time}")[0] in (daily.text or "")  # when digests arrive
    subscriber = await store.subscribers.get(user.id)
    assert subscriber is not None
    assert not subscriber.subscribed  # nothing happens before the confirmation
    await walk.press(user, daily, callbacks.encode("subok"))
    confirmed = await walk.edited(daily)
    assert tr(lang, "✅ You are subscribed.") in (confirmed.text or "")
    subscriber = await store.subscribers.get(user.id)
    assert subscriber is not None
    assert subscriber.subscribed

    settings = await walk.say(user, "/settings")
    await walk.press(user, settings, button(settings, tr(lang, "✏️ Change")))
    editor = await walk.edited(settings)
    assert editor.message_id == settings.message_id  # edited in place, no new message
    await walk.press(user, editor, callbacks.encode("sub", "t", "climate"))
    editor = await walk.edited(editor)
    await walk.press(user, editor, callbacks.encode("subdone"))
    summary = await walk.edited(editor)
    label = load_lexicon().topic("climate").label(lang)  # type: ignore[union-attr]
    assert label in (summary.text or "")
    assert _has_menu(summary)

    paused = await walk.say(user, "/unsubscribe")
    await walk.press(user, paused, button(paused, tr(lang, "▶️ Resume notifications")))
    resumed = await walk.edited(paused)
    assert tr(lang, "✅ You are subscribed.") in (resumed.text or "")
    subscriber = await store.subscribers.get(user.id)
    assert subscriber is not None
    assert subscriber.subscribed
    assert subscriber.topics == ("climate",)  # kept through the pause


@persona
async def test_eight_quick_taps_are_all_answered_and_applied_in_order(
    walk: Walk, code: str, lang: str
) -> None:
    """Production budgets; the taps go out back to back (faster than the 0.35 s a person
    needs), so nothing here depends on timing."""
    walk.bot.app.bot_data.throttles = Throttles.default()
    user = walk.user(code)
    prompt = await walk.say(user, "/subscribe")
    taps = [*TOPICS[:7], TOPICS[0]]  # seven topics on, then the first one off again
    assert len(taps) == 8
    queries = [
        walk.bot.emu.press(user, prompt, callbacks.encode("sub", "t", slug)) for slug in taps
    ]
    await walk.bot.settle()
    answers = [walk.bot.emu.callback_answers.get(query) for query in queries]
    assert None not in answers  # every spinner stopped
    assert [answer.get("text") for answer in answers if answer] == [tr(lang, "Saved")] * 8
    subscriber = await walk.bot.app.bot_data.store.subscribers.get(user.id)
    assert subscriber is not None
    assert set(subscriber.topics) == set(TOPICS[1:7])  # every tap applied, in order
    final = walk.bot.emu.message(user.id, prompt.message_id)
    assert final is not None
    walk.seen.append(final.text or "")
    marks = {data: label for row in final.buttons() for label, data in row}
    assert marks[callbacks.encode("sub", "t", TOPICS[0])].startswith("▫️")
    assert marks[callbacks.encode("sub", "t", TOPICS[1])].startswith("✅")


def _inject_media(bot: Bot, user: SimUser, kind: str) -> None:
    payloads: dict[str, Any] = {
        "photo": {"photo": [{"file_id": "p1", "file_unique_id": "u1", "width": 9, "height": 9}]},
        "sticker": {
            "sticker": {
                "file_id": "s1",
                "file_unique_id": "u2",
                "type": "regular",
                "width": 9,
                "height": 9,
                "is_animated": False,
                "is_video": False,
            }
        },
        "voice": {"voice": {"file_id": "v1", "file_unique_id": "u3", "duration": 2}},
        "document": {"document": {"file_id": "d1", "file_unique_id": "u4"}},
    }
    chat = bot.emu.chats[user.id]
    bot.emu.inject(
        {
            "message": {
                "message_id": chat.next_message_id(),
                "from": user.to_api(),
                "chat": chat.to_api(),
                "date": int(time.time()),
                **payloads[kind],
            }
        }
    )


@persona
async def test_unknown_input_media_and_greetings_are_answered(
    walk: Walk, code: str, lang: str
) -> None:
    user = walk.user(code)
    answer = await walk.say(user, "/menu")
    assert answer.text == tr(lang, "I don't know that command. Here is what I can do:")
    assert callbacks.encode("opp", "all", 0) in answer.callback_data()
    # /cancel outside any flow is known (it ends drafts and forms): it says so.
    answer = await walk.say(user, "/cancel")
    assert answer.text == tr(lang, "There is nothing to cancel.")
    for kind in ("photo", "sticker", "voice", "document"):
        _inject_media(walk.bot, user, kind)
        answer = await walk.next(user.id)
        assert answer.text == tr(
            lang, "I can only read text. Type what you are looking for or choose below:"
        )
        assert callbacks.encode("opp", "all", 0) in answer.callback_data()
    for hello in ("привет", "салам", "hej", "hi", "здравствуйте"):
        answer = await walk.say(user, hello)
        assert answer.text == tr(
            lang, "Hello! 👋 What are you looking for? Choose below or just type it."
        )
    query = {"ru": "стажировка", "sv": "praktik", "en": "internship"}[lang]
    found = await walk.say(user, query)
    assert "1. " in (found.text or "")
    opened = await walk.say(user, "1")  # a number after results opens that result
    assert "🎯" in (opened.text or "")
    assert _has_menu(opened)


def _added(bot: Bot, group: SimChat, by: SimUser) -> None:
    member = {"user": bot.emu.bot_user, "status": "member"}
    bot.emu.inject(
        {
            "my_chat_member": {
                "chat": group.to_api(),
                "from": by.to_api(),
                "date": int(time.time()),
                "old_chat_member": {"user": bot.emu.bot_user, "status": "left"},
                "new_chat_member": member,
            }
        }
    )


@persona
async def test_a_group_added_and_used_by_an_admin_and_a_member(
    walk: Walk, code: str, lang: str
) -> None:
    admin, member = walk.user(code), walk.user(code)
    group = walk.bot.emu.add_group(admins=[admin], members=[member])
    _added(walk.bot, group, admin)
    greeting = await walk.next(group.id)
    assert "/subscribe" in (greeting.text or "")  # the admin's next step
    bot_name = walk.bot.emu.bot_username
    start = await walk.say(member, f"/start@{bot_name}", chat=group)
    assert callbacks.encode("go", "sub") not in start.callback_data()  # no admin controls
    # A bare unknown command may be another bot's: only one addressed to us is answered.
    walk.bot.emu.send_text(member, "/weather", chat=group)
    help_message = await walk.say(member, f"/help@{bot_name}", chat=group)
    assert tr(lang, "What I can do") in (help_message.text or "")
    unknown = await walk.say(member, f"/menu@{bot_name}", chat=group)
    assert unknown.text == tr(lang, "I don't know that command. Here is what I can do:")
    assert callbacks.encode("go", "sub") not in unknown.callback_data()
    assert "/mydata" not in (help_message.text or "")
    assert "/forget" not in (help_message.text or "")
    assert f"/latest@{bot_name}" in (help_message.text or "")
    assert "/subscribe —" not in (help_message.text or "")  # the group's settings: admins'
    admin_help = await walk.say(admin, f"/help@{bot_name}", chat=group)
    assert "/subscribe —" in (admin_help.text or "")
    # The command menus say the same: members' without admin or private commands.
    members_menu = {c["command"] for c in walk.bot.emu.commands({"type": "all_group_chats"}, code)}
    admins_menu = {
        c["command"] for c in walk.bot.emu.commands({"type": "all_chat_administrators"}, code)
    }
    assert "latest" in members_menu
    assert members_menu.isdisjoint({"mydata", "forget", "subscribe", "stats", "broadcast"})
    assert "subscribe" in admins_menu
    assert admins_menu.isdisjoint({"mydata", "forget", "stats", "broadcast"})
    # The admin subscribes the group; a member sees the settings but no button to change them.
    prompt = await walk.say(admin, f"/subscribe@{bot_name}", chat=group)
    await walk.press(admin, prompt, callbacks.encode("subok"))
    await walk.edited(prompt)
    subscriber = await walk.bot.app.bot_data.store.subscribers.get(group.id)
    assert subscriber is not None
    assert subscriber.subscribed
    seen_by_member = await walk.say(member, f"/settings@{bot_name}", chat=group)
    assert callbacks.encode("setx") not in seen_by_member.callback_data()
    seen_by_admin = await walk.say(admin, f"/settings@{bot_name}", chat=group)
    assert callbacks.encode("setx") in seen_by_admin.callback_data()
    listing = await walk.say(member, f"/opportunities@{bot_name}", chat=group)
    assert _entries(listing, "od")


@persona
async def test_a_notifications_buttons(walk: Walk, code: str, lang: str) -> None:
    bot = walk.bot
    store = bot.app.bot_data.store
    user = walk.user(code)
    await walk.say(user, "/subscribe")
    await store.subscribers.set_subscribed(user.id, True)
    await store.db.connection.execute(
        "UPDATE subscribers SET subscribed_at = '2020-01-01T00:00:00.000Z'"
    )
    runtime = runtime_of(bot.app)
    await runtime.notifier.announce_new_posts()  # the first run absorbs the backlog
    deadline = TODAY.replace(year=TODAY.year + 1)
    added = await store.posts.upsert(
        PostDraft(
            key="journey call",
            title="Journey internship in Osh",
            summary="Two months with a partner organisation in Osh.",
            language="ru",
            source="test",
            kind="opportunity",
            url="https://centralasien.se/journey",
            opportunity=OpportunityDetails(
                type="internship", deadline=deadline, apply_url="https://centralasien.se/apply"
            ),
        )
    )
    post_id = added.post_id
    assert post_id is not None
    report = await runtime.notifier.announce_new_posts()
    assert report.deliveries == 1
    assert runtime.dispatcher is not None
    runtime.dispatcher.wake()
    push = await walk.next(user.id)
    assert "Journey internship in Osh" in (push.text or "")
    bot_name = bot.emu.bot_username
    assert _url(push, tr(lang, "✍️ Apply")) == "https://centralasien.se/apply"
    opened = _url(push, tr(lang, "Open in the bot"))
    assert opened == f"https://t.me/{bot_name}?start=post_{post_id}"
    remind = _url(push, tr(lang, "🔔 Remind me"))
    manage = _url(push, tr(lang, "⚙️ Manage subscription"))
    # Following a deep link is the client sending "/start <payload>".
    detail = await walk.say(user, "/start " + opened.split("start=")[1])
    assert "Journey internship in Osh" in (detail.text or "")
    await walk.say(user, "/start " + remind.split("start=")[1])
    await walk.next(user.id)  # the detail view follows the confirmation
    assert await store.reminders.has(user.id, post_id)
    settings = await walk.say(user, "/start " + manage.split("start=")[1])
    assert tr(lang, "Your subscription") in (settings.text or "")
    # Removed since: the same link says so instead of showing the welcome.
    await store.db.connection.execute("DELETE FROM posts WHERE id = ?", (post_id,))
    gone = await walk.say(user, "/start " + opened.split("start=")[1])
    assert gone.text == tr(lang, "This post is no longer available.")


@persona
async def test_inline_results_open_the_post_in_the_bot(walk: Walk, code: str, lang: str) -> None:
    user = walk.user(code)
    query_id = walk.bot.emu.inline_query(
        user, {"ru": "стажировка", "sv": "praktik"}.get(lang, "internship")
    )
    await walk.bot.emu.wait_for(lambda: query_id in walk.bot.emu.inline_answers)
    results = walk.bot.emu.inline_answers[query_id]["results"]
    assert results
    for result in results:
        rows = result["reply_markup"]["inline_keyboard"]
        assert rows[0][0]["url"].startswith(f"https://t.me/{walk.bot.emu.bot_username}?start=post_")


@persona
async def test_mydata_and_forget_agree_and_speak_the_readers_language(
    walk: Walk, code: str, lang: str
) -> None:
    user = walk.user(code)
    prompt = await walk.say(user, "/subscribe")  # choices stored, not yet subscribed
    mine = await walk.say(user, "/mydata")
    rest = await walk.next(user.id)  # the export comes in two screens
    text = (mine.text or "") + "\n" + (rest.text or "")
    no = tr(lang, "Subscribed to notifications: {answer}").format(answer=tr(lang, "no"))
    assert no in text
    assert tr(lang, "Subscribed since: {when}").split("{")[0] not in text  # never beside "no"
    assert tr(lang, "What I store about you") in text
    confirm = await walk.say(user, "/forget")
    await walk.press(user, confirm, button(confirm, tr(lang, "Yes, erase everything")))
    await walk.edited(confirm)
    # The old editor's buttons store nothing again: they ask to start over.
    answer = await walk.press(user, prompt, callbacks.encode("fq", "weekly"))
    assert answer["text"] == tr(lang, "This button has expired. Please send the command again.")
    assert await walk.bot.app.bot_data.store.subscribers.get(user.id) is None
    nothing = await walk.say(user, "/forget")
    assert nothing.text == tr(lang, "Nothing: I have no data stored about you.")
