"""Ask CAG end to end, through the emulator: a person's question reaches the staff chat (a
forum topic per person, or a reply chain in a plain group), a staff member's or editor's
answer comes back marked as from CAG, follow-ups thread under the first question; other
members of the staff chat cannot answer; /forget leaves nobody to answer; the spam limit,
Cancel, closing a thread and a blocked bot."""

from __future__ import annotations

import re

import pytest

from cagbot import callbacks
from cagbot.devserver import BotMessage, SimChat, SimUser
from cagbot.i18n import I18n, Translator
from cagbot.speech.fake import FakeSpeech
from cagbot.views import ask as texts
from tests.e2e import speech_service
from tests.e2e.conftest import STAFF_ID, Bot, button
from tests.e2e.speech_service import audio

#: The loopback speech service's fixture, by the name the tests ask for.
speech = speech_service.speech
INBOX = -100_777_000_001
EDITOR_ID = 900_002
I18N = I18n.load()
ASK = pytest.mark.bot_settings(inbox_chat_id=INBOX, editor_ids=frozenset({EDITOR_ID}))
_TAG = re.compile(r"<[^>]+>")


def shown(html: str) -> str:
    """What Telegram shows of an HTML text (tags gone, entities unescaped)."""
    import html as html_module

    return html_module.unescape(_TAG.sub("", html))


def tr(language: str) -> Translator:
    return I18N.get(language)


def staff_chat(bot: Bot, *, forum: bool, members: list[SimUser]) -> SimChat:
    if forum:
        return bot.emu.add_forum("CAG staff", admins=members, chat_id=INBOX, bot_is_admin=True)
    return bot.emu.add_group("CAG staff", admins=members, supergroup=True, chat_id=INBOX)


async def ask(bot: Bot, asker: SimUser, question: str, *, via_search: str | None = None) -> None:
    """``asker`` asks CAG ``question`` (through a search that found nothing, or /ask) and
    presses Send; checks what they were told on the way."""
    t = tr(asker.language_code or "en")
    if via_search is not None:
        nothing = await bot.say(asker, via_search)
        prompt_button = button(nothing, texts.ask_button(t))
        assert prompt_button == callbacks.encode("ask", "new")
        await bot.press(asker, nothing, prompt_button)
        prompt = await bot.emu.next_message(asker.id)
        assert shown(prompt.text or "") == shown(texts.ask_prompt(t))
        confirm = await bot.say(asker, question)
    else:
        confirm = await bot.say(asker, f"/ask {question}")
    # They are told plainly what goes to staff: the text and their first name.
    assert shown(confirm.text or "") == shown(texts.ask_confirm(t, question, asker.first_name))
    await bot.press(asker, confirm, button(confirm, texts.send_button(t)))
    sent = await bot.edited(confirm)
    assert shown(sent.text or "") == shown(texts.ask_sent(t))


def last_question(bot: Bot) -> BotMessage:
    return bot.emu.messages(INBOX)[-1]


async def answer(
    bot: Bot,
    who: SimUser,
    text: str,
    question: BotMessage,
    *,
    forum: bool,
    reaching: SimUser | None = None,
) -> None:
    """``who`` answers ``question`` in the staff chat: in its topic, or as a reply. With
    ``reaching``, the answer is expected in that person's chat (and read there)."""
    chat = bot.emu.chats[INBOX]
    if forum:
        bot.emu.send_text(who, text, chat=chat, thread_id=question.message_thread_id)
    else:
        bot.emu.send_text(who, text, chat=chat, reply_to=question)
    await bot.settle()
    if reaching is not None:
        await bot.emu.next_message(reaching.id)


def answers_to(bot: Bot, asker: SimUser) -> list[str]:
    header = shown(texts.answer_from_cag(tr(asker.language_code or "en"), ""))
    return [
        (m.text or "")[len(header) :]
        for m in bot.emu.messages(asker.id)
        if (m.text or "").startswith(header.strip())
    ]


@ASK
@pytest.mark.parametrize("forum", [True, False], ids=["forum", "plain"])
@pytest.mark.parametrize(
    ("language", "name", "nothing", "first", "second", "reply"),
    [
        (
            "ru",
            "Айгуль",
            "квксьфлщж",
            "Можно ли подать заявку, если мне 17 лет?",
            "А стажировка оплачивается?",
            "Да, с 16 лет можно.",
        ),
        ("sv", "Elsa", "qzxvbnmk", "Är praktiken betald?", "Och resan?", "Ja, den är betald."),
        ("en", "Tom", "qzxvbnmk", "Can I apply if I am 17?", "And is it paid?", "Yes, you can."),
    ],
)
async def test_a_question_reaches_staff_and_the_answer_comes_back_threaded(
    bot: Bot,
    forum: bool,
    language: str,
    name: str,
    nothing: str,
    first: str,
    second: str,
    reply: str,
) -> None:
    staff = bot.emu.add_user("Anna", "sv", user_id=STAFF_ID)
    asker = bot.emu.add_user(name, language)
    staff_chat(bot, forum=forum, members=[staff])
    await ask(bot, asker, first, via_search=nothing)
    question = last_question(bot)
    staff_t = tr("en")  # the staff chat chose no language: the default
    shown_question = question.text or ""
    assert first in shown_question
    assert name in shown_question
    assert shown(texts.question_for_staff(staff_t, 1, name, language, first, forum=forum)) == (
        shown_question
    )
    if forum:
        assert question.message_thread_id is not None
        assert name in bot.emu.topic_names[(INBOX, question.message_thread_id)]
    else:
        assert question.message_thread_id is None
    await answer(bot, staff, reply, question, forum=forum, reaching=asker)
    assert answers_to(bot, asker) == [reply]

    # The second question threads under the first: same topic, or a reply to it.
    await ask(bot, asker, second)
    follow_up = last_question(bot)
    assert second in (follow_up.text or "")
    if forum:
        assert follow_up.message_thread_id == question.message_thread_id
    else:
        assert follow_up.reply_to_message_id == question.message_id
    await answer(bot, staff, reply + " 2", follow_up, forum=forum, reaching=asker)
    assert answers_to(bot, asker) == [reply, reply + " 2"]
    figures = await bot.app.bot_data.store.questions.stats()
    assert (figures.asked, figures.answered) == (2, 2)


@ASK
@pytest.mark.parametrize("forum", [True, False], ids=["forum", "plain"])
async def test_only_staff_and_editors_answer_as_cag(bot: Bot, forum: bool) -> None:
    staff = bot.emu.add_user("Anna", "sv", user_id=STAFF_ID)
    editor = bot.emu.add_user("Bakyt", "ru", user_id=EDITOR_ID)
    member = bot.emu.add_user("Visitor", "en")
    asker = bot.emu.add_user("Айгуль", "ru")
    staff_chat(bot, forum=forum, members=[staff, editor, member])
    await ask(bot, asker, "Где найти стажировку?")
    question = last_question(bot)
    await answer(bot, member, "I am not CAG", question, forum=forum)
    assert answers_to(bot, asker) == []
    told = bot.emu.messages(INBOX)[-1]
    assert shown(told.text or "") == shown(texts.not_staff(tr("en")))
    await answer(
        bot, editor, "Смотрите раздел «Возможности».", question, forum=forum, reaching=asker
    )
    assert answers_to(bot, asker) == ["Смотрите раздел «Возможности»."]
    # Staff talking among themselves (not in a question's topic, no reply) is left alone.
    before = len(bot.emu.messages(INBOX))
    bot.emu.send_text(staff, "coffee?", chat=bot.emu.chats[INBOX])
    await bot.settle()
    assert len(bot.emu.messages(INBOX)) == before


@ASK
@pytest.mark.parametrize("forum", [True, False], ids=["forum", "plain"])
async def test_after_forget_staff_replies_go_nowhere_and_no_row_names_the_person(
    bot: Bot, forum: bool
) -> None:
    staff = bot.emu.add_user("Anna", "sv", user_id=STAFF_ID)
    asker = bot.emu.add_user("Айгуль", "ru")
    staff_chat(bot, forum=forum, members=[staff])
    await ask(bot, asker, "Можно ли подать заявку, если мне 17 лет?")
    question = last_question(bot)
    t = tr("ru")
    seen = len(bot.emu.messages(asker.id))
    bot.emu.send_text(asker, "/mydata")
    await bot.settle()
    mydata = "\n".join(m.text or "" for m in bot.emu.messages(asker.id)[seen:])
    stored = t.ngettext(
        "{n} question you asked CAG: only when it was asked and answered; its text is not "
        "kept here, only in CAG's staff chat",
        "{n} questions you asked CAG: only when they were asked and answered; their texts "
        "are not kept here, only in CAG's staff chat",
        1,
    ).format(n=1)
    assert stored in mydata
    assert "17 лет" not in mydata
    bot.emu.send_text(asker, "/forget")
    await bot.settle()
    confirm = bot.emu.messages(asker.id)[-1]
    await bot.press(asker, confirm, callbacks.encode("fgt", "yes", asker.id))
    done = await bot.edited(confirm)
    link = t.npgettext(
        "erased",
        "the link to {n} question thread with CAG",
        "the links to {n} question threads with CAG",
        1,
    ).format(n=1)
    assert link in (done.text or "")
    received = len(bot.emu.messages(asker.id))
    await answer(bot, staff, "Да, можно.", question, forum=forum)
    assert len(bot.emu.messages(asker.id)) == received
    told = bot.emu.messages(INBOX)[-1]
    assert shown(told.text or "") == shown(texts.not_sent_forgotten(tr("en")))
    # No row of any table names the person.
    db = bot.app.bot_data.store.db
    tables = [
        row[0] for row in await db.fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")
    ]
    for table in tables:
        columns = [row[1] for row in await db.fetchall(f"PRAGMA table_info({table})")]
        for column in columns:
            found = await db.fetchone(
                f"SELECT count(*) FROM {table} WHERE {column} = ?",
                (asker.id,),
            )
            assert found is not None
            assert found[0] == 0, f"{table}.{column} names the person"


@ASK
@pytest.mark.bot_settings(inbox_chat_id=INBOX, ask_per_hour=2)
@pytest.mark.parametrize("language", ["ru", "sv"])
async def test_the_spam_limit_is_per_person_and_localized(bot: Bot, language: str) -> None:
    staff = bot.emu.add_user("Anna", "sv", user_id=STAFF_ID)
    asker = bot.emu.add_user("Aida", language)
    other = bot.emu.add_user("Elsa", language)
    staff_chat(bot, forum=True, members=[staff])
    await ask(bot, asker, "one")
    await ask(bot, asker, "two")
    before = len(bot.emu.messages(INBOX))
    refused = await bot.say(asker, "/ask three")
    assert shown(refused.text or "") == shown(texts.ask_limited(tr(language), 2))
    assert len(bot.emu.messages(INBOX)) == before
    await ask(bot, other, "mine")  # somebody else is not limited by it
    assert len(bot.emu.messages(INBOX)) == before + 1


@ASK
async def test_cancel_sends_nothing_and_the_next_text_is_searched(bot: Bot) -> None:
    staff = bot.emu.add_user("Anna", "sv", user_id=STAFF_ID)
    asker = bot.emu.add_user("Айгуль", "ru")
    staff_chat(bot, forum=False, members=[staff])
    t = tr("ru")
    prompt = await bot.say(asker, "/ask")
    assert shown(prompt.text or "") == shown(texts.ask_prompt(t))
    await bot.press(asker, prompt, button(prompt, texts.cancel_button(t)))
    cancelled = await bot.edited(prompt)
    assert shown(cancelled.text or "") == shown(texts.ask_cancelled(t))
    answer_to_search = await bot.say(asker, "стажировка")
    assert "“стажировка”" not in (answer_to_search.text or "")  # no confirmation asked
    # Cancelling at the confirmation sends nothing either.
    confirm = await bot.say(asker, "/ask Вопрос")
    await bot.press(asker, confirm, button(confirm, texts.cancel_button(t)))
    await bot.edited(confirm)
    # Another command while writing drops the draft too.
    await bot.say(asker, "/ask")
    await bot.say(asker, "/help")
    await bot.say(asker, "стажировка")
    assert bot.emu.messages(INBOX) == []


@ASK
@pytest.mark.parametrize("forum", [True, False], ids=["forum", "plain"])
async def test_a_closed_thread_takes_no_answers_and_the_next_question_opens_a_new_one(
    bot: Bot, forum: bool
) -> None:
    staff = bot.emu.add_user("Anna", "sv", user_id=STAFF_ID)
    member = bot.emu.add_user("Visitor", "en")
    asker = bot.emu.add_user("Elsa", "sv")
    staff_chat(bot, forum=forum, members=[staff, member])
    await ask(bot, asker, "Första frågan")
    question = last_question(bot)
    # A member who is not staff cannot close it with the button.
    refused = await bot.press(member, question, callbacks.encode("askx", 1))
    assert refused.get("show_alert") is True
    await bot.press(staff, question, callbacks.encode("askx", 1))
    await bot.settle()
    closed = bot.emu.messages(INBOX)[-1]
    assert shown(closed.text or "") == shown(texts.thread_closed(tr("en"), 1))
    await answer(bot, staff, "Sent too late", question, forum=forum)
    assert answers_to(bot, asker) == []
    await ask(bot, asker, "Andra frågan")
    second = last_question(bot)
    assert "#2" in (second.text or "")
    if forum:
        assert second.message_thread_id not in (None, question.message_thread_id)
    else:
        assert second.reply_to_message_id is None
    # /close in the new thread, as a reply or in its topic.
    if forum:
        bot.emu.send_text(
            staff, "/close", chat=bot.emu.chats[INBOX], thread_id=second.message_thread_id
        )
    else:
        bot.emu.send_text(staff, "/close", chat=bot.emu.chats[INBOX], reply_to=second)
    await bot.settle()
    assert shown(bot.emu.messages(INBOX)[-1].text or "") == shown(texts.thread_closed(tr("en"), 2))


@ASK
async def test_a_blocked_bot_is_told_to_staff_once(bot: Bot) -> None:
    staff = bot.emu.add_user("Anna", "sv", user_id=STAFF_ID)
    asker = bot.emu.add_user("Aida", "ru")
    staff_chat(bot, forum=True, members=[staff])
    await ask(bot, asker, "Вопрос")
    question = last_question(bot)
    bot.emu.faults.block(asker)
    await answer(bot, staff, "Ответ", question, forum=True)
    told = bot.emu.messages(INBOX)[-1]
    assert shown(told.text or "") == shown(texts.not_sent_blocked(tr("en")))
    count = len(bot.emu.messages(INBOX))
    await answer(bot, staff, "Ответ 2", question, forum=True)
    assert len(bot.emu.messages(INBOX)) == count


@ASK
async def test_a_spoken_question_goes_the_same_way(speech: FakeSpeech, bot: Bot) -> None:
    """A voice note's transcript is the question, as if typed (cagbot.bot.voice)."""
    staff = bot.emu.add_user("Anna", "sv", user_id=STAFF_ID)
    asker = bot.emu.add_user("Айгуль", "ru")
    staff_chat(bot, forum=True, members=[staff])
    t = tr("ru")
    prompt = await bot.say(asker, "/ask")
    assert shown(prompt.text or "") == shown(texts.ask_prompt(t))
    note, spoken = audio(), "Стажировка оплачивается?"
    speech.answers[note] = spoken
    bot.emu.send_voice(asker, note, 3)
    await bot.emu.next_message(asker.id)  # "I heard: ..."
    confirm = await bot.emu.next_message(asker.id)
    assert shown(confirm.text or "") == shown(texts.ask_confirm(t, spoken, "Айгуль"))
    await bot.press(asker, confirm, button(confirm, texts.send_button(t)))
    await bot.edited(confirm)
    assert spoken in (last_question(bot).text or "")


@ASK
async def test_a_deleted_topic_is_made_again_and_stats_count_without_contents(bot: Bot) -> None:
    staff = bot.emu.add_user("Anna", "en", user_id=STAFF_ID)
    asker = bot.emu.add_user("Aida", "ru")
    forum = staff_chat(bot, forum=True, members=[staff])
    await ask(bot, asker, "Первый вопрос")
    first = last_question(bot)
    forum.topics.discard(first.message_thread_id or 0)  # staff deleted the topic
    await ask(bot, asker, "Второй вопрос")
    second = last_question(bot)
    assert second.message_thread_id not in (None, first.message_thread_id)
    # The one refused send (to the deleted topic) was the staff's doing, not a broken rule.
    refused = [v for v in bot.emu.violations if "thread not found" in v.description]
    assert len(refused) == 1
    bot.emu.violations.remove(refused[0])
    await answer(bot, staff, "Ответ", second, forum=True, reaching=asker)
    assert answers_to(bot, asker) == ["Ответ"]
    seen = len(bot.emu.messages(STAFF_ID))
    bot.emu.send_text(staff, "/stats")
    await bot.settle()
    stats = "\n".join(m.text or "" for m in bot.emu.messages(STAFF_ID)[seen:])
    t = tr("en")
    assert texts.question_stats(t, 2, 2, 1, None)[0] in stats
    assert "median time to the first answer" in stats
    assert "вопрос" not in stats
    assert "Aida" not in stats


@ASK
async def test_the_menu_offers_ask_cag_in_private_chats_only(bot: Bot) -> None:
    user = bot.emu.add_user("Aida", "ru")
    admin = bot.emu.add_user("Admin", "ru")
    menu = await bot.say(user, "/start")
    assert button(menu, texts.ask_button(tr("ru"))) == callbacks.encode("ask", "new")
    group = bot.emu.add_group("Novi Ritm", admins=[admin])
    in_group = await bot.say(admin, "/start", chat=group)
    assert callbacks.encode("ask", "new") not in in_group.callback_data()


async def test_without_an_inbox_there_is_no_ask_cag(bot: Bot) -> None:
    user = bot.emu.add_user("Aida", "ru")
    menu = await bot.say(user, "/start")
    assert callbacks.encode("ask", "new") not in menu.callback_data()
    nothing = await bot.say(user, "квксьфлщж")
    assert callbacks.encode("ask", "new") not in nothing.callback_data()
    unknown = await bot.say(user, "/ask Вопрос")
    assert "Вопрос" not in (unknown.text or "")


@ASK
async def test_answers_follow_the_language_the_person_asked_in_last(bot: Bot) -> None:
    staff = bot.emu.add_user("Anna", "en", user_id=STAFF_ID)
    asker = bot.emu.add_user("Aida", "ru")
    staff_chat(bot, forum=False, members=[staff])
    await ask(bot, asker, "Вопрос")
    picker = await bot.say(asker, "/language")
    await bot.press(asker, picker, callbacks.encode("lang", "sv"))
    await bot.settle()
    asker.language_code = "sv"  # what the helpers read to pick the expected texts
    await ask(bot, asker, "En fråga till")
    await answer(bot, staff, "Svar", last_question(bot), forum=False, reaching=asker)
    assert answers_to(bot, asker) == ["Svar"]


@ASK
async def test_a_long_answer_arrives_whole_in_parts(bot: Bot) -> None:
    staff = bot.emu.add_user("Anna", "en", user_id=STAFF_ID)
    asker = bot.emu.add_user("Tom", "en")
    staff_chat(bot, forum=True, members=[staff])
    await ask(bot, asker, "Tell me everything")
    long = " ".join(f"word{i}" for i in range(700))  # about 4,800 characters
    await answer(bot, staff, long, last_question(bot), forum=True, reaching=asker)
    received = " ".join((m.text or "") for m in bot.emu.messages(asker.id)[-2:])
    assert "word0 " in received
    assert received.endswith("word699")
    assert bot.emu.messages(INBOX)[-1].text == last_question(bot).text  # no "not sent"


@pytest.mark.bot_settings(staff_chat_id=STAFF_ID)
async def test_a_staff_members_private_chat_as_the_inbox(bot: Bot) -> None:
    """CAGBOT_STAFF_CHAT_ID may be one person: questions reach their private chat with the
    bot, their reply answers, and their other messages are searched as usual."""
    staff = bot.emu.add_user("Anna", "en", user_id=STAFF_ID)
    asker = bot.emu.add_user("Aida", "ru")
    await ask(bot, asker, "Вопрос")
    question = bot.emu.messages(STAFF_ID)[-1]
    assert "Вопрос" in (question.text or "")
    bot.emu.send_text(staff, "Ответ", reply_to=question)
    await bot.settle()
    await bot.emu.next_message(asker.id)
    assert answers_to(bot, asker) == ["Ответ"]
    seen = len(bot.emu.messages(STAFF_ID))
    bot.emu.send_text(staff, "internship")
    await bot.settle()
    searched = bot.emu.messages(STAFF_ID)[seen:]
    assert searched
    assert "internship" in (searched[0].text or "").lower()
