"""Ask CAG: a person asks CAG's staff a question from the bot, staff answer in their chat,
and the answer comes back to the person from CAG (issue 26).

- :mod:`.asking`: the person's side (the button, the draft, what staff will see, Send).
- :mod:`.answering`: the staff chat's side (answers, /close, the close button).
- :mod:`.routing`: delivery both ways, forum topics, blocked and forgotten askers.

Off unless ``CAGBOT_INBOX_CHAT_ID`` or ``CAGBOT_STAFF_CHAT_ID`` is set.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cagbot.bot.context import BotApp


def register(app: BotApp) -> None:
    from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

    from cagbot.bot.ask.answering import Answering
    from cagbot.bot.ask.asking import Asking
    from cagbot.bot.ask.routing import Inbox, inbox_chat_id
    from cagbot.bot.handler_groups import HandlerGroup
    from cagbot.callbacks import pattern
    from cagbot.i18n import N_, Translator
    from cagbot.views import ask as texts

    services = app.bot_data
    chat_id = inbox_chat_id(services.settings)
    if chat_id is None:
        return
    inbox = Inbox(chat_id)
    asking, answering = Asking(inbox), Answering(inbox)
    group = HandlerGroup.ASK
    # The inbox is a staff group, or (CAGBOT_STAFF_CHAT_ID may be one person) a private chat.
    in_inbox = filters.Chat(chat_id=chat_id)
    private = filters.ChatType.PRIVATE
    # The first handler of a group that matches an update is the only one run there: the
    # inbox's own come first (a private inbox's /close is not "another command").
    app.add_handler(CommandHandler("close", answering.close_command, filters=in_inbox), group=group)
    app.add_handler(
        MessageHandler(
            in_inbox & filters.UpdateType.MESSAGE & ~filters.COMMAND, answering.staff_message
        ),
        group=group,
    )
    app.add_handler(
        MessageHandler(
            private & filters.COMMAND & ~filters.Regex(r"^/ask(@\w+)?(\s|$)"), asking.other_command
        ),
        group=group,
    )
    app.add_handler(
        MessageHandler(
            private
            & ~filters.TEXT
            & ~filters.CAPTION
            & ~filters.VOICE
            & filters.UpdateType.MESSAGE,
            asking.not_text,
        ),
        group=group,
    )
    app.add_handler(CommandHandler("ask", asking.command, filters=private))
    app.add_handler(CallbackQueryHandler(asking.pressed, pattern=pattern("ask")))
    app.add_handler(CallbackQueryHandler(answering.close_pressed, pattern=pattern("askx")))
    services.add_command("ask", N_("Ask CAG's staff a question"), private=True)
    services.add_command("close", N_("Close an Ask CAG thread (in the staff chat)"), staff=True)

    async def stats(t: Translator) -> list[str]:
        figures = await services.store.questions.stats()
        return texts.question_stats(
            t,
            figures.asked,
            figures.answered,
            figures.open_threads,
            figures.median_first_answer_seconds,
        )

    services.add_stats(stats)
