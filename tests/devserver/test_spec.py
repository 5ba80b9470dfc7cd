"""The emulator's method table agrees with the published Bot API spec (../shared)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cagbot.devserver.spec import METHODS, PRIMITIVES

API_JSON = Path(__file__).parents[2].parent / "shared" / "bot-api" / "api.json"
PACKAGE = Path(__file__).parents[2] / "cagbot" / "devserver"


@pytest.fixture(scope="module")
def api() -> dict[str, Any]:
    if not API_JSON.exists():
        pytest.skip(f"{API_JSON} not present")
    return json.loads(API_JSON.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_every_method_exists_in_the_spec(api: dict[str, Any]) -> None:
    missing = sorted(set(METHODS) - set(api["methods"]))
    assert missing == []


@pytest.mark.parametrize("method", sorted(METHODS))
def test_required_params_match_the_spec(api: dict[str, Any], method: str) -> None:
    fields = api["methods"][method].get("fields", [])
    spec_required = {f["name"] for f in fields if f["required"]}
    ours_required = {name for name, p in METHODS[method].items() if p.required}
    assert ours_required == spec_required


@pytest.mark.parametrize("method", sorted(METHODS))
def test_param_types_match_the_spec(api: dict[str, Any], method: str) -> None:
    fields = {f["name"]: f for f in api["methods"][method].get("fields", [])}
    for name, param in METHODS[method].items():
        assert name in fields, f"{method}.{name} is not in the spec"
        spec_types = set(fields[name]["types"])
        assert set(param.types) <= spec_types, f"{method}.{name}: {param.types} vs {spec_types}"
        # A JSON-decoded parameter must be a non-primitive in the spec and vice versa.
        assert param.is_json == all(t not in PRIMITIVES | {"InputFile"} for t in spec_types)


def test_package_neither_reads_nor_bundles_the_spec() -> None:
    assert not list(PACKAGE.rglob("*.json"))
    for source in PACKAGE.rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        assert "api.json" not in text, source
        assert "bot-api" not in text, source
