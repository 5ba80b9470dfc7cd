"""Catalogs: complete, placeholders intact, .mo up to date; plurals, dates, language choice."""

from __future__ import annotations

import gettext
import re
import string
from datetime import date
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from cagbot.i18n import I18n, map_telegram_language, resolve_language
from cagbot.paths import locales_dir
from cagbot.settings import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}


def _catalog(language: str) -> Catalog:
    with (locales_dir() / language / "LC_MESSAGES" / "cagbot.po").open("rb") as handle:
        return read_po(handle, locale=language)


def _source_msgids() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT / "cagbot"), keywords=KEYWORDS, comment_tags=()
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.fixture(scope="module")
def i18n() -> I18n:
    return I18n.load()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_msgid_in_the_code_is_translated(language: str) -> None:
    catalog = _catalog(language)
    translated = {
        (message.id[0] if isinstance(message.id, tuple) else message.id)
        for message in catalog
        if message.id and not message.fuzzy and all(_strings(message.string))
    }
    missing = sorted(_source_msgids() - translated)
    assert missing == [], f"untranslated in {language}: run the workflow in docs/i18n.md"


def _strings(value: str | tuple[str, ...]) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else (value,)


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_every_placeholder(language: str) -> None:
    for message in _catalog(language):
        if not message.id:
            continue
        ids = _strings(message.id)
        expected = set().union(*(_fields(text) for text in ids))
        for text in _strings(message.string):
            assert _fields(text) == expected, (language, ids[0], text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalog_matches_its_source(language: str) -> None:
    directory = locales_dir() / language / "LC_MESSAGES"
    with (directory / "cagbot.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for message in _catalog(language):
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple):
            for n in (1, 2, 5, 21):
                index = compiled.plural(n)  # type: ignore[attr-defined]
                assert compiled.ngettext(message.id[0], message.id[1], n) == message.string[index]
        else:
            assert compiled.gettext(message.id) == message.string, (
                f"{language}: .mo is stale, run `pybabel compile -d locales -D cagbot`"
            )


def test_no_gettext_inside_f_strings() -> None:
    # pybabel extract cannot see a call inside an f-string, so its text would never be
    # translated.
    pattern = re.compile(r"""\bf(["']).*\b(?:gettext|ngettext|_|N_)\(\s*["']""")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "cagbot").rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "1 публикация"),
        (2, "2 публикации"),
        (5, "5 публикаций"),
        (11, "11 публикаций"),
        (21, "21 публикация"),
        (22, "22 публикации"),
    ],
)
def test_russian_plural_forms(i18n: I18n, n: int, expected: str) -> None:
    t = i18n.get("ru")
    assert t.ngettext("{n} post", "{n} posts", n).format(n=n) == expected


def test_english_and_swedish_plurals(i18n: I18n) -> None:
    assert i18n.get("en").ngettext("{n} post", "{n} posts", 1).format(n=1) == "1 post"
    assert i18n.get("sv").ngettext("{n} subscriber", "{n} subscribers", 2).format(n=2) == (
        "2 prenumeranter"
    )


def test_dates_and_numbers_follow_the_locale(i18n: I18n) -> None:
    day = date(2027, 3, 15)
    assert i18n.get("ru").format_date(day) == "15 марта 2027\u202fг."
    assert i18n.get("sv").format_date(day) == "15 mars 2027"
    assert i18n.get("en").format_date(day) == "March 15, 2027"
    assert i18n.get("ru").format_number(12345) == "12\xa0345"


def test_unknown_language_falls_back_to_english(i18n: I18n) -> None:
    assert i18n.get("de").language == "en"
    assert i18n.get(None).gettext("Saved") == "Saved"
    assert i18n.get("ru").gettext("Saved") == "Сохранено"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("ru", "ru"),
        ("ky", "ru"),
        ("kk", "ru"),
        ("uz", "ru"),
        ("tg", "ru"),
        ("be", "ru"),
        ("uk", "ru"),
        ("ru-RU", "ru"),
        ("sv", "sv"),
        ("sv-SE", "sv"),
        ("de", "en"),
        ("en", "en"),
        ("pt-br", "en"),
        (None, None),
        ("", None),
    ],
)
def test_telegram_language_mapping(code: str | None, expected: str | None) -> None:
    assert map_telegram_language(code) == expected


def test_resolution_order() -> None:
    assert resolve_language("sv", "ru", "en") == "sv"  # an explicit choice wins
    assert resolve_language(None, "ky", "en") == "ru"
    assert resolve_language(None, "de", "sv") == "en"  # Telegram said something: English
    assert resolve_language(None, None, "sv") == "sv"  # Telegram said nothing: the default
    assert resolve_language("xx", None, "ru") == "ru"  # a stored value we no longer know
