"""Inline mode: ``@bot words`` in any chat offers matching posts to share.

A query that is a post's deep-link payload (``post_12``, what the "↗️ Share" button puts
in the chosen chat's input field) or a deep link to it offers exactly that post."""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import Final

from telegram import (
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import InlineQueryLimit, ParseMode
from telegram.error import BadRequest
from telegram.ext import InlineQueryHandler

from cagbot import markup, views
from cagbot.bot import detail, queries
from cagbot.bot.context import BotApp, BotContext
from cagbot.i18n import Translator
from cagbot.lexicon import Lexicon
from cagbot.models import Post

log = logging.getLogger(__name__)
_DESCRIPTION = 120
#: One post, by its deep-link payload or the deep link itself (t.me/<bot>?start=post_12).
_ONE_POST: Final = re.compile(r"(?:^|[?&]start=)(?:post|opp)_(\d{1,12})$")


def article(
    t: Translator,
    lexicon: Lexicon,
    post: Post,
    snippet: str | None,
    today: date,
    bot: str | None = None,
    *,
    links: bool = True,
) -> InlineQueryResultArticle:
    return InlineQueryResultArticle(
        id=f"p{post.id}",  # well within the 64-byte limit
        title=markup.truncate(markup.one_line(post.text_for(t.language).title), 120),
        description=views.inline_description(t, post, snippet),
        input_message_content=InputTextMessageContent(
            views.opportunity_detail(t, post, today=today)
            if post.opportunity is not None
            else views.post_detail(t, lexicon, post, today=today),
            parse_mode=ParseMode.HTML,
            link_preview_options=LinkPreviewOptions(is_disabled=True),
        ),
        # Shared into any chat: a deep link back into the bot, where our callbacks cannot go.
        reply_markup=detail.post_links(
            t, post.url, bot=bot, post_id=post.id, page_language=post.language
        )
        if links
        else None,
    )


async def inline_query(update: Update, context: BotContext) -> None:
    query = update.inline_query
    assert query is not None
    t = await context.translator()
    services = context.services
    text = query.query.strip()[: InlineQueryLimit.MAX_QUERY_LENGTH]
    found: list[tuple[Post, str | None]]
    if one := _ONE_POST.search(text):
        post = await services.store.posts.get(int(one.group(1)))
        found = [(post, None)] if post is not None else []
    elif text:
        outcome = await queries.search(services, text, t.language, limit=queries.INLINE_LIMIT)
        found = [(item.post, item.snippet) for item in outcome.found]
    else:
        page = await services.store.posts.latest(limit=queries.INLINE_LIMIT)
        found = [(post, None) for post in page]
    today = services.today()
    bot = context.bot.username
    results = [article(t, services.lexicon, post, snippet, today, bot) for post, snippet in found]
    button = None
    if not results:
        button = InlineQueryResultsButton(views.inline_nothing(t), start_parameter="inline")
    try:
        await query.answer(
            results[: InlineQueryLimit.RESULTS], cache_time=60, is_personal=True, button=button
        )
    except BadRequest as error:
        # Telegram refuses the whole answer for one bad result (a link it will not take as
        # a button): answer again without the buttons rather than not at all.
        log.warning("inline answer refused (%s); answering without buttons", error.message)
        plain = [
            article(t, services.lexicon, post, snippet, today, bot, links=False)
            for post, snippet in found
        ]
        await query.answer(
            plain[: InlineQueryLimit.RESULTS], cache_time=60, is_personal=True, button=button
        )


def register(app: BotApp) -> None:
    app.add_handler(InlineQueryHandler(inline_query))
