from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cagbot.cli import build_parser, main
from cagbot.paths import seed_files


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in ("TOKEN", "ADMIN_IDS", "FEEDS", "DEFAULT_LANGUAGE", "API_BASE_URL"):
        monkeypatch.delenv(f"CAGBOT_{name}", raising=False)
    database = tmp_path / "cli.db"
    monkeypatch.setenv("CAGBOT_DATABASE", str(database))
    return database


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> list[dict[str, object]]:
    capsys.readouterr()
    assert main(list(argv)) == 0
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data, list)
    return data


def test_every_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert {
        "import",
        "posts",
        "opportunities",
        "search",
        "run",
        "demo",
        "migrate",
        "backup",
    } <= set(commands)
    for name in commands:
        with pytest.raises(SystemExit) as exited:
            main([name, "--help"])
        assert exited.value.code == 0
        assert "usage: cagbot" in capsys.readouterr().out


def test_module_entry_point_runs() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "cagbot", "--version"], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0
    assert completed.stdout.startswith("cagbot ")


def test_the_module_imported_under_another_name_runs_nothing() -> None:
    # A big import's worker processes ("spawn") import the parent's main module as
    # ``__mp_main__``: it must not run the CLI a second time in each of them.
    answer = subprocess.run(
        [sys.executable, "-c", "import cagbot.__main__"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert (answer.returncode, answer.stdout, answer.stderr) == (0, "", "")


def test_import_seed_listings_twice(capsys: pytest.CaptureFixture[str]) -> None:
    seeds = [str(path) for path in seed_files()]
    assert len(seeds) == 2
    assert main(["import", *seeds]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("18 added, 0 updated")
    assert main(["import", *seeds]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("0 added, 0 updated")
    posts = run_json(capsys, "posts", "--json", "--limit", "100")
    assert len(posts) == 18
    assert len({post["title"] for post in posts}) == 18
    assert sum(post["kind"] == "opportunity" for post in posts) == 2


def test_import_without_a_source_loads_nothing_and_says_what_to_pass(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["import"]) == 2
    error = capsys.readouterr().err
    assert "--sample" in error
    assert "https://centralasien.se/feed/" in error
    assert main(["migrate"]) == 0
    assert run_json(capsys, "posts", "--json", "--limit", "100") == []


def test_production_import_loads_no_invented_content(capsys: pytest.CaptureFixture[str]) -> None:
    import tomllib

    from cagbot.paths import opportunities_file

    feed = Path(__file__).parent / "content" / "fixtures" / "wordpress.xml"
    assert main(["import", str(feed)]) == 0
    posts = run_json(capsys, "posts", "--json", "--limit", "1000")
    assert posts, "the feed's real posts arrive"
    sample = tomllib.loads(opportunities_file().read_text(encoding="utf-8"))["opportunity"]
    # Real posts may share a title with a sample entry (the climate residency); what is
    # invented are the details: deadlines and how to apply.
    invented = {entry["how_to_apply"] for entry in sample}
    rows = run_json(capsys, "opportunities", "--json", "--all")
    assert rows, "the feed's real calls are opportunities"
    for row in rows:
        details = row["opportunity"]
        assert details["deadline"] is None  # type: ignore[index]
        assert details["how_to_apply"] not in invented  # type: ignore[index]
    # The sample arrives only when asked for, and says so.
    assert main(["import", "--sample"]) == 0
    assert "SAMPLE" in capsys.readouterr().out
    rows = run_json(capsys, "opportunities", "--json", "--all")
    assert invented <= {row["opportunity"]["how_to_apply"] for row in rows}  # type: ignore[index]


def test_readme_running_for_real_never_imports_the_sample() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Running for real", 1)[1].split("\n## ", 1)[0]
    # The steps to follow are the `cagbot migrate && cagbot import ...` commands.
    imports = [
        line.split("cagbot migrate && cagbot import", 1)[1].split("`", 1)[0].strip()
        for line in section.splitlines()
        if "cagbot migrate && cagbot import" in line
    ]
    assert imports, "the section says how to load content"
    for arguments in imports:
        assert arguments.startswith("https://"), "a bare `cagbot import` loads nothing"
        assert "--sample" not in arguments


def test_search_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "--sample"]) == 0
    hits = run_json(capsys, "search", "stazhirovka", "--json", "--lang", "ru")
    assert hits, "a transliterated Russian query finds the internship"
    assert {"id", "title", "url", "language", "kind", "score"} <= set(hits[0])
    assert run_json(capsys, "search", "bitcoin price", "--json") == []


def test_opportunities_lists_only_open_ones(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "--sample"]) == 0
    open_now = run_json(capsys, "opportunities", "--json")
    everything = run_json(capsys, "opportunities", "--json", "--all")
    assert open_now
    assert all(item["opportunity"]["is_open"] for item in open_now)  # type: ignore[index]
    assert len(everything) > len(open_now)


def test_run_without_token_points_to_the_demo(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run"]) == 2
    error = capsys.readouterr().err
    assert "CAGBOT_TOKEN" in error
    assert "cagbot demo" in error


def test_bad_setting_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CAGBOT_DEFAULT_LANGUAGE", "klingon")
    assert main(["posts"]) == 2
    error = capsys.readouterr().err.strip()
    assert "CAGBOT_DEFAULT_LANGUAGE" in error
    assert len(error.splitlines()) == 1


def test_backup_then_restore(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["import", "--sample"]) == 0
    before = run_json(capsys, "posts", "--json", "--limit", "100")
    copy = tmp_path / "backups" / "copy.db"
    assert main(["backup", str(copy)]) == 0
    assert main(["backup", str(copy)]) == 2  # never overwrites
    monkeypatch.setenv("CAGBOT_DATABASE", str(copy))
    restored = run_json(capsys, "posts", "--json", "--limit", "100")
    assert restored == before


def test_migrate_reports_the_schema_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["migrate"]) == 0
    assert "schema version" in capsys.readouterr().out


async def subscribe_two(database: Path) -> None:
    from cagbot.store import Store

    store = await Store.open(database)
    try:
        for chat_id, language in ((1001, "ru"), (1002, "sv")):
            await store.subscribers.ensure(chat_id, "private", language)
            await store.subscribers.set_subscribed(chat_id, True)
    finally:
        await store.close()


def test_broadcast_previews_without_yes(
    capsys: pytest.CaptureFixture[str], isolated_env: Path
) -> None:
    import asyncio

    asyncio.run(subscribe_two(isolated_env))
    assert main(["broadcast", "--text", "Hej <alla>", "--ru", "Привет"]) == 0
    out = capsys.readouterr().out
    assert "2 recipient(s): ru 1, sv 1" in out
    assert "Привет" in out
    assert "Nothing sent" in out
    # The preview shows what each language is sent: an English common text reaches a
    # Swedish reader marked in Swedish.
    assert main(["broadcast", "--text", "Welcome to our meeting on Saturday"]) == 0
    out = capsys.readouterr().out
    assert "--- sv ---\n🌐 på engelska\n\nWelcome to our meeting on Saturday" in out
    assert "--- ru ---\n🌐 на английском\n\nWelcome" in out
    assert "not urgent" in out
    assert "may be forwarded" in out
    assert main(["broadcast", "--text", "Stängt i morgon", "--urgent", "--protect"]) == 0
    out = capsys.readouterr().out
    assert "urgent: rings during quiet hours" in out
    assert "do not forward: sent with protect_content" in out
    with pytest.raises(SystemExit) as exited:
        main(["broadcast", "--text", "x", "--topic", "no-such-topic"])
    assert exited.value.code == 2


def test_broadcast_needs_a_token_and_a_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["migrate"]) == 0
    assert main(["broadcast", "--text", "hello", "--yes"]) == 2
    assert "CAGBOT_TOKEN" in capsys.readouterr().err
    assert main(["broadcast", "--text", "   "]) == 2
    assert "empty" in capsys.readouterr().err


async def test_broadcast_sends_through_the_bot_api(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import argparse

    from cagbot.cli import cmd_broadcast
    from cagbot.devserver import Emulator, FloodLimits
    from cagbot.settings import Settings

    token = "123456789:CLI-broadcast-test-token-000000"
    await subscribe_two(isolated_env)
    async with Emulator(token=token, limits=FloodLimits.off()) as emu:
        for chat_id, language in ((1001, "ru"), (1002, "sv")):
            emu.add_user(user_id=chat_id, language_code=language)
        settings = Settings(
            token=token, api_base_url=emu.base_url, database=isolated_env, _env_file=None
        )  # type: ignore[call-arg]
        args = argparse.Namespace(
            text="Möte <i morgon>",
            sv=None,
            en=None,
            ru="Встреча завтра",
            language=None,
            topic=None,
            yes=True,
            urgent=True,
            protect=True,
        )
        assert await cmd_broadcast(settings, args) == 0
        assert [m.text for m in emu.messages(1001)] == ["Встреча завтра"]
        assert [m.text for m in emu.messages(1002)] == ["Möte <i morgon>"]
        # Urgent: rings whatever the hour (quiet hours); protected: cannot be forwarded.
        for chat_id in (1001, 1002):
            [sent] = emu.messages(chat_id)
            assert (sent.disable_notification, sent.protect_content) == (False, True)
        assert emu.violations == []
    out = capsys.readouterr().out
    assert "2 sent by this run" in out
    assert "0 handed over" in out
    assert "0 blocked the bot, 0 failed, 0 left with nobody to send them" in out


def test_search_saves_a_snapshot_and_answers_the_same_from_it(
    capsys: pytest.CaptureFixture[str], isolated_env: Path
) -> None:
    import asyncio
    import sqlite3

    assert main(["import", "--sample"]) == 0
    first = run_json(capsys, "search", "стажировка в Оше", "--json")
    with sqlite3.connect(isolated_env) as db:
        assert db.execute("SELECT count(*) FROM search_index").fetchone() == (1,)
    assert run_json(capsys, "search", "стажировка в Оше", "--json") == first

    async def fingerprint_changes() -> None:
        from cagbot.models import PostDraft
        from cagbot.store import Store

        store = await Store.open(isolated_env)
        try:
            await store.posts.upsert(
                PostDraft(
                    key="x", title="Stazhirovka v Oshe", summary="", language="ru", source="t"
                )
            )
        finally:
            await store.close()

    asyncio.run(fingerprint_changes())
    titles = [hit["title"] for hit in run_json(capsys, "search", "stazhirovka v oshe", "--json")]
    assert "Stazhirovka v Oshe" in titles  # a stale snapshot is rebuilt, never served


def test_import_says_why_each_source_failed_without_verbose(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><body>not a feed</body></html>", encoding="utf-8")
    assert main(["import", str(tmp_path / "missing.txt"), str(page)]) == 1
    captured = capsys.readouterr()
    failures = [line for line in captured.err.splitlines() if line.startswith("failed:")]
    assert failures == [
        f"failed: {tmp_path / 'missing.txt'}: no such file",
        f"failed: {page}: HTML or XML that is not an RSS or Atom feed",
    ]
    assert captured.out.splitlines()[-1] == "0 added, 0 updated, 0 unchanged, 0 skipped, 2 failed"


def test_an_exported_file_imports_back_unchanged(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["import", "--sample"]) == 0
    export = tmp_path / "export.toml"
    assert main(["opportunities", "--export", str(export)]) == 0
    capsys.readouterr()
    assert main(["import", str(export)]) == 0
    last = capsys.readouterr().out.splitlines()[-1]
    assert last.startswith("0 added, 0 updated, ")
    assert " unchanged, 0 skipped, 0 failed" in last
    assert not last.startswith("0 added, 0 updated, 0 unchanged")


def test_import_says_who_will_announce_the_new_posts(capsys: pytest.CaptureFixture[str]) -> None:
    seeds = [str(path) for path in seed_files()]
    assert main(["import", *seeds]) == 0
    # No bot has run on this database: the next one to start announces them.
    assert "The bot will announce 18 new posts when it starts." in capsys.readouterr().out
    assert main(["import", *seeds]) == 0
    assert "announce" not in capsys.readouterr().out  # nothing new


def test_read_commands_refuse_an_older_schema_and_change_nothing(
    isolated_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Installing a new release must not migrate the live database under the old bot:
    only `cagbot migrate` does. `backup` copies the old schema as it is."""
    import asyncio
    import sqlite3

    from tests.store.conftest import PREVIOUS, make_old

    asyncio.run(make_old(isolated_env))
    for command in (["posts"], ["stats"], ["search", "x"], ["opportunities"]):
        capsys.readouterr()
        assert main(command) == 1, command
        error = capsys.readouterr().err.strip()
        assert error.startswith(f"cagbot {command[0]}: "), error
        assert "run `cagbot migrate`" in error
        assert len(error.splitlines()) == 1
    copy = isolated_env.parent / "before-upgrade.db"
    assert main(["backup", str(copy)]) == 0
    assert f"(schema {PREVIOUS}, cagbot 0.2.0)" in capsys.readouterr().out
    for path in (isolated_env, copy):
        with sqlite3.connect(path) as connection:
            assert connection.execute("PRAGMA user_version").fetchone()[0] == PREVIOUS
    assert main(["migrate"]) == 0
    assert "backed up schema" in capsys.readouterr().out
