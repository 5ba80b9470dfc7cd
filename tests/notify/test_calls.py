"""Calls as curated documents: publishing, changing, and the TOML export re-importing to
the same calls."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from cagbot.content import import_sources
from cagbot.content.calls import CallError, build_doc, doc_texts, parse_apply, parse_deadline
from cagbot.i18n import I18n
from cagbot.lexicon import load_lexicon
from cagbot.notify.calls import CallService, export_toml
from cagbot.paths import opportunities_file
from cagbot.store import Store
from tests.notify.conftest import subscribe

STAFF = 900_001
TEXTS = {
    "sv": {"title": "Volontär i Karakol", "summary": "Hjälp på ett läger.", "location": "Karakol"},
    "ru": {"title": "Волонтёр в Караколе", "summary": "Помощь в лагере.", "duration": "2 недели"},
}


def _service(store: Store) -> CallService:
    return CallService(store, I18n.load(), load_lexicon(), "en")


def test_deadlines_and_links_staff_write() -> None:
    today = date(2026, 9, 1)
    assert parse_deadline("2027-03-15", today) == date(2027, 3, 15)
    assert parse_deadline("15.03.2027", today) == date(2027, 3, 15)
    assert parse_deadline("1/9/2026", today) == today
    for text, reason in [
        ("31.02.2027", "unreadable"),
        ("2026-08-31", "past"),
        ("soon", "unreadable"),
    ]:
        with pytest.raises(CallError) as raised:
            parse_deadline(text, today)
        assert raised.value.reason == reason
    assert parse_apply("info@centralasien.se") == "mailto:info@centralasien.se"
    assert parse_apply("https://centralasien.se/ansok") == "https://centralasien.se/ansok"
    for bad in ("javascript:alert(1)", "ftp://x.se/a", "tg://resolve?domain=x", "info@", ""):
        with pytest.raises(CallError):
            parse_apply(bad)


def test_a_document_has_the_curated_files_shape() -> None:
    doc = build_doc("volunteering", TEXTS, "2027-01-31", "mailto:info@centralasien.se")
    assert doc["language"] == "sv"  # the first language written is the original
    assert doc["title"] == "Volontär i Karakol"
    assert doc["ru"] == {"title": "Волонтёр в Караколе", "summary": "Помощь в лагере.",
                         "duration": "2 недели"}  # fmt: skip
    assert doc["titles"] == {"sv": "Volontär i Karakol", "ru": "Волонтёр в Караколе"}
    assert doc_texts(doc) == TEXTS
    with pytest.raises(CallError):
        build_doc("volunteering", {"sv": {"summary": "no title"}}, None, None)


async def test_publish_then_change_keeps_one_post_and_audits(fresh_db: Store) -> None:
    reader = 7_000_001
    await subscribe(fresh_db, reader, language="ru")
    service = _service(fresh_db)
    doc = build_doc("volunteering", TEXTS, "2027-01-31", "https://centralasien.se/karakol")
    published = await service.publish(doc, actor=STAFF, drafted_by=STAFF)
    assert published.queued == 1
    with pytest.raises(CallError):
        await service.publish(doc, actor=STAFF, drafted_by=STAFF)  # same title twice
    call = await fresh_db.calls.get(published.call_id)
    assert call is not None
    renamed = {**doc, "title": "Volontär i Karakol 2027"}
    post = await service.change(call, renamed, actor=STAFF, action="call.edit")
    assert post.id == published.post_id  # a new title, the same post
    assert post.title == "Volontär i Karakol 2027"
    call = await fresh_db.calls.get(published.call_id)
    assert call is not None
    post = await service.close(call, actor=STAFF)
    assert post.opportunity is not None
    assert post.opportunity.is_open is False
    actions = [e.action for e in await fresh_db.audit.entries(f"call:{call.id}")]
    assert actions == ["call.publish", "call.edit", "call.close"]
    assert len(await fresh_db.posts.opportunities()) == 1


async def test_export_reimports_to_the_same_calls(fresh_db: Store, tmp_path: Path) -> None:
    await import_sources(fresh_db, [opportunities_file()])
    service = _service(fresh_db)
    doc = build_doc("volunteering", TEXTS, "2027-01-31", "https://centralasien.se/karakol")
    await service.publish(doc, actor=STAFF, drafted_by=STAFF)
    before = {post.key: post for post in await fresh_db.posts.opportunities()}
    exported = tmp_path / "export.toml"
    exported.write_text(await export_toml(fresh_db), encoding="utf-8")

    fresh = await Store.open(tmp_path / "again.db")
    try:
        report = await import_sources(fresh, [exported])
        assert report.added == len(before), report.summary()
        after = {post.key: post for post in await fresh.posts.opportunities()}
        assert set(after) == set(before)
        for key, post in before.items():
            again = after[key]
            assert (again.title, again.language, again.summary) == (
                post.title,
                post.language,
                post.summary,
            )
            assert again.opportunity is not None
            assert post.opportunity is not None
            mine, theirs = again.opportunity, post.opportunity
            assert (mine.type, mine.deadline, mine.apply_url, mine.is_open) == (
                theirs.type,
                theirs.deadline,
                theirs.apply_url,
                theirs.is_open,
            )
            assert mine.titles == theirs.titles
        # Re-importing into the first database changes nothing: the same calls.
        again = await import_sources(fresh_db, [exported])
        assert again.added == 0
    finally:
        await fresh.close()


def test_cli_export_writes_a_file_cagbot_import_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from cagbot.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CAGBOT_DATABASE", str(tmp_path / "cli.db"))
    assert main(["import", str(opportunities_file())]) == 0
    exported = tmp_path / "out.toml"
    assert main(["opportunities", "--export", str(exported)]) == 0
    capsys.readouterr()
    monkeypatch.setenv("CAGBOT_DATABASE", str(tmp_path / "again.db"))
    assert main(["import", str(exported)]) == 0
    capsys.readouterr()

    def listed() -> list[dict[str, object]]:
        assert main(["opportunities", "--all", "--json"]) == 0
        rows = json.loads(capsys.readouterr().out)
        return sorted(({k: v for k, v in row.items() if k != "id"} for row in rows), key=str)

    again = listed()
    monkeypatch.setenv("CAGBOT_DATABASE", str(tmp_path / "cli.db"))
    assert listed() == again
    assert len(again) >= 5
