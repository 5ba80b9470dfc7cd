"""Ask CAG, the person's side: "✉️ Ask CAG" (the menu, a search that found nothing, /ask),
the question written or said, what staff will see, Send or Cancel.

The draft lives in ``chat_data`` (memory only) until it is sent or dropped: nothing of it
is stored. Any other command drops it, so a person who wanders off is not caught later.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from telegram import Chat, InlineKeyboardMarkup, Update
from telegram.ext import ApplicationHandlerStop

from cagbot.bot.ask.routing import QUESTION_LIMIT, Inbox, Question
from cagbot.bot.context import BotContext
from cagbot.bot.keyboards import main_menu
from cagbot.bot.kit import button_press, callback_button, edit, expired, reply
from cagbot.i18n import Translator
from cagbot.views import ask as texts

#: chat_data key of the draft question (memory only).
DRAFT: Final = "ask_draft"


@dataclass(slots=True)
class Draft:
    text: str | None = None  # None: still waiting for the question


def _confirm_markup(t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                callback_button(texts.send_button(t), "ask", "send"),
                callback_button(texts.cancel_button(t), "ask", "no"),
            ]
        ]
    )


def _cancel_markup(t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[callback_button(texts.cancel_button(t), "ask", "no")]])


def _private(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type == Chat.PRIVATE


async def take(update: Update, context: BotContext, text: str) -> bool:
    """Text (typed, or a voice note's transcript) while a question is awaited: it is
    the question. False when no question is awaited (the text is searched)."""
    draft = context.chat_data.get(DRAFT) if context.chat_data is not None else None
    if not isinstance(draft, Draft) or draft.text is not None or not _private(update):
        return False
    t = await context.translator()
    question = text.strip()
    if len(question) > QUESTION_LIMIT:
        await reply(update, texts.ask_too_long(t, QUESTION_LIMIT), _cancel_markup(t))
        return True
    if not question:
        await reply(update, texts.ask_text_only(t), _cancel_markup(t))
        return True
    draft.text = question
    user = update.effective_user
    name = user.first_name if user is not None else ""
    await reply(update, texts.ask_confirm(t, question, name), _confirm_markup(t))
    return True


class Asking:
    def __init__(self, inbox: Inbox) -> None:
        self.inbox = inbox

    async def _over_limit(self, context: BotContext, chat_id: int) -> bool:
        limit = context.services.settings.ask_per_hour
        return await context.services.store.questions.asked_within_hour(chat_id) >= limit

    async def begin(self, update: Update, context: BotContext, text: str | None = None) -> None:
        """Start a question: ask for it, or (``/ask text``) show what would be sent."""
        chat = update.effective_chat
        if chat is None or context.chat_data is None:
            return
        t = await context.translator()
        if await self._over_limit(context, chat.id):
            await reply(update, texts.ask_limited(t, context.services.settings.ask_per_hour))
            return
        context.chat_data[DRAFT] = Draft()
        if text:
            await take(update, context, text)
            return
        await reply(update, texts.ask_prompt(t), _cancel_markup(t))

    async def command(self, update: Update, context: BotContext) -> None:
        if not _private(update):
            return
        await self.begin(update, context, " ".join(context.args or []).strip() or None)

    async def pressed(self, update: Update, context: BotContext) -> None:
        press = await button_press(update, context)
        if press is None:
            return
        query, t, pressed = press
        if not _private(update) or context.chat_data is None:
            await expired(query, t)
            return
        what = pressed.args[0]
        if what == "new":
            await query.answer()
            await self.begin(update, context)
        elif what == "no":
            context.chat_data.pop(DRAFT, None)
            await query.answer()
            await edit(context, query, texts.ask_cancelled(t), main_menu(t, ask=True))
        else:
            await self._send(update, context, t)

    async def _send(self, update: Update, context: BotContext, t: Translator) -> None:
        query, user = update.callback_query, update.effective_user
        assert query is not None
        draft = context.chat_data.pop(DRAFT, None) if context.chat_data is not None else None
        if user is None or not isinstance(draft, Draft) or draft.text is None:
            await expired(query, t)
            return
        if await self._over_limit(context, user.id):
            await query.answer()
            await edit(context, query, texts.ask_limited(t, context.services.settings.ask_per_hour))
            return
        await query.answer()
        question = Question(user.id, user.first_name, t.language, draft.text)
        delivered = await self.inbox.deliver(context.bot, context.services, question)
        await edit(
            context,
            query,
            texts.ask_sent(t) if delivered else texts.ask_failed(t),
            main_menu(t, ask=True),
        )

    async def not_text(self, update: Update, context: BotContext) -> None:
        """A sticker or photo without caption while a question is awaited."""
        draft = context.chat_data.get(DRAFT) if context.chat_data is not None else None
        if not isinstance(draft, Draft) or draft.text is not None:
            return
        t = await context.translator()
        await reply(update, texts.ask_text_only(t), _cancel_markup(t))
        raise ApplicationHandlerStop

    async def other_command(self, update: Update, context: BotContext) -> None:
        """Any command but /ask drops a draft, then goes on to its own handler."""
        if context.chat_data is not None:
            context.chat_data.pop(DRAFT, None)


def with_ask_button(markup: InlineKeyboardMarkup, t: Translator) -> InlineKeyboardMarkup:
    """A search that found nothing offers to ask CAG, above the way back to the menu."""
    rows = [list(row) for row in markup.inline_keyboard]
    ask = [callback_button(texts.ask_button(t), "ask", "new")]
    return InlineKeyboardMarkup([*rows[:-1], ask, *rows[-1:]])
