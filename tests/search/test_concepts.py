from __future__ import annotations

from cagbot.lexicon import Lexicon
from cagbot.models import Post
from cagbot.search.concepts import ConceptIndex
from cagbot.search.normalize import doc_key, fold, query_keys, words


def test_fast_document_path_agrees_with_the_full_one(lexicon: Lexicon, corpus: list[Post]) -> None:
    index = ConceptIndex(lexicon)
    for post in corpus:
        tokens = words(f"{post.title} {post.summary}")
        stemmed = [doc_key(word, post.language) for word in tokens]
        bare = [fold(word) for word in tokens]
        full = {match.key for match in index.in_document(tokens, stemmed, bare)}
        assert index.keys_in_document(tokens, stemmed, bare) == full


def test_a_lone_stopword_is_never_a_form(lexicon: Lexicon) -> None:
    index = ConceptIndex(lexicon)
    tokens = words("det är inte så")
    keys = [doc_key(word, "sv") for word in tokens]
    assert index.keys_in_document(tokens, keys) == set()


def test_query_forms_meet_across_languages(lexicon: Lexicon) -> None:
    index = ConceptIndex(lexicon)

    def entries(query: str) -> set[str]:
        positions = [dict.fromkeys(query_keys(word), 1.0) for word in words(query)]
        return {match.entry.slug for match in index.in_query(positions)}

    assert "internship" in entries("стажировка") & entries("praktik") & entries("internship")
    assert "parental_leave" in entries("декретный отпуск") & entries("föräldraledighet")
    assert "lgbt" in entries("ЛГБТ") & entries("HBTQ")
    assert entries("bitcoin") == set()
