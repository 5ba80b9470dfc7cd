"""Notification texts that staff read: /stats lines for deliveries, broadcasts and feeds."""

from __future__ import annotations

from typing import Any

from cagbot.i18n import I18n
from cagbot.store.feed_state import FeedState
from cagbot.store.outbox import Counts
from cagbot.views import notifications as texts

I18N = I18n.load()


def test_urls_lose_query_strings_and_fragments() -> None:
    error = (
        "Server error '500' for url 'https://x.org/feed?key=SECRET#top' (and http://y.org/?a=1 too)"
    )
    assert texts.without_query(error) == (
        "Server error '500' for url 'https://x.org/feed' (and http://y.org/ too)"
    )
    assert texts.feed_label("https://user.example/rss/?token=abc") == "user.example/rss/"


def test_delivery_stats_in_russian_with_a_failing_feed() -> None:
    lines = texts.delivery_stats(
        I18N.get("ru"),
        Counts(pending=2, sending=1, sent=1500, blocked=3, failed=4),
        5,
        [
            FeedState("https://a.org/feed?api_key=SECRET", last_success_at="2026-01-01"),
            FeedState(
                "https://b.org/rss",
                failures=2,
                last_error="could not fetch https://b.org/rss?api_key=SECRET",
            ),
            FeedState("https://c.org/atom.xml"),
        ],
    )
    assert lines[0] == ""
    assert lines[1].startswith("📬 Доставка сообщений: 2 в очереди, 1 отправляется")
    assert "1\xa0500 отправлено" in lines[1]  # babel's Russian grouping
    assert lines[2] == "📣 5 рассылок отправлено"
    assert lines[3:] == [
        "📡 Лента a.org/feed: OK",
        "📡 Лента b.org/rss: 2 ошибки подряд (could not fetch https://b.org/rss)",
        "📡 Лента c.org/atom.xml: ещё не опрашивалась",
    ]
    assert not any("SECRET" in line for line in lines)


def test_stats_say_still_retrying_apart_from_failed() -> None:
    counts = Counts(pending=7, sent=10, failed=1, retrying=5)
    lines = texts.delivery_stats(I18N.get("ru"), counts, 0, [])
    assert "🔁 5 сообщений ждут повторной попытки после временной ошибки (это не сбой)" in lines
    english = texts.delivery_stats(I18N.get("en"), counts, 0, [])
    assert "🔁 5 still retrying after a temporary error (not failed)" in english
    assert not any("🔁" in line for line in texts.delivery_stats(I18N.get("en"), Counts(), 0, []))


def test_staff_hear_which_background_work_keeps_failing() -> None:
    alert = texts.work_failing(I18N.get("sv"), "feeds", 3)
    assert "hämtning av flöden" in alert
    assert "3 gånger i rad" in alert
    assert "“feed polling”" in texts.work_failing(I18N.get("en"), "feeds", 13)


def _call(post_id: int = 12, apply_url: str | None = "https://centralasien.se/apply") -> object:
    from datetime import UTC, date, datetime

    from cagbot.models import OpportunityDetails, Post

    now = datetime(2026, 5, 1, tzinfo=UTC)
    return Post(
        id=post_id,
        key="k",
        title="Internship in Osh",
        summary="Two months.",
        language="en",
        source="test",
        kind="opportunity",
        url="https://centralasien.se/osh",
        guid=None,
        published=now,
        topics=(),
        countries=(),
        opportunity=OpportunityDetails(
            type="internship", deadline=date(2099, 1, 1), apply_url=apply_url
        ),
        created_at=now,
        updated_at=now,
    )


def _target(button: dict[str, Any]) -> str:
    """A URL button's link, a copy button's text, a chosen-chat switch's query."""
    if "url" in button:
        return str(button["url"])
    if "copy_text" in button:
        return "copy:" + str(button["copy_text"]["text"])
    return "share:" + str(button["switch_inline_query_chosen_chat"]["query"])


def _buttons(keyboard: object) -> list[tuple[str, str]]:
    assert isinstance(keyboard, dict)
    return [
        (button["text"], _target(button)) for row in keyboard["inline_keyboard"] for button in row
    ]


def test_an_announcement_carries_open_apply_remind_and_manage_buttons() -> None:
    from cagbot.lexicon import load_lexicon

    rendered = texts.announcement(I18N.get("en"), load_lexicon(), _call(), "cag_bot")  # type: ignore[arg-type]
    assert _buttons(rendered.reply_markup) == [
        ("Open in the bot", "https://t.me/cag_bot?start=post_12"),
        ("↗️ Share", "share:post_12"),
        ("✍️ Apply", "https://centralasien.se/apply"),
        ("🔔 Remind me", "https://t.me/cag_bot?start=remind_12"),
        ("📅 Add to calendar", "https://t.me/cag_bot?start=ics_12"),
        ("⚙️ Manage subscription", "https://t.me/cag_bot?start=settings"),
    ]
    # Without the bot's username there is no deep link; a mailto: is never a URL button,
    # but its address is one tap from the clipboard.
    bare = texts.announcement(I18N.get("en"), load_lexicon(), _call(apply_url="mailto:a@b.se"))  # type: ignore[arg-type]
    assert _buttons(bare.reply_markup) == [("📋 Copy address", "copy:a@b.se")]


def test_a_digest_says_when_it_comes_and_opens_its_posts_in_the_bot() -> None:
    from cagbot.lexicon import load_lexicon

    rendered = texts.digest(
        I18N.get("sv"),
        load_lexicon(),
        [_call(1), _call(2)],  # type: ignore[list-item]
        "weekly",
        "cag_bot",
    )
    weekly = I18N.get("sv").gettext("Notifications: one digest a week, on Mondays at {time}")
    assert weekly.split("{time}")[0] in rendered.text
    buttons = _buttons(rendered.reply_markup)
    assert buttons[:2] == [
        ("1", "https://t.me/cag_bot?start=post_1"),
        ("2", "https://t.me/cag_bot?start=post_2"),
    ]
    assert buttons[-1][1] == "https://t.me/cag_bot?start=settings"


def test_a_reminder_offers_no_second_reminder() -> None:
    from cagbot.lexicon import load_lexicon

    rendered = texts.reminder(I18N.get("ru"), load_lexicon(), _call(), 3, None, "cag_bot")  # type: ignore[arg-type]
    urls = [url for _, url in _buttons(rendered.reply_markup)]
    assert "https://t.me/cag_bot?start=post_12" in urls
    assert "https://t.me/cag_bot?start=ics_12" in urls  # the calendar file stays offered
    assert not any("remind_" in url for url in urls)
