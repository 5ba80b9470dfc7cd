"""Import listings, feeds and the curated opportunities file into the store.

Each source is read, parsed and tagged in a worker thread (so a big import does not stall
the bot's event loop), then written in batches: one transaction per batch, one savepoint
per record, so a bad record is rolled back alone and reported. A source that cannot be
read or fetched is reported as failed and the others continue.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import NoReturn

import httpx

from cagbot.content import http
from cagbot.content.classify import classify_opportunity
from cagbot.content.curated import parse_opportunities
from cagbot.content.enrich_pool import BATCH, POOL_MIN_BYTES, Enricher
from cagbot.content.feeds import looks_like_feed, looks_like_markup, parse_feed
from cagbot.content.identity import same_post
from cagbot.content.listing import iter_listing, parse_listing
from cagbot.content.merge import merge
from cagbot.content.parsing import ParsedPost, ParseResult, Skipped, SourceError, decode
from cagbot.content.places import ONLINE, is_online
from cagbot.content.report import ImportItem, ImportReport
from cagbot.content.tagging import tag
from cagbot.content.wordpress import PER_PAGE, Poll, is_site, read_site
from cagbot.lexicon import Lexicon, load_lexicon
from cagbot.models import PostDraft
from cagbot.store import Store
from cagbot.store.database import DatabaseProblem, describe_database_error, is_storage_error
from cagbot.store.posts import UpsertResult

log = logging.getLogger(__name__)

Fetch = Callable[[str], Awaitable[bytes]]
#: Records per transaction: long enough to be fast, short enough not to hold the write lock
#: away from the running bot for long (tens of milliseconds; a writer that waits is let in
#: between two). Each commit writes the index pages it touched to the WAL again: 100 a
#: transaction cost 0.22 ms of CPU a post to write, 500 cost 0.135 (issue 28).
BATCH_SIZE = 500


def is_url(source: str | Path) -> bool:
    return isinstance(source, str) and source.startswith(("http://", "https://"))


async def fetch_url(url: str) -> bytes:
    """GET ``url`` within a total deadline and a size cap; errors become
    :class:`SourceError` (see :func:`cagbot.content.http.get`)."""
    answer = await http.get(url)
    return answer.body or b""


def _read(path: Path, limit: int = -1) -> bytes:
    """The file's bytes (the first ``limit`` of them); no size cap: the cap is for
    downloads (a local file is the operator's own)."""
    try:
        if not path.is_file():
            path.stat()  # FileNotFoundError when there is nothing at all
            raise SourceError("not a file")
        with path.open("rb") as file:
            return file.read(limit)
    except FileNotFoundError as error:
        raise SourceError("no such file") from error
    except OSError as error:
        raise SourceError(f"cannot read: {error.strerror or error}") from error


#: Posts parsed, tagged and classified at a time when a listing file is streamed.
STREAM_CHUNK = 2_000
_HEAD = 65_536


def _listing_chunks(
    path: Path, lexicon: Lexicon, enricher: Enricher | None = None
) -> Iterator[tuple[list[PostDraft], list[Skipped], list[str]]]:
    """A listing file read in one pass: (drafts, skipped, warnings) a chunk at a time, so
    memory stays flat whatever its size. Run each step in a worker thread; ``enricher``
    may tag and classify in worker processes (see cagbot.content.enrich_pool)."""
    decode(_read(path, _HEAD))  # binary data is refused before anything is written
    replaced, seen_block = 0, False

    def lines() -> Iterator[str]:
        nonlocal replaced, seen_block
        with path.open(encoding="utf-8-sig", errors="replace", newline="") as file:
            for line in file:
                replaced += line.count("\ufffd")
                seen_block = seen_block or bool(line.strip())
                yield from line.splitlines()

    def parsed() -> Iterator[tuple[list[ParsedPost], list[Skipped]]]:
        size = BATCH if enricher is not None and enricher.pooled else STREAM_CHUNK
        posts: list[ParsedPost] = []
        skipped: list[Skipped] = []
        try:
            for item in iter_listing(lines(), path.name):
                if isinstance(item, Skipped):
                    skipped.append(item)
                    continue
                posts.append(item)
                if len(posts) >= size:
                    yield posts, skipped
                    posts, skipped = [], []
        except OSError as error:
            raise SourceError(f"cannot read: {error.strerror or error}") from error
        yield posts, skipped

    chunks = (enricher or Enricher(lexicon, pooled=False)).map(parsed())
    last = next(chunks)  # parsed() yields at least once
    for chunk in chunks:
        yield last[0], last[1], []
        last = chunk
    # Warnings are known once the whole file was read: they come with the last chunk.
    warnings = [] if seen_block else ["empty listing: no posts"]
    if replaced:
        warnings.append(f"{replaced} invalid UTF-8 byte sequence(s) replaced with U+FFFD")
    yield last[0], last[1], warnings


async def _import_listing_file(
    store: Store, path: Path, lexicon: Lexicon, report: ImportReport, today: date
) -> None:
    name = str(path)
    big = await asyncio.to_thread(lambda: path.stat().st_size >= POOL_MIN_BYTES)
    enricher = await asyncio.to_thread(Enricher, lexicon, pooled=big)
    try:
        chunks = _listing_chunks(path, lexicon, enricher)
        while (chunk := await asyncio.to_thread(next, chunks, None)) is not None:
            drafts, skipped, warnings = chunk
            report.warnings.extend(f"{name}: {warning}" for warning in warnings)
            for item in skipped:
                report.add(ImportItem(name, item.title, "skipped", item.reason))
            await _write(store, drafts, name, report, today)
    finally:
        await asyncio.to_thread(enricher.close)


def _is_listing_file(source: str | Path) -> bool:
    """A local file that is neither curated (.toml) nor markup: streamed."""
    if is_url(source) or Path(source).suffix.lower() == ".toml":
        return False
    head = _read(Path(source), 4096)
    return not (looks_like_feed(head) or looks_like_markup(head))


def parse_source(data: bytes, name: str, *, curated: bool = False) -> ParseResult:
    """Parse ``data`` as the kind its content shows: a feed is XML, anything else a
    listing; ``curated`` (a .toml file) selects the opportunities parser."""
    if looks_like_feed(data):
        return parse_feed(data, name)
    if looks_like_markup(data):
        raise SourceError("HTML or XML that is not an RSS or Atom feed")
    text, warning = decode(data)
    result = parse_opportunities(text, name) if curated else parse_listing(text, name)
    if warning:
        result.warnings.insert(0, warning)
    return result


def enrich(post: ParsedPost, lexicon: Lexicon) -> PostDraft:
    """Tags, and the opportunity details the heuristics see when none were curated."""
    draft = post.draft
    details = draft.opportunity or classify_opportunity(
        draft.title, draft.summary, language=draft.language, published=draft.published
    )
    # A call's location names its place ("Osh, Kyrgyzstan") even when the text does not:
    # the call alerts' place filter reads these countries.
    location = details.location if details is not None else None
    topics, countries = tag(
        " ".join((draft.title, draft.summary, location or "", *post.hints)), lexicon
    )
    if details is not None and is_online(location, draft.title):
        countries = (*countries, ONLINE)
    return replace(
        draft,
        topics=topics,
        countries=countries,
        kind="opportunity" if details is not None else draft.kind,
        opportunity=details,
    )


def _prepare(
    source: str | Path, data: bytes | None, lexicon: Lexicon
) -> tuple[ParseResult, list[PostDraft]]:
    if data is None:
        path = Path(source)
        data = _read(path)
        result = parse_source(data, path.name, curated=path.suffix.lower() == ".toml")
    else:
        name = str(source)
        curated = name.split("?", 1)[0].lower().endswith(".toml")
        result = parse_source(data, name, curated=curated)
    # Feeds and sites are enriched here: read whole before any is written, they measured
    # slower through workers (bench/import_bench.py, docs/operations.md).
    return result, [enrich(post, lexicon) for post in result.posts]


async def _fetch_all(fetch: Fetch, urls: list[str]) -> dict[str, bytes | SourceError]:
    async def one(url: str) -> bytes | SourceError:
        try:
            return await fetch(url)
        except SourceError as error:
            return error
        except Exception as error:  # an injected fetcher may raise anything: report it
            return SourceError(f"could not fetch: {error!r}")

    results = await asyncio.gather(*(one(url) for url in urls))
    return dict(zip(urls, results, strict=True))


def _stop(store: Store, error: BaseException, source: str, report: ImportReport) -> NoReturn:
    """The disk failed (full): no record's fault, so the import stops here, its current
    batch rolled back, rather than fail every record after it with a traceback each."""
    kept = sum(1 for item in report.items if item.post_id is not None)
    raise DatabaseProblem(
        f"{describe_database_error(store.db.path, error)}. The import stopped at {source}; "
        f"the {kept} records written before the failing batch are kept, and importing "
        "again adds only what is missing"
    ) from error


async def _write(
    store: Store, drafts: list[PostDraft], source: str, report: ImportReport, today: date
) -> None:
    for start in range(0, len(drafts), BATCH_SIZE):
        batch = drafts[start : start + BATCH_SIZE]
        try:
            results = await store.posts.upsert_many(batch, merge, same_post)
        except Exception as error:
            if is_storage_error(error):
                _stop(store, error, source, report)
            # Not a database refusal (those are per record): retry one by one so only the
            # record that triggers it is lost.
            log.exception("batch import from %s failed; retrying record by record", source)
            results = []
            for draft in batch:
                try:
                    results.append(await store.posts.upsert(draft, merge, same_post))
                except Exception as error:
                    if is_storage_error(error):
                        _stop(store, error, source, report)
                    log.exception("importing %r from %s failed", draft.title, source)
                    results.append(UpsertResult(None, None, f"unexpected error: {error!r}"))
        # A writer of another process (the bot, a broadcast renewing its leases) that waits
        # for the lock gets it before the next batch (see cagbot.store.waiting).
        await store.db.let_waiting_writers_in()
        for draft, result in zip(batch, results, strict=True):
            if result.outcome is None:
                report.add(ImportItem(source, draft.title, "failed", result.error, None))
            else:
                report.add(
                    ImportItem(
                        source, draft.title, result.outcome, _note(draft, today), result.post_id
                    )
                )


def _note(draft: PostDraft, today: date) -> str | None:
    details = draft.opportunity
    if details is None:
        return None
    if not details.is_open:
        return "opportunity marked closed: not offered as open"
    if details.deadline is not None and details.deadline < today:
        return f"deadline {details.deadline.isoformat()} has passed: not offered as open"
    return f"{details.type} opportunity"


async def import_site(
    store: Store,
    url: str,
    *,
    lexicon: Lexicon | None = None,
    etag: str | None = None,
    watermark: str | None = None,
    http: httpx.AsyncClient | None = None,
    today: date | None = None,
    report: ImportReport | None = None,
    per_page: int = PER_PAGE,
) -> tuple[ImportReport, Poll]:
    """Import a WordPress site (the whole archive, or with ``watermark`` what changed)."""
    lexicon = lexicon or load_lexicon()
    report = report if report is not None else ImportReport()
    poll = await read_site(url, etag=etag, watermark=watermark, http=http, per_page=per_page)
    report.warnings.extend(f"{url}: {warning}" for warning in poll.result.warnings)
    for skipped in poll.result.skipped:
        report.add(ImportItem(url, skipped.title, "skipped", skipped.reason))
    drafts = await asyncio.to_thread(lambda: [enrich(post, lexicon) for post in poll.result.posts])
    await _write(store, drafts, url, report, today or date.today())
    return report, poll


async def import_sources(
    store: Store,
    sources: Sequence[str | Path],
    *,
    lexicon: Lexicon | None = None,
    fetch: Fetch | None = None,
    today: date | None = None,
) -> ImportReport:
    """Import every source; never raises for bad content or an unreachable URL. A disk
    that fails (full) stops it with :class:`DatabaseProblem`, the batch being written
    rolled back."""
    lexicon = lexicon or load_lexicon()
    today = today or date.today()
    report = ImportReport()
    urls = [str(source) for source in sources if is_url(source) and not is_site(str(source))]
    fetched = await _fetch_all(fetch or fetch_url, urls) if urls else {}
    for source in sources:
        name = str(source)
        if is_url(source) and is_site(name):
            try:
                await import_site(store, name, lexicon=lexicon, today=today, report=report)
            except SourceError as error:
                report.add(ImportItem(name, None, "failed", str(error)))
            except DatabaseProblem:
                raise  # the disk failed: the import stops (see _stop)
            except Exception as error:
                log.exception("importing the site %s failed", name)
                report.add(ImportItem(name, None, "failed", f"unexpected error: {error!r}"))
            continue
        try:
            data = fetched.get(name) if is_url(source) else None
            if isinstance(data, SourceError):
                raise data
            if data is None and await asyncio.to_thread(_is_listing_file, source):
                await _import_listing_file(store, Path(source), lexicon, report, today)
                continue
            result, drafts = await asyncio.to_thread(_prepare, source, data, lexicon)
        except SourceError as error:
            report.add(ImportItem(name, None, "failed", str(error)))
            continue
        except DatabaseProblem:
            raise  # the disk failed while a streamed listing was written: the import stops
        except Exception as error:
            log.exception("parsing %s failed", name)
            report.add(ImportItem(name, None, "failed", f"unexpected error: {error!r}"))
            continue
        report.warnings.extend(f"{name}: {warning}" for warning in result.warnings)
        for skipped in result.skipped:
            report.add(ImportItem(name, skipped.title, "skipped", skipped.reason))
        await _write(store, drafts, name, report, today)
    return report
