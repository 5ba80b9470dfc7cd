"""Ask CAG, the staff chat's side: a staff member's or editor's message in a question's
topic (a forum) or in reply to a question (a plain group) goes to the person, marked as
from CAG; /close or the "Close thread" button ends the thread.

Roles are read from the settings at the moment of the act (cagbot.bot.staff.access): a
member of the staff chat who is neither staff nor an editor is told their message was not
sent. Other talk in the staff chat is left alone.
"""

from __future__ import annotations

from telegram import Message, Update
from telegram.constants import ParseMode
from telegram.ext import ApplicationHandlerStop

from cagbot.bot.access import log_refusal
from cagbot.bot.ask.routing import Answered, Inbox
from cagbot.bot.context import BotContext
from cagbot.bot.kit import button_press, expired
from cagbot.bot.staff.access import role_of_user
from cagbot.i18n import Translator
from cagbot.store.questions import Thread
from cagbot.views import ask as texts
from cagbot.views import staff_only, staff_only_short

_NOT_SENT = {
    Answered.FORGOTTEN: texts.not_sent_forgotten,
    Answered.BLOCKED: texts.not_sent_blocked,
    Answered.FAILED: texts.not_sent_failed,
}


async def _say(message: Message, text: str) -> None:
    await message.reply_text(text, parse_mode=ParseMode.HTML)


class Answering:
    def __init__(self, inbox: Inbox) -> None:
        self.inbox = inbox

    async def _thread_of(self, context: BotContext, message: Message) -> Thread | None:
        """The thread a staff-chat message belongs to: its forum topic's, else the one
        whose question it replies to."""
        questions = context.services.store.questions
        if message.is_topic_message and message.message_thread_id is not None:
            found = await questions.thread_for_topic(self.inbox.chat_id, message.message_thread_id)
            if found is not None:
                return found
        replied = message.reply_to_message
        if replied is not None and replied.from_user is not None and replied.from_user.is_bot:
            return await questions.thread_for_message(self.inbox.chat_id, replied.message_id)
        return None

    async def staff_message(self, update: Update, context: BotContext) -> None:
        message, user = update.effective_message, update.effective_user
        if message is None or user is None or user.is_bot:
            return
        thread = await self._thread_of(context, message)
        if thread is None:
            return  # staff talking among themselves
        t = await self.inbox.translator(context.services)  # the staff chat's language
        if role_of_user(context, user.id) is None:
            log_refusal(update, "ask-answer")
            await _say(message, texts.not_staff(t))
            raise ApplicationHandlerStop
        text = message.text or message.caption
        if not text:
            await _say(message, texts.not_sent_text_only(t))
            raise ApplicationHandlerStop
        outcome = await self.inbox.answer(context.bot, context.services, thread, text)
        if outcome is Answered.CLOSED:
            await _say(message, texts.not_sent_closed(t, thread.id))
        elif outcome in _NOT_SENT:
            await _say(message, _NOT_SENT[outcome](t))
        raise ApplicationHandlerStop

    async def close_command(self, update: Update, context: BotContext) -> None:
        message, user = update.effective_message, update.effective_user
        if message is None or user is None:
            return
        t = await self.inbox.translator(context.services)  # the staff chat's language
        if role_of_user(context, user.id) is None:
            log_refusal(update, "close")
            await _say(message, staff_only(t))
            raise ApplicationHandlerStop
        thread = await self._thread_of(context, message)
        if thread is None:
            await _say(message, texts.close_usage(t))
            raise ApplicationHandlerStop
        await _say(message, await self._close(context, t, thread))
        raise ApplicationHandlerStop

    async def close_pressed(self, update: Update, context: BotContext) -> None:
        press = await button_press(update, context)
        if press is None:
            return
        query, t, pressed = press
        user, chat = update.effective_user, update.effective_chat
        if user is None or chat is None or chat.id != self.inbox.chat_id:
            await expired(query, t)
            return
        if role_of_user(context, user.id) is None:
            log_refusal(update, "close")
            await query.answer(staff_only_short(t), show_alert=True)
            return
        thread = await context.services.store.questions.get(pressed.int_arg(0))
        if thread is None or thread.inbox_chat_id != self.inbox.chat_id:
            await expired(query, t)
            return
        await query.answer()
        if query.message is not None and isinstance(query.message, Message):
            chat_t = await self.inbox.translator(context.services)
            await _say(query.message, await self._close(context, chat_t, thread))

    async def _close(self, context: BotContext, t: Translator, thread: Thread) -> str:
        if await context.services.store.questions.close(thread.id):
            return texts.thread_closed(t, thread.id)
        return texts.thread_already_closed(t, thread.id)
