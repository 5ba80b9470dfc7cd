"""Ask CAG's delivery both ways: a person's question into the staff chat (one forum topic
per person, or a reply chain in a plain group) and a staff answer back to the person.

Nothing of the texts is stored: the store keeps only which staff-chat topic or message
belongs to which thread, the asker's language and the times (cagbot.store.questions).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import Enum

from telegram import Bot, InlineKeyboardMarkup, Message, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError

from cagbot.bot.context import Services
from cagbot.bot.kit import callback_button
from cagbot.i18n import Translator, resolve_language
from cagbot.markup import MESSAGE_LIMIT, pack
from cagbot.settings import Settings
from cagbot.store.questions import QuestionStore, Thread
from cagbot.views import ask as texts

log = logging.getLogger(__name__)

#: The longest question: the staff-chat message (with its heading) stays in one message.
QUESTION_LIMIT = 3000


class Answered(Enum):
    SENT = "sent"
    FORGOTTEN = "forgotten"  # the person used /forget: the thread names nobody
    CLOSED = "closed"
    BLOCKED = "blocked"  # 403: the person blocked the bot (staff are told once)
    BLOCKED_AGAIN = "blocked_again"  # ... and were told already
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Question:
    chat_id: int  # the asker's private chat (their user id)
    first_name: str
    language: str
    text: str


class Inbox:
    """The staff chat questions go to (``CAGBOT_INBOX_CHAT_ID`` or ``CAGBOT_STAFF_CHAT_ID``)."""

    def __init__(self, chat_id: int) -> None:
        self.chat_id = chat_id
        self._forum: bool | None = None  # asked of Telegram once, on the first question

    async def translator(self, services: Services) -> Translator:
        """The staff chat's language: its admins' choice (/language there), else the
        default, like any group's."""
        chosen, adders = await services.store.subscribers.language_of(self.chat_id)
        return services.i18n.get(
            resolve_language(chosen, adders, services.settings.default_language)
        )

    async def is_forum(self, bot: Bot) -> bool:
        if self._forum is None:
            try:
                self._forum = bool((await bot.get_chat(self.chat_id)).is_forum)
            except TelegramError:
                log.warning("Ask CAG: could not look at the inbox chat; sending without topics")
                return False
        return self._forum

    def close_markup(self, t: Translator, thread_id: int) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup([[callback_button(texts.close_button(t), "askx", thread_id)]])

    async def deliver(self, bot: Bot, services: Services, question: Question) -> bool:
        """Put the question in the staff chat, under the person's open thread (a new one
        when they have none); False when Telegram did not take it."""
        store = services.store.questions
        thread = await store.open_thread(question.chat_id)
        if thread is not None and thread.inbox_chat_id != self.chat_id:
            await store.close(thread.id)  # the inbox setting changed: start afresh there
            thread = None
        if thread is None:
            thread = await store.start_thread(question.chat_id, self.chat_id, question.language)
        elif thread.language != question.language:
            await store.set_language(thread.id, question.language)  # answers follow it
        await store.unblocked(question.chat_id)  # they write: a later block is told again
        t = await self.translator(services)
        forum = await self.is_forum(bot)
        topic = thread.topic_id if forum else None
        try:
            try:
                sent = await self._send(bot, store, t, thread, question, forum=forum, topic=topic)
            except BadRequest as error:
                if topic is None or "thread not found" not in str(error).lower():
                    raise
                # Staff deleted the person's topic: the question opens a new one.
                sent = await self._send(bot, store, t, thread, question, forum=forum, topic=None)
        except TelegramError as error:
            log.warning("Ask CAG: the staff chat did not take a question: %s", error)
            return False
        await store.add_question(thread.id, sent.message_id)
        return True

    async def _send(
        self,
        bot: Bot,
        store: QuestionStore,
        t: Translator,
        thread: Thread,
        question: Question,
        *,
        forum: bool,
        topic: int | None,
    ) -> Message:
        """Send the question: in the thread's topic (made now when it has none), else as a
        reply to the thread's previous question."""
        if forum and topic is None:
            topic = await self._new_topic(bot, t, thread, question)
            if topic is not None:
                await store.set_topic(thread.id, topic)
        earlier = None if topic is not None else await store.last_message(thread.id)
        return await bot.send_message(
            self.chat_id,
            texts.question_for_staff(
                t,
                thread.id,
                question.first_name,
                question.language,
                question.text,
                forum=topic is not None,
            ),
            parse_mode=ParseMode.HTML,
            message_thread_id=topic,
            reply_parameters=(
                ReplyParameters(earlier, allow_sending_without_reply=True)
                if earlier is not None
                else None
            ),
            reply_markup=self.close_markup(t, thread.id),
        )

    async def _new_topic(
        self, bot: Bot, t: Translator, thread: Thread, question: Question
    ) -> int | None:
        try:
            topic = await bot.create_forum_topic(
                self.chat_id,
                texts.topic_name(t, thread.id, question.first_name, question.language),
            )
        except TelegramError as error:
            # Usually the bot lacks "manage topics": the question still arrives, in General.
            log.warning("Ask CAG: could not create a forum topic: %s", error)
            return None
        return topic.message_thread_id

    async def answer(self, bot: Bot, services: Services, thread: Thread, text: str) -> Answered:
        """Send a staff member's answer to the person, marked as from CAG."""
        if thread.chat_id is None:
            return Answered.FORGOTTEN
        if thread.closed:
            return Answered.CLOSED
        store = services.store.questions
        t = services.i18n.get(thread.language)
        try:
            # A long answer (a staff message may fill Telegram's limit) goes in parts.
            for part in pack([texts.answer_from_cag(t, text)], MESSAGE_LIMIT):
                await bot.send_message(thread.chat_id, part, parse_mode=ParseMode.HTML)
        except Forbidden:
            told = await store.tell_blocked_once(thread.id)
            return Answered.BLOCKED if told else Answered.BLOCKED_AGAIN
        except TelegramError as error:
            log.warning("Ask CAG: an answer was not delivered: %s", error)
            return Answered.FAILED
        await store.answered(thread.id)
        return Answered.SENT


def inbox_chat_id(settings: Settings) -> int | None:
    """Where questions go: the dedicated inbox, else the staff chat; None: Ask CAG is off."""
    return settings.inbox_chat_id if settings.inbox_chat_id is not None else settings.staff_chat_id


def enabled(settings: Settings) -> bool:
    return inbox_chat_id(settings) is not None
