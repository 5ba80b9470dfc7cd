"""Who may do what among CAG's own people, and how the bot writes to them: staff
(``CAGBOT_ADMIN_IDS``) approve and send; partner editors (``CAGBOT_EDITOR_IDS``) may draft.
Checked on the user who pressed or wrote, at every step: a forwarded or replayed button
carries no rights of its own."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, NoReturn, TypeAlias

from telegram import CallbackQuery, Chat, InlineKeyboardMarkup, Message, Update, User
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationHandlerStop, TypeHandler

from cagbot import callbacks, views
from cagbot.bot.access import log_refusal
from cagbot.bot.context import BotApp, BotContext, Services
from cagbot.bot.handler_groups import HandlerGroup
from cagbot.bot.notifications import runtime_of
from cagbot.callbacks import Callback
from cagbot.i18n import Translator, map_telegram_language
from cagbot.store.outbox import PRIORITY_STAFF, Outgoing

Role = Literal["staff", "editor"]
#: ``context.application`` as handlers see it (PTB types it loosely).
App: TypeAlias = Application[Any, Any, Any, Any, Services, Any]


def role_of(update: Update, context: BotContext) -> Role | None:
    user = update.effective_user
    return None if user is None else role_of_user(context, user.id)


def role_of_user(context: BotContext, user_id: int) -> Role | None:
    """The user's role now (from the settings): asked at every step that acts, never
    taken from a draft or form saved when the person started composing."""
    settings = context.services.settings
    if user_id in settings.admin_ids:
        return "staff"
    if user_id in settings.editor_ids:
        return "editor"
    return None


async def remember_staff(update: Update, context: BotContext) -> None:
    """Staff and editors are written to outside any conversation (approval requests,
    decisions, reports): remember their Telegram language from whatever they send, /start
    or not, so that those messages are in it."""
    user, chat = update.effective_user, update.effective_chat
    if (
        user is None
        or chat is None
        or chat.type != Chat.PRIVATE
        or role_of(update, context) is None
    ):
        return
    _, telegram = await context.services.store.subscribers.language_of(user.id)
    if telegram is None or telegram != map_telegram_language(user.language_code):
        await context.remember_chat()


def register(app: BotApp) -> None:
    # Before the handlers that answer (which may stop the update), after the flood gate.
    app.add_handler(TypeHandler(Update, remember_staff), group=HandlerGroup.REMEMBER_STAFF)


async def reply_html(
    message: Message, text: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    await message.reply_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)


async def refuse(update: Update, context: BotContext, what: str) -> NoReturn:
    """The staff-only refusal, logged: a short answer to a button, a message to a command;
    the update goes no further (``ApplicationHandlerStop``) and nothing changes."""
    log_refusal(update, what)
    t = await context.translator()
    if update.callback_query is not None:
        await update.callback_query.answer(views.staff_only_short(t))
    elif update.effective_message is not None:
        await reply_html(update.effective_message, views.staff_only(t))
    raise ApplicationHandlerStop


async def gate(
    update: Update, context: BotContext, what: str, *, editors: bool = False
) -> tuple[User, Translator, Role]:
    """The one gate of every staff command and button: the user who pressed or wrote, their
    role now, and their translator. Staff pass; partner editors only where ``editors``
    (composing a draft); anyone else, or an editor pressing a staff-only button, gets
    :func:`refuse`. ``what`` names the action in the refusal's log line."""
    user = update.effective_user
    if user is None:
        raise ApplicationHandlerStop
    role = role_of_user(context, user.id)
    if role is None or (role == "editor" and not editors):
        await refuse(update, context, what)
    return user, await context.translator(), role


async def staff_press(
    update: Update, context: BotContext, what: str, kind: str
) -> tuple[CallbackQuery, User, Translator, Callback] | None:
    """A staff-only button of ``kind`` (cagbot.callbacks) pressed: the query, the user, their
    translator and the decoded button, past :func:`gate`. A payload that is not a valid
    ``kind`` button is answered "expired" and goes no further; None without a query."""
    query = update.callback_query
    if query is None:
        return None
    user, t, _ = await gate(update, context, what)
    pressed = callbacks.decode(query.data)
    if pressed is None or pressed.action != kind:
        await query.answer(views.button_expired(t))
        raise ApplicationHandlerStop
    return query, user, t, pressed


async def start_private(
    update: Update, context: BotContext, what: str, private_only: Callable[[Translator], str]
) -> tuple[Message, User, Translator, Role]:
    """The opening of a staff command that is composed in a private chat (/broadcast,
    /newcall): staff or an editor, there; otherwise the refusal is sent and the update
    goes no further (``ApplicationHandlerStop``)."""
    message = update.effective_message
    if message is None:
        raise ApplicationHandlerStop
    user, t, role = await gate(update, context, what, editors=True)
    if update.effective_chat is None or update.effective_chat.type != Chat.PRIVATE:
        await reply_html(message, private_only(t))
        raise ApplicationHandlerStop
    return message, user, t, role


async def tell(app: App, chat_id: int, render: Callable[[Translator], Outgoing]) -> None:
    """Queue a message to one staff member or editor, in their language, ahead of bulk."""
    services = app.bot_data
    language = await services.store.subscribers.language_for(
        chat_id, services.settings.default_language
    )
    await services.store.outbox.enqueue(
        [chat_id],
        render(services.i18n.get(language)),
        kind="staff",
        language=language,
        priority=PRIORITY_STAFF,
    )
    dispatcher = runtime_of(app).dispatcher
    if dispatcher is not None:
        dispatcher.wake()
