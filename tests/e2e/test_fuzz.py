"""Property-based fuzzing of the running bot: thousands of random updates through the emulator.

Every example is a batch of updates a hostile or unlucky world could produce: arbitrary
Unicode with control characters, texts past Telegram's 4096-character limit, commands with
junk arguments and deep-link payloads, forged and stale buttons (also pressed by somebody
else), junk inline queries and offsets, edits, group chatter, and updates that carry no
user at all (channel posts, messages without ``from``, non-text messages). After each batch
the bot must have handled everything without an ERROR log or the error handler firing, and
without breaking a Bot API rule; at the end it still answers a plain /start.

The harness's generous flood budget is kept so that every update reaches the features
(the flood protection itself is tested in test_flood.py).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cagbot import callbacks
from cagbot.devserver import SimChat, SimUser
from tests.e2e.conftest import STAFF_ID, Bot

EXAMPLES = 60
BATCH = (30, 50)  # updates per example (min, max), plus a few set-up and a sentinel

COMMANDS = [
    "start",
    "help",
    "language",
    "latest",
    "opportunities",
    "subscribe",
    "unsubscribe",
    "settings",
    "search",
    "stats",
    "mydata",
    "forget",
    "broadcast",
    "nonexistent",
    "START",
    "",
]
ACTIONS = sorted(callbacks._ARGUMENTS)
LANGUAGE_CODES = [None, "", "en", "ru", "sv", "ky", "uz", "de-CH", "zz", "ru_RU", "x" * 35]

# Any code point but lone surrogates (JSON cannot carry them, nor can Telegram).
junk = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
huge = st.builds(lambda piece, n: (piece * n)[:5000], junk.filter(bool), st.integers(300, 5000))
text = st.one_of(junk, junk, junk, huge, st.sampled_from(["", " ", "\x00", "\u202e", "🏳️‍🌈" * 9]))
argument = st.one_of(
    junk,
    st.from_regex(r"\A(topic|opp)_[a-z0-9_]{0,30}\Z"),
    st.from_regex(r"\Aopp_-?\d{1,25}\Z"),
    st.sampled_from(["topic_climate", "opp_1", "opp_0", "a" * 64, "a" * 65, "опп_1"]),
)
forged_data = st.one_of(
    st.builds(
        lambda action, args: callbacks.SEPARATOR.join(["v1", action, *args]),
        st.sampled_from(ACTIONS),
        st.lists(st.one_of(st.from_regex(r"\A[a-z0-9_]{0,8}\Z"), junk), max_size=3),
    ),
    st.builds(lambda owner: f"v1|fgt|yes|{owner}", st.integers(0, 10**20)),
    st.sampled_from(["v0|lat|0", "v1|lat|9999", "v1|post|999999999999", "v1|noop", "|", ""]),
    junk,
)


@st.composite
def actions(draw: st.DrawFn) -> tuple[Any, ...]:
    who = draw(st.integers(0, 3))
    kind = draw(
        st.sampled_from(
            [
                "text",
                "command",
                "command",
                "press",
                "press",
                "real_press",
                "inline",
                "edit",
                "group",
                "group_command",
                "channel",
                "no_from",
                "sticker",
            ]
        )
    )
    if kind in ("text", "group", "edit"):
        return (kind, who, draw(text))
    if kind in ("command", "group_command"):
        name = draw(st.sampled_from(COMMANDS))
        mention = draw(st.sampled_from(["", "@cagbot_test_bot", "@other_bot", "@"]))
        args = draw(st.lists(argument, max_size=3))
        return (kind, who, " ".join([f"/{name}{mention}", *args]))
    if kind == "press":
        return (kind, who, draw(forged_data), draw(st.integers(0, 3)))
    if kind == "real_press":
        return (kind, who, draw(st.integers(0, 50)), draw(st.integers(0, 3)))
    if kind == "inline":
        offset = draw(st.one_of(st.just(""), st.from_regex(r"\A-?\d{1,30}\Z"), junk))
        chat_type = draw(st.sampled_from([None, "sender", "private", "group", "channel"]))
        return (kind, who, draw(text), offset, chat_type)
    return (kind, who, draw(junk))


@dataclass
class World:
    """One example's people: three fresh users (one maybe staff) and a group they share."""

    bot: Bot
    users: list[SimUser]
    group: SimChat
    sent: dict[int, dict[str, Any]] = field(default_factory=dict)
    updates: int = 0

    def text(self, user: SimUser, body: str, chat: SimChat | None = None) -> None:
        self.sent[user.id] = self.bot.emu.send_text(user, body, chat=chat)
        self.updates += 1

    def inject(self, update: dict[str, Any]) -> None:
        self.bot.emu.inject(update)
        self.updates += 1

    def bot_messages(self, owner: int) -> list[Any]:
        chat = self.group.id if owner == 3 else self.users[owner].id
        return self.bot.emu.messages(chat)

    def run(self, action: tuple[Any, ...]) -> None:
        kind, who = action[0], action[1]
        emu, user = self.bot.emu, self.users[who]
        if kind == "text":
            self.text(user, action[2] or ".")
        elif kind == "command":
            self.text(user, action[2])
        elif kind == "group":
            self.text(user, action[2] or ".", chat=self.group)
        elif kind == "group_command":
            self.text(user, action[2], chat=self.group)
        elif kind == "edit":
            if user.id not in self.sent:
                self.text(user, "hello")
            emu.edit_text(user, self.sent[user.id], action[2] or ".")
            self.updates += 1
        elif kind in ("press", "real_press"):
            messages = self.bot_messages(action[3])
            if not messages:
                self.text(user, "/latest")
                return
            if kind == "press":
                emu.press(user, messages[-1], action[2], forge=True)
            else:
                buttons = [
                    (message, data) for message in messages for data in message.callback_data()
                ]
                if not buttons:
                    self.text(user, "/subscribe")
                    return
                message, data = buttons[action[2] % len(buttons)]
                emu.press(user, message, data, forge=True)  # maybe from somebody else
            self.updates += 1
        elif kind == "inline":
            emu.inline_query(user, action[2][:256], offset=action[3], chat_type=action[4])
            self.updates += 1
        elif kind == "channel":
            post = {
                "message_id": 1,
                "chat": {"id": -1_009_999_999_999, "type": "channel", "title": "News"},
                "date": int(time.time()),
                "text": action[2] or "/start",
            }
            self.inject({"channel_post": post})
            self.inject({"edited_channel_post": {**post, "edit_date": int(time.time())}})
        elif kind == "no_from":
            self.inject(
                {
                    "message": {
                        "message_id": self.group.next_message_id(),
                        "chat": self.group.to_api(),
                        "sender_chat": self.group.to_api(),
                        "date": int(time.time()),
                        "text": "/subscribe " + action[2],
                        "entities": [{"type": "bot_command", "offset": 0, "length": 10}],
                    }
                }
            )
        elif kind == "sticker":
            self.inject(
                {
                    "message": {
                        "message_id": emu.chats[user.id].next_message_id(),
                        "from": user.to_api(),
                        "chat": emu.chats[user.id].to_api(),
                        "date": int(time.time()),
                        "sticker": {
                            "file_id": "x",
                            "file_unique_id": "y",
                            "type": "regular",
                            "width": 1,
                            "height": 1,
                            "is_animated": False,
                            "is_video": False,
                        },
                    }
                }
            )


class _Complaints(logging.Handler):
    """The error handler firing at all (even at WARNING) means a handler raised."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def complaints() -> Iterator[_Complaints]:
    handler = _Complaints()
    logger = logging.getLogger("cagbot.bot.errors")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


@pytest.fixture
def totals() -> Iterator[dict[str, int]]:
    """Updates and examples of the fuzz test, checked once all its examples ran: hypothesis
    runs every example within one call of the test, so a function-scoped fixture spans them."""
    counts = {"updates": 0, "examples": 0}
    yield counts
    print(f"\nfuzzed {counts['updates']} updates in {counts['examples']} examples")
    assert counts["examples"] >= EXAMPLES
    assert counts["updates"] >= 2000


# Client-side rate limits off: a group may get 20 answers a minute, and the fuzz sends more.
@pytest.mark.bot_client(rate_limits=False)
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,  # CI-stable: the same batches every run
)
@given(
    languages=st.lists(st.sampled_from(LANGUAGE_CODES), min_size=3, max_size=3),
    staff=st.booleans(),
    batch=st.lists(actions(), min_size=BATCH[0], max_size=BATCH[1]),
)
async def test_random_updates_never_crash_the_bot_or_break_api_rules(
    bot: Bot,
    complaints: _Complaints,
    totals: dict[str, int],
    languages: list[str | None],
    staff: bool,
    batch: list[tuple[Any, ...]],
) -> None:
    emu = bot.emu
    users = [emu.add_user(language_code=code) for code in languages]
    if staff:
        users[2] = emu.add_user(language_code="sv", user_id=STAFF_ID)
    group = emu.add_group(admins=[users[0]], members=users[1:])
    users.append(users[0])  # "who" 3 acts as the group admin again
    world = World(bot, users, group)
    world.text(users[0], "/latest")  # something to press on
    for action in batch:
        world.run(action)
    await bot.settle()
    assert emu.violations == []
    assert [r.getMessage() for r in bot.errors] == []
    assert [r.getMessage() for r in complaints.records] == []
    sentinel = emu.add_user(language_code="ru")
    welcome = await bot.say(sentinel, "/start")  # and it still answers a plain /start
    assert "Добро пожаловать" in (welcome.text or "")
    totals["updates"] += world.updates + 1
    totals["examples"] += 1
