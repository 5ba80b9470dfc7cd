"""The version lives in two places that must agree, and the changelog knows it."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from cagbot import __version__

ROOT = Path(__file__).parents[1]


def test_version_is_the_same_everywhere() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["version"] == __version__


def test_changelog_has_unreleased_and_this_version() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## \[([^\]]+)\]", changelog, re.MULTILINE)
    assert headings[0] == "Unreleased"
    assert __version__ in headings
    for heading in headings[1:]:
        assert re.fullmatch(r"\d+\.\d+\.\d+", heading), heading
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
