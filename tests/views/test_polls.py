"""Poll results as staff read them, in each language: totals per language and option with
their share, the number sign of the language, plurals, and no line for a language nobody
received the poll in; the poll's own words are escaped."""

from __future__ import annotations

import pytest

from cagbot.i18n import I18n
from cagbot.store.polls import PollTotals
from cagbot.views import polls as pv

I18N = I18n.load()
TOTALS = [
    PollTotals("sv", "Vilken dag?", ("Lördag", "Söndag"), (0, 2), 2),
    PollTotals("en", "Which day?", ("Sat", "Sun"), (0, 0), 0),
    PollTotals("ru", "Какой <день>?", ("Суббота", "Воскресенье", "Любой"), (2, 1, 2), 5),
]
EXPECTED = {
    "en": ["📊 Poll #7", "Swedish: 2 votes, sent to 2 recipients", "Russian: 5 votes"],
    "sv": ["📊 Omröstning #7", "Svenska: 2 röster, skickad till 2 mottagare", "Ryska: 5 röster"],
    "ru": ["📊 Опрос №7", "Шведский: 2 голоса, отправлен 2 получателям", "Русский: 5 голосов"],
}


@pytest.mark.parametrize("language", ["en", "sv", "ru"])
def test_results_per_language_and_option(language: str) -> None:
    text = pv.results(I18N.get(language), 7, TOTALS)
    for part in EXPECTED[language]:
        assert part in text
    assert "Воскресенье: <b>1</b> (20 %)" in text
    assert "Söndag: <b>2</b> (100 %)" in text
    assert "Sat" not in text  # nobody got the English version
    assert "Какой &lt;день&gt;?" in text


@pytest.mark.parametrize("language", ["en", "sv", "ru"])
def test_every_refusal_says_what_to_send_instead(language: str) -> None:
    t = I18N.get(language)
    texts = {
        reason: pv.poll_problem(t, reason)
        for reason in ("few_options", "many_options", "long_question", "long_option", "repeated")
    }
    assert len(set(texts.values())) == len(texts)
    assert "10" in texts["many_options"]
    assert "300" in texts["long_question"]
    assert "100" in texts["long_option"]
    assert "10" in pv.ask_poll_text(t)


def test_the_preview_escapes_the_poll() -> None:
    assert pv.preview("1 < 2?", ["a & b", "c"]) == "📊 <b>1 &lt; 2?</b>\n○ a &amp; b\n○ c"
