from __future__ import annotations

from cagbot.search.vocabulary import Vocabulary, typo_budget


def test_typo_budget_grows_with_word_length() -> None:
    assert [typo_budget(n) for n in (3, 4, 5, 8, 9, 14)] == [0, 0, 1, 1, 2, 2]


def test_neighbours_within_budget_nearest_first() -> None:
    vocabulary = Vocabulary()
    for key in ("permakultur", "permakulture", "tajikistan", "tajik", "osh"):
        vocabulary.add(key)
    assert vocabulary.neighbours("permakulutr", 2)[0] == ("permakultur", 1)
    assert ("tajikistan", 1) in vocabulary.neighbours("tajikstan", 2)
    assert vocabulary.neighbours("tajikstan", 0) == []
    assert vocabulary.neighbours("bitkoin", 1) == []


def test_add_reports_new_keys_once() -> None:
    vocabulary = Vocabulary()
    assert vocabulary.add("osh")
    assert not vocabulary.add("osh")
    assert "osh" in vocabulary
    assert len(vocabulary) == 1
