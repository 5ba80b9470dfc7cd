"""/opportunities: open internships, residencies, exchanges and volunteering, filterable by
type, four to a page; each entry's number opens its details (cagbot.bot.detail: apply,
remind me, read more, back to this page)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from cagbot import callbacks, views
from cagbot.bot import detail
from cagbot.bot.context import BotApp, BotContext
from cagbot.bot.kit import (
    CHECKED,
    button_press,
    callback_button,
    edit,
    numbers,
    page_bounds,
    pager,
    reply,
    with_menu,
)
from cagbot.i18n import N_, Translator

PAGE_SIZE: Final = 4


async def _listing(
    context: BotContext, t: Translator, kind: str, page: int
) -> tuple[str, InlineKeyboardMarkup]:
    """One page of the list: open calls (not closed, deadline not passed), optionally of one
    type, then those whose status is unknown (undated, no deadline: the view marks them)."""
    services = context.services
    day, wanted = services.today(), None if kind == "all" else kind
    age = services.settings.opportunity_max_age_days
    posts = services.store.posts
    found = await posts.opportunities(open_on=day, type=wanted, max_age_days=age)
    unknown = await posts.opportunities(
        open_on=day, type=wanted, max_age_days=age, status="unknown"
    )
    listed = found + unknown
    page, pages = page_bounds(page, len(listed), PAGE_SIZE)
    shown = listed[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    first = page * PAGE_SIZE + 1
    text = views.opportunity_list(
        t,
        shown,
        len(listed),
        page,
        pages,
        first_number=first,
        today=day,
        open_total=len(found),
    )
    ids = [post.id for post in shown]
    return text, keyboard(t, kind, page, pages, ids, first)


def keyboard(
    t: Translator,
    selected: str,
    page: int,
    pages: int,
    post_ids: Sequence[int],
    first_number: int,
) -> InlineKeyboardMarkup:
    """Type filters, a button per entry (its details; numbered across pages), paging."""
    buttons = [
        callback_button(
            (f"{CHECKED} " if kind == selected else "") + t.gettext(label),
            "opp",
            kind,
            0,
        )
        for kind, label in views.OPPORTUNITY_FILTERS.items()
    ]
    rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]  # three fit a phone
    rows += numbers("od", post_ids, selected, page, first=first_number)
    paging = pager("opp", page, pages, selected)
    if paging:
        rows.append(paging)
    return with_menu(rows, t)


async def opportunities_command(update: Update, context: BotContext) -> None:
    await context.remember_chat()  # its keyboard leads to reminders
    t = await context.translator()
    await reply(update, *await _listing(context, t, "all", 0))


async def filter_pressed(update: Update, context: BotContext) -> None:
    press = await button_press(update, context)
    if press is None:
        return
    query, t, pressed = press
    await query.answer()
    await edit(context, query, *await _listing(context, t, pressed.args[0], pressed.int_arg(1)))


async def detail_pressed(update: Update, context: BotContext) -> None:
    """A list entry's number: its details, in place of the list (◀ leads back)."""
    press = await button_press(update, context)
    if press is None:
        return
    query, t, pressed = press
    services = context.services
    post = await services.store.posts.get(pressed.int_arg(0))
    if post is None or post.opportunity is None:
        await query.answer(views.post_gone(t))
        return
    await query.answer()
    back = (pressed.args[1], pressed.int_arg(2))
    await edit(context, query, *await detail.screen(services, update.effective_chat, t, post, back))


def register(app: BotApp) -> None:
    app.add_handler(CommandHandler("opportunities", opportunities_command))
    app.add_handler(CallbackQueryHandler(filter_pressed, pattern=callbacks.pattern("opp")))
    app.add_handler(CallbackQueryHandler(detail_pressed, pattern=callbacks.pattern("od")))
    app.bot_data.add_command(
        "opportunities", N_("Internships, residencies, exchanges and volunteering")
    )
