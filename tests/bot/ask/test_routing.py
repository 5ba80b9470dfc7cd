"""Ask CAG's routing on its own, against the emulator: questions into the staff chat (a
forum topic made once per person, a reply chain in a plain group, a fresh thread when the
inbox setting changes), answers back marked as from CAG, and every way an answer cannot go."""

from __future__ import annotations

from cagbot.bot.ask.routing import Answered, Inbox, Question, enabled, inbox_chat_id
from cagbot.bot.context import Services
from cagbot.settings import Settings
from tests.e2e.conftest import Bot

INBOX = -100_777_000_001


def question(asker: int, text: str = "Есть ли стажировки?", language: str = "ru") -> Question:
    return Question(chat_id=asker, first_name="Aida", language=language, text=text)


def services(bot: Bot) -> Services:
    return bot.app.bot_data


def test_questions_go_to_the_inbox_else_the_staff_chat() -> None:
    def settings(**values: object) -> Settings:
        return Settings(database="x.db", _env_file=None, **values)  # type: ignore[call-arg,arg-type]

    assert inbox_chat_id(settings(inbox_chat_id=-1, staff_chat_id=-2)) == -1
    assert inbox_chat_id(settings(staff_chat_id=-2)) == -2
    assert not enabled(settings())


async def test_a_persons_questions_share_one_forum_topic(bot: Bot) -> None:
    staff = bot.user("en")
    forum = bot.emu.add_forum("CAG staff", admins=[staff], chat_id=INBOX, bot_is_admin=True)
    asker = bot.user("ru")
    inbox = Inbox(forum.id)
    assert await inbox.deliver(bot.app.bot, services(bot), question(asker.id))
    assert await inbox.deliver(bot.app.bot, services(bot), question(asker.id, "И ещё"))
    first, second = bot.emu.messages(INBOX)
    assert first.message_thread_id is not None
    assert second.message_thread_id == first.message_thread_id
    assert "И ещё" in (second.text or "")
    thread = await services(bot).store.questions.open_thread(asker.id)
    assert thread is not None
    assert thread.topic_id == first.message_thread_id


async def test_in_a_plain_group_a_follow_up_replies_to_the_first_question(bot: Bot) -> None:
    staff = bot.user("en")
    group = bot.emu.add_group("CAG staff", admins=[staff], supergroup=True, chat_id=INBOX)
    asker = bot.user("ru")
    inbox = Inbox(group.id)
    await inbox.deliver(bot.app.bot, services(bot), question(asker.id))
    await inbox.deliver(bot.app.bot, services(bot), question(asker.id, "И ещё"))
    first, second = bot.emu.messages(INBOX)
    assert second.reply_to_message_id == first.message_id


async def test_a_new_inbox_starts_a_new_thread(bot: Bot) -> None:
    staff, asker = bot.user("en"), bot.user("ru")
    old = bot.emu.add_group("Old", admins=[staff], supergroup=True)
    new = bot.emu.add_group("New", admins=[staff], supergroup=True)
    await Inbox(old.id).deliver(bot.app.bot, services(bot), question(asker.id))
    before = await services(bot).store.questions.open_thread(asker.id)
    await Inbox(new.id).deliver(bot.app.bot, services(bot), question(asker.id))
    after = await services(bot).store.questions.open_thread(asker.id)
    assert before is not None
    assert after is not None
    assert after.id != before.id
    assert after.inbox_chat_id == new.id
    assert (await services(bot).store.questions.get(before.id)).closed  # type: ignore[union-attr]


async def test_a_staff_chat_telegram_refuses_is_reported_not_raised(bot: Bot) -> None:
    asker = bot.user("ru")
    assert not await Inbox(-100_999).deliver(bot.app.bot, services(bot), question(asker.id))
    assert [v.description for v in bot.emu.violations] == ["Bad Request: chat not found"]
    bot.emu.violations.clear()  # provoked on purpose


async def test_answers_and_the_ways_they_cannot_go(bot: Bot) -> None:
    staff, asker = bot.user("en"), bot.user("ru")
    group = bot.emu.add_group("CAG staff", admins=[staff], supergroup=True, chat_id=INBOX)
    inbox = Inbox(group.id)
    await inbox.deliver(bot.app.bot, services(bot), question(asker.id))
    store = services(bot).store.questions
    thread = await store.open_thread(asker.id)
    assert thread is not None
    assert await inbox.answer(bot.app.bot, services(bot), thread, "Да, <есть>") is Answered.SENT
    (answer,) = bot.emu.messages(asker.id)
    assert "Да, <есть>" in (answer.text or "")  # escaped on the way, shown as written
    bot.emu.faults.block(asker)
    assert await inbox.answer(bot.app.bot, services(bot), thread, "2") is Answered.BLOCKED
    thread = await store.get(thread.id)
    assert thread is not None
    assert await inbox.answer(bot.app.bot, services(bot), thread, "3") is Answered.BLOCKED_AGAIN
    await store.close(thread.id)
    closed = await store.get(thread.id)
    assert closed is not None
    assert await inbox.answer(bot.app.bot, services(bot), closed, "4") is Answered.CLOSED
    await services(bot).store.privacy.erase(asker.id)
    gone = await store.get(thread.id)
    assert gone is not None
    assert await inbox.answer(bot.app.bot, services(bot), gone, "5") is Answered.FORGOTTEN
