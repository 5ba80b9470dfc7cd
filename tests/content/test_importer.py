from __future__ import annotations

import asyncio
import itertools
from datetime import date
from pathlib import Path

import pytest

from cagbot.content import ImportReport, http, import_sources, importer
from cagbot.content.importer import fetch_url
from cagbot.content.parsing import SourceError
from cagbot.lexicon import load_lexicon
from cagbot.models import PostDraft
from cagbot.paths import opportunities_file, seed_files
from cagbot.store import Store

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = date(2026, 11, 21)
SUMMARY = (
    "Centralasiengrupperna är en ideell, volontärdriven organisation som är baserad i Malmö. "
    "Vi verkar huvudsakligen i postsovjetiska Centralasien inom tematiska områden […]"
)


async def snapshot(store: Store) -> list[PostDraft]:
    """Everything about the stored posts except ids and timestamps, in key order."""
    return sorted((post.as_draft() for post in await store.posts.all()), key=lambda d: d.key)


async def test_seeds_give_18_posts_and_2_opportunities(fresh_db: Store) -> None:
    report = await import_sources(fresh_db, seed_files(), today=TODAY)
    assert (report.added, report.updated, report.unchanged) == (18, 0, 2)
    assert (report.skipped, report.failed) == (1, 0)
    assert report.summary() == "18 added, 0 updated, 2 unchanged, 1 skipped, 0 failed"
    assert await fresh_db.posts.count() == 18
    # The seed listing gives no dates and its two calls no deadlines: nothing says they are
    # still open, so they are of unknown status, never listed as open (issue 19).
    assert await fresh_db.posts.opportunities(open_on=TODAY) == []
    unknown = await fresh_db.posts.opportunities(open_on=TODAY, status="unknown")
    assert sorted(post.opportunity.type for post in unknown if post.opportunity) == [
        "internship",
        "residency",
    ]
    (skipped,) = [item for item in report.items if item.outcome == "skipped"]
    assert skipped.title == "Emma Rönngren"
    assert skipped.reason


async def test_reimport_changes_nothing(fresh_db: Store) -> None:
    sources = [*seed_files(), opportunities_file(), FIXTURES / "wordpress.xml"]
    await import_sources(fresh_db, sources, today=TODAY)
    before = await fresh_db.posts.all()
    again = await import_sources(fresh_db, sources, today=TODAY)
    assert (again.added, again.updated, again.failed) == (0, 0, 0)
    assert await fresh_db.posts.all() == before  # updated_at untouched too


async def test_seed_files_in_either_order_give_the_same_posts(tmp_path: Path) -> None:
    first, second = seed_files()
    snapshots = []
    for order in ([first, second], [second, first]):
        store = await Store.open(tmp_path / f"{order[0].name}.db")
        try:
            await import_sources(store, order, today=TODAY)
            snapshots.append(await snapshot(store))
        finally:
            await store.close()
    assert snapshots[0] == snapshots[1]
    encouraging = next(d for d in snapshots[0] if d.title.startswith("Encouraging"))
    assert encouraging.summary.endswith("strengthening their…")  # the longer excerpt


async def test_all_sources_in_any_order_give_the_same_posts(tmp_path: Path) -> None:
    sources = [*seed_files(), opportunities_file(), FIXTURES / "wordpress.xml"]
    snapshots = []
    for number, order in enumerate(itertools.permutations(sources)):
        if number % 5:  # 5 of the 24 orders keep the test quick; they include reversals
            continue
        store = await Store.open(tmp_path / f"{number}.db")
        try:
            await import_sources(store, order, today=TODAY)
            snapshots.append(await snapshot(store))
        finally:
            await store.close()
    assert all(other == snapshots[0] for other in snapshots)


async def test_curated_details_enrich_the_listing_post(fresh_db: Store) -> None:
    await import_sources(
        fresh_db, [*seed_files(), opportunities_file(), FIXTURES / "wordpress.xml"], today=TODAY
    )
    by_title = {post.title: post for post in await fresh_db.posts.all()}
    residence = by_title["Residence for Climate activist in Kyrgyzstan"]
    assert residence.opportunity is not None
    assert residence.opportunity.deadline == date(2027, 2, 28)
    assert residence.title_in("ru") == "Резиденция для климатического активиста в Кыргызстане"
    assert residence.summary.startswith("Central Asia Solidarity Groups")  # the listing's, longest
    assert residence.guid == "https://centralasien.se/?p=4711"  # filled in from the feed
    assert "climate" in residence.topics
    assert "kg" in residence.countries
    internship = by_title[
        "Praktikant med inriktning genus/tjejers rättigheter (med placering Kirgizistan)"
    ]
    assert internship.language == "sv"
    assert internship.opportunity is not None
    assert internship.opportunity.how_to_apply is not None
    assert internship.title_in("ru") == "Стажировка: гендер и права девушек (Кыргызстан)"
    # The closed curated call is stored but not offered as open.
    open_titles = {post.title for post in await fresh_db.posts.opportunities(open_on=TODAY)}
    assert "Praktikant till Genusgruppen våren 2026" not in open_titles
    assert "Praktikant till Genusgruppen våren 2026" in by_title
    assert "Presentation of Emma, intern at UNICEF Kazakhstan" not in open_titles


async def test_closed_opportunity_is_explained_in_the_report(fresh_db: Store) -> None:
    report = await import_sources(fresh_db, [opportunities_file()], today=TODAY)
    reasons = {item.title: item.reason for item in report.items}
    assert reasons["Praktikant till Genusgruppen våren 2026"] == (
        "opportunity marked closed: not offered as open"
    )
    report = await import_sources(fresh_db, [opportunities_file()], today=date(2027, 3, 1))
    reasons = {item.title: item.reason for item in report.items}
    assert reasons["Residence for Climate activist in Kyrgyzstan"] == (
        "deadline 2027-02-28 has passed: not offered as open"
    )


async def test_broken_sources_are_reported_and_the_rest_imported(
    fresh_db: Store, tmp_path: Path
) -> None:
    files = {
        "empty.txt": b"",
        "garbage.bin": bytes(range(256)) * 64,
        "latin1.txt": f"Fem dagar i V\xe4xj\xf6\n\n{SUMMARY}\n".encode("latin-1", "replace"),
        "huge.txt": b"x" * 1_048_576 + b"\n\nTitle after a huge line\n\n" + SUMMARY.encode(),
        "page.html": b"<!DOCTYPE html><html><body>Not a feed</body></html>",
        "bad.toml": b"[[opportunity]\n",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    sources = [tmp_path / name for name in files]
    sources.insert(3, seed_files()[0])
    sources.append(tmp_path / "missing.txt")
    report = await import_sources(fresh_db, sources, today=TODAY)
    failed = {
        Path(item.source).name: item.reason for item in report.items if item.outcome == "failed"
    }
    assert set(failed) == {"garbage.bin", "page.html", "bad.toml", "missing.txt"}
    assert "binary" in (failed["garbage.bin"] or "")
    assert failed["missing.txt"] == "no such file"
    titles = {post.title for post in await fresh_db.posts.all()}
    assert "Fem dagar i V\ufffd\ufffd" not in titles  # ö is one byte in Latin-1
    assert any(title.startswith("Fem dagar i V") and "\ufffd" in title for title in titles)
    assert "Title after a huge line" in titles
    assert report.added == 10 + 2
    assert any("empty listing" in warning for warning in report.warnings)
    assert any("invalid UTF-8" in warning for warning in report.warnings)


async def test_failing_url_is_reported_and_others_continue(fresh_db: Store) -> None:
    atom = (FIXTURES / "atom.xml").read_bytes()
    asked: list[str] = []

    async def fetch(url: str) -> bytes:
        asked.append(url)
        if "down" in url:
            raise ConnectionError("connection refused")
        if "missing" in url:
            raise SourceError("could not fetch: 404 Not Found")
        return atom

    sources: list[str | Path] = [
        "https://down.example/feed/",
        seed_files()[0],
        "https://missing.example/feed/",
        "https://up.example/feed/",
    ]
    report = await import_sources(fresh_db, sources, fetch=fetch, today=TODAY)
    assert sorted(asked) == sorted(s for s in sources if isinstance(s, str))
    failed = [(item.source, item.reason) for item in report.items if item.outcome == "failed"]
    assert [source for source, _ in failed] == [
        "https://down.example/feed/",
        "https://missing.example/feed/",
    ]
    assert failed[0][1] == "could not fetch: ConnectionError('connection refused')"
    assert failed[1][1] == "could not fetch: 404 Not Found"
    assert report.added == 11
    (post,) = [p for p in await fresh_db.posts.all() if p.source == "https://up.example/feed/"]
    assert post.language == "ru"
    assert post.kind == "opportunity"
    assert post.opportunity is not None
    assert post.opportunity.type == "exchange"


async def test_a_curated_file_by_url(fresh_db: Store) -> None:
    async def fetch(url: str) -> bytes:
        return opportunities_file().read_bytes()

    report = await import_sources(
        fresh_db, ["https://centralasien.se/opportunities.toml?v=2"], fetch=fetch, today=TODAY
    )
    assert report.added == await fresh_db.posts.count(kind="opportunity") > 0


async def test_default_fetcher_reports_an_unreachable_url() -> None:
    with pytest.raises(SourceError, match="could not fetch"):
        await fetch_url("http://127.0.0.1:9/feed/")  # discard port: nothing listens


async def test_a_record_the_database_refuses_fails_alone(fresh_db: Store, tmp_path: Path) -> None:
    listing = tmp_path / "listing.txt"
    listing.write_text(f"Alpha\n\n{SUMMARY}\n", encoding="utf-8")
    await import_sources(fresh_db, [listing], today=TODAY)
    # Identity no longer lets two versions fight over one key, so the refusal is staged:
    # the database refuses Beta (as it would any constraint it enforces) and only Beta.
    await fresh_db.db.connection.execute(
        "CREATE TRIGGER refuse_beta BEFORE INSERT ON posts WHEN NEW.title = 'Beta'"
        " BEGIN SELECT RAISE(ABORT, 'refused'); END"
    )
    feed = tmp_path / "feed.xml"
    feed.write_text(
        """<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>Alpha</title><guid>g-1</guid><description>short</description></item>
<item><title>Beta</title><guid>g-2</guid><description>"""
        + SUMMARY * 2
        + """</description></item>
<item><title>Gamma</title><guid>g-3</guid><description>fine</description></item>
</channel></rss>""",
        encoding="utf-8",
    )
    before = {post.key: post for post in await fresh_db.posts.all()}
    report = await import_sources(fresh_db, [feed], today=TODAY)
    outcomes = [(item.title, item.outcome) for item in report.items]
    assert outcomes == [("Alpha", "updated"), ("Beta", "failed"), ("Gamma", "added")]
    assert "database refused" in (report.items[1].reason or "")
    after = {post.key: post for post in await fresh_db.posts.all()}
    assert "beta" not in after
    assert after["alpha"].guid == "g-1"
    assert after["alpha"].summary == before["alpha"].summary


def test_report_summary_mentions_warnings() -> None:
    report = ImportReport(added=1, warnings=["x"])
    assert report.summary() == "1 added, 0 updated, 0 unchanged, 0 skipped, 0 failed (1 warning)"


async def test_a_local_listing_of_any_size_is_streamed(
    fresh_db: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The download cap is for URLs only; a file is read a chunk of posts at a time.
    monkeypatch.setattr(http, "MAX_SOURCE_BYTES", 100)
    monkeypatch.setattr(importer, "STREAM_CHUNK", 2)
    listing = tmp_path / "big.txt"
    titles = [f"Post number {n}" for n in range(5)]
    listing.write_bytes(
        "".join(f"{title}\n\n{SUMMARY}\n\n" for title in titles).encode() + b"Stray \xff\n"
    )
    streamed = await asyncio.to_thread(
        lambda: list(importer._listing_chunks(listing, load_lexicon()))
    )
    assert [len(drafts) for drafts, _, _ in streamed] == [2, 2, 1]
    report = await import_sources(fresh_db, [listing], today=TODAY)
    assert report.added == 5
    assert report.skipped == 1
    assert report.warnings == [f"{listing}: 1 invalid UTF-8 byte sequence(s) replaced with U+FFFD"]
    assert sorted(post.title for post in await fresh_db.posts.all()) == titles
