"""The subscription editor confirms before notifications start; /settings offers a change
only to who may make it; /unsubscribe offers Resume."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from cagbot import callbacks
from cagbot.bot import subscription_keyboards
from cagbot.i18n import I18n
from cagbot.store.subscribers import Subscriber

EN = I18n.load().get("en")
MENU = callbacks.encode("menu")


def _data(markup: InlineKeyboardMarkup) -> list[str | None]:
    return [button.callback_data for row in markup.inline_keyboard for button in row]  # type: ignore[misc]


def _subscriber(subscribed: bool) -> Subscriber:
    return Subscriber(
        chat_id=1,
        chat_type="private",
        language=None,
        telegram_language="en",
        subscribed=subscribed,
        frequency="instant",
        content_languages="mine",
        opportunity_alerts=True,
        topics=(),
        active=True,
    )


def test_the_editor_confirms_before_notifications_start() -> None:
    from cagbot.lexicon import load_lexicon

    lex = load_lexicon()
    before = _data(subscription_keyboards.subscription(EN, lex, _subscriber(False)))
    assert before[-2:] == [callbacks.encode("subok"), MENU]  # ☰ Menu on every screen
    after = _data(subscription_keyboards.subscription(EN, lex, _subscriber(True)))
    assert after[-2:] == [callbacks.encode("subdone"), MENU]


def test_settings_offer_change_only_to_who_may_and_unsubscribe_offers_resume() -> None:
    assert _data(subscription_keyboards.settings(EN, may_change=True))[0] == callbacks.encode(
        "setx"
    )
    assert _data(subscription_keyboards.settings(EN, may_change=False)) == [MENU]
    assert callbacks.encode("res") in _data(subscription_keyboards.resume(EN))
