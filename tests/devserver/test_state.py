"""The emulator's state (cagbot.devserver.state): the token it serves, the update queue it
numbers, the notes it keeps bounded, and flood limits replaced at run time."""

from __future__ import annotations

import pytest

from cagbot.devserver import Emulator, FloodLimits
from cagbot.devserver.state import DEFAULT_TOKEN


def test_the_token_must_look_like_a_bot_token() -> None:
    assert Emulator().bot_id == int(DEFAULT_TOKEN.split(":")[0])
    with pytest.raises(ValueError, match="token must look like"):
        Emulator(token="no-colon")
    with pytest.raises(ValueError, match="token must look like"):
        Emulator(token="abc:secret")


def test_injected_updates_are_numbered_in_order_whatever_they_carry() -> None:
    emu = Emulator()
    first = emu.inject({"message": {"text": "a"}})
    second = emu.inject({"update_id": 999, "message": {"text": "b"}})
    assert second == first + 1
    assert emu.pending_updates() == 2


def test_notes_are_kept_once_each() -> None:
    emu = Emulator()
    for _ in range(3):
        emu._note("sendMessage: ignored unknown parameter 'x'")
    assert emu.notes == ["sendMessage: ignored unknown parameter 'x'"]


def test_new_limits_replace_the_old_ones() -> None:
    emu = Emulator(limits=FloodLimits.off())
    limits = FloodLimits()
    emu.set_limits(limits)
    assert emu.limits is limits
    assert emu.bot_user == {
        "id": emu.bot_id,
        "is_bot": True,
        "first_name": "cagbot",
        "username": "cagbot_test_bot",
    }
