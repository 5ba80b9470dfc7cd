"""Files users send (voice notes), served the way Telegram serves them to bots: ``getFile``
answers a File with a ``file_path``; ``GET /file/bot<token>/<file_path>`` returns the bytes.
Bots may download files of at most 20 MB. Everything is held in memory."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Final

from cagbot.devserver.errors import bad_request
from cagbot.devserver.model import JsonDict

MAX_DOWNLOAD: Final = 20 * 1024 * 1024


@dataclass(slots=True)
class _File:
    file_id: str
    unique_id: str
    path: str
    data: bytes
    size: int  # as reported; a test may claim more than it stores (a huge file)


class Files:
    def __init__(self) -> None:
        self._by_id: dict[str, _File] = {}
        self._by_path: dict[str, _File] = {}
        self._ids = itertools.count(1)
        self.downloads = 0

    def add(self, data: bytes, folder: str, suffix: str, size: int | None = None) -> _File:
        n = next(self._ids)
        stored = _File(
            file_id=f"AwACAgIAAxkBAAI{n:06d}{folder}",
            unique_id=f"AgAD{n:06d}",
            path=f"{folder}/file_{n}.{suffix}",
            data=data,
            size=len(data) if size is None else size,
        )
        self._by_id[stored.file_id] = stored
        self._by_path[stored.path] = stored
        return stored

    def get_file(self, file_id: str) -> JsonDict:
        """The File object getFile answers with."""
        stored = self._by_id.get(file_id)
        if stored is None:
            raise bad_request("invalid file_id")
        if stored.size > MAX_DOWNLOAD:
            raise bad_request("file is too big")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.unique_id,
            "file_size": stored.size,
            "file_path": stored.path,
        }

    def download(self, path: str) -> bytes | None:
        stored = self._by_path.get(path)
        if stored is None:
            return None
        self.downloads += 1
        return stored.data
