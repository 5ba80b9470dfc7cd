"""The update processor: one chat's updates in order, other chats' at once, and a later
press on the same message seen while it waits."""

from __future__ import annotations

import asyncio

from telegram import Update

from cagbot.bot.update_processor import PerChatUpdateProcessor


async def test_updates_of_one_chat_run_in_order_others_concurrently() -> None:
    processor = PerChatUpdateProcessor(8)
    order: list[str] = []
    gate = asyncio.Event()

    def update(chat_id: int, update_id: int) -> Update:
        return Update.de_json(
            {
                "update_id": update_id,
                "message": {
                    "message_id": update_id,
                    "date": 0,
                    "chat": {"id": chat_id, "type": "private"},
                    "text": "x",
                },
            },
            None,
        )

    async def slow(name: str) -> None:
        await gate.wait()
        order.append(name)

    async def fast(name: str) -> None:
        order.append(name)

    first = asyncio.create_task(processor.do_process_update(update(1, 1), slow("chat1-a")))
    second = asyncio.create_task(processor.do_process_update(update(1, 2), fast("chat1-b")))
    other = asyncio.create_task(processor.do_process_update(update(2, 3), fast("chat2")))
    await other  # not held up by chat 1's slow update
    assert order == ["chat2"]
    gate.set()
    await asyncio.gather(first, second)
    assert order == ["chat2", "chat1-a", "chat1-b"]


def _press(update_id: int, message_id: int, data: str) -> Update:
    from datetime import UTC, datetime

    from telegram import CallbackQuery, Chat, Message, User

    chat = Chat(5, Chat.PRIVATE)
    person = User(5, "Ann", is_bot=False)
    message = Message(message_id, datetime(2026, 1, 1, tzinfo=UTC), chat)
    query = CallbackQuery(str(update_id), person, "ci", data=data, message=message)
    return Update(update_id, callback_query=query)


async def test_a_later_press_on_the_same_message_is_seen_waiting() -> None:
    """Quick taps re-render a keyboard once: a handler learns a later tap is queued."""
    import asyncio

    processor = PerChatUpdateProcessor(4)
    first, later, elsewhere = (
        _press(1, 10, "v1|sub|t|climate"),
        _press(2, 10, "v1|sub|t|peace"),
        _press(3, 11, "v1|sub|t|peace"),
    )
    seen: list[bool] = []
    release = asyncio.Event()

    async def handle_first() -> None:
        await release.wait()
        seen.append(processor.later_press_on(first, frozenset({"sub"})))
        seen.append(processor.later_press_on(first, frozenset({"fq"})))

    async def nothing() -> None:
        return None

    tasks = [
        asyncio.create_task(processor.do_process_update(first, handle_first())),
        asyncio.create_task(processor.do_process_update(later, nothing())),
    ]
    await asyncio.sleep(0)
    release.set()
    await asyncio.gather(*tasks)
    assert seen == [True, False]  # waiting, but only for the actions asked about
    assert not processor.later_press_on(later, frozenset({"sub"}))  # nothing behind it
    assert not processor.later_press_on(elsewhere, frozenset({"sub"}))
