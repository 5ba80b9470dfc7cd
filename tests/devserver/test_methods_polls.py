"""The emulator's polls: sendPoll as Telegram answers it (checked against the Bot API's
Poll), votes by emulated users reported to the bot as ``poll`` updates with the totals only,
``poll_answer`` never for an anonymous poll, stopPoll, and the bot's mistakes as 400s."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import telegram
from telegram.error import BadRequest

from cagbot.devserver import Emulator

SPEC = Path(__file__).parents[2].parent / "shared" / "bot-api" / "api.json"


def _check_object(obj: dict[str, Any], type_name: str) -> None:
    if not SPEC.exists():
        pytest.skip("the Bot API spec is not on this machine")
    fields = json.loads(SPEC.read_text(encoding="utf-8"))["types"][type_name]["fields"]
    required = {f["name"] for f in fields if f["required"]}
    assert required <= set(obj), f"{type_name} lacks {required - set(obj)}"
    assert set(obj) <= {f["name"] for f in fields}


async def test_send_poll_answers_a_message_with_a_spec_poll(
    emu: Emulator, bot: telegram.Bot
) -> None:
    user = emu.add_user()
    sent = await bot.send_poll(user.id, "Tea or coffee?", ["Tea", "Coffee"], is_anonymous=True)
    assert sent.poll is not None
    assert [o.text for o in sent.poll.options] == ["Tea", "Coffee"]
    poll = emu.poll_of(emu.messages(user.id)[-1])
    _check_object(poll.to_api(), "Poll")
    _check_object(poll.to_api()["options"][0], "PollOption")
    assert poll.id == sent.poll.id


async def test_votes_reach_the_bot_as_totals_without_voters(
    emu: Emulator, bot: telegram.Bot
) -> None:
    group = emu.add_group()
    users = [emu.add_user() for _ in range(3)]
    for user in users:
        group.members.add(user.id)
    await bot.send_poll(group.id, "When?", ["Morning", "Evening"], is_anonymous=True)
    message = emu.messages(group.id)[-1]
    emu.vote(users[0], message, 1)
    emu.vote(users[1], message, 1)
    emu.vote(users[2], message, 0)
    emu.vote(users[2], message, 1)  # changed their mind: counted once, for the new choice
    updates = await bot.get_updates(timeout=0)
    assert all(u.poll is not None and u.poll_answer is None for u in updates)
    last = updates[-1].poll
    assert last is not None
    assert [o.voter_count for o in last.options] == [0, 3]
    assert last.total_voter_count == 3
    raw = json.dumps([u.to_dict() for u in updates])
    assert all(str(user.id) not in raw for user in users)


async def test_a_named_poll_reports_voters_only_to_a_bot_that_asks(
    emu: Emulator, bot: telegram.Bot
) -> None:
    user = emu.add_user()
    await bot.send_poll(user.id, "Q?", ["A", "B"], is_anonymous=False)
    await bot.get_updates(timeout=0, allowed_updates=["message", "poll"])
    emu.vote(user, emu.messages(user.id)[-1], 0)
    updates = await bot.get_updates(timeout=0)
    assert [u.poll is not None for u in updates] == [True]


async def test_stop_poll_closes_it_and_refuses_a_second_time(
    emu: Emulator, bot: telegram.Bot
) -> None:
    user = emu.add_user()
    sent = await bot.send_poll(user.id, "Q?", ["A", "B"])
    stopped = await bot.stop_poll(user.id, sent.message_id)
    assert stopped.is_closed
    with pytest.raises(ValueError, match="closed"):
        emu.vote(user, emu.messages(user.id)[-1], 0)
    with pytest.raises(BadRequest, match="already been closed"):
        await bot.stop_poll(user.id, sent.message_id)


@pytest.mark.parametrize(
    ("question", "options", "error"),
    [
        ("Q?", ["only one"], "at least 2"),
        ("Q?", [str(n) for n in range(13)], "more than 12"),
        ("x" * 301, ["A", "B"], "question length"),
        ("Q?", ["A", "y" * 101], "options length"),
    ],
)
async def test_a_poll_telegram_would_refuse_is_a_400(
    emu: Emulator, bot: telegram.Bot, question: str, options: list[str], error: str
) -> None:
    user = emu.add_user()
    with pytest.raises(BadRequest, match=error):
        await bot.send_poll(user.id, question, options)
