"""The texts of /mydata and /forget: what was erased, said only of what there was, in the
reader's grammar; times in the reader's zone; an unreadable stamp shown as it is."""

from __future__ import annotations

from cagbot.bot.privacy_texts import forgotten, when
from cagbot.i18n import I18n
from cagbot.store.privacy import Erased

I18N = I18n.load()
EN, RU = I18N.get("en"), I18N.get("ru")


def erased(**counts: int) -> Erased:
    values = {"subscriber": 1, "topics": 0, "reminders": 0, "digest_items": 0, "deliveries": 0}
    values.update(counts)
    return Erased(**values)


def test_forgotten_lists_only_what_there_was() -> None:
    assert forgotten(EN, erased(topics=1, deliveries=3)) == (
        "Done: I erased your settings, 1 topic and 3 notification records. "
        "I will send you nothing more."
    )
    assert forgotten(EN, erased()) == "Done: I erased your settings. I will send you nothing more."


def test_forgotten_with_nothing_stored_says_so() -> None:
    assert forgotten(EN, erased(subscriber=0)) == (
        "There was nothing stored about you, so nothing was erased."
    )


def test_forgotten_in_russian_uses_the_accusative() -> None:
    text = forgotten(RU, erased(topics=1, reminders=2, saved_searches=5, question_threads=1))
    assert "1 тему" in text
    assert text.index("1 тему") < text.index("2 ") < text.index("5 ")


def test_when_is_in_the_readers_zone() -> None:
    stamp = "2026-09-01T20:30:00.000Z"
    assert "02:30" in when(RU, stamp)  # Bishkek, the next morning
    assert "22:30" in when(EN, stamp)  # Stockholm
    assert "22:30" in when(EN, "2026-09-01 20:30:00")  # a stamp without a zone is UTC
    assert when(EN, None) == "—"
    assert when(EN, "yesterday") == "yesterday"
