"""Every evaluation query answers with the top-5 posts recorded in ``same_hits.json`` (see
same_hits.py): speed work on the search must not change what it finds. A change meant to
change the answers records them again (``python -m tests.search.same_hits --record``) and
says so in its commit."""

from __future__ import annotations

import json

from cagbot.lexicon import Lexicon
from cagbot.models import Post

from .same_hits import RECORD, engines_for, hits


def test_every_evaluation_query_finds_what_was_recorded(
    corpus: list[Post], lexicon: Lexicon
) -> None:
    expected = json.loads(RECORD.read_text(encoding="utf-8"))
    found = hits(engines_for(corpus, lexicon))
    changed = {
        key: (expected.get(key), found.get(key))
        for key in expected.keys() | found.keys()
        if expected.get(key) != found.get(key)
    }
    assert not changed, changed
