"""What a short free-text message means before it is taken as a search: a greeting, or the
number of a result the bot has just listed."""

from __future__ import annotations

import re
import unicodedata
from typing import Final

# Hellos our readers write (ru, ky, kk, uz in Cyrillic and Latin, sv, en), normalised:
# lower case, no punctuation, ё -> е.
GREETINGS: Final = frozenset(
    {
        # Russian, and its Latin transliterations
        "привет", "приветик", "приветствую", "здравствуйте", "здравствуй", "здрасте",
        "добрый день", "добрый вечер", "доброе утро", "hello", "privet", "zdravstvuyte",
        # Kyrgyz, Kazakh, Uzbek
        "салам", "саламатсызбы", "салем", "сәлем", "салеметсиз бе", "ассалому алайкум",
        "салом", "salam", "salom", "assalomu alaykum", "ассалам алейкум", "ассаламу алейкум",
        # Swedish, English
        "hej", "hejsan", "tjena", "hallå", "god dag", "hi", "hey", "good morning",
        "good afternoon", "good evening", "start",
    }
)  # fmt: skip
_NOISE = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")
_NUMBER = re.compile(r"^\s*#?(\d{1,2})[.)]?\s*$")


def _normal(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    return _SPACES.sub(" ", _NOISE.sub(" ", text)).strip()


def is_greeting(text: str) -> bool:
    """ "Привет!", "hej hej", "Салам 👋": a hello and nothing else (at most a repeat)."""
    normal = _normal(text)
    if not normal or len(normal) > 40:
        return False
    if normal in GREETINGS:
        return True
    words = normal.split(" ")
    return len(set(words)) == 1 and words[0] in GREETINGS


def result_number(text: str) -> int | None:
    """ "2", "#2", "2." -> 2: a listed result chosen by typing its number."""
    match = _NUMBER.match(text)
    return int(match.group(1)) if match else None
