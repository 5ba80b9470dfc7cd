"""``cagbot demo``: the real bot, offline, against the loopback Bot API emulator.

The bundled sample content is imported into a fresh database in a temporary folder, the
emulator starts on 127.0.0.1, and the same Application that ``cagbot run`` builds polls it.
A person types as a Telegram user would; inline buttons are shown as numbered choices and
chosen by typing their number. Nothing leaves the machine.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from pydantic import SecretStr

from cagbot.devserver import BotMessage, Emulator, FloodLimits, SimUser
from cagbot.settings import LANGUAGES, Settings

DEMO_TOKEN = "123456789:DEMO-offline-token-not-a-secret-00"  # noqa: S105 (emulator only)
_LANGUAGE_NAMES = {"sv": "Svenska", "en": "English", "ru": "Русский"}
# How long the bot may stay silent before the prompt returns.
_QUIET_SECONDS = 0.6
_PATIENCE_SECONDS = 8.0

HELP = """Type as you would in Telegram: /start, /help, /latest, /opportunities, /subscribe,
/language, or any question ("praktik", "стажировка", "climate"). A number presses the button
with that number ("#2" sends the text 2, which opens result 2 of a search); "@ QUERY" asks
the bot inline; /quit (or Ctrl-D) ends the demo."""


@dataclass
class _Seen:
    """What the terminal has already shown: message ids and their edit counts."""

    versions: dict[int, int] = field(default_factory=dict)
    buttons: list[tuple[BotMessage, str, str]] = field(default_factory=list)


def _render(message: BotMessage, edited: bool) -> str:
    text = message.text or ""
    links = [
        entity["url"]
        for entity in message.entities or []
        if entity.get("type") == "text_link" and entity.get("url")
    ]
    head = "bot (edited)" if edited else "bot"
    lines = [f"{head}: {text}"]
    lines += [f"      link: {url}" for url in links]
    return "\n".join(lines)


class Terminal:
    def __init__(self, emulator: Emulator, user: SimUser, output: IO[str]) -> None:
        self.emulator = emulator
        self.user = user
        self.output = output
        self.seen = _Seen()

    def say(self, text: str) -> None:
        print(text, file=self.output, flush=True)

    def _changes(self) -> list[tuple[BotMessage, bool]]:
        changed = []
        for message in self.emulator.messages(self.user.id):
            known = self.seen.versions.get(message.message_id)
            if known is None or known != message.edits:
                changed.append((message, known is not None))
                self.seen.versions[message.message_id] = message.edits
        return changed

    async def show_replies(self) -> None:
        """Print what the bot sends until it has been quiet for a moment."""
        loop = asyncio.get_running_loop()
        started = last_change = loop.time()
        shown_any = False
        while True:
            changes = self._changes()
            if changes:
                shown_any = True
                last_change = loop.time()
                for message, edited in changes:
                    self.say(_render(message, edited))
                    self._offer_buttons(message)
            now = loop.time()
            if shown_any and now - last_change > _QUIET_SECONDS:
                return
            if now - started > _PATIENCE_SECONDS:
                if not shown_any:
                    self.say("(no answer)")
                return
            await asyncio.sleep(0.05)

    def _offer_buttons(self, message: BotMessage) -> None:
        rows = message.buttons()
        if not rows:
            return
        self.seen.buttons = [
            entry for entry in self.seen.buttons if entry[0].message_id != message.message_id
        ]
        labels = []
        for row in rows:
            for text, action in row:
                self.seen.buttons.append((message, text, action or ""))
                labels.append(f"[{len(self.seen.buttons)}] {text}")
        self.say("      " + "  ".join(labels))

    async def handle(self, line: str) -> bool:
        """Act on one typed line; False ends the demo."""
        line = line.strip()
        if not line:
            return True
        if line in {"/quit", "/exit"}:
            return False
        if line == "/demo":
            self.say(HELP)
            return True
        if line.isdigit() and 1 <= int(line) <= len(self.seen.buttons):
            message, text, action = self.seen.buttons[int(line) - 1]
            if action.startswith(("http://", "https://", "mailto:", "tg://")):
                self.say(f"(a link button: {action})")
                return True
            if not action:  # copy_text, a chosen-chat share: the Telegram app's own doing
                self.say(f"(a button the Telegram app handles itself: {text})")
                return True
            self.say(f"(pressed: {text})")
            query_id = self.emulator.press(self.user, message, action)
            await self.show_replies()
            answer = self.emulator.callback_answers.get(query_id, {})
            if answer.get("text"):
                self.say(f"bot (popup): {answer['text']}")
            return True
        if line.startswith("@"):
            await self._inline(line[1:].strip())
            return True
        self.emulator.send_text(self.user, line)
        await self.show_replies()
        return True

    async def _inline(self, query: str) -> None:
        query_id = self.emulator.inline_query(self.user, query)
        with contextlib.suppress(TimeoutError):
            await self.emulator.wait_for(lambda: query_id in self.emulator.inline_answers, 5.0)
        answer = self.emulator.inline_answers.get(query_id)
        if answer is None:
            self.say("(no inline answer)")
            return
        results = answer.get("results") or []
        if not results:
            self.say("bot (inline): no results")
        for number, result in enumerate(results, 1):
            self.say(f"bot (inline) {number}. {result.get('title', '')}")


@contextlib.asynccontextmanager
async def running_bot(settings: Settings) -> AsyncIterator[Any]:
    """The real Application, polling the emulator, started and stopped cleanly."""
    from cagbot.bot.app import build_application

    application = build_application(settings)
    await application.initialize()
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(poll_interval=0.0, timeout=1)
    try:
        yield application
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()


async def _ask_language(read: Callable[[], Awaitable[str | None]], output: IO[str]) -> str:
    print("Which language does your Telegram speak?", file=output)
    for number, code in enumerate(LANGUAGES, 1):
        print(f"  {number}. {_LANGUAGE_NAMES[code]}", file=output)
    while True:
        answer = await read()
        if answer is None:
            return "en"
        answer = answer.strip().lower()
        if answer in LANGUAGES:
            return answer
        if answer.isdigit() and 1 <= int(answer) <= len(LANGUAGES):
            return LANGUAGES[int(answer) - 1]
        print("Type 1, 2 or 3.", file=output)


async def run_demo(
    settings: Settings,
    *,
    language: str | None = None,
    script: IO[str] | None = None,
    output: IO[str] = sys.stdout,
) -> int:
    from cagbot.content import import_sources
    from cagbot.paths import opportunities_file, seed_files
    from cagbot.store import Store

    source = script or sys.stdin

    async def read() -> str | None:
        # A person sees a prompt; a script's lines are echoed after it, as a transcript.
        print("> ", end="", file=output, flush=True)
        line: str = await asyncio.to_thread(source.readline)
        if not line:
            return None
        if script is not None:
            print(line.rstrip(), file=output, flush=True)
        return line

    with tempfile.TemporaryDirectory(prefix="cagbot-demo-") as folder:
        database = Path(folder) / "demo.db"
        store = await Store.open(database)
        try:
            report = await import_sources(store, [*seed_files(), opportunities_file()])
        finally:
            await store.close()
        print(f"Sample content loaded: {report.summary()}", file=output)

        async with Emulator(token=DEMO_TOKEN, limits=FloodLimits.off()) as emulator:
            user_language = language or await _ask_language(read, output)
            user = emulator.add_user(language_code=user_language, first_name="Demo")
            # model_copy skips validation: every value here is known to be valid.
            demo_settings = settings.model_copy(
                update={
                    "token": SecretStr(DEMO_TOKEN),
                    "api_base_url": emulator.base_url,
                    "database": database,
                    "admin_ids": frozenset({user.id}),
                    "feeds": (),
                }
            )
            async with running_bot(demo_settings):
                terminal = Terminal(emulator, user, output)
                print(HELP, file=output)
                await terminal.handle("/start")
                while True:
                    line = await read()
                    if line is None or not await terminal.handle(line):
                        break
            if emulator.violations:
                print(f"Bot API violations: {len(emulator.violations)}", file=output)
                for violation in emulator.violations:
                    print(f"  {violation.method}: {violation.description}", file=output)
                return 1
    print("Bye.", file=output)
    return 0
