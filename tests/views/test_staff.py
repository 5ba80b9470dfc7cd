"""/stats for staff: counts in the reader's plurals, subscribers by language and topic,
extra lines escaped; and the staff-only refusals."""

from __future__ import annotations

from cagbot.i18n import I18n
from cagbot.lexicon import load_lexicon
from cagbot.markup import CALLBACK_ANSWER_LIMIT
from cagbot.store.subscribers import SubscriberStats
from cagbot.views.staff import staff_only, staff_only_short, stats

LEXICON = load_lexicon()
NUMBERS = SubscriberStats(
    chats=1201,
    subscribed=1,
    inactive=3,
    by_language={"ru": 2, "sv": 1},
    by_topic={"climate": 4},
    by_frequency={"instant": 1},
)


def test_stats_count_chats_subscribers_posts_and_calls(i18n: I18n) -> None:
    text = stats(i18n.get("en"), LEXICON, NUMBERS, posts=1, opportunities=2, extra=["<x> & y"])
    lines = text.split("\n")
    assert lines[0] == "<b>Statistics</b>"
    assert "1,201 chats have talked to the bot" in lines
    assert "1 subscriber" in lines
    assert "3 chats blocked the bot or removed it" in lines
    assert "1 post, 2 opportunities" in lines
    assert lines[lines.index("<b>Subscribers by language</b>") + 1 :][:2] == [
        "• Russian: 2",
        "• Swedish: 1",
    ]
    assert lines[lines.index("<b>Subscribers by topic</b>") + 1] == "• Climate and environment: 4"
    assert lines[-1] == "&lt;x&gt; &amp; y"


def test_stats_in_russian_use_its_plurals_and_labels(i18n: I18n) -> None:
    text = stats(i18n.get("ru"), LEXICON, NUMBERS, posts=5, opportunities=21)
    assert "• Климат и экология: 4" in text
    assert "• Русский: 2" in text
    assert "5 публикаций, 21 объявление" in text  # plural forms "many" and "one"
    assert "1 подписчик\n3 чата заблокировали или удалили бота" in text


def test_empty_breakdowns_are_left_out(i18n: I18n) -> None:
    none = SubscriberStats(0, 0, 0, {}, {}, {})
    text = stats(i18n.get("en"), LEXICON, none, posts=0, opportunities=0)
    assert "Subscribers by" not in text


def test_the_staff_only_answers(i18n: I18n) -> None:
    for t in i18n:
        assert staff_only(t) == t.gettext("Sorry, this command is only for CAG staff.")
        assert len(staff_only_short(t)) <= CALLBACK_ANSWER_LIMIT
    assert staff_only(i18n.get("ru")) != staff_only(i18n.get("en"))
