"""The third fresh set (``fresh3/``, issue 19) is consistent: every item labelled, ids unique,
dates that parse, labels of the protocol's form, and no source an earlier set already used.

Only the files are read: nothing here runs the classifier or the deadline rules, so the labels
stay unseen by the rules until the evaluation (``python -m tests.content.realworld_eval``).
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

HERE = Path(__file__).parent
FRESH3 = HERE / "fresh3"
EARLIER = ("realworld", "fresh", "fresh2")
GATHERED = date(2026, 12, 8)  # ref of an undated item: the day the set was gathered
KINDS = {
    "internship", "residency", "exchange", "volunteering", "job", "grant", "scholarship",
    "contest", "course",
}  # fmt: skip
LANGUAGES = {"sv", "en", "ru", "ky", "kk", "uz", "uk", "bg"}
YEARLESS = re.compile(r"--(\d\d)-(\d\d)")


@cache
def _items() -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = tomllib.loads(
        (FRESH3 / "items.toml").read_text(encoding="utf-8")
    )["items"]
    return items


@cache
def _labels() -> dict[str, dict[str, str]]:
    return tomllib.loads((FRESH3 / "labels.toml").read_text(encoding="utf-8"))


def host(url: str) -> str:
    name = (urlparse(url).hostname or "").rstrip(".")
    return name.removeprefix("www.")


def _earlier_hosts() -> set[str]:
    """Every host an earlier set's items or SOURCES.md name (its lists of skipped hosts too)."""
    hosts: set[str] = set()
    for name in EARLIER:
        folder = HERE / name
        for path in folder.glob("items*.toml"):
            for raw in tomllib.loads(path.read_text(encoding="utf-8"))["items"]:
                hosts.add(host(raw["url"]))
        sources = folder / "SOURCES.md"
        if sources.exists():
            text = sources.read_text(encoding="utf-8")
            hosts.update(host(url) for url in re.findall(r"https?://[^\s)>\]]+", text))
            hosts.update(m.lower() for m in re.findall(r"\b[\w-]+(?:\.[\w-]+)+\b", text))
    return hosts


def test_every_item_has_one_label_and_ids_are_unique() -> None:
    ids = [raw["id"] for raw in _items()]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"f3\d{3}", item_id) for item_id in ids)
    assert set(ids) == set(_labels())


@pytest.mark.parametrize("raw", _items(), ids=lambda raw: raw["id"])
def test_item_fields(raw: dict[str, Any]) -> None:
    assert set(raw) <= {"id", "url", "source", "lang", "date", "ref", "title", "summary"}
    assert raw["url"].startswith(("http://", "https://"))
    assert raw["source"] == host(raw["url"])
    assert raw["lang"] in LANGUAGES
    assert raw["title"].strip()
    assert raw["summary"].strip()
    ref = date.fromisoformat(raw["ref"])
    if "date" in raw:
        assert ref == date.fromisoformat(raw["date"])
    else:
        assert ref == GATHERED


@pytest.mark.parametrize("item_id", sorted(_labels()))
def test_label_form(item_id: str) -> None:
    label = _labels()[item_id]
    refs = {raw["id"]: date.fromisoformat(raw["ref"]) for raw in _items()}
    dated = {raw["id"] for raw in _items() if "date" in raw}
    if label["type"] == "none":
        assert set(label) == {"type"}
        return
    assert label["type"] in KINDS
    assert set(label) <= {"type", "status", "deadline"}
    assert label["status"] in {"open", "closed", "unknown"}
    deadline = label.get("deadline")
    if deadline is None:
        return
    if yearless := YEARLESS.fullmatch(deadline):
        date(2024, int(yearless[1]), int(yearless[2]))  # a real day (2024: 29 February too)
        assert item_id not in dated  # a dated page fixes the year (README.md)
        return
    day = date.fromisoformat(deadline)
    if label["status"] == "open":
        assert day >= refs[item_id]
    elif label["status"] == "closed":
        assert day < refs[item_id]


def test_the_set_holds_what_its_readme_says() -> None:
    labels = _labels().values()
    calls = [label for label in labels if label["type"] != "none"]
    assert sum(label["status"] == "open" for label in calls) >= 40
    assert sum(label["status"] == "closed" for label in calls) >= 35
    assert sum("deadline" in label for label in calls) >= 50
    assert sum(label["type"] == "none" for label in labels) >= 30
    assert {label["type"] for label in calls} == KINDS


def test_no_source_of_an_earlier_set() -> None:
    earlier = _earlier_hosts()
    reused = {
        raw["source"]
        for raw in _items()
        if raw["source"] in earlier
        or any(raw["source"].endswith(f".{old}") for old in earlier if old.count(".") > 1)
    }
    assert not reused
