"""Bot API methods on polls: sendPoll and stopPoll, and the test-side vote.

Every sendPoll makes a new poll with its own id. When a user votes (:meth:`PollMethods.vote`)
Telegram tells the bot the poll's new totals in a ``poll`` update; for a non-anonymous poll it
also sends a ``poll_answer`` naming the voter, which the bot gets only if its allowed_updates
let it (an anonymous poll never produces one). Who voted is kept here, as Telegram keeps it,
so a voter can change their vote.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from cagbot.devserver.checks import SharedChecks
from cagbot.devserver.errors import bad_request
from cagbot.devserver.model import BotMessage, JsonDict, SimUser

#: Telegram's limits: question 1-300 characters, 2-12 options of 1-100 characters.
_QUESTION, _OPTION, _MIN, _MAX = 300, 100, 2, 12
_POLL_TYPES = frozenset({"regular", "quiz"})


@dataclass(slots=True)
class SimPoll:
    """A poll the bot sent, with Telegram's view of it (voters included)."""

    id: str
    chat_id: int
    message_id: int
    question: str
    options: list[str]
    is_anonymous: bool
    allows_multiple_answers: bool
    kind: str = "regular"
    closed: bool = False
    votes: dict[int, tuple[int, ...]] = field(default_factory=dict)

    def counts(self) -> list[int]:
        counts = [0] * len(self.options)
        for chosen in self.votes.values():
            for index in chosen:
                counts[index] += 1
        return counts

    def to_api(self) -> JsonDict:
        return {
            "id": self.id,
            "question": self.question,
            "options": [
                {"persistent_id": str(index), "text": text, "voter_count": count}
                for index, (text, count) in enumerate(zip(self.options, self.counts(), strict=True))
            ],
            "total_voter_count": len(self.votes),
            "is_closed": self.closed,
            "is_anonymous": self.is_anonymous,
            "type": self.kind,
            "allows_multiple_answers": self.allows_multiple_answers,
            "allows_revoting": True,
            "members_only": False,
        }


class PollMethods(SharedChecks):
    """sendPoll, stopPoll; :meth:`vote` and :meth:`poll_of` for tests."""

    @property
    def polls(self) -> dict[str, SimPoll]:
        """Every poll sent, by poll id (created on first use: the state has no column)."""
        polls: dict[str, SimPoll] = self.__dict__.setdefault("_sim_polls", {})
        return polls

    def _poll_ids(self) -> Any:
        return self.__dict__.setdefault("_sim_poll_ids", itertools.count(5_000_000_000_000_001))

    async def _m_sendPoll(self, params: JsonDict) -> JsonDict:
        chat = self._chat(params["chat_id"])
        question = params["question"]
        if not isinstance(question, str) or not 1 <= len(question.strip()) <= _QUESTION:
            raise bad_request("poll question length must not exceed 300")
        options = [_option_text(option) for option in params["options"] or []]
        if not _MIN <= len(options) <= _MAX:
            raise bad_request(
                "poll must have at least 2 option"
                if len(options) < _MIN
                else ("poll can't have more than 12 options")
            )
        kind = params.get("type", "regular")
        if kind not in _POLL_TYPES:
            raise bad_request("wrong poll type specified")
        markup = self._reply_markup(params)
        sent = self._send(
            chat,
            params,
            kind="poll",
            text=None,
            raw_text=None,
            entities=None,
            markup=markup,
        )
        poll = SimPoll(
            id=str(next(self._poll_ids())),
            chat_id=chat.id,
            message_id=int(sent["message_id"]),
            question=question,
            options=options,
            is_anonymous=bool(params.get("is_anonymous", True)),
            allows_multiple_answers=bool(params.get("allows_multiple_answers", False)),
            kind=kind,
            closed=bool(params.get("is_closed", False)),
        )
        self.polls[poll.id] = poll
        message = self._messages.get(chat.id, {}).get(poll.message_id)
        if message is not None:
            message.text = question  # for tests reading messages; the API shows the poll
        sent["poll"] = poll.to_api()
        return sent

    async def _m_stopPoll(self, params: JsonDict) -> JsonDict:
        chat = self._chat(params["chat_id"])
        poll = self._poll_at(chat.id, params["message_id"])
        if poll is None:
            raise bad_request("message with poll to stop not found")
        if poll.closed:
            raise bad_request("poll has already been closed")
        self._reply_markup(params, inline_only=True)
        poll.closed = True
        self.inject({"poll": poll.to_api()})
        return poll.to_api()

    # -- the test side ------------------------------------------------------------------------

    def poll_of(self, message: BotMessage) -> SimPoll:
        """The poll a message of the bot's carries."""
        poll = self._poll_at(message.chat_id, message.message_id)
        if poll is None:
            raise ValueError(f"message {message.message_id} in chat {message.chat_id} is no poll")
        return poll

    def vote(self, user: SimUser, message: BotMessage, *option_ids: int) -> JsonDict:
        """``user`` chooses ``option_ids`` (none: takes their vote back) in the poll on
        ``message``; the bot gets the new totals as a ``poll`` update, as Telegram sends them,
        and (non-anonymous polls only) a ``poll_answer``. Returns the poll as reported."""
        poll = self.poll_of(message)
        if poll.closed:
            raise ValueError("the poll is closed")
        if user.id != poll.chat_id and user.id not in self.chats[poll.chat_id].members:
            raise ValueError(f"user {user.id} cannot see chat {poll.chat_id}")
        if any(not 0 <= index < len(poll.options) for index in option_ids):
            raise ValueError(f"no such option: {option_ids}")
        if len(option_ids) > 1 and not poll.allows_multiple_answers:
            raise ValueError("the poll allows one answer")
        if option_ids:
            poll.votes[user.id] = tuple(sorted(set(option_ids)))
        else:
            poll.votes.pop(user.id, None)
        reported = poll.to_api()
        self.inject({"poll": reported})
        if not poll.is_anonymous:
            answer = {"poll_id": poll.id, "user": user.to_api(), "option_ids": list(option_ids)}
            self.inject({"poll_answer": answer})
        return reported

    def _poll_at(self, chat_id: int, message_id: object) -> SimPoll | None:
        return next(
            (p for p in self.polls.values() if p.chat_id == chat_id and p.message_id == message_id),
            None,
        )


def _option_text(option: object) -> str:
    text = option.get("text") if isinstance(option, dict) else option
    if not isinstance(text, str) or not 1 <= len(text.strip()) <= _OPTION:
        raise bad_request("poll options length must not exceed 100")
    return text
