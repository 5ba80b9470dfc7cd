"""Inline keyboards. Every button's callback_data comes from :func:`callbacks.encode`."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import (
    CopyTextButton,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    SwitchInlineQueryChosenChat,
)

from cagbot.bot import callbacks, privacy_texts
from cagbot.i18n import Translator
from cagbot.lexicon import Lexicon
from cagbot.links import web_url
from cagbot.views import NATIVE_NAMES, OPPORTUNITY_FILTERS, apply_button, link_label

CHECKED, UNCHECKED = "✅", "▫️"


def callback_button(text: str, action: str, *args: object) -> InlineKeyboardButton:
    """A button whose callback_data is ``action`` and ``args``, encoded and checked."""
    return InlineKeyboardButton(text, callback_data=callbacks.encode(action, *args))


Rows = list[list[InlineKeyboardButton]]


def menu_button(t: Translator) -> InlineKeyboardButton:
    return callback_button(t.gettext("☰ Menu"), "menu")


def with_menu(rows: Rows, t: Translator) -> InlineKeyboardMarkup:
    """``rows`` and, last, the way back to the main menu (every view has one)."""
    return InlineKeyboardMarkup([*rows, [menu_button(t)]])


def main_menu(t: Translator, *, group: bool = False, ask: bool = False) -> InlineKeyboardMarkup:
    """The main menu. A group's has no subscribe or settings buttons: every member sees
    it, and those are the admins' (who use /subscribe and /settings). ``ask``: Ask CAG is
    on (cagbot.bot.ask), and a private menu offers it."""
    rows = [
        [
            callback_button(t.gettext("🎯 Opportunities"), "opp", "all", 0),
            callback_button(t.gettext("📰 Latest posts"), "lat", 0),
        ]
    ]
    if not group:
        rows += [
            [
                callback_button(t.gettext("🔎 Search"), "go", "find"),
                callback_button(t.gettext("🔔 Subscribe"), "go", "sub"),
            ],
            [
                callback_button(t.gettext("🌐 Language"), "go", "lang"),
                callback_button(t.gettext("⚙️ Settings"), "go", "set"),
            ],
        ]
        if ask:
            rows.append([callback_button(t.gettext("✉️ Ask CAG"), "ask", "new")])
    return InlineKeyboardMarkup(rows)


def pager(action: str, page: int, pages: int, *prefix: object) -> list[InlineKeyboardButton]:
    """◀ n/N ▶: the arrows edit the message in place; the middle button does nothing."""
    if pages <= 1:
        return []
    row = []
    if page > 0:
        row.append(callback_button("◀", action, *prefix, page - 1))
    row.append(callback_button(f"{page + 1}/{pages}", "noop"))
    if page < pages - 1:
        row.append(callback_button("▶", action, *prefix, page + 1))
    return row


def latest(
    t: Translator, page: int, pages: int, post_ids: Sequence[int] = (), first: int = 1
) -> InlineKeyboardMarkup:
    """A number per post (its details; numbered across pages), paging, the menu."""
    rows = numbers("post", post_ids, first=first)
    row = pager("lat", page, pages)
    return with_menu([*rows, row] if row else rows, t)


def topic_posts(
    t: Translator,
    slug: str,
    page: int,
    pages: int,
    post_ids: Sequence[int] = (),
    *,
    follow: str | None = None,
) -> InlineKeyboardMarkup:
    """A topic's posts: numbers, paging, "follow" (``follow``: the topic's label), the menu."""
    rows = numbers("post", post_ids)
    row = pager("top", page, pages, slug)
    if row:
        rows.append(row)
    if follow is not None:
        # Translators: a button under a topic's posts; keep it short, {topic} is its name.
        text = t.gettext("🔔 Follow {topic}").format(topic=follow)
        rows.append([callback_button(text, "sub", "on", slug)])
    return with_menu(rows, t)


def languages(t: Translator) -> InlineKeyboardMarkup:
    return with_menu(
        [[callback_button(name, "lang", code) for code, name in NATIVE_NAMES.items()]], t
    )


def numbers(action: str, ids: Sequence[int], *extra: object, first: int = 1) -> Rows:
    """One button per list entry, labelled with the entry's number, five to a row."""
    buttons = [
        callback_button(str(number), action, item, *extra) for number, item in enumerate(ids, first)
    ]
    return [buttons[i : i + 5] for i in range(0, len(buttons), 5)]


def post_numbers(t: Translator, post_ids: Sequence[int]) -> InlineKeyboardMarkup:
    return with_menu(numbers("post", post_ids), t)


def topics(t: Translator, lexicon: Lexicon, slugs: Sequence[str]) -> InlineKeyboardMarkup:
    """Topic buttons that list posts on that topic (no-match suggestions), two to a row."""
    buttons = []
    for slug in slugs:
        entry = lexicon.topic(slug)
        if entry is not None:
            buttons.append(callback_button(entry.label(t.language), "top", slug, 0))
    return with_menu([buttons[i : i + 2] for i in range(0, len(buttons), 2)], t)


def opportunity_list(
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
        for kind, label in OPPORTUNITY_FILTERS.items()
    ]
    rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]  # three fit a phone
    rows += numbers("od", post_ids, selected, page, first=first_number)
    paging = pager("opp", page, pages, selected)
    if paging:
        rows.append(paging)
    return with_menu(rows, t)


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


def opportunity_detail(
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


def post_detail(
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


def forget(t: Translator, user_id: int) -> InlineKeyboardMarkup:
    """/forget's confirmation; the buttons carry their owner's id (checked on press)."""
    return InlineKeyboardMarkup(
        [
            [
                callback_button(privacy_texts.forget_yes(t), "fgt", "yes", user_id),
                callback_button(privacy_texts.forget_no(t), "fgt", "no", user_id),
            ]
        ]
    )
