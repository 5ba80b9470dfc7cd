"""The in-memory search engine: candidate retrieval over keys, then scoring and re-ranking.

Retrieval: every post is indexed under the keys of its words (title and summary separately,
every language version of it included) and under the lexicon entries its text mentions; a
query is planned into units (:mod:`cagbot.search.planner`) and matched through
:mod:`cagbot.search.shortlist`.

Confidence: a post is a hit when it matches query words carrying at least ``COVERAGE`` of
the query's content weight (stopwords and filler carry none). When no post does, posts
matching at least ``PARTIAL_COVERAGE`` of it through real words (not typos) are returned,
flagged ``partial`` ("some of your words"); unless a word written like a name matched
nothing, since then the person asked about that name. The score is the weighted mean
quality of the matched words, so it means the same at 20 posts and at 100k.

Memory: the index keeps a slim copy of each post (no summary, key, url or source), and a
replaced or removed post's postings are left in place and skipped as dead, so the old text
is never needed again; a snapshot drops them (:mod:`cagbot.search.snapshot`). All public
methods take one lock: searches run in a worker thread
(:mod:`cagbot.search.worker`) while feed polling upserts from the event loop.
"""

from __future__ import annotations

import gc
import threading
from array import array
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from cagbot.lexicon import Lexicon
from cagbot.models import Post
from cagbot.search import shortlist
from cagbot.search.concepts import ConceptIndex, concept_key
from cagbot.search.documents import lexicon_hash, place_sequences, slim, versions
from cagbot.search.normalize import doc_key, fold, is_cyrillic, is_stopword, words
from cagbot.search.planner import Plan, Planner, Unit
from cagbot.search.ranking import SearchHit, rank
from cagbot.search.snapshot import IndexState, Loader, dump, load
from cagbot.search.vocabulary import Vocabulary

if TYPE_CHECKING:
    from cagbot.store.search_index import Marks

__all__ = ["COVERAGE", "PARTIAL_COVERAGE", "SearchEngine", "SearchHit", "SearchResult", "versions"]

# Share of a query's content weight a post must match to be a hit at all.
COVERAGE = 0.75
# Share a "some of your words" answer must reach, through at least two solid words.
PARTIAL_COVERAGE = 0.5
# Field weights: a word in the title says more about a post than one in its summary.
TITLE, SUMMARY, TAG = 1.0, 0.8, 0.7
_PLAN_CACHE_SIZE = 4096
# Queries of at most this many words that find nothing get their correction checked.
_CHECKED_CORRECTION = 4
# Bump when what the index holds changes: older snapshots are then rebuilt.
SNAPSHOT_VERSION = "4"


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: str
    hits: tuple[SearchHit, ...]
    suggestion: str | None = None
    topics: tuple[str, ...] = ()
    # The hits match only some of the query's words ("some of your words").
    partial: bool = False
    # Words of the query that match nothing at all, as written ("nothing about X yet").
    unknown: tuple[str, ...] = ()
    # The index was still loading: a later search may find more.
    loading: bool = False
    # Words left out because they match nothing while others do, and the words searched
    # instead ("I searched for: стажировка"); both empty when every word was searched.
    ignored: tuple[str, ...] = ()
    searched: tuple[str, ...] = ()


class SearchEngine:
    def __init__(self, lexicon: Lexicon, *, concepts: ConceptIndex | None = None) -> None:
        """``concepts``: another engine's index of the same lexicon (read-only once built,
        so shareable; building one costs tens of milliseconds)."""
        self.lexicon = lexicon
        self._concepts = concepts if concepts is not None else ConceptIndex(lexicon)
        self._entry_keys = set(self._concepts.keys())
        self._entry_tags = frozenset(concept_key(entry) for entry in lexicon.entries)
        self._vocabulary = Vocabulary()
        for key in self._entry_keys:
            self._vocabulary.add(key)
        self._surfaces: dict[str, str] = {}
        self._title: dict[str, array[int]] = {}
        self._summary: dict[str, array[int]] = {}
        self._docs: list[Post | None] = []
        self._slot_of: dict[int, int] = {}
        self._kinds: dict[str, set[int]] = {}
        self._plans: dict[tuple[str, str | None], Plan] = {}
        self._lock = threading.RLock()
        self._planner = Planner(
            self._concepts,
            self._known,
            self._indexed,
            self._vocabulary.neighbours,
            self._surface,
            place_sequences(lexicon),
        )
        #: True while a background build is still adding posts (see :meth:`add_many`).
        self.loading = False
        #: How far this index is known to cover the database's content (set by whoever
        #: filled it; :mod:`cagbot.search.persist`), None when unknown.
        self.covers: Marks | None = None
        #: Bumped by every change, so a saver knows whether a new snapshot is worth it;
        #: ``saved_changes``: its value when the stored snapshot was this index.
        self.changes = 0
        self.saved_changes: int | None = None
        #: Bumped whenever the keys a plan may reach change (a new word indexed, an index
        #: taken over): a plan made under the same value is still this engine's plan.
        self.vocabulary_version = 0

    @classmethod
    def from_posts(cls, posts: Iterable[Post], lexicon: Lexicon) -> SearchEngine:
        engine = cls(lexicon)
        engine.add_many(posts)
        return engine

    def beside(self, posts: Iterable[Post]) -> SearchEngine:
        """An index of ``posts`` alone over this engine's lexicon (its concept index
        shared), to match plans this engine made against (:mod:`cagbot.search.saved`)."""
        engine = SearchEngine(self.lexicon, concepts=self._concepts)
        engine.add_many(posts)
        return engine

    def close(self) -> None:
        """Done with a short-lived engine (:meth:`beside`): its planner's references back
        to it are dropped, so reference counting frees it at once instead of a full
        collection of the cyclic collector (see :func:`cagbot.search.saved.match_in_worker`).
        A closed engine no longer plans."""
        with self._lock:
            del self._planner

    def add_many(
        self, posts: Iterable[Post], overwrite: bool = True, *, newer: bool = False
    ) -> int:
        """Index ``posts`` in one go; returns how many. With ``overwrite=False`` posts
        already indexed are left as they are (a loader's copies may be older); with
        ``newer=True`` only a post indexed from a later write than the one given is left
        (a catch-up racing feed polling must not put an older copy back)."""
        # A bulk build allocates only long-lived containers: cyclic GC passes over the
        # growing index are pure cost (they dominated build time at 100k posts).
        was_enabled = gc.isenabled()
        gc.disable()
        count = 0
        try:
            with self._lock:
                for post in posts:
                    slot = self._slot_of.get(post.id)
                    if slot is not None and not overwrite:
                        continue
                    if slot is not None and newer and self._later(self._docs[slot], post):
                        continue
                    self._upsert(post)
                    count += 1
        finally:
            if was_enabled:
                gc.enable()
        return count

    @staticmethod
    def _later(indexed: Post | None, post: Post) -> bool:
        if indexed is None or indexed.updated_at is None or post.updated_at is None:
            return False
        return indexed.updated_at > post.updated_at

    def __len__(self) -> int:
        return len(self._slot_of)

    # -- snapshots ------------------------------------------------------------------------

    def fingerprint(self) -> str:
        """What a snapshot of this engine is valid for: the index format and the lexicon.
        Which content it covers is recorded beside it (:attr:`covers`)."""
        return f"{SNAPSHOT_VERSION}:{lexicon_hash(self.lexicon)}"

    def _state(self) -> IndexState:
        return IndexState(
            self._surfaces, self._title, self._summary, self._docs, self._slot_of, self._kinds
        )

    def _take(self, state: IndexState) -> None:
        self._surfaces, self._title, self._summary = state.surfaces, state.title, state.summary
        self._docs, self._slot_of, self._kinds = state.docs, state.slot_of, state.kinds
        for postings in (self._title, self._summary):
            for key in postings:
                if not key.startswith("@"):
                    self._vocabulary.add(key)
        self._plans.clear()
        self.vocabulary_version += 1

    def snapshot(self) -> bytes:
        """The index, compacted, as bytes (the lexicon-derived parts are rebuilt on
        restore); see :mod:`cagbot.search.snapshot`."""
        with self._lock:
            return dump(self._state(), self.fingerprint())

    @classmethod
    def restore(cls, data: bytes, lexicon: Lexicon) -> SearchEngine:
        """An engine from :meth:`snapshot`'s bytes, at once; raises
        :class:`~cagbot.search.snapshot.SnapshotError` for anything else."""
        engine = cls(lexicon)
        engine._take(load(data, engine.fingerprint()))
        return engine

    @classmethod
    def restoring(cls, lexicon: Lexicon) -> tuple[SearchEngine, Loader]:
        """An empty engine and the loader to feed pieces to; :meth:`finish_restore`."""
        engine = cls(lexicon)
        return engine, Loader(engine.fingerprint())

    def finish_restore(self, loader: Loader) -> None:
        with self._lock:
            self._take(loader.finish())

    def adopt(self, other: SearchEngine) -> None:
        """Serve ``other``'s index from now on (a restored snapshot replacing what was
        indexed meanwhile; the caller then applies what changed since it was taken)."""
        with self._lock, other._lock:
            self._take(other._state())
            self.covers = other.covers
            self.changes += 1

    def post_ids(self) -> set[int]:
        with self._lock:
            return set(self._slot_of)

    # -- indexing -------------------------------------------------------------------------

    def _field_keys(self, texts: Iterable[tuple[str, str]]) -> set[str]:
        keys: set[str] = set()
        for text, language in texts:
            tokens = words(text)
            sequence = [doc_key(word, language) for word in tokens]
            for word, key in zip(tokens, sequence, strict=True):
                if key and not is_stopword(word):
                    keys.add(key)
                    if key not in self._surfaces:
                        self._surfaces[key] = word
            bare = [fold(word) for word in tokens]
            keys |= self._concepts.keys_in_document(tokens, sequence, bare)
        return keys

    def _post_keys(self, post: Post) -> tuple[set[str], set[str]]:
        """Keys of the title field (every version's title, and every headline the post has
        had) and of the summary field.

        Deterministic for a post and lexicon, so removal recomputes them instead of the
        index keeping a key set per post (that doubled its memory)."""
        # Every version (curated, staff-written, machine-translated) is indexed (issue 11),
        # and every headline the post has had (issue 13).
        titles = [*post.title_versions(), *((old, post.language) for old in post.former_titles)]
        title_keys = self._field_keys(titles)
        summaries = list(post.summary_versions())
        if post.opportunity is not None and post.opportunity.location:
            # "стажировка в Оше" asks where the placement is, which only this field may say.
            summaries.append((post.opportunity.location, post.language))
        summary_keys = self._field_keys(summaries) - title_keys
        tags = [f"@t:{slug}" for slug in post.topics] + [f"@c:{slug}" for slug in post.countries]
        if post.opportunity is not None:
            tags += ["@o:opportunity", f"@o:{post.opportunity.type}"]
            # A curated call is an opportunity of its type whatever words its text uses, so
            # "how do I apply" or "стажировка" reach it through the lexicon's concepts.
            concepts = ("@c:opportunity", f"@c:{post.opportunity.type}")
            tags += [key for key in concepts if key in self._entry_tags]
        summary_keys.update(tag for tag in tags if tag not in title_keys)
        return title_keys, summary_keys

    def upsert(self, post: Post) -> None:
        """Index ``post``, replacing the version indexed under the same id."""
        with self._lock:
            self._upsert(post)

    def _upsert(self, post: Post) -> None:
        self._remove(post.id)
        self.changes += 1
        title_keys, summary_keys = self._post_keys(post)
        slot = len(self._docs)
        self._docs.append(slim(post))
        self._slot_of[post.id] = slot
        self._kinds.setdefault(post.kind, set()).add(slot)
        grew = False
        for postings, keys in ((self._title, title_keys), (self._summary, summary_keys)):
            for key in keys:
                slots = postings.get(key)
                if slots is None:
                    # A new key changes plans: typo neighbours, and "nothing about X".
                    slots = postings[key] = array("I")
                    grew = True
                    if not key.startswith("@"):
                        self._vocabulary.add(key)
                slots.append(slot)
        if grew:
            self._plans.clear()
            self.vocabulary_version += 1

    def remove(self, post_id: int) -> None:
        with self._lock:
            self._remove(post_id)

    def _remove(self, post_id: int) -> None:
        # The slot's postings stay and are skipped as dead: recomputing the old version's
        # keys would need its text, which the index does not keep.
        slot = self._slot_of.pop(post_id, None)
        if slot is None:
            return
        self.changes += 1
        post = self._docs[slot]
        self._docs[slot] = None
        if post is not None:
            self._kinds[post.kind].discard(slot)

    def _alive(self, slot: int) -> bool:
        return self._docs[slot] is not None

    # -- query planning -------------------------------------------------------------------

    def _known(self, key: str) -> bool:
        return key in self._title or key in self._summary or key in self._entry_keys

    def _indexed(self, key: str) -> bool:
        return key in self._title or key in self._summary

    def _plan(self, query: str, language: str | None = None) -> Plan:
        key = (query, language)  # word forms and corrections depend on it: see Planner.plan
        cached = self._plans.get(key)
        if cached is not None:
            return cached
        plan = self._planner.plan(query, language=language)
        if len(self._plans) >= _PLAN_CACHE_SIZE:
            self._plans.clear()
        self._plans[key] = plan
        return plan

    def _surface(self, key: str, written: str) -> str:
        """How to write ``key`` back to someone who typed ``written``: the content's own
        spelling when it is in the same script, else the lexicon's form in that script."""
        cyrillic = is_cyrillic(written)
        lexicon_forms = self._concepts.surfaces.get(key, {})
        own = self._surfaces.get(key)
        if own is not None and is_cyrillic(own) == cyrillic:
            return own
        same_script = lexicon_forms.get("cyrillic" if cyrillic else "latin")
        return same_script or own or next(iter(lexicon_forms.values()), written)

    def plan(self, query: str) -> Plan:
        """``query`` as this index understands it (cached): its words, their typo
        neighbours and lexicon entries, the words left out. A saved search is planned
        against the archive and matched against an index of new posts alone
        (:mod:`cagbot.search.saved`)."""
        with self._lock:
            return self._plan(query)

    def indexed_keys(self) -> frozenset[str]:
        """Every key some post is indexed under (words, lexicon entries, tags)."""
        with self._lock:
            return frozenset(self._title.keys() | self._summary.keys())

    def matching(self, plan: Plan, limit: int) -> tuple[int, ...]:
        """Ids of the posts of this index (at most ``limit``) that ``plan``, made by an
        engine over the same lexicon, matches as a search's hits do: the same retrieval and
        the ``COVERAGE`` threshold of :meth:`search`, without its "some of your words"
        fallback and without re-ranking (nobody sees an order)."""
        with self._lock:
            if not plan.units or limit <= 0:
                return ()
            found, _ = self._retrieve(plan, max(limit * 4, 20), None, fallback=False)
            ids = []
            for slot, _score in found:
                post = self._docs[slot]
                if post is not None:
                    ids.append(post.id)
            return tuple(ids[:limit])

    def clear_cache(self) -> None:
        with self._lock:
            self._plans.clear()
            self.vocabulary_version += 1

    # -- retrieval and ranking ------------------------------------------------------------

    def _passes(self, unit: Unit) -> shortlist.Passes:
        """Postings that match ``unit``, each with its field-weighted quality, best first."""
        passes = []
        for key, quality in unit.alternatives:
            title = self._title.get(key)
            if title:
                passes.append((quality * TITLE, title))
            summary = self._summary.get(key)
            if summary:
                factor = TAG if key.startswith("@") else SUMMARY
                passes.append((quality * factor, summary))
        passes.sort(key=lambda pair: -pair[0])
        return passes

    def _shortlist(
        self,
        units: tuple[Unit, ...],
        needed: float,
        size: int,
        allowed: set[int] | None,
        memo: dict[Unit, dict[int, float]],
        room: int,
        counted: dict[tuple[int, ...], Counter[int]],
    ) -> list[tuple[int, float]]:
        """``memo``: units' slot scores, kept across one search's two shortlists, and
        ``counted`` the slots' membership counts in them; ``room``: the slots each unit may
        contribute, set by the whole query (so the memo holds)."""
        unit_passes, weights, units = self._merged(units)
        if len(units) == 1:
            return shortlist.single(unit_passes[0], size, allowed, self._alive)
        slack = sum(weights) - needed
        if all(weight > slack for weight in weights):
            found = shortlist.every_word(unit_passes, weights, size, allowed, self._alive)
            if found is not None:
                return found
        per_unit = []
        for unit, passes in zip(units, unit_passes, strict=True):
            scores = memo.get(unit)
            if scores is None:
                scores = memo[unit] = shortlist.unit_scores(passes, room)
            per_unit.append(scores)
        alive = self._docs.__getitem__
        return shortlist.some_words(per_unit, weights, needed, size, allowed, alive, counted)

    def _merged(
        self, units: tuple[Unit, ...]
    ) -> tuple[list[shortlist.Passes], list[float], tuple[Unit, ...]]:
        """Each unit's passes and weight, units that match exactly the same postings with
        the same qualities ("подать заявку": both words mean the lexicon's "apply") merged
        into one of their summed weight. A post's score and matched weight are the same
        either way; the shortlist has one set fewer to count and score."""
        merged: dict[tuple[tuple[float, int], ...], int] = {}
        passes_of: list[shortlist.Passes] = []
        weights: list[float] = []
        kept: list[Unit] = []
        for unit in units:
            passes = self._passes(unit)
            identity = tuple((quality, id(postings)) for quality, postings in passes)
            at = merged.get(identity)
            if at is None or not passes:
                merged[identity] = len(kept)
                passes_of.append(passes)
                weights.append(unit.weight)
                kept.append(unit)
            else:
                weights[at] += unit.weight
        return passes_of, weights, tuple(kept)

    def search(
        self,
        query: str,
        *,
        limit: int = 5,
        language: str | None = None,
        kind: str | None = None,
        prefer: Callable[[Post], bool] | None = None,
    ) -> SearchResult:
        """The best ``limit`` posts for ``query``. ``prefer`` breaks ties: among hits of
        equal (calibrated) score, the posts it accepts come first. The engine holds no
        clock, so the caller says what is current (the bot: opportunities still open)."""
        with self._lock:
            return self._search(query, limit, language, kind, prefer)

    def _search(
        self,
        query: str,
        limit: int,
        language: str | None,
        kind: str | None,
        prefer: Callable[[Post], bool] | None,
    ) -> SearchResult:
        plan = self._plan(query, language)
        result = self._found(query, plan, limit, language, kind, prefer)
        if plan.suggestion is None:
            return result
        if result.hits:
            # The typo-tolerant search already matched the corrected words (they are among
            # its alternatives): the correction finds these posts as written, i.e. better.
            return replace(result, suggestion=plan.suggestion)
        if len(plan.units) > _CHECKED_CORRECTION:
            # Checking costs a second search: long messages get no correction (a long
            # typo-laden message at 100k posts would pay it twice).
            return result
        # Nothing found: "did you mean" only when the correction finds something.
        corrected = self._found(
            plan.suggestion, self._plan(plan.suggestion, language), limit, language, kind, prefer
        )
        if _better(corrected, result):
            return replace(result, suggestion=plan.suggestion)
        return result

    def _found(
        self,
        query: str,
        plan: Plan,
        limit: int,
        language: str | None,
        kind: str | None,
        prefer: Callable[[Post], bool] | None,
    ) -> SearchResult:
        nothing = SearchResult(
            query,
            (),
            None,
            plan.topics,
            unknown=plan.unknown,
            loading=self.loading,
            ignored=plan.ignored,
            searched=tuple(u.word for u in plan.units) if plan.ignored else (),
        )
        if not plan.units or limit <= 0:
            return nothing
        allowed = self._kinds.get(kind, set()) if kind is not None else None
        found, partial = self._retrieve(plan, max(limit * 4, 20), allowed, fallback=True)
        if not found:
            return nothing
        hits = rank(self._docs, found, plan, limit, language, prefer)
        return SearchResult(
            query,
            hits,
            None,
            plan.topics,
            # Words left out make the hits match only some of the query.
            partial=partial or bool(plan.ignored),
            unknown=plan.unknown,
            loading=self.loading,
            ignored=plan.ignored,
            searched=tuple(u.word for u in plan.units) if plan.ignored else (),
        )

    def _retrieve(
        self, plan: Plan, size: int, allowed: set[int] | None, *, fallback: bool
    ) -> tuple[list[tuple[int, float]], bool]:
        """The shortlist of (slot, score) for ``plan``, and whether it is the "some of your
        words" fallback (only with ``fallback``)."""
        total = sum(unit.weight for unit in plan.units)
        needed = COVERAGE * total - 1e-9
        reachable = sum(unit.weight for unit in plan.units if unit.alternatives)
        memo: dict[Unit, dict[int, float]] = {}
        counted: dict[tuple[int, ...], Counter[int]] = {}
        room = shortlist.unit_room(len(plan.units))
        found = (
            self._shortlist(plan.units, needed, size, allowed, memo, room, counted)
            if reachable >= needed
            else []
        )
        partial = False
        if not found and fallback and not plan.names_unknown:
            solid = tuple(unit for unit in plan.units if unit.solid)
            weight = sum(unit.weight for unit in solid)
            if len(solid) >= 2 and weight >= PARTIAL_COVERAGE * total - 1e-9:
                # Scored against the whole query, so missing words still cost their weight.
                scale = weight / total
                found = [
                    (slot, score * scale)
                    for slot, score in self._shortlist(
                        solid, PARTIAL_COVERAGE * total - 1e-9, size, allowed, memo, room, counted
                    )
                ]
                partial = bool(found)
        return found, partial


def _better(corrected: SearchResult, result: SearchResult) -> bool:
    if len(corrected.hits) != len(result.hits):
        return len(corrected.hits) > len(result.hits)
    if result.partial != corrected.partial:
        return result.partial
    return bool(corrected.hits) and corrected.hits[0].score > result.hits[0].score
