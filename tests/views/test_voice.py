"""Answers to voice notes, in each language: the transcript escaped, Russian plurals."""

from __future__ import annotations

import pytest

from cagbot import views
from cagbot.i18n import I18n

I18N = I18n.load()


def test_the_transcript_is_shown_escaped() -> None:
    text = views.voice_heard(I18N.get("en"), "<b>стажировка</b> & co")
    assert text == "🎙 I heard: “&lt;b&gt;стажировка&lt;/b&gt; &amp; co”"
    assert views.voice_heard(I18N.get("ru"), "да").startswith("🎙 Услышано: «да»")


@pytest.mark.parametrize(
    ("n", "word"), [(1, "секунды"), (21, "секунды"), (2, "секунд"), (60, "секунд")]
)
def test_the_length_limit_in_russian(n: int, word: str) -> None:
    assert f"не дольше {n} {word}." in views.voice_too_long(I18N.get("ru"), n)


@pytest.mark.parametrize("language", ["sv", "en", "ru"])
def test_every_refusal_is_translated(language: str) -> None:
    t = I18N.get(language)
    texts = [
        views.voice_failed(t),
        views.voice_empty(t),
        views.voice_limited(t),
        views.voice_too_long(t, 60),
    ]
    assert all(text.startswith("🎙 ") for text in texts)
    assert len(set(texts)) == 4
    if language != "en":
        english = I18N.get("en")
        assert views.voice_failed(t) != views.voice_failed(english)
        assert views.voice_too_long(t, 60) != views.voice_too_long(english, 60)
