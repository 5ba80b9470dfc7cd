"""Files with people's data are this user's alone whatever the umask: created 0600, new
folders 0700, an existing file or folder left as the operator made it."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from cagbot.store.files import create_private, private_folder


@pytest.fixture
def open_umask() -> Iterator[None]:
    old = os.umask(0o000)  # the widest: any mode left to it would be world-readable
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.usefixtures("open_umask")
def test_a_new_file_is_0600_and_an_existing_one_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "cagbot.db"
    assert create_private(path)
    assert mode(path) == 0o600
    assert path.read_bytes() == b""
    other = tmp_path / "mine.db"
    other.write_text("data")
    other.chmod(0o640)
    assert not create_private(other)
    assert mode(other) == 0o640
    assert other.read_text() == "data"


@pytest.mark.usefixtures("open_umask")
def test_new_folders_are_0700_and_existing_ones_keep_their_mode(tmp_path: Path) -> None:
    existing = tmp_path / "srv"
    existing.mkdir(mode=0o755)
    existing.chmod(0o755)
    folder = existing / "cagbot" / "backups"
    private_folder(folder)
    assert folder.is_dir()
    assert mode(folder) == 0o700
    assert mode(folder.parent) == 0o700  # a missing parent made on the way
    assert mode(existing) == 0o755
    private_folder(folder)  # again: nothing to do, nothing raised
