"""Fixtures shared by every test: a fresh database in tmp_path, settings built directly."""

from __future__ import annotations

import logging
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from cagbot.settings import Settings
from cagbot.store import Store


@pytest.fixture(autouse=True)
def _logging_restored() -> Iterator[None]:
    """Whatever a test's in-process ``cagbot`` command configures (cli.configure_logging
    replaces the root handlers, whose redacting filter turns a record's exc_info into text),
    the next test starts with the logging it found: no test sees another's handlers."""
    root = logging.getLogger()
    handlers, level, hook = root.handlers[:], root.level, sys.excepthook
    levels = {name: logging.getLogger(name).level for name in ("httpx", "httpcore", "telegram")}
    try:
        yield
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
        sys.excepthook = hook
        for name, named_level in levels.items():
            logging.getLogger(name).setLevel(named_level)


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
