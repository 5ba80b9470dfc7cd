"""What staff and group admins are told about channels and forum topics."""

from __future__ import annotations

import pytest

from cagbot.i18n import I18n
from cagbot.views.channels import (
    cannot_post,
    here_cleared,
    here_general,
    here_in_private,
    here_set,
)

MISSING = [
    "not_found",
    "not_member",
    "not_admin",
    "can_post_messages",
    "can_send_messages",
    "not_forum",
]


def test_each_missing_right_has_its_own_sentence(i18n: I18n) -> None:
    en = i18n.get("en")
    texts = [cannot_post(en, "@cag_ru", missing) for missing in MISSING]
    assert len(set(texts)) == len(MISSING)
    assert all(text.startswith("⚠️ I cannot post to @cag_ru. ") for text in texts)
    assert "make it one, with the right to post messages" in texts[MISSING.index("not_admin")]


def test_an_unknown_reason_is_named_as_it_came(i18n: I18n) -> None:
    assert "chat_gone" in cannot_post(i18n.get("en"), "@cag_ru", "chat_gone")


def test_the_chat_reference_is_escaped(i18n: I18n) -> None:
    text = cannot_post(i18n.get("ru"), "<b>-100</b>", "not_member")
    assert "&lt;b&gt;-100&lt;/b&gt;" in text
    assert "<b>" not in text


@pytest.mark.parametrize("language", ["sv", "en", "ru"])
def test_the_here_answers_are_distinct_and_translated(i18n: I18n, language: str) -> None:
    t = i18n.get(language)
    answers = [here_set(t), here_cleared(t), here_in_private(t), here_general(t)]
    assert len(set(answers)) == 4
    if language != "en":
        assert here_set(t) != here_set(i18n.get("en"))
    assert "/here" in here_in_private(t)
