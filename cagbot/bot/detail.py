"""A post's or an opportunity's detail screen, wherever it is opened from (a list, search
results, a number typed after them, a deep link, a notification): its text, its buttons
(✍️ Apply or 📋 Copy address, 🔔 Remind me, 📅 Add to calendar, ↗️ Share, Read more, back to
the list) and the 🔔 toggle's handler."""

from __future__ import annotations

from datetime import date

from telegram import (
    Chat,
    CopyTextButton,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    SwitchInlineQueryChosenChat,
    Update,
)
from telegram.ext import CallbackQueryHandler

from cagbot import callbacks, views
from cagbot.bot.context import BotApp, BotContext, Services
from cagbot.bot.kit import Rows, button_press, callback_button, edit_markup, expired, with_menu
from cagbot.i18n import Translator
from cagbot.links import web_url
from cagbot.models import Post
from cagbot.store.reminders import REMINDER_DAYS
from cagbot.views import apply_button, link_label


async def screen(
    services: Services,
    chat: Chat | None,
    t: Translator,
    post: Post,
    back: tuple[str, int] | None = None,
) -> tuple[str, InlineKeyboardMarkup]:
    """``back``: the opportunity list page (kind, page) to return to, if opened from one."""
    reminding = await reminder_state(services, chat, post)
    today = services.today()
    if post.opportunity is None:
        text = views.post_detail(t, services.lexicon, post, today=today)
        return text, post_keyboard(t, post.id, post.url, reminding, post.language)
    details = post.opportunity
    # A call of unknown status keeps its link to the source ("check the link"), not "Apply".
    open_now = post.call_status(today) == "open"
    mail = views.application_mail(details) if open_now else None
    return views.opportunity_detail(t, post, today=today), opportunity_keyboard(
        t,
        post.id,
        apply_url=views.application_url(details) if open_now else None,
        post_url=post.url,
        reminding=reminding,
        back=back,
        page_language=post.language,
        mail=mail.address if mail else None,
        calendar=open_now and details.deadline is not None,
    )


# -- whether a reminder is offered --------------------------------------------------


def remindable(post: Post, today: date) -> bool:
    """An open opportunity whose deadline has not passed: a reminder can still help."""
    details = post.opportunity
    return (
        details is not None and details.deadline is not None and post.call_status(today) == "open"
    )


def reminder_lead(post: Post, today: date) -> int:
    """Days before the deadline the reminder will come: REMINDER_DAYS, or fewer when the
    deadline is nearer (it is then sent at the next look, never promised earlier than
    the time left); 0 when the deadline is today."""
    details = post.opportunity
    if details is None or details.deadline is None:
        return REMINDER_DAYS
    return max(0, min(REMINDER_DAYS, (details.deadline - today).days))


async def reminder_state(services: Services, chat: Chat | None, post: Post) -> bool | None:
    """Whether the chat asked for a reminder of ``post``; None where none is offered
    (groups: a reminder would speak for the whole group; closed or deadline-less posts)."""
    if chat is None or chat.type != Chat.PRIVATE or not remindable(post, services.today()):
        return None
    return await services.store.reminders.has(chat.id, post.id)


# -- the buttons ---------------------------------------------------------------------


#: Telegram's limit on a copy_text button's text.
COPY_TEXT_LIMIT = 256


def share_button(t: Translator, post_id: int) -> InlineKeyboardButton:
    """↗️ Share: Telegram's chat picker, then this post as the inline result there (the
    query is the post's deep-link payload, which inline mode answers with exactly it)."""
    return InlineKeyboardButton(
        t.gettext("↗️ Share"),
        switch_inline_query_chosen_chat=SwitchInlineQueryChosenChat(
            query=f"post_{post_id}",
            allow_user_chats=True,
            allow_group_chats=True,
            allow_channel_chats=True,
        ),
    )


def copy_button(t: Translator, address: str | None) -> InlineKeyboardButton | None:
    """📋 Copy address: an e-mail application's address onto the clipboard, in one tap."""
    if not address or len(address) > COPY_TEXT_LIMIT:
        return None
    return InlineKeyboardButton(t.gettext("📋 Copy address"), copy_text=CopyTextButton(address))


def opportunity_keyboard(
    t: Translator,
    post_id: int,
    *,
    apply_url: str | None,
    post_url: str | None,
    reminding: bool | None,
    back: tuple[str, int] | None,
    page_language: str | None = None,
    mail: str | None = None,
    calendar: bool = False,
) -> InlineKeyboardMarkup:
    """✍️ Apply (http(s) only) or 📋 Copy address (``mail``), 🔔 Remind me and 📅 Add to
    calendar (``calendar``: an open call with a deadline), ↗️ Share, Read more (the post's
    page, when it is not the application form), back to the list page it was opened from
    (``back``: kind, page)."""
    rows: Rows = []
    apply = apply_button(t, apply_url)
    if apply is not None:
        rows.append([InlineKeyboardButton(apply["text"], url=apply["url"])])
    copy = copy_button(t, mail)
    if copy is not None:
        rows.append([copy])
    dated: list[InlineKeyboardButton] = []
    if reminding is not None:
        dated.append(remind(t, post_id, reminding))
    if calendar:
        dated.append(callback_button(t.gettext("📅 Add to calendar"), "ics", post_id))
    if dated:
        rows.append(dated)
    rows.append([share_button(t, post_id)])
    if web_url(post_url) and post_url != apply_url:
        label = link_label(t, t.gettext("Read more"), page_language)
        rows.append([InlineKeyboardButton(label, url=post_url)])
    if back is not None:
        rows.append([callback_button(t.gettext("◀ Back to the list"), "opp", back[0], back[1])])
    return with_menu(rows, t)


def remind(t: Translator, post_id: int, reminding: bool, label: str = "d") -> InlineKeyboardButton:
    """The reminder toggle: worded on a detail view (``label`` 'd'), '🔔 n' on list entry n."""
    if label == "d":
        text = t.gettext("🔕 Don't remind me") if reminding else t.gettext("🔔 Remind me")
    else:
        text = ("🔕 " if reminding else "🔔 ") + label
    return callback_button(text, "rem", "off" if reminding else "on", post_id, label)


def post_keyboard(
    t: Translator,
    post_id: int,
    url: str | None,
    reminding: bool | None,
    page_language: str | None = None,
) -> InlineKeyboardMarkup:
    """Under a post's detail view: the reminder toggle (None: not offered), its link, menu."""
    rows: Rows = []
    if reminding is not None:
        rows.append([remind(t, post_id, reminding)])
    rows.append([share_button(t, post_id)])
    links = post_links(t, url, page_language=page_language)
    if links is not None:
        rows += [list(row) for row in links.inline_keyboard]
    return with_menu(rows, t)


def with_reminder(
    t: Translator, markup: InlineKeyboardMarkup, post_id: int, label: str, reminding: bool
) -> InlineKeyboardMarkup:
    """``markup`` with that post's toggle flipped to ``reminding``; every other button kept."""

    def swap(button: InlineKeyboardButton) -> InlineKeyboardButton:
        data = button.callback_data if isinstance(button.callback_data, str) else None
        pressed = callbacks.decode(data)
        if pressed and pressed.action == "rem" and pressed.args[1:] == (str(post_id), label):
            return remind(t, post_id, reminding, label)
        return button

    rows = markup.inline_keyboard
    return InlineKeyboardMarkup([[swap(button) for button in row] for row in rows])


def post_links(
    t: Translator,
    url: str | None,
    *,
    bot: str | None = None,
    post_id: int | None = None,
    page_language: str | None = None,
) -> InlineKeyboardMarkup | None:
    """The post's page and, given the bot's username, a deep link that opens the post in
    the bot (inline results are shared where no callback of ours would reach us)."""
    row = []
    if bot and post_id is not None:
        row.append(
            InlineKeyboardButton(
                t.gettext("Open in the bot"), url=f"https://t.me/{bot}?start=post_{post_id}"
            )
        )
    if web_url(url):
        label = link_label(t, t.gettext("Open on the website"), page_language)
        row.append(InlineKeyboardButton(label, url=url))
    return InlineKeyboardMarkup([row]) if row else None


# -- the 🔔 toggle ---------------------------------------------------------------------


async def remind_pressed(update: Update, context: BotContext) -> None:
    """🔔/🔕: ask for (or cancel) a reminder before an opportunity's deadline."""
    press = await button_press(update, context)
    if press is None:
        return
    query, t, pressed = press
    chat = update.effective_chat
    services = context.services
    # The buttons are only offered in private chats: one in a group is forged or stale; one
    # pressed after /forget must not quietly store a new reminder.
    if (
        chat is None
        or chat.type != Chat.PRIVATE
        or await services.store.subscribers.get(chat.id) is None
    ):
        await expired(query, t)
        return
    wanted, post_id, label = pressed.args[0] == "on", pressed.int_arg(1), pressed.args[2]
    post = await services.store.posts.get(post_id)
    if post is None:
        await query.answer(views.post_gone(t))
        return
    if wanted and not remindable(post, services.today()):
        await query.answer(views.reminder_too_late(t))
        return
    if wanted:
        await services.store.reminders.add(chat.id, post_id)
        await query.answer(views.reminder_set(t, reminder_lead(post, services.today())))
    else:
        await services.store.reminders.remove(chat.id, post_id)
        await query.answer(views.reminder_off(t))
    message = query.message
    if isinstance(message, Message) and message.reply_markup is not None:
        await edit_markup(query, with_reminder(t, message.reply_markup, post_id, label, wanted))


def register(app: BotApp) -> None:
    app.add_handler(CallbackQueryHandler(remind_pressed, pattern=callbacks.pattern("rem")))
