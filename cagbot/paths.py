"""Where the bundled content and catalogs live.

A wheel carries them under ``cagbot/_bundled``; an editable install or a plain checkout
reads them from the repository root, so both layouts resolve to the same files.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.exists():
            return candidate
    return candidates[-1]


def data_dir() -> Path:
    return _first_existing(_PACKAGE / "_bundled" / "data", _PACKAGE.parent / "data")


def locales_dir() -> Path:
    return _first_existing(_PACKAGE / "_bundled" / "locales", _PACKAGE.parent / "locales")


def seed_files() -> list[Path]:
    return sorted((data_dir() / "seeds").glob("*.txt"))


def opportunities_file() -> Path:
    return data_dir() / "opportunities.toml"


def lexicon_file() -> Path:
    return data_dir() / "lexicon.toml"
