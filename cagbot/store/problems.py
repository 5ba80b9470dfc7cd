"""What went wrong with the database file, in one line an operator can act on: a full or
failing disk, a damaged file, missing permissions. The connection (:mod:`.database`) raises
these; the CLI and the importer print them."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from pathlib import Path


class DatabaseProblem(Exception):
    """The database cannot be used as it is. ``str()`` is one line for an operator: what is
    wrong with which file, and what to do about it."""


#: Below this much free space a "disk I/O error" is a full disk (SQLite reports ENOSPC on
#: the write-ahead log as SQLITE_IOERR, not SQLITE_FULL).
_NEARLY_FULL = 1 << 20


def is_storage_error(error: BaseException) -> bool:
    """The disk failed the database (full, or a read or write error): no record's fault,
    so retrying record by record only repeats it; the work must stop."""
    if isinstance(error, OSError):
        return error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EIO)
    if not isinstance(error, sqlite3.Error):
        return False
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error).lower()
    return (
        name == "SQLITE_FULL"
        or name.startswith("SQLITE_IOERR")
        or "disk is full" in text
        or "disk i/o error" in text
    )


def _disk_full(path: Path | str, error: BaseException) -> bool:
    if getattr(error, "sqlite_errorname", None) == "SQLITE_FULL" or "disk is full" in str(error):
        return True
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    try:
        return shutil.disk_usage(Path(path).parent).free < _NEARLY_FULL
    except OSError:
        return False


def describe_problem(path: Path | str, error: BaseException) -> DatabaseProblem:
    """The operator's reading of an error SQLite or the file system gave while opening."""
    text = str(error).lower()
    if is_storage_error(error):
        if _disk_full(path, error):
            return DatabaseProblem(
                f"disk full: the disk holding {path} has no space left ({error}); what was "
                "being written was rolled back. Free some space (old backups, logs) or move "
                "CAGBOT_DATABASE to a larger disk, then run the command again"
            )
        return DatabaseProblem(
            f"{path}: the disk failed a read or write ({error}); nothing half-written was "
            "kept. Check the disk (its free space, the kernel log), then run again"
        )
    if isinstance(error, sqlite3.DatabaseError) and (
        "not a database" in text or "malformed" in text or "corrupt" in text
    ):
        return DatabaseProblem(
            f"{path} is damaged or not a cagbot database ({error}): restore the latest backup "
            "over it (see README, Backups), or point CAGBOT_DATABASE at the right file"
        )
    if (
        "readonly" in text
        or "read-only" in text
        or isinstance(error, PermissionError)
        or not _writable(Path(path))
    ):
        return DatabaseProblem(
            f"{path} cannot be written ({error}): cagbot needs write access to the file and "
            "to its folder (for the -wal and -shm files); fix the permissions or the mount, "
            "or set CAGBOT_DATABASE to a writable path"
        )
    if "unable to open" in text or isinstance(error, OSError):
        return DatabaseProblem(
            f"{path} cannot be opened ({error}): check that its folder exists and is writable "
            "by this user, or set CAGBOT_DATABASE to a writable path"
        )
    return DatabaseProblem(f"{path}: {error}")


def _writable(path: Path) -> bool:
    """Whether this process may write the file (if it exists) and its folder; False on a
    read-only mount even for root."""
    folder_ok = os.access(path.parent, os.W_OK)
    return folder_ok and (not path.exists() or os.access(path, os.W_OK))


def describe_database_error(path: Path | str, error: BaseException) -> str:
    """One line for an SQLite error that surfaced after opening (a damaged page is only
    found when it is read)."""
    return str(error if isinstance(error, DatabaseProblem) else describe_problem(path, error))
