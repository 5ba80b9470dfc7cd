"""The content commands (cagbot.cli_content), called directly: how a command opens the
database, and what posts and stats print on a fresh one. Through ``main`` (arguments,
exit codes) they are tested in tests/test_cli.py."""

from __future__ import annotations

import argparse

import pytest

from cagbot.cli_content import cmd_posts, cmd_stats, with_store
from cagbot.cli_errors import EXIT_OK
from cagbot.settings import Settings
from cagbot.store import DatabaseProblem, Store


async def test_only_migrating_commands_create_the_database(settings: Settings) -> None:
    async def count(store: Store) -> int:
        return await store.posts.count()

    with pytest.raises(DatabaseProblem):
        await with_store(settings, count)
    assert not settings.database.exists()
    assert await with_store(settings, count, migrate=True) == 0
    assert settings.database.exists()
    assert await with_store(settings, count) == 0  # now it is there, read commands use it


async def test_posts_on_an_empty_database_say_how_to_import(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    await with_store(settings, lambda store: store.posts.count(), migrate=True)
    args = argparse.Namespace(limit=5, json=False)
    assert await cmd_posts(settings, args) == EXIT_OK
    assert "cagbot import" in capsys.readouterr().out


async def test_stats_write_csv_with_a_header(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    await with_store(settings, lambda store: store.posts.count(), migrate=True)
    assert await cmd_stats(settings, argparse.Namespace(csv=True)) == EXIT_OK
    assert capsys.readouterr().out.splitlines()[0] == "figure,key,count"
