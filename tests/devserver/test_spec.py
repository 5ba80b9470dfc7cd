"""The emulator's method table agrees with the published Bot API spec (the committed table
tests/helpers/bot_api.tsv, generated from api.json by scripts/gen_bot_api_table.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cagbot.devserver.spec import METHODS, PRIMITIVES
from tests.helpers.bot_api import BotApi, bot_api

PACKAGE = Path(__file__).parents[2] / "cagbot" / "devserver"


@pytest.fixture(scope="module")
def api() -> BotApi:
    return bot_api()


def test_every_method_exists_in_the_spec(api: BotApi) -> None:
    missing = sorted(set(METHODS) - set(api.methods))
    assert missing == []


@pytest.mark.parametrize("method", sorted(METHODS))
def test_required_params_match_the_spec(api: BotApi, method: str) -> None:
    spec_required = {name for name, f in api.methods[method].items() if f.required}
    ours_required = {name for name, p in METHODS[method].items() if p.required}
    assert ours_required == spec_required


@pytest.mark.parametrize("method", sorted(METHODS))
def test_param_types_match_the_spec(api: BotApi, method: str) -> None:
    fields = api.methods[method]
    for name, param in METHODS[method].items():
        assert name in fields, f"{method}.{name} is not in the spec"
        spec_types = set(fields[name].types)
        assert set(param.types) <= spec_types, f"{method}.{name}: {param.types} vs {spec_types}"
        # A JSON-decoded parameter must be a non-primitive in the spec and vice versa.
        assert param.is_json == all(t not in PRIMITIVES | {"InputFile"} for t in spec_types)


def test_package_neither_reads_nor_bundles_the_spec() -> None:
    assert not list(PACKAGE.rglob("*.json"))
    for source in PACKAGE.rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        assert "api.json" not in text, source
        assert "bot-api" not in text, source
