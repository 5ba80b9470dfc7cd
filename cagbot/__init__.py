"""cagbot: Telegram bot for Centralasiengrupperna and its partners in Central Asia."""

#: The one place the version is written: pyproject.toml reads it from here (hatch), and
#: `cagbot --version`, the start-up log line, the heartbeat and the schema log report it.
__version__ = "0.3.0"
