"""The one place that sets message_thread_id: sends to the chat being answered, in the
topic being answered, and nothing else."""

from __future__ import annotations

from typing import Any

from telegram import Chat, Message, Update, User

from cagbot.bot.topics import answering, fill_topic, topic_of

FORUM = -100_123


def _update(*, thread: int | None, topic: bool, chat_type: str = "supergroup") -> Update:
    chat = Chat(FORUM if chat_type != "private" else 42, chat_type, is_forum=True)
    message = Message(
        1,
        None,  # type: ignore[arg-type]
        chat,
        from_user=User(42, "Aida", False),
        text="/help",
        message_thread_id=thread,
        is_topic_message=topic,
    )
    return Update(1, message=message)


def _send(endpoint: str, **data: Any) -> dict[str, Any]:
    fill_topic(endpoint, data)
    return data


def test_a_send_to_the_chat_answered_goes_to_its_topic() -> None:
    with answering(_update(thread=7, topic=True)):
        assert _send("sendMessage", chat_id=FORUM)["message_thread_id"] == 7
        assert _send("sendPhoto", chat_id=str(FORUM))["message_thread_id"] == 7
        # Another chat, an explicit topic, an edit: left as they are.
        assert "message_thread_id" not in _send("sendMessage", chat_id=-100_999)
        assert _send("sendMessage", chat_id=FORUM, message_thread_id=3)["message_thread_id"] == 3
        assert "message_thread_id" not in _send("editMessageText", chat_id=FORUM)
    # Outside the update (the dispatcher, jobs): nothing is added.
    assert "message_thread_id" not in _send("sendMessage", chat_id=FORUM)


def test_general_and_reply_threads_are_no_topic() -> None:
    assert topic_of(_update(thread=None, topic=False)) is None
    # In a plain group a reply chain has a thread id but is no topic.
    assert topic_of(_update(thread=5, topic=False)) is None
    assert topic_of(_update(thread=9, topic=True, chat_type="private")) == (42, 9)
    with answering(_update(thread=None, topic=False)):
        assert "message_thread_id" not in _send("sendMessage", chat_id=FORUM)
