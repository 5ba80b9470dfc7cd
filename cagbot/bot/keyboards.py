"""Inline keyboards. Every button's callback_data comes from :func:`callbacks.encode`."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from cagbot import views
from cagbot.bot import callbacks, privacy_texts
from cagbot.i18n import Translator
from cagbot.lexicon import Lexicon
from cagbot.store.subscribers import Subscriber
from cagbot.views import FREQUENCIES, NATIVE_NAMES, OPPORTUNITY_FILTERS

CHECKED, UNCHECKED = "✅", "▫️"


def _button(text: str, action: str, *args: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=callbacks.encode(action, *args))


def pager(action: str, page: int, pages: int, *prefix: object) -> list[InlineKeyboardButton]:
    """◀ n/N ▶: the arrows edit the message in place; the middle button does nothing."""
    if pages <= 1:
        return []
    row = []
    if page > 0:
        row.append(_button("◀", action, *prefix, page - 1))
    row.append(_button(f"{page + 1}/{pages}", "noop"))
    if page < pages - 1:
        row.append(_button("▶", action, *prefix, page + 1))
    return row


def latest(page: int, pages: int) -> InlineKeyboardMarkup | None:
    row = pager("lat", page, pages)
    return InlineKeyboardMarkup([row]) if row else None


def topic_posts(slug: str, page: int, pages: int) -> InlineKeyboardMarkup | None:
    row = pager("top", page, pages, slug)
    return InlineKeyboardMarkup([row]) if row else None


def languages() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[_button(name, "lang", code) for code, name in NATIVE_NAMES.items()]]
    )


def post_numbers(post_ids: Sequence[int]) -> InlineKeyboardMarkup | None:
    if not post_ids:
        return None
    buttons = [_button(str(number), "post", post_id) for number, post_id in enumerate(post_ids, 1)]
    return InlineKeyboardMarkup([buttons[i : i + 5] for i in range(0, len(buttons), 5)])


def topics(t: Translator, lexicon: Lexicon, slugs: Sequence[str]) -> InlineKeyboardMarkup | None:
    """Topic buttons that list posts on that topic (no-match suggestions)."""
    rows = []
    for slug in slugs:
        entry = lexicon.topic(slug)
        if entry is not None:
            rows.append([_button(entry.label(t.language), "top", slug, 0)])
    return InlineKeyboardMarkup(rows) if rows else None


def follow_topic(t: Translator, slug: str, label: str) -> InlineKeyboardMarkup:
    # Translators: a button under a topic's posts; keep it short, {topic} is its name.
    text = t.gettext("🔔 Follow {topic}").format(topic=label)
    return InlineKeyboardMarkup([[_button(text, "sub", "on", slug)]])


def opportunity_filters(
    t: Translator,
    selected: str,
    page: int,
    pages: int,
    reminders: Sequence[tuple[int, int, bool]] = (),
) -> InlineKeyboardMarkup:
    """Type filters, a 🔔 per numbered entry that offers a reminder, paging."""
    buttons = [
        _button(
            (f"{CHECKED} " if kind == selected else "") + t.gettext(label),
            "opp",
            kind,
            0,
        )
        for kind, label in OPPORTUNITY_FILTERS.items()
    ]
    rows = [buttons[:3], buttons[3:]]
    if reminders:
        rows.append(
            [remind(t, post_id, reminding, str(number)) for number, post_id, reminding in reminders]
        )
    paging = pager("opp", page, pages, selected)
    if paging:
        rows.append(paging)
    return InlineKeyboardMarkup(rows)


def subscription(t: Translator, lexicon: Lexicon, subscriber: Subscriber) -> InlineKeyboardMarkup:
    rows = []
    chosen = set(subscriber.topics)
    for entry in lexicon.topics:
        mark = CHECKED if entry.slug in chosen else UNCHECKED
        rows.append([_button(f"{mark} {entry.label(t.language)}", "sub", "t", entry.slug)])
    mine, every = views.content_language_buttons(
        t, subscriber.language or subscriber.telegram_language or t.language
    )
    content = subscriber.content_languages
    rows.append(
        [
            _button((CHECKED + " " if content == "all" else "") + every, "cl", "all"),
            _button((CHECKED + " " if content == "mine" else "") + mine, "cl", "mine"),
        ]
    )
    alerts_on = subscriber.opportunity_alerts
    rows.append(
        [
            _button(
                ("🔔 " if alerts_on else "🔕 ")
                + (
                    # Translators: a button; keep it short (about 20 characters).
                    t.pgettext("button", "Opportunity alerts: on")
                    if alerts_on
                    # Translators: a button; keep it short (about 20 characters).
                    else t.pgettext("button", "Opportunity alerts: off")
                ),
                "al",
                "off" if alerts_on else "on",
            )
        ]
    )
    rows.append(
        [
            _button(
                (CHECKED + " " if subscriber.frequency == code else "") + t.gettext(label),
                "fq",
                code,
            )
            for code, label in FREQUENCIES.items()
        ]
    )
    rows.append([_button(t.gettext("Done"), "subdone")])
    return InlineKeyboardMarkup(rows)


def remind(t: Translator, post_id: int, reminding: bool, label: str = "d") -> InlineKeyboardButton:
    """The reminder toggle: worded on a detail view (``label`` 'd'), '🔔 n' on list entry n."""
    if label == "d":
        text = t.gettext("🔕 Don't remind me") if reminding else t.gettext("🔔 Remind me")
    else:
        text = ("🔕 " if reminding else "🔔 ") + label
    return _button(text, "rem", "off" if reminding else "on", post_id, label)


def post_detail(
    t: Translator, post_id: int, url: str | None, reminding: bool | None
) -> InlineKeyboardMarkup | None:
    """Under a post's detail view: the reminder toggle (None: not offered) and its link."""
    rows: list[list[InlineKeyboardButton]] = []
    if reminding is not None:
        rows.append([remind(t, post_id, reminding)])
    links = post_links(t, url)
    if links is not None:
        rows += [list(row) for row in links.inline_keyboard]
    return InlineKeyboardMarkup(rows) if rows else None


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


def post_links(t: Translator, url: str | None) -> InlineKeyboardMarkup | None:
    if not url or not url.startswith(("http://", "https://")):
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(t.gettext("Open on the website"), url=url)]])


def forget(t: Translator, user_id: int) -> InlineKeyboardMarkup:
    """/forget's confirmation; the buttons carry their owner's id (checked on press)."""
    return InlineKeyboardMarkup(
        [
            [
                _button(privacy_texts.forget_yes(t), "fgt", "yes", user_id),
                _button(privacy_texts.forget_no(t), "fgt", "no", user_id),
            ]
        ]
    )
