"""The emulator's files: a user's voice note reaches the bot as Telegram delivers it, getFile
answers a File, the file URL serves the bytes, and the bot's mistakes are 400s. Objects are
checked against the Bot API spec (/work/shared/bot-api/api.json when present)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import telegram
from telegram.error import BadRequest

from cagbot.devserver import Emulator
from tests.devserver.conftest import TOKEN

SPEC = Path(__file__).parents[2].parent / "shared" / "bot-api" / "api.json"
NOTE = b"OggS\x00\x02voice-bytes" * 10


def _fields(type_name: str) -> tuple[set[str], set[str]]:
    """(required, all) field names of a Bot API type."""
    if not SPEC.exists():
        pytest.skip("the Bot API spec is not on this machine")
    fields = json.loads(SPEC.read_text(encoding="utf-8"))["types"][type_name]["fields"]
    return {f["name"] for f in fields if f["required"]}, {f["name"] for f in fields}


@pytest.fixture
async def files_bot(emu: Emulator) -> AsyncIterator[telegram.Bot]:
    file_url = emu.base_url.removesuffix("/bot") + "/file/bot"
    async with telegram.Bot(TOKEN, base_url=emu.base_url, base_file_url=file_url) as tg_bot:
        yield tg_bot


def _check_object(obj: dict[str, Any], type_name: str) -> None:
    required, known = _fields(type_name)
    assert required <= set(obj), f"{type_name} lacks {required - set(obj)}"
    assert set(obj) <= known, f"{type_name} has unknown {set(obj) - known}"


async def test_a_voice_note_is_delivered_as_a_spec_voice(
    emu: Emulator, files_bot: telegram.Bot
) -> None:
    user = emu.add_user(language_code="ru")
    message = emu.send_voice(user, NOTE, 7)
    _check_object(message["voice"], "Voice")
    updates = await files_bot.get_updates(timeout=0)
    voice = updates[-1].message.voice if updates[-1].message else None
    assert voice is not None
    assert voice.file_size == len(NOTE)
    assert voice.mime_type == "audio/ogg"


async def test_get_file_and_the_download_return_the_bytes(
    emu: Emulator, files_bot: telegram.Bot, http: httpx.AsyncClient
) -> None:
    user = emu.add_user()
    file_id = emu.send_voice(user, NOTE, 3)["voice"]["file_id"]
    raw = (await http.post("getFile", data={"file_id": file_id})).json()
    assert raw["ok"] is True
    _check_object(raw["result"], "File")
    assert raw["result"]["file_path"].startswith("voice/")
    file = await files_bot.get_file(file_id)
    assert bytes(await file.download_as_bytearray()) == NOTE
    assert emu.files.downloads == 1
    assert emu.violations == []


async def test_the_file_url_wants_the_token_and_a_known_path(emu: Emulator) -> None:
    user = emu.add_user()
    file_id = emu.send_voice(user, NOTE, 3)["voice"]["file_id"]
    path = emu.files.get_file(file_id)["file_path"]
    root = emu.base_url.removesuffix("/bot")
    async with httpx.AsyncClient() as client:
        assert (await client.get(f"{root}/file/bot{TOKEN}/{path}")).content == NOTE
        assert (await client.get(f"{root}/file/bot{TOKEN}/voice/nothing.oga")).status_code == 404
        assert (await client.get(f"{root}/file/bot1:wrong/{path}")).status_code == 401
    assert emu.files.downloads == 1


async def test_unknown_and_too_big_files_are_refused(
    emu: Emulator, files_bot: telegram.Bot
) -> None:
    user = emu.add_user()
    big = emu.send_voice(user, NOTE, 3, file_size=20 * 1024 * 1024 + 1)["voice"]["file_id"]
    with pytest.raises(BadRequest, match=r"(?i)file is too big"):
        await files_bot.get_file(big)
    with pytest.raises(BadRequest, match=r"(?i)invalid file_id"):
        await files_bot.get_file("no-such-file")
    assert [v.method for v in emu.violations] == ["getFile", "getFile"]
    emu.violations.clear()
