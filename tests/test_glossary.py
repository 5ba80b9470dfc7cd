"""The glossary (locales/glossary.toml, docs/glossary.md): catalogs use one name per thing."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from cagbot.paths import locales_dir
from cagbot.settings import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = locales_dir() / "glossary.toml"


@dataclass(frozen=True, slots=True)
class Term:
    id: str
    forms: dict[str, str]
    forbid: dict[str, tuple[re.Pattern[str], ...]]
    allow: frozenset[str]


def _terms() -> list[Term]:
    data = tomllib.loads(GLOSSARY.read_text(encoding="utf-8"))
    return [
        Term(
            entry["id"],
            {language: entry[language] for language in LANGUAGES},
            {
                language: tuple(re.compile(p, re.IGNORECASE) for p in patterns)
                for language, patterns in entry.get("forbid", {}).items()
            },
            frozenset(entry.get("allow", ())),
        )
        for entry in data["term"]
    ]


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple | list):
        return [item for item in value if isinstance(item, str)]
    return []


def violations(catalog: Catalog, language: str, terms: list[Term]) -> list[str]:
    """Every translation in ``catalog`` that uses a variant the glossary forbids."""
    found = []
    for message in catalog:
        if not message.id:
            continue
        msgid = message.id[0] if isinstance(message.id, tuple) else message.id
        for term in terms:
            if msgid in term.allow:
                continue
            for pattern in term.forbid.get(language, ()):
                for text in _strings(message.string):
                    if pattern.search(text):
                        found.append(f"{language} [{term.id}] {msgid!r}: {text!r}")
    return found


def _catalog(language: str) -> Catalog:
    with (locales_dir() / language / "LC_MESSAGES" / "cagbot.po").open("rb") as handle:
        return read_po(handle, locale=language)


def test_every_term_names_all_languages_and_compiles() -> None:
    terms = _terms()
    assert len({term.id for term in terms}) == len(terms)
    for term in terms:
        assert all(term.forms[language].strip() for language in LANGUAGES), term.id


def test_the_readable_table_lists_every_term() -> None:
    table = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    missing = [term.id for term in _terms() if f"`{term.id}`" not in table]
    assert not missing, f"docs/glossary.md lacks {missing}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogs_use_no_forbidden_variant(language: str) -> None:
    assert violations(_catalog(language), language, _terms()) == []


@pytest.mark.parametrize(
    ("language", "planted"),
    [
        ("ru", "Оповещения о новых объявлениях: вкл."),
        ("ru", "Свежие публикации"),
        ("ru", "Рассылка #{id} отменена"),
        ("ru", "Стажировки, резиденции и обмены"),
        ("sv", "Tips om utlysningar: på"),
        ("sv", "{n} massutskick skickade"),
        ("sv", "Din dagliga sammanfattning"),
        ("en", "Opportunity alerts: on"),
    ],
)
def test_a_planted_forbidden_variant_is_flagged(language: str, planted: str) -> None:
    catalog = _catalog(language)
    catalog.add("A planted text", planted)
    found = violations(catalog, language, _terms())
    assert any("A planted text" in line for line in found)


def test_an_allowed_use_is_not_flagged() -> None:
    catalog = Catalog(locale="ru")
    catalog.add("🎯 Opportunities", "🎯 Возможности")
    catalog.add("Summary", "Краткое описание")
    assert violations(catalog, "ru", _terms()) == []
