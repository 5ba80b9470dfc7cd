"""Fixtures shared by every test: a fresh database in tmp_path, settings built directly."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from cagbot.settings import Settings
from cagbot.store import Store


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(database=tmp_path / "cagbot.db", _env_file=None)  # type: ignore[call-arg]


@pytest.fixture
async def fresh_db(tmp_path: Path) -> AsyncIterator[Store]:
    store = await Store.open(tmp_path / "cagbot.db")
    try:
        yield store
    finally:
        await store.close()
