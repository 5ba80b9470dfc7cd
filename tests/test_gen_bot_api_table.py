"""scripts/gen_bot_api_table.py: the committed Bot API table is what it writes from an api.json,
and the table keeps the source's licence notice."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from tests.helpers.bot_api import TABLE, bot_api, parse

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "gen_bot_api_table.py"

SPEC = {
    "version": "Bot API 99.1",
    "release_date": "January 1, 2030",
    "changelog": "",
    "methods": {
        "getMe": {"name": "getMe", "returns": ["User"]},
        "sendMessage": {
            "name": "sendMessage",
            "fields": [
                {"name": "chat_id", "types": ["Integer", "String"], "required": True},
                {"name": "text", "types": ["String"], "required": True},
                {"name": "entities", "types": ["Array of MessageEntity"], "required": False},
            ],
        },
    },
    "types": {
        "User": {
            "name": "User",
            "fields": [{"name": "id", "types": ["Integer"], "required": True}],
        },
        "InputFile": {"name": "InputFile"},
    },
}


@pytest.fixture
def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_bot_api_table", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def api_json(tmp_path: Path) -> Path:
    path = tmp_path / "api.json"
    path.write_text(json.dumps(SPEC), encoding="utf-8")
    (tmp_path / "LICENSE").write_text("MIT License\n\nCopyright (c) 2030 Someone\n")
    return path


def test_the_table_holds_the_spec_facts(script: ModuleType, api_json: Path, tmp_path: Path) -> None:
    out = tmp_path / "table.tsv"
    assert script.main([str(api_json), "--out", str(out)]) == 0
    api = parse(out.read_text(encoding="utf-8"))
    assert api.version == "Bot API 99.1"
    assert api.methods["getMe"] == {}
    send = api.methods["sendMessage"]
    assert [(f.name, f.required) for f in send.values()] == [
        ("chat_id", True),
        ("text", True),
        ("entities", False),
    ]
    assert send["chat_id"].types == {"Integer", "String"}
    assert send["entities"].types == {"Array of MessageEntity"}
    assert api.required("User") == {"id"}
    assert api.types["InputFile"] == {}
    assert "# Copyright (c) 2030 Someone" in out.read_text(encoding="utf-8")


def test_check_tells_a_stale_table(script: ModuleType, api_json: Path, tmp_path: Path) -> None:
    out = tmp_path / "table.tsv"
    assert script.main([str(api_json), "--out", str(out), "--check"]) == 1
    script.main([str(api_json), "--out", str(out)])
    assert script.main([str(api_json), "--out", str(out), "--check"]) == 0


def test_the_committed_table_keeps_the_mit_notice() -> None:
    header = [line for line in TABLE.read_text(encoding="utf-8").splitlines() if line[:1] == "#"]
    text = "\n".join(header)
    assert "MIT License" in text
    assert "Copyright (c) 2020 Paul Larsen" in text
    assert "Permission is hereby granted" in text
    assert len(bot_api().methods) > 100
