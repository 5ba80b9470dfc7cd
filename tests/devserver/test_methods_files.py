"""File methods (cagbot.devserver.methods_files): getFile knows the files users sent and
nothing else."""

from __future__ import annotations

import httpx

from cagbot.devserver import Emulator


async def test_get_file_knows_only_files_users_sent(emu: Emulator, http: httpx.AsyncClient) -> None:
    user = emu.add_user()
    voice = emu.send_voice(user, b"OggS-bytes", 3)["voice"]
    known = (await http.post("getFile", json={"file_id": voice["file_id"]})).json()
    assert known["ok"] is True
    assert known["result"]["file_size"] == len(b"OggS-bytes")
    unknown = (await http.post("getFile", json={"file_id": "nope"})).json()
    assert (unknown["ok"], unknown["error_code"]) == (False, 400)
