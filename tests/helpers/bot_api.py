"""The published Bot API, as facts: tests/helpers/bot_api.tsv, generated from the spec's
api.json by scripts/gen_bot_api_table.py and committed, so the spec tests run on every clone."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

TABLE = Path(__file__).with_name("bot_api.tsv")


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    required: bool
    types: frozenset[str]


@dataclass(slots=True)
class BotApi:
    version: str
    methods: dict[str, dict[str, Field]] = field(default_factory=dict)
    types: dict[str, dict[str, Field]] = field(default_factory=dict)

    def required(self, type_name: str) -> set[str]:
        """The fields a Bot API object of this type always has."""
        return {name for name, f in self.types[type_name].items() if f.required}


def parse(text: str) -> BotApi:
    version = ""
    api = BotApi(version)
    for line in text.splitlines():
        if line.startswith("#"):
            if not version and "Bot API" in line and "Generated" in line:
                version = line[2:].split(",")[0]
            continue
        kind, name, *rest = line.split("\t")
        table = api.methods if kind == "method" else api.types
        fields = table.setdefault(name, {})
        if rest:
            field_name, required, types = rest
            fields[field_name] = Field(
                field_name, required == "required", frozenset(types.split("|"))
            )
    api.version = version
    return api


@cache
def bot_api() -> BotApi:
    return parse(TABLE.read_text(encoding="utf-8"))
