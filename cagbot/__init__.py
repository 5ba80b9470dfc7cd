"""cagbot: Telegram bot for Centralasiengrupperna and its partners in Central Asia."""

__version__ = "0.1.0"
