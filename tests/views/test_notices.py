"""The short notices: button answers within Telegram's 200 characters, reminders in the
reader's plural, "today" when the deadline is today."""

from __future__ import annotations

import pytest

from cagbot.i18n import I18n
from cagbot.markup import CALLBACK_ANSWER_LIMIT
from cagbot.views import notices

#: Notices shown as a callback answer (a toast): plain text within Telegram's limit.
SHORT = [
    notices.button_expired,
    notices.post_gone,
    notices.admins_only_short,
    notices.admins_only_language,
    notices.admins_only_settings,
    notices.reminder_off,
    notices.reminder_too_late,
    notices.slow_down_short,
]


@pytest.mark.parametrize("language", ["sv", "en", "ru"])
def test_button_answers_fit_a_callback_answer(i18n: I18n, language: str) -> None:
    t = i18n.get(language)
    answers = [notice(t) for notice in SHORT] + [notices.reminder_set(t, 7)]
    assert all(0 < len(answer) <= CALLBACK_ANSWER_LIMIT for answer in answers)
    assert len(set(answers)) == len(answers)


def test_reminders_use_the_readers_plural(i18n: I18n) -> None:
    en, ru = i18n.get("en"), i18n.get("ru")
    assert notices.reminder_on(en, 1) == "I will remind you 1 day before the deadline."
    assert notices.reminder_on(en, 3) == "I will remind you 3 days before the deadline."
    assert "3 дня" in notices.reminder_on(ru, 3)
    assert "5 дней" in notices.reminder_on(ru, 5)


def test_a_reminder_for_a_deadline_today_comes_later_today(i18n: I18n) -> None:
    en = i18n.get("en")
    today = "The deadline is today: I will remind you later today."
    assert notices.reminder_set(en, 0) == today
    assert notices.reminder_set(en, -1) == today
    assert notices.reminder_set(en, 2) == notices.reminder_on(en, 2)


def test_message_notices(i18n: I18n) -> None:
    en = i18n.get("en")
    assert notices.something_went_wrong(en) == (
        "Sorry, something went wrong on my side. Please try again later."
    )
    assert notices.link_gone(en) == "This post is no longer available."
    assert notices.saved(i18n.get("ru")) == "Сохранено"
