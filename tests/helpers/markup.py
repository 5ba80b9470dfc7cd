"""Reading an inline keyboard back in tests: its labels row by row, its callback_data, and
that data decoded (each within Telegram's 64 bytes)."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from cagbot.callbacks import MAX_BYTES, Callback, decode


def labels(markup: InlineKeyboardMarkup | None) -> list[list[str]]:
    assert markup is not None
    return [[button.text for button in row] for row in markup.inline_keyboard]


def data(markup: InlineKeyboardMarkup) -> list[str | None]:
    return [button.callback_data for row in markup.inline_keyboard for button in row]  # type: ignore[misc]


def pressed(markup: InlineKeyboardMarkup | None) -> list[Callback]:
    """What each button of ``markup`` would send, decoded; every one must decode."""
    assert markup is not None
    found = []
    for row in markup.inline_keyboard:
        for button in row:
            data = button.callback_data
            assert isinstance(data, str)
            assert len(data.encode()) <= MAX_BYTES
            decoded = decode(data)
            assert decoded is not None, data
            found.append(decoded)
    return found
