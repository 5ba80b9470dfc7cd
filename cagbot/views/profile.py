"""The bot's profile texts: the description on the empty chat before "Start" and the
short description on its profile page and in shared links (setMyDescription and
setMyShortDescription)."""

from __future__ import annotations

from typing import Final

from cagbot.i18n import Translator

DESCRIPTION_LIMIT: Final = 512
SHORT_DESCRIPTION_LIMIT: Final = 120


def description(t: Translator) -> str:
    # Translators: shown on the empty chat before the reader taps "Start"; at most 512
    # characters. "Start" is the name of Telegram's own button in your language (ru
    # «Запустить», sv «Starta»); say once what Centralasiengrupperna is where readers may
    # not know it (ru «шведская организация»).
    text = t.gettext(
        "Centralasiengrupperna (CAG) works for human rights and democracy in Central Asia. "
        "Here you can read our news, find internships, residencies, exchanges and "
        "volunteering in Kyrgyzstan and Sweden, and get a message when something new "
        "appears on your topics. Tap Start."
    )
    return text[:DESCRIPTION_LIMIT]


def short_description(t: Translator) -> str:
    # Translators: the bot's profile line and the text of shared links; at most 120
    # characters.
    text = t.gettext("News, internships and volunteering from Centralasiengrupperna (CAG).")
    return text[:SHORT_DESCRIPTION_LIMIT]
