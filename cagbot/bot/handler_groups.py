"""Every PTB handler group the bot uses, in one table.

PTB offers an update to the groups from the lowest number up and, in each group, runs the
first handler that matches; ``ApplicationHandlerStop`` ends the walk. A feature names its
group from here rather than a number of its own, so the order is read in one place.
"""

from __future__ import annotations

from enum import IntEnum


class HandlerGroup(IntEnum):
    #: While the background services still start (``cagbot run``), updates other than
    #: /start and /help wait here for them (cagbot.bot.app); before anything else.
    STARTING = -50
    #: The per-person flood budget (cagbot.bot.flood), before anything else; alone in its
    #: group, so that the chat life-cycle handlers of STAFF_AND_CHATS still see every update.
    FLOOD = -10
    #: Staff and editors' Telegram language remembered before anything answers them, so
    #: that staff messages reach them in it even before /start (cagbot.bot.staff.access).
    REMEMBER_STAFF = -9
    #: Any command ends a /broadcast draft or a /newcall form and then goes on
    #: (cagbot.bot.staff.broadcast.drafts).
    ENDS_A_FORM = -5
    #: /newcall's form (cagbot.bot.staff.calls.form): its answers are looked at before broadcast
    #: drafts and search.
    CALL_FORM = -4
    #: Ask CAG (cagbot.bot.ask): staff answers in the inbox chat, /close there, and any
    #: other command dropping a person's draft question.
    ASK = -3
    #: The new words of a saved search being renamed (cagbot.bot.saved_searches): taken
    #: before search would take them for a query.
    SAVED_SEARCH_RENAME = -2
    #: Broadcast drafts and controls, /calls and approvals (so a draft's text is not taken
    #: for a search), /here, chat migrations and the bot's membership (cagbot.bot.groups).
    STAFF_AND_CHATS = -1
    #: PTB's default group: the readers' commands and buttons, search, the fallback.
    FEATURES = 0
