"""callback_data: round trips, and everything stale, forged or oversized is refused."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cagbot import callbacks
from cagbot.callbacks import Callback, decode, encode


@pytest.mark.parametrize(
    ("action", "args"),
    [
        ("lat", (2,)),
        ("post", (123456789012,)),
        ("top", ("climate", 0)),
        ("opp", ("internship", 3)),
        ("lang", ("ru",)),
        ("sub", ("t", "gender")),
        ("cl", ("all",)),
        ("al", ("off",)),
        ("fq", ("weekly",)),
        ("subdone", ()),
        ("noop", ()),
        ("rem", ("on", 123456789012, "d")),
        ("rem", ("off", 7, 12)),
        ("bc", ("0123abcd", "t-climate")),
        ("bc", ("0123abcd", "z-bis")),
        ("bq", (123456789012, "r")),
        ("bp", (7, "x")),
        ("cf", ("0123abcd", "ty-internship")),
        ("cs", (123456789012, "ef-ru-title")),
        ("ca", (1, "no")),
    ],
)
def test_round_trip(action: str, args: tuple[object, ...]) -> None:
    data = encode(action, *args)
    assert len(data.encode()) <= 64
    assert decode(data) == Callback(action, tuple(str(arg) for arg in args))


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "lat|2",  # no version
        "v0|lat|2",  # an older scheme
        "v1|lat",  # missing argument
        "v1|lat|2|3",  # one too many
        "v1|lat|-1",
        "v1|lat|two",
        "v1|post|1e9",
        "v1|lang|de",
        "v1|sub|t|Climate",
        "v1|sub|x|climate",
        "v1|opp|jobs|0",
        "v1|drop|tables",
        "v1|lat|" + "1" * 70,  # oversized
        "v1|post|١٢",  # non-ASCII digits
        "v1|rem|yes|1|d",
        "v1|rem|on|1|0",  # list entries are numbered from 1
        "v1|rem|on|1|100",
        "v1|rem|on|1",
        # staff buttons: the format before the version, and what the version refuses
        "bc|0123abcd|go",
        "bq|1|p",
        "ca|1|ok",
        "v1|bc|0123ABCD|go",
        "v1|bc|0123abcd|z-lon",
        "v1|bq|1|stop",
        "v1|cs|1|ef-de-title",
        "v1|cf|0123abcd|ty-party",
    ],
)
def test_forged_or_stale_data_is_refused(data: str | None) -> None:
    assert decode(data) is None


def test_encode_refuses_what_decode_would_refuse() -> None:
    with pytest.raises(ValueError, match="invalid callback data"):
        encode("lang", "de")
    with pytest.raises(ValueError, match="invalid callback data"):
        encode("post", "1" * 60)


@given(st.text(max_size=80))
def test_decode_never_raises(data: str) -> None:
    result = decode(data)
    assert result is None or result.action in callbacks._ARGUMENTS


def test_pattern_routes_only_its_action() -> None:
    import re

    pattern = re.compile(callbacks.pattern("sub"))
    assert pattern.match("v1|sub|t|climate")
    assert not pattern.match("v1|subdone")
    assert re.match(callbacks.pattern("subdone"), "v1|subdone")
