"""Files that hold people's data are this user's alone, whatever the umask (issue 23).

The database, its -wal and -shm files (SQLite gives them the database's mode), backups and
the migration lock are created 0600, new folders 0700. A umask of 022, the common default,
would otherwise leave chat ids and choices readable by every local user.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def private_folder(folder: Path) -> None:
    """Make ``folder`` (and missing parents) readable by this user only (0700), whatever
    the umask; an existing folder keeps its mode (an operator may have chosen it)."""
    missing = []
    for parent in (folder, *folder.parents):
        if parent.exists():
            break
        missing.append(parent)
    folder.mkdir(parents=True, exist_ok=True)
    for created in missing:
        with contextlib.suppress(OSError):
            created.chmod(0o700)


def create_private(path: Path) -> bool:
    """Create ``path`` empty with mode 0600 unless it exists; True if this call created it.
    SQLite gives the -wal and -shm files the mode of the database, so they follow."""
    if path.exists():
        return False
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    os.fchmod(descriptor, 0o600)  # the umask cannot widen it, but an ACL default could
    os.close(descriptor)
    return True
