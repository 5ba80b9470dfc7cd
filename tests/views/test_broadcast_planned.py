"""What a scheduled broadcast's author and approver are told when it starts."""

from __future__ import annotations

import pytest

from cagbot.i18n import I18n
from cagbot.views import broadcast_planned as bp
from cagbot.views import notices

I18N = I18n.load()
APPROVED = {"en": "approved", "sv": "godkän", "ru": "одобр"}
#: The number sign each language writes (the glossary: Russian uses №).
SIGN = {"en": "#", "sv": "#", "ru": "№"}


@pytest.mark.parametrize("language", ["en", "sv", "ru"])
def test_the_author_is_told_it_goes_out_never_that_it_was_approved(language: str) -> None:
    t = I18N.get(language)
    for planned, broadcast in ((1, 1), (2, 5)):
        own = bp.going_out(t, planned, broadcast, own=True)
        assert f"{SIGN[language]}{planned}" in own
        assert APPROVED[language] not in own.lower()
        assert f"{SIGN[language]}{broadcast}" in own  # the number the progress line below shows
        approver = bp.going_out(t, planned, broadcast, own=False)
        assert APPROVED[language] in approver.lower()


@pytest.mark.parametrize("language", ["en", "sv", "ru"])
def test_a_reminder_for_today_promises_no_days(language: str) -> None:
    t = I18N.get(language)
    assert notices.reminder_set(t, 2) == notices.reminder_on(t, 2)
    today = notices.reminder_set(t, 0)
    assert "0" not in today
    assert today != notices.reminder_on(t, 0)
