"""Saved-search rounds: the first records where content stands, later ones notify each
person once per new post a search finds, in their language, and only posts written since."""

from __future__ import annotations

from pathlib import Path

from cagbot.content import import_sources
from cagbot.i18n import I18n
from cagbot.lexicon import load_lexicon
from cagbot.notify.saved_searches import SavedSearchAlerts
from cagbot.search import SearchEngine
from cagbot.settings import Settings
from cagbot.store import Store

RU, SV = 7_200_000_001, 7_200_000_002
OLD = (
    "[Русский] Стажировка в Оше для студентов\n\nЦентр в Оше ищет стажёров. До 30 сентября 2027.\n"
)
NEW = (
    "[Русский] Стажировка в Бишкеке для молодёжи\n\n"
    "Молодёжный центр в Бишкеке ищет стажёров. Заявки до 30 сентября 2027 года.\n"
)
CONCERT = "[Русский] Концерт народной музыки в Оше\n\nПриходите послушать комуз. Вход свободный.\n"


async def _import(store: Store, tmp_path: Path, name: str, text: str) -> None:
    source = tmp_path / f"{name}.txt"
    source.write_text(text, encoding="utf-8")
    await import_sources(store, [source])


async def _texts(store: Store, chat_id: int) -> list[str]:
    rows = await store.db.fetchall(
        "SELECT m.text FROM outbox o JOIN outbox_messages m ON m.id = o.message_id "
        "WHERE o.chat_id = ? ORDER BY o.id",
        (chat_id,),
    )
    return [str(row[0]) for row in rows]


async def test_rounds_notify_once_in_each_persons_language(
    fresh_db: Store, settings: Settings, tmp_path: Path
) -> None:
    lexicon = load_lexicon()
    engine = SearchEngine(lexicon)
    alerts = SavedSearchAlerts(fresh_db, settings, I18n.load(), lexicon)
    await _import(fresh_db, tmp_path, "old", OLD)
    await fresh_db.subscribers.ensure(RU, "private", "ru")
    await fresh_db.subscribers.ensure(SV, "private", "sv")
    await fresh_db.saved_searches.add(RU, "stazhirovka")
    await fresh_db.saved_searches.add(SV, "praktik Kirgizistan")

    async def round_() -> int:
        # As the watcher: the index takes the new posts in, then the round runs.
        engine.add_many(await fresh_db.posts.all())
        engine.covers = await fresh_db.search_index.marks()
        return await alerts.look(engine)

    assert await round_() == 0  # the first round: the archive is not news
    assert await alerts.look(None) == 0  # an index still loading: the round waits

    await _import(fresh_db, tmp_path, "concert", CONCERT)
    assert await round_() == 0
    await _import(fresh_db, tmp_path, "new", NEW)
    assert await round_() == 2
    [ru] = await _texts(fresh_db, RU)
    [sv] = await _texts(fresh_db, SV)
    assert ru.startswith("<b>🔔 Новое по запросу «stazhirovka»</b>")
    assert sv.startswith("<b>🔔 Nytt för ”praktik Kirgizistan”</b>")
    assert "Стажировка в Бишкеке" in ru
    assert "Стажировка в Бишкеке" in sv
    assert "Стажировка в Оше" not in ru + sv  # written before the first round

    assert await round_() == 0  # nothing new, nothing twice
    assert len(await _texts(fresh_db, RU)) == 1
