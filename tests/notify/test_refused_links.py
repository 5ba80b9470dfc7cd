"""One bad link never fails a message: a button Telegram refuses is dropped and the message
sent without it; a picture it cannot fetch is sent as text and not tried again."""

from __future__ import annotations

from collections.abc import Callable

from cagbot.devserver import Emulator
from cagbot.notify.dispatcher import Dispatcher
from cagbot.store import Store
from cagbot.store.outbox import Rendered

BAD_BUTTON = {"inline_keyboard": [[{"text": "Apply", "url": "https://example.org/a b"}]]}


async def test_a_refused_button_never_fails_the_message(
    emu: Emulator, fresh_db: Store, make_dispatcher: Callable[..., Dispatcher]
) -> None:
    users = [emu.add_user() for _ in range(3)]
    ids = [user.id for user in users]
    await fresh_db.outbox.enqueue(
        ids, Rendered("A call for everyone", reply_markup=BAD_BUTTON), kind="staff"
    )
    counts = await make_dispatcher().drain()
    assert (counts.sent, counts.failed) == (3, 0)
    for chat_id in ids:
        (message,) = emu.messages(chat_id)
        assert message.text == "A call for everyone"
        assert message.buttons() == []
    assert {v.description for v in emu.violations} == {"Bad Request: BUTTON_URL_INVALID"}
    emu.violations.clear()  # provoked on purpose


async def test_a_picture_telegram_cannot_fetch_is_tried_once(
    emu: Emulator, fresh_db: Store, make_dispatcher: Callable[..., Dispatcher]
) -> None:
    users = [emu.add_user() for _ in range(4)]
    ids = [user.id for user in users]
    await fresh_db.outbox.enqueue(
        ids, Rendered("News with a picture", photo="not a fetchable picture"), kind="staff"
    )
    counts = await make_dispatcher(concurrency=1).drain()
    assert (counts.sent, counts.failed) == (4, 0)
    for chat_id in ids:
        (message,) = emu.messages(chat_id)
        assert message.kind == "text"
    assert emu.stats.requests["sendPhoto"] == 1
    emu.violations.clear()  # provoked on purpose
