"""Database problems (cagbot.store.problems): each failure SQLite or the file system gives is
told as one line naming the file and what to do."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from cagbot.store.problems import (
    DatabaseProblem,
    describe_database_error,
    describe_problem,
    is_storage_error,
)


def _sqlite_error(text: str, name: str) -> sqlite3.OperationalError:
    error = sqlite3.OperationalError(text)
    error.sqlite_errorname = name
    return error


def test_storage_errors_are_the_disks_not_a_records() -> None:
    assert is_storage_error(OSError(errno.ENOSPC, "No space left on device"))
    assert is_storage_error(_sqlite_error("database or disk is full", "SQLITE_FULL"))
    assert is_storage_error(_sqlite_error("I/O failure on write", "SQLITE_IOERR_WRITE"))
    assert not is_storage_error(sqlite3.IntegrityError("UNIQUE constraint failed"))
    assert not is_storage_error(ValueError("disk is full"))


def test_a_full_disk_says_so_and_what_to_free(tmp_path: Path) -> None:
    problem = describe_problem(tmp_path / "c.db", _sqlite_error("disk is full", "SQLITE_FULL"))
    assert isinstance(problem, DatabaseProblem)
    assert str(problem).startswith("disk full:")
    assert "Free some space" in str(problem)


def test_a_damaged_file_points_to_the_backups(tmp_path: Path) -> None:
    error = sqlite3.DatabaseError("file is not a database")
    assert "restore the latest backup" in describe_database_error(tmp_path / "c.db", error)


def test_a_file_that_cannot_be_written_asks_for_permissions(tmp_path: Path) -> None:
    error = sqlite3.OperationalError("attempt to write a readonly database")
    text = describe_database_error(tmp_path / "c.db", error)
    assert "cannot be written" in text
    assert str(tmp_path / "c.db") in text


def test_a_problem_already_described_is_passed_on_as_it_is(tmp_path: Path) -> None:
    problem = DatabaseProblem("told before")
    assert describe_database_error(tmp_path / "c.db", problem) == "told before"
