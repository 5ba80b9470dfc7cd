"""Optional machine translation of titles and summaries (``CAGBOT_TRANSLATE_URL``).

:mod:`cagbot.translate.client` talks to a LibreTranslate-compatible ``/translate`` API (an
NGO can host LibreTranslate itself); :mod:`cagbot.translate.job` translates what readers
would otherwise see in a foreign language, once, rate-limited, into the SQLite cache;
:mod:`cagbot.bot.translation` runs that job in the background of the bot. Without the
setting nothing here runs and the original is shown with its language label.
"""

from cagbot.translate.client import LibreTranslate, TranslationError
from cagbot.translate.job import TranslationJob, TranslationReport

__all__ = ["LibreTranslate", "TranslationError", "TranslationJob", "TranslationReport"]
