"""The callback_data codec (kept in :mod:`cagbot.callbacks`, shared with notifications)."""

from cagbot.callbacks import MAX_BYTES, SEPARATOR, VERSION, Callback, decode, encode, pattern

__all__ = ["MAX_BYTES", "SEPARATOR", "VERSION", "Callback", "decode", "encode", "pattern"]
