"""A new WordPress post with a featured image reaches a subscriber as a photo (issue 13)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from cagbot.devserver import Emulator
from cagbot.i18n import I18n
from cagbot.lexicon import load_lexicon
from cagbot.markup import CAPTION_LIMIT
from cagbot.notify.dispatcher import Dispatcher
from cagbot.notify.feeds import FeedPoller
from cagbot.notify.notifier import Notifier
from cagbot.settings import Settings
from cagbot.store import Store
from cagbot.store.outbox import Rendered
from cagbot.views import notifications as texts
from tests.content.wp_site import FakeWordPress, running
from tests.notify.conftest import draft, subscribe


async def test_a_new_post_with_an_image_goes_out_as_a_photo(
    emu: Emulator, fresh_db: Store, settings: Settings, make_dispatcher: Callable[..., Dispatcher]
) -> None:
    user = emu.add_user()
    notifier = Notifier(fresh_db, settings, I18n.load(), load_lexicon())
    await notifier.announce_new_posts()  # the first run absorbs the (empty) backlog
    await subscribe(fresh_db, user.id, language="en")
    site = FakeWordPress()
    async with running(site) as url:
        clock = [0.0]
        poller = FeedPoller(fresh_db, (url,), interval=60, clock=lambda: clock[0])
        (first,) = await poller.poll()
        assert (first.status, first.baseline, len(first.added)) == ("imported", True, 5)
        new = copy.deepcopy(site.posts[0])
        now = datetime.now(UTC) + timedelta(minutes=1)
        new.update(
            id=20001,
            link="https://click9ja.com/2026/12/01/a-new-post/",
            title={"rendered": "A new post with a picture"},
            date_gmt=now.strftime("%Y-%m-%dT%H:%M:%S"),
            modified_gmt=now.strftime("%Y-%m-%dT%H:%M:%S"),
        )
        site.posts.insert(0, new)
        clock[0] = 61.0  # the next poll is due
        (second,) = await poller.poll()
    assert (second.status, second.baseline, len(second.added)) == ("imported", False, 1)
    report = await notifier.announce_new_posts()
    assert report.deliveries == 1
    await make_dispatcher().drain()
    (sent,) = emu.messages(user.id)
    assert sent.kind == "photo"
    assert "A new post with a picture" in sent.text


def test_a_caption_too_long_for_a_photo_falls_back_to_a_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    t = I18n.load().get("en")
    lexicon = load_lexicon()
    post = _post(draft("Short"), image="https://example.org/p.jpg")
    short = texts.announcement_message(t, lexicon, post)
    assert isinstance(short, Rendered)
    assert short.photo == "https://example.org/p.jpg"
    assert texts.visible_length(short.text) <= CAPTION_LIMIT
    # Announcements are kept short for a phone, so a real one rarely passes 1,024 units:
    # a smaller limit exercises the fallback (text alone, buttons kept).
    monkeypatch.setattr(texts, "CAPTION_LIMIT", 20)
    fallback = texts.announcement_message(t, lexicon, post)
    assert isinstance(fallback, Rendered)
    assert fallback.photo is None
    assert texts.visible_length(fallback.text) > 20
    assert fallback.text == short.text
    plain = texts.announcement_message(t, lexicon, _post(draft("No image")))
    assert isinstance(plain, Rendered)
    assert plain.photo is None


def _post(d: object, image: str | None = None):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from cagbot.models import Post

    base = replace(d, image=image)  # type: ignore[type-var]
    moment = datetime.now(UTC)
    return Post(
        id=1, key=base.key, title=base.title, summary=base.summary, language=base.language,
        source=base.source, kind=base.kind, url=base.url, guid=None, published=base.published,
        topics=(), countries=(), opportunity=None, created_at=moment, updated_at=moment,
        image=base.image,
    )  # fmt: skip
