"""A post's or an opportunity's detail view with its buttons, wherever it is opened from
(a list, search results, a number typed after them, a deep link, a notification)."""

from __future__ import annotations

from telegram import Chat, InlineKeyboardMarkup

from cagbot import views
from cagbot.bot import keyboards, queries
from cagbot.bot.context import Services
from cagbot.i18n import Translator
from cagbot.models import Post


async def screen(
    services: Services,
    chat: Chat | None,
    t: Translator,
    post: Post,
    back: tuple[str, int] | None = None,
) -> tuple[str, InlineKeyboardMarkup]:
    """``back``: the opportunity list page (kind, page) to return to, if opened from one."""
    reminding = await queries.reminder_state(services, chat, post)
    today = services.today()
    if post.opportunity is None:
        text = views.post_detail(t, services.lexicon, post, today=today)
        return text, keyboards.post_detail(t, post.id, post.url, reminding, post.language)
    details = post.opportunity
    # A call of unknown status keeps its link to the source ("check the link"), not "Apply".
    open_now = post.call_status(today) == "open"
    mail = views.application_mail(details) if open_now else None
    return views.opportunity_detail(t, post, today=today), keyboards.opportunity_detail(
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
