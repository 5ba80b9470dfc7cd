"""A loopback fake WordPress site serving real REST responses (fixtures/wordpress)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

FIXTURES = Path(__file__).parent / "fixtures" / "wordpress"


def real_posts() -> list[dict[str, Any]]:
    posts: list[dict[str, Any]] = []
    for name in ("click9ja-embed.json", "geza-anda-wpml.json"):
        posts += json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return posts


@dataclass
class FakeWordPress:
    posts: list[dict[str, Any]] = field(default_factory=real_posts)
    announce: str = "header"  # "header", "html" or "none" (no REST API: the feed only)
    feed: bytes = b""
    requests: list[str] = field(default_factory=list)
    base: str = ""

    def etag(self) -> str:
        body = json.dumps(self.posts, sort_keys=True).encode()
        return '"' + hashlib.sha1(body, usedforsecurity=False).hexdigest() + '"'

    async def home(self, request: web.Request) -> web.Response:
        self.requests.append("home")
        api = f"{self.base}/wp-json/"
        head = "<title>Site</title>"
        headers = {}
        if self.announce == "header":
            headers["Link"] = f'<{api}>; rel="https://api.w.org/"'
        elif self.announce == "html":
            head += f'<link rel="https://api.w.org/" href="{api}" />'
        head += '<link rel="alternate" type="application/rss+xml" href="/feed/" />'
        return web.Response(
            text=f"<html><head>{head}</head><body></body></html>",
            content_type="text/html",
            headers=headers,
        )

    async def list_posts(self, request: web.Request) -> web.Response:
        query = request.query
        self.requests.append(f"posts?{request.query_string}")
        if "_embed" not in query:
            return web.json_response({"code": "missing _embed"}, status=400)
        if request.headers.get("If-None-Match") == self.etag():
            return web.Response(status=304)
        chosen = self.posts
        if "modified_after" in query:
            chosen = [p for p in chosen if p["modified_gmt"] > query["modified_after"]]
            chosen = sorted(chosen, key=lambda p: p["modified_gmt"])
        per_page = int(query.get("per_page", "10"))
        page = int(query.get("page", "1"))
        pages = max(1, -(-len(chosen) // per_page))
        if page > pages:
            return web.json_response({"code": "rest_post_invalid_page_number"}, status=400)
        body = chosen[(page - 1) * per_page : page * per_page]
        return web.json_response(
            body,
            headers={"X-WP-Total": str(len(chosen)), "X-WP-TotalPages": str(pages),
                     "ETag": self.etag()},
        )  # fmt: skip

    async def serve_feed(self, request: web.Request) -> web.Response:
        self.requests.append("feed")
        return web.Response(body=self.feed, content_type="application/rss+xml")


@asynccontextmanager
async def running(site: FakeWordPress) -> AsyncIterator[str]:
    app = web.Application()
    app.router.add_get("/", site.home)
    app.router.add_get("/wp-json/wp/v2/posts", site.list_posts)
    app.router.add_get("/feed/", site.serve_feed)
    runner = web.AppRunner(app)
    await runner.setup()
    tcp = web.TCPSite(runner, "127.0.0.1", 0)
    await tcp.start()
    port = tcp._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    site.base = f"http://127.0.0.1:{port}"
    try:
        yield site.base + "/"
    finally:
        await runner.cleanup()
