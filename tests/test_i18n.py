"""Catalogs: complete, placeholders intact, .mo up to date; plurals, dates, language choice."""

from __future__ import annotations

import gettext
import re
import string
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from cagbot.i18n import I18n, map_telegram_language, resolve_language
from cagbot.paths import locales_dir
from cagbot.settings import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "N_": None,
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
}


def _catalog(language: str) -> Catalog:
    with (locales_dir() / language / "LC_MESSAGES" / "cagbot.po").open("rb") as handle:
        return read_po(handle, locale=language)


def _source_msgids() -> set[tuple[str | None, str]]:
    """(msgctxt, msgid) of every text marked in the code."""
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        str(ROOT / "cagbot"), keywords=KEYWORDS, comment_tags=()
    ):
        found.add((context, message[0] if isinstance(message, tuple) else message))
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
        (message.context, message.id[0] if isinstance(message.id, tuple) else message.id)
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
        context = message.context
        if isinstance(message.id, tuple):
            for n in (1, 2, 5, 21):
                index = compiled.plural(n)  # type: ignore[attr-defined]
                got = (
                    compiled.npgettext(context, message.id[0], message.id[1], n)
                    if context
                    else compiled.ngettext(message.id[0], message.id[1], n)
                )
                assert got == message.string[index]
        else:
            got = (
                compiled.pgettext(context, message.id) if context else compiled.gettext(message.id)
            )
            assert got == message.string, (
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
    # British English beside British spelling, not babel's US default ("March 15, 2027").
    assert i18n.get("en").format_date(day) == "15 March 2027"
    assert i18n.get("ru").format_number(12345) == "12\xa0345"


def test_short_dates_and_times_are_the_readers_own(i18n: I18n) -> None:
    day = date(2027, 3, 15)
    assert i18n.get("sv").format_date(day, "short") == "2027-03-15"  # Swedish is ISO
    assert i18n.get("en").format_date(day, "short") == "15/03/2027"
    assert i18n.get("ru").format_date(day, "short") == "15.03.2027"
    eight = datetime(2027, 3, 15, 8, 0, tzinfo=UTC)
    assert i18n.get("en").in_zone("UTC").format_time(eight) == "08:00"  # not "8:00 AM"


def test_lists_are_joined_by_each_languages_rules(i18n: I18n) -> None:
    items = ["A", "B", "C"]
    assert i18n.get("en").format_list(items) == "A, B and C"
    assert i18n.get("sv").format_list(items) == "A, B och C"
    assert i18n.get("ru").format_list(items) == "A, B и C"
    assert i18n.get("ru").format_list([]) == ""


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogs_carry_no_leftovers_and_real_headers(language: str) -> None:
    """No obsolete (#~) entries, no previous-msgid (#|) comments left once an entry is
    reviewed, no placeholder headers from pybabel init."""
    path = locales_dir() / language / "LC_MESSAGES" / "cagbot.po"
    text = path.read_text(encoding="utf-8")
    assert "\n#~" not in text
    reviewed_previous = [
        m.id
        for m in _catalog(language)
        if m.id
        and not m.fuzzy
        and (m.previous_id or any(c.lstrip().startswith("|") for c in m.user_comments))
    ]
    assert reviewed_previous == []
    for placeholder in ("FULL NAME", "EMAIL@ADDRESS", "LL@li.org", "VERSION", "FIRST AUTHOR"):
        assert placeholder not in text, placeholder


def test_every_translator_comment_in_the_code_reaches_the_catalog() -> None:
    """A ``# Translators:`` comment that is not on the line right before its call is lost
    by pybabel; each one in the code must be on some entry of the template."""
    extracted = {
        " ".join(line for line in m.auto_comments).replace("Translators: ", "") for m in _template()
    }
    flat = " ".join(extracted)
    lost = []
    for path in sorted((ROOT / "cagbot").rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            stripped = line.strip()
            if stripped.startswith("# Translators:"):
                first = stripped.removeprefix("# Translators:").strip()
                if first and first not in flat.replace("\n", " "):
                    lost.append(f"{path.relative_to(ROOT)}:{number + 1}: {first}")
    assert lost == []


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


def _template() -> Catalog:
    with (locales_dir() / "cagbot.pot").open("rb") as handle:
        return read_po(handle)


def test_catalogs_keep_source_locations_for_translators() -> None:
    # Volunteers translating in Poedit or Weblate see where a text is used.
    for language in LANGUAGES:
        catalog = _catalog(language)
        located = [message for message in catalog if message.id and message.locations]
        assert len(located) == len([message for message in catalog if message.id]), language


def test_catalog_is_in_step_with_the_code() -> None:
    """Every (context, msgid) of the code is in the template with its translator comment,
    and nothing in the template is gone from the code (re-run the extract step)."""
    template = {(m.context, m.id[0] if isinstance(m.id, tuple) else m.id): m for m in _template()}
    template.pop((None, ""), None)
    assert set(template) == _source_msgids()


def test_one_english_text_with_two_meanings_carries_a_context() -> None:
    # "not set" says different things of a chosen language, Telegram's language and a time
    # zone; each has its own msgctxt so a translator can word them apart.
    contexts = {m.context for m in _template() if m.id == "not set"}
    assert {"chosen language", "Telegram language", "time zone"} <= contexts
    ru = {m.context: m.string for m in _catalog("ru") if m.id == "not set"}
    assert len(set(ru.values())) == len(ru)


def test_placeholders_plurals_and_ambiguous_texts_carry_translator_comments() -> None:
    """A text whose placeholder is not self-explanatory, a button that must stay short, or
    a context entry has a ``#.`` comment."""
    needs = [
        m
        for m in _template()
        if m.id
        and (
            m.context is not None
            or any(
                name in _fields(m.id if isinstance(m.id, str) else m.id[0])
                for name in ("how", "zone", "time", "all", "only", "language")
            )
        )
    ]
    assert needs
    missing = [(m.context, m.id) for m in needs if not m.auto_comments]
    assert missing == []


def test_every_topic_label_exists_in_the_three_languages() -> None:
    from cagbot.lexicon import load_lexicon

    lexicon = load_lexicon()
    for entry in lexicon.topics:
        labels = {language: entry.label(language) for language in LANGUAGES}
        assert all(labels.values()), entry.slug
        assert len(set(labels.values())) > 1 or entry.slug.isascii(), (entry.slug, labels)
        assert re.search("[а-яё]", labels["ru"], re.IGNORECASE), (entry.slug, labels["ru"])


def test_the_forget_summary_uses_the_accusative_after_the_verb(i18n: I18n) -> None:
    t = i18n.get("ru")
    assert t.npgettext("erased", "{n} topic", "{n} topics", 1).format(n=1) == "1 тему"


def test_russian_uses_one_word_for_deadline() -> None:
    texts = " ".join(
        " ".join(_strings(m.string)) for m in _catalog("ru") if m.id and m.string
    ).lower()
    assert "дедлайн" not in texts
    assert "крайний срок" in texts


def test_russian_uses_one_word_for_digest() -> None:
    texts = " ".join(
        " ".join(_strings(m.string)) for m in _catalog("ru") if m.id and m.string
    ).lower()
    assert "подборк" not in texts
    assert "сводк" in texts
