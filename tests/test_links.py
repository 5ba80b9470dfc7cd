"""Links as Telegram takes them for a button, and never into a private network."""

from __future__ import annotations

import pytest

from cagbot.content.calls import CallError, parse_apply
from cagbot.links import is_web_url, web_url


@pytest.mark.parametrize(
    "url",
    [
        "https://centralasien.se/ansok/praktik-osh",
        "http://example.org",
        "https://xn--e1afmkfd.xn--p1ai/путь?q=1#top",
        "https://sub.example.kg:8443/a/b?c=d&e=f",
        "https://8.8.8.8/page",
    ],
)
def test_public_web_links_pass(url: str) -> None:
    assert web_url(url) == url


@pytest.mark.parametrize(
    "url",
    [
        None,
        "",
        "https://example.org/a b",  # a space
        'https://example.org/"quoted"',
        "https://example.org/<script>",
        "https://intranet/",  # a host without a dot
        "https://example./",
        "http://127.0.0.1:8080/admin",
        "http://localhost/",
        "http://10.0.0.5/",
        "http://192.168.1.1/router",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/",
        "https://example.org/\u202egnp.exe",  # a right-to-left override
        "https://exam\u200bple.org/",  # a zero-width space
        "https://example.org/\x00",
        "https://user:pass@example.org/",
        "https://example.org:notaport/",
        "javascript:alert(1)",
        "ftp://example.org/file",
        "mailto:info@example.org",
        "tg://resolve?domain=x",
        "https://example.org/" + "a" * 3000,
        "https://router.local/",
    ],
)
def test_links_telegram_refuses_or_that_point_inside_are_refused(url: str | None) -> None:
    assert not is_web_url(url)


@pytest.mark.parametrize(
    "text", ["https://example.org/a b", "http://127.0.0.1:8080/admin", "https://intranet/x"]
)
def test_newcall_refuses_a_link_telegram_would_refuse(text: str) -> None:
    with pytest.raises(CallError):
        parse_apply(text)
