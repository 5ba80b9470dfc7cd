"""The version lives in two places that must agree, and the changelog knows it."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from cagbot import __version__

ROOT = Path(__file__).parents[1]


def test_the_version_has_one_source() -> None:
    """pyproject.toml takes the version from cagbot/__init__.py (hatch), so the wheel, pip
    and `cagbot --version` cannot disagree."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in pyproject["project"]
    assert pyproject["project"]["dynamic"] == ["version"]
    assert pyproject["tool"]["hatch"]["version"]["path"] == "cagbot/__init__.py"
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)


def test_cagbot_version_prints_it(capsys: pytest.CaptureFixture[str]) -> None:
    from cagbot.cli import main

    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"cagbot {__version__}"


def test_changelog_has_unreleased_and_this_version() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## \[([^\]]+)\]", changelog, re.MULTILINE)
    assert headings[0] == "Unreleased"
    # The version is bumped when work for a release starts: a released version has its
    # section, the one being prepared is named under Unreleased.
    unreleased = changelog.split("\n## [", 2)[1]
    assert __version__ in headings or f"**{__version__}**" in unreleased
    for heading in headings[1:]:
        assert re.fullmatch(r"\d+\.\d+\.\d+", heading), heading
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
