"""How long a reply looks on a phone: rendered lines, wrapped at about 40 characters."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from cagbot.devserver import Emulator

#: Characters per line on a phone in portrait, Telegram's default font.
PHONE_WIDTH: Final = 40
#: The most lines a reply may take: about one screen.
MAX_LINES: Final = 20


def phone_lines(text: str, width: int = PHONE_WIDTH) -> int:
    """Lines ``text`` (as Telegram shows it, entities parsed) takes, wrapping long lines at
    word boundaries like the client does; an empty line counts as one."""
    total = 0
    for line in text.split("\n"):
        wrapped = textwrap.wrap(line, width, break_long_words=True, break_on_hyphens=False)
        total += max(1, len(wrapped))
    return total


def longest_reply(emu: Emulator) -> tuple[int, str]:
    """The most phone lines any message the bot sent (as it stands, edits applied) takes
    in any chat of ``emu``, and its first line (for a report)."""
    found = (0, "")
    for chat_id in emu.chats:
        for message in emu.messages(chat_id):
            text = message.text or ""
            found = max(found, (phone_lines(text), text.split("\n", 1)[0]))
    return found
