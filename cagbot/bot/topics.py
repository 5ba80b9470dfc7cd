"""Replies stay in the forum topic they answer: the one place that sets ``message_thread_id``.

Telegram puts a message sent without ``message_thread_id`` in a forum's General topic (and,
in a private chat with topics, outside every topic), so an answer to /help typed in topic 7
must name topic 7. Rather than pass the topic through every handler and view, the update
processor notes the topic an update came from (:func:`answering`, a context variable that
the tasks a handler starts inherit), and :class:`TopicBot` fills it in on every send to that
chat that names no topic itself: replies, follow-ups after a button press, a message sent
anew when an edit failed, long texts split in parts. Edits need nothing (they address a
message, which stays where it is); sends to other chats and the dispatcher's deliveries
(which carry their own topic from ``chat_threads``) are left alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Final

from telegram import Update
from telegram.ext import ExtBot

#: (chat id, topic) the update being handled came from; None outside a topic.
_ANSWERING: ContextVar[tuple[int, int] | None] = ContextVar("cagbot_topic", default=None)

#: Bot API methods that put a new message in a chat (and so take ``message_thread_id``).
SENDS: Final = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendAnimation",
        "sendVideo",
        "sendAudio",
        "sendVoice",
        "sendSticker",
        "sendMediaGroup",
        "sendLocation",
        "sendPoll",
        "sendChatAction",
        "copyMessage",
        "copyMessages",
        "forwardMessage",
        "forwardMessages",
    }
)


def topic_of(update: object) -> tuple[int, int] | None:
    """The (chat id, topic) an update's message belongs to; None outside a forum topic
    (General, a plain group, a private chat without topics, an inline query)."""
    if not isinstance(update, Update):
        return None
    message = update.effective_message
    if message is None or not message.is_topic_message or message.message_thread_id is None:
        return None
    return message.chat.id, message.message_thread_id


@contextmanager
def answering(update: object) -> Iterator[None]:
    """While handling ``update``: sends to its chat go to its topic."""
    token = _ANSWERING.set(topic_of(update))
    try:
        yield
    finally:
        _ANSWERING.reset(token)


def fill_topic(endpoint: str, data: dict[str, Any]) -> None:
    """Add the topic being answered to a send that names none (in place)."""
    where = _ANSWERING.get()
    if where is None or endpoint not in SENDS or data.get("message_thread_id") is not None:
        return
    if str(data.get("chat_id")) == str(where[0]):
        data["message_thread_id"] = where[1]


class TopicBot(ExtBot[int]):
    """PTB's bot with :func:`fill_topic` applied to every request."""

    async def _do_post(self, endpoint: str, data: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(data, dict):
            fill_topic(endpoint, data)
        return await super()._do_post(endpoint, data, *args, **kwargs)
