"""Ask CAG's texts: what the asker is told before sending (their first name, nothing
else), the answer marked as from CAG, the staff chat's question heading and how to answer
(topic or reply), topic names within Telegram's 128 characters, /stats without contents."""

from __future__ import annotations

from cagbot.i18n import I18n
from cagbot.views import ask


def test_the_confirmation_names_what_staff_will_see(i18n: I18n) -> None:
    text = ask.ask_confirm(i18n.get("en"), "Is there <work> & housing?", "Aida")
    assert "“Is there &lt;work&gt; &amp; housing?”" in text
    assert "your first name (Aida)" in text
    assert text.startswith("This is what CAG&#x27;s staff will get:")


def test_an_answer_is_from_cag_and_escaped(i18n: I18n) -> None:
    text = ask.answer_from_cag(i18n.get("ru"), "Да <b>есть</b>")
    head, body = text.split("\n\n")
    assert head.startswith("<b>") and head.endswith("</b>")  # noqa: PT018
    assert body == "Да &lt;b&gt;есть&lt;/b&gt;"


def test_the_staff_chat_sees_who_asks_in_which_language_and_how_to_answer(i18n: I18n) -> None:
    en = i18n.get("en")
    forum = ask.question_for_staff(en, 7, "Aida", "ru", "Hi <there>", forum=True)
    lines = forum.split("\n")
    assert lines[0] == "<b>✉️ Question #7 from Aida, in Russian</b>"
    assert lines[2] == "Hi &lt;there&gt;"
    assert "Write in this topic" in lines[-1]
    plain = ask.question_for_staff(en, 7, "Aida", "ru", "Hi", forum=False)
    assert "Reply to this message" in plain.split("\n")[-1]


def test_a_topic_name_fits_telegrams_limit(i18n: I18n) -> None:
    en = i18n.get("en")
    assert ask.topic_name(en, 3, "Aida", "ky") == "Aida (Kyrgyz) #3"
    assert len(ask.topic_name(en, 3, "Ж" * 500, "ru")) <= 128


def test_limits_use_the_readers_plurals(i18n: I18n) -> None:
    en, ru = i18n.get("en"), i18n.get("ru")
    assert "at most 1 character." in ask.ask_too_long(en, 1)
    assert "at most 3,000 characters." in ask.ask_too_long(en, 3000)
    assert "5 вопросов" in ask.ask_limited(ru, 5)
    assert ask.ask_limited(ru, 2) != ask.ask_limited(ru, 5)


def test_stats_lines_carry_counts_not_contents(i18n: I18n) -> None:
    lines = ask.question_stats(
        i18n.get("en"), asked=3, answered=2, open_threads=1, median_seconds=5400
    )
    assert lines[0] == "Ask CAG: 3 questions, 2 answered, open threads: 1"
    assert len(lines) == 2  # with a median time to the first answer
    assert len(ask.question_stats(i18n.get("en"), 0, 0, 0, None)) == 1
