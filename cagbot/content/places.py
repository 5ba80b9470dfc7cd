"""Where a call takes place, as the call alerts' place filter reads it: the lexicon's
countries (tagged from the text, see :mod:`cagbot.content.tagging`) and "anywhere online".

"Online" is not a lexicon country: as a search word it would tag every post that says
"apply online". Here only a call's location or title counts ("Online", «Онлайн»,
"på distans"), never its summary, for the same reason.
"""

from __future__ import annotations

import re
from typing import Final

from cagbot.lexicon import Lexicon

ONLINE: Final = "online"
_ONLINE_WORDS: Final = re.compile(
    r"\b(online|remote|remotely|distans|онлайн|дистанционн\w*|удал[её]нн(о|ая|ый|ой|ую))\b",
    re.IGNORECASE,
)


def is_online(*texts: str | None) -> bool:
    """Any of ``texts`` (a call's location, its title) says it happens online."""
    return any(text and _ONLINE_WORDS.search(text) for text in texts)


def place_slugs(lexicon: Lexicon) -> tuple[str, ...]:
    """Every place a call filter may name: the lexicon's countries in its order, then online."""
    return (*(entry.slug for entry in lexicon.countries), ONLINE)
