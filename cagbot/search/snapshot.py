"""The search index as bytes, and back, in pieces small enough never to hold the loop.

``pickle.loads`` and ``zlib`` are single C calls that keep the GIL: restoring a 100k-post
index in one call would stop the bot's event loop for a second. A snapshot is therefore a
sequence of small, separately compressed pieces (a few thousand entries each), which the
bot restores one per worker turn (:mod:`cagbot.search.persist`) while it answers.

Writing a snapshot also compacts the index: slots of replaced and removed posts (the
engine leaves their postings in place, see :mod:`cagbot.search.engine`) are dropped and
the live ones renumbered, keeping their order, so a restored index holds no dead postings.
Read back only from the bot's own database, which holds the posts themselves.
"""

from __future__ import annotations

import itertools
import pickle
import struct
import zlib
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from cagbot.models import Post

# Entries per piece: restoring one is a few milliseconds of GIL-holding C work (a post is
# an object graph, ~10 us to unpickle, so its pieces are smaller).
PIECE = 2000
DOCS_PIECE = 400
_LENGTH = struct.Struct("<I")


class SnapshotError(ValueError):
    """The bytes are not a snapshot of this index format (rebuild instead)."""


@dataclass(slots=True)
class IndexState:
    """What the engine holds that is not derived from the lexicon."""

    surfaces: dict[str, str] = field(default_factory=dict)
    title: dict[str, array[int]] = field(default_factory=dict)
    summary: dict[str, array[int]] = field(default_factory=dict)
    docs: list[Post | None] = field(default_factory=list)
    slot_of: dict[int, int] = field(default_factory=dict)
    kinds: dict[str, set[int]] = field(default_factory=dict)


def _compacted(
    postings: dict[str, array[int]], docs: list[Post | None], new: list[int]
) -> dict[str, array[int]]:
    kept: dict[str, array[int]] = {}
    for key, slots in postings.items():
        # C-level: keep the live slots (a Post is truthy, a dead slot None), renumber them.
        alive = itertools.compress(slots, map(docs.__getitem__, slots))
        renumbered = array("I", map(new.__getitem__, alive))
        if renumbered:
            kept[key] = renumbered
    return kept


def compact(state: IndexState) -> IndexState:
    """The same index without dead slots (a new state; ``state`` is not changed)."""
    docs = state.docs
    if len(state.slot_of) == len(docs):
        return state
    # A live slot's new number: how many live slots precede it.
    new = [n - 1 for n in itertools.accumulate(int(post is not None) for post in docs)]
    live: list[Post | None] = [post for post in docs if post is not None]
    return IndexState(
        surfaces=state.surfaces,
        title=_compacted(state.title, docs, new),
        summary=_compacted(state.summary, docs, new),
        docs=live,
        slot_of={post.id: slot for slot, post in enumerate(live) if post is not None},
        kinds=_kinds(live),
    )


def _kinds(docs: Sequence[Post | None], start: int = 0) -> dict[str, set[int]]:
    kinds: dict[str, set[int]] = {}
    for slot, post in enumerate(docs, start=start):
        if post is not None:
            kinds.setdefault(post.kind, set()).add(slot)
    return kinds


def _chunks(items: list[object], size: int = PIECE) -> Iterator[list[object]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def dump(state: IndexState, version: str) -> bytes:
    """``state``, compacted, as a snapshot of the index format ``version``."""
    state = compact(state)
    pieces: list[tuple[str, object]] = [("version", version)]
    pieces += [("docs", chunk) for chunk in _chunks(list(state.docs), DOCS_PIECE)]
    for name in ("surfaces", "title", "summary"):
        entries: list[object] = list(getattr(state, name).items())
        pieces += [(name, chunk) for chunk in _chunks(entries)]
    out = bytearray()
    for piece in pieces:
        packed = zlib.compress(pickle.dumps(piece, protocol=pickle.HIGHEST_PROTOCOL), 1)
        out += _LENGTH.pack(len(packed)) + packed
    return bytes(out)


def pieces(data: bytes) -> Iterator[memoryview]:
    """The pieces of a snapshot, still packed (cheap: slices of ``data``)."""
    view = memoryview(data)
    at = 0
    while at < len(view):
        if at + _LENGTH.size > len(view):
            raise SnapshotError("truncated snapshot")
        (length,) = _LENGTH.unpack_from(view, at)
        at += _LENGTH.size
        yield view[at : at + length]
        at += length


class Loader:
    """Rebuilds an :class:`IndexState` one packed piece at a time."""

    def __init__(self, version: str) -> None:
        self.version = version
        self.state = IndexState()
        self._checked = False

    def feed(self, packed: memoryview) -> None:
        try:
            name, payload = pickle.loads(zlib.decompress(packed))  # noqa: S301 - our own db
        except Exception as exc:  # a truncated or foreign blob: rebuild, never crash
            raise SnapshotError("unreadable snapshot piece") from exc
        if not self._checked:
            if name != "version" or payload != self.version:
                raise SnapshotError(f"snapshot of another format: {payload!r}")
            self._checked = True
            return
        state = self.state
        if name == "docs":
            start = len(state.docs)
            state.docs.extend(payload)
            state.slot_of.update((post.id, slot) for slot, post in enumerate(payload, start))
            for kind, slots in _kinds(payload, start).items():
                state.kinds.setdefault(kind, set()).update(slots)
        elif name in ("surfaces", "title", "summary"):
            getattr(state, name).update(payload)
        else:
            raise SnapshotError(f"unknown snapshot piece {name!r}")

    def finish(self) -> IndexState:
        if not self._checked:
            raise SnapshotError("empty snapshot")
        return self.state


def load(data: bytes, version: str) -> IndexState:
    """A whole snapshot at once (the CLI: nothing else waits for its loop)."""
    loader = Loader(version)
    for packed in pieces(data):
        loader.feed(packed)
    return loader.finish()
