"""The emulator: an aiohttp server speaking the Bot API, plus the test-side controls."""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Any, TypeVar

from aiohttp import web

from cagbot.devserver import rules
from cagbot.devserver.errors import ApiError, bad_request
from cagbot.devserver.faults import Faults
from cagbot.devserver.files import Files
from cagbot.devserver.limits import FloodControl, FloodLimits
from cagbot.devserver.model import BotMessage, JsonDict, SimChat, SimUser, Stats, Violation
from cagbot.devserver.spec import CANONICAL, METHODS, SENDS, Param
from cagbot.devserver.text import utf16_len

DEFAULT_TOKEN = "123456:TEST-token-aaaaaaaaaaaaaaaaaaaa"  # noqa: S105 - a fake
_PATH_RE = re.compile(r"/bot([^/]+)/([A-Za-z]+)/?")
_FILE_RE = re.compile(r"/file/bot([^/]+)/(.+)")
_INT_RE = re.compile(r"-?\d+")
_USERNAME_RE = re.compile(r"@[A-Za-z][A-Za-z0-9_]{3,31}")
_DEFAULT_OUTAGE = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}

#: Telegram's default when allowed_updates is empty: everything but these.
_OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_MAX_NOTES = 1000
_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
_QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
_SUPERGROUP_BASE = -1_000_000_000_000

Handler = Callable[[JsonDict], Awaitable[Any]]
_T = TypeVar("_T")

_PHOTO = re.compile(r"https?://\S+|[A-Za-z0-9_-]{10,}")


class _Drop(Exception):
    """Close the connection without answering."""


class Emulator:
    """A loopback Bot API server for one bot token, with simulated users and chats.

    ``record_messages=False`` keeps only counters (for 100k-chat benchmarks);
    ``max_messages_per_chat`` keeps just the newest messages of each chat.
    """

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        limits: FloodLimits | None = None,
        bot_username: str = "cagbot_test_bot",
        bot_first_name: str = "cagbot",
        *,
        record_messages: bool = True,
        max_messages_per_chat: int | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        bot_id, sep, _ = token.partition(":")
        if not sep or not bot_id.isdigit():
            raise ValueError("token must look like '<bot id>:<secret>'")
        self.token = token
        self.bot_id = int(bot_id)
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        self.limits = limits if limits is not None else FloodLimits()
        self.record_messages = record_messages
        self.max_messages_per_chat = max_messages_per_chat
        self.faults = Faults(self)
        #: Files users sent (voice notes), for getFile and downloads.
        self.files = Files()
        self.stats = Stats()
        self.violations: list[Violation] = []
        #: Parameters Telegram would silently ignore, as "method: param" (bounded).
        self.notes: list[str] = []
        self.callback_answers: dict[str, JsonDict] = {}
        self.inline_answers: dict[str, JsonDict] = {}
        self.users: dict[int, SimUser] = {}
        self.chats: dict[int, SimChat] = {}
        self.descriptions: dict[str, str] = {}
        self.short_descriptions: dict[str, str] = {}
        self.menu_buttons: dict[int | None, JsonDict] = {}
        self.webhook_url = ""
        self.base_url = ""
        self.port = 0
        self._clock = clock
        self._flood = FloodControl(self.limits)
        self._messages: dict[int, dict[int, BotMessage]] = {}
        self._deleted: set[tuple[int, int]] = set()
        self._commands: dict[tuple[str, str], list[JsonDict]] = {}
        self._updates: deque[JsonDict] = deque()
        self._update_ids = itertools.count(1)
        self._allowed: frozenset[str] | None = None
        self._callback_queries: dict[str, JsonDict] = {}
        self._inline_queries: dict[str, JsonDict] = {}
        self._query_ids = itertools.count(4_000_000_000_000_001)
        self._user_ids = itertools.count(100_001)
        self._group_ids = itertools.count(1)
        self._read_cursor: dict[int, int] = {}
        self._edit_cursor: dict[tuple[int, int], int] = {}
        self._poll_waiters: set[asyncio.Event] = set()
        self._activity: set[asyncio.Event] = set()
        self._poll_generation = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread: int | None = None
        self._stopping: asyncio.Event | None = None
        self._runner: web.AppRunner | None = None
        self._noted: set[str] = set()

    # -- lifecycle --------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._loop = asyncio.get_running_loop()
        self._loop_thread = threading.get_ident()
        self._stopping = asyncio.Event()
        app = web.Application(client_max_size=16 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        sockname = self._runner.addresses[0]
        self.port = int(sockname[1])
        self.base_url = f"http://{host}:{self.port}/bot"

    async def stop(self) -> None:
        if self._runner is None:
            return
        if self._stopping is not None:
            self._stopping.set()
        self._wake_pollers()
        await self._runner.cleanup()
        self._runner = None

    async def __aenter__(self) -> Emulator:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    def set_limits(self, limits: FloodLimits) -> None:
        """Replace the flood limits (and forget the sends counted so far)."""
        self.limits = limits
        self._flood = FloodControl(limits)

    @property
    def bot_user(self) -> JsonDict:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    # -- simulated users and chats ----------------------------------------------------------

    def add_user(
        self,
        first_name: str = "User",
        language_code: str | None = "en",
        username: str | None = None,
        user_id: int | None = None,
        last_name: str | None = None,
        started: bool = True,
    ) -> SimUser:
        """A user and their private chat with the bot (chat id == user id)."""
        uid = user_id if user_id is not None else next(self._user_ids)
        user = SimUser(uid, first_name, language_code, username, last_name, started)
        self.users[uid] = user
        self.chats[uid] = SimChat(
            uid, "private", username=username, first_name=first_name, last_name=last_name
        )
        return user

    def add_group(
        self,
        title: str = "Group",
        admins: list[SimUser] | None = None,
        supergroup: bool = False,
        members: list[SimUser] | None = None,
        bot_is_admin: bool = False,
        chat_id: int | None = None,
        username: str | None = None,
    ) -> SimChat:
        """A group (negative id) or supergroup (-100...) the bot is a member of."""
        n = next(self._group_ids)
        cid = chat_id if chat_id is not None else (_SUPERGROUP_BASE - n if supergroup else -n)
        admin_ids = [u.id for u in admins or []]
        member_ids = set(admin_ids) | {u.id for u in members or []}
        chat = SimChat(
            cid,
            "supergroup" if supergroup else "group",
            title=title,
            admins=admin_ids,
            members=member_ids,
            username=username,
            bot_is_admin=bot_is_admin,
        )
        self.chats[cid] = chat
        return chat

    def add_channel(
        self,
        title: str = "Channel",
        username: str | None = None,
        *,
        bot_is_admin: bool = True,
        can_post_messages: bool = True,
        chat_id: int | None = None,
    ) -> SimChat:
        """A channel (-100... id); the bot posts only as an admin with can_post_messages."""
        cid = chat_id if chat_id is not None else _SUPERGROUP_BASE - next(self._group_ids)
        chat = SimChat(
            cid,
            "channel",
            title=title,
            username=username,
            bot_is_admin=bot_is_admin,
            bot_can_post=can_post_messages,
        )
        self.chats[cid] = chat
        return chat

    def add_forum(
        self, title: str = "Forum", admins: list[SimUser] | None = None, **options: Any
    ) -> SimChat:
        """A supergroup with topics (add them with :meth:`add_topic`)."""
        chat = self.add_group(title, admins=admins, supergroup=True, **options)
        chat.is_forum = True
        return chat

    def add_topic(self, forum: SimChat) -> int:
        """A new forum topic (in a forum, or in a user's private chat with the bot in
        forum topic mode); its message_thread_id (the id of its creating message)."""
        thread_id = forum.next_message_id()
        forum.topics.add(thread_id)
        return thread_id

    def _migrate_group(self, group_id: int, notify: bool = True) -> int:
        old = self.chats.get(group_id)
        if old is None or old.type != "group":
            raise ValueError(f"{group_id} is not a basic group")
        new = self.add_group(
            title=old.title or "",
            supergroup=True,
            bot_is_admin=old.bot_is_admin,
        )
        new.admins = list(old.admins)
        new.members = set(old.members)
        self.faults.migrated[group_id] = new.id
        if notify:
            sender = self.users.get(old.admins[0]) if old.admins else None
            base: JsonDict = {"date": int(time.time())}
            if sender is not None:
                base["from"] = sender.to_api()
            self.inject(
                {
                    "message": {
                        **base,
                        "message_id": old.next_message_id(),
                        "chat": old.to_api(),
                        "migrate_to_chat_id": new.id,
                    }
                }
            )
            self.inject(
                {
                    "message": {
                        **base,
                        "message_id": new.next_message_id(),
                        "chat": new.to_api(),
                        "migrate_from_chat_id": group_id,
                    }
                }
            )
        return new.id

    # -- injecting updates ------------------------------------------------------------------

    def inject(self, update: JsonDict) -> int:
        """Queue a raw update (an ``update_id`` is assigned) and wake long polls."""
        update_id = next(self._update_ids)
        update = {"update_id": update_id, **{k: v for k, v in update.items() if k != "update_id"}}
        self._updates.append(update)
        self._wake_pollers()
        return update_id

    def send_text(
        self,
        user: SimUser,
        text: str,
        chat: SimChat | None = None,
        reply_to: BotMessage | int | None = None,
        thread_id: int | None = None,
    ) -> JsonDict:
        """The user writes ``text`` (a /command gets a bot_command entity), in a forum
        topic with ``thread_id``; returns the message."""
        target = chat if chat is not None else self.chats[user.id]
        if target.type == "private":
            user.started = True
            self.faults.unblock(user)
        else:
            target.members.add(user.id)
        message: JsonDict = {
            "message_id": target.next_message_id(),
            "from": user.to_api(),
            "chat": target.to_api(),
            "date": int(time.time()),
            "text": text,
        }
        if thread_id is not None:
            message["message_thread_id"] = thread_id
            message["is_topic_message"] = True
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0] if text.strip() else text
            message["entities"] = [
                {"type": "bot_command", "offset": 0, "length": utf16_len(command)}
            ]
        if reply_to is not None:
            replied = (
                reply_to
                if isinstance(reply_to, BotMessage)
                else self._messages.get(target.id, {}).get(reply_to)
            )
            if replied is not None:
                message["reply_to_message"] = replied.to_api(target.to_api(), self.bot_user)
        self.inject({"message": message})
        return message

    def send_photo(
        self, user: SimUser, file_id: str, caption: str | None = None, chat: SimChat | None = None
    ) -> JsonDict:
        """The user sends a photo (as Telegram delivers it: sizes with a shared file_id
        prefix, the largest last) with an optional plain-text caption."""
        target = chat if chat is not None else self.chats[user.id]
        if target.type == "private":
            user.started = True
        else:
            target.members.add(user.id)
        message: JsonDict = {
            "message_id": target.next_message_id(),
            "from": user.to_api(),
            "chat": target.to_api(),
            "date": int(time.time()),
            "photo": [
                {
                    "file_id": f"{file_id}-s",
                    "file_unique_id": f"{file_id}s",
                    "width": 90,
                    "height": 90,
                },
                {
                    "file_id": file_id,
                    "file_unique_id": f"{file_id}x",
                    "width": 1280,
                    "height": 1280,
                },
            ],
        }
        if caption is not None:
            message["caption"] = caption
        self.inject({"message": message})
        return message

    def send_voice(
        self,
        user: SimUser,
        audio: bytes,
        duration: int,
        *,
        mime_type: str = "audio/ogg",
        file_size: int | None = None,
    ) -> JsonDict:
        """The user records a voice note of ``duration`` seconds in their private chat;
        its bytes are served by getFile and the file URL. ``file_size``: claim another
        size (a file too big to download) than the bytes held."""
        target = self.chats[user.id]
        user.started = True
        stored = self.files.add(audio, "voice", "oga", file_size)
        message: JsonDict = {
            "message_id": target.next_message_id(),
            "from": user.to_api(),
            "chat": target.to_api(),
            "date": int(time.time()),
            "voice": {
                "file_id": stored.file_id,
                "file_unique_id": stored.unique_id,
                "duration": duration,
                "mime_type": mime_type,
                "file_size": stored.size,
            },
        }
        self.inject({"message": message})
        return message

    def edit_text(self, user: SimUser, message: JsonDict, text: str) -> JsonDict:
        """The user edits one of their messages; injects an ``edited_message`` update."""
        edited = {**message, "text": text, "edit_date": int(time.time())}
        edited.pop("entities", None)
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            edited["entities"] = [
                {"type": "bot_command", "offset": 0, "length": utf16_len(command)}
            ]
        self.inject({"edited_message": edited})
        return edited

    def press(self, user: SimUser, message: BotMessage, data: str, *, forge: bool = False) -> str:
        """The user presses the button carrying ``data`` on ``message``; returns the query id.

        Raises ValueError if no such button is on the message's current keyboard, unless
        ``forge`` (a stale or hand-made callback, as a malicious client could send).
        """
        current = self._messages.get(message.chat_id, {}).get(message.message_id, message)
        if not forge and data not in current.callback_data():
            raise ValueError(
                f"message {current.message_id} in chat {current.chat_id} has no button with "
                f"callback_data {data!r}; buttons: {current.buttons()}"
            )
        chat = self.chats[current.chat_id]
        query_id = str(next(self._query_ids))
        query: JsonDict = {
            "id": query_id,
            "from": user.to_api(),
            "chat_instance": str(abs(chat.id) * 7919 % 1_000_000_007),
            "data": data,
            "message": current.to_api(chat.to_api(), self.bot_user),
        }
        self._callback_queries[query_id] = query
        self.inject({"callback_query": query})
        return query_id

    def inline_query(
        self, user: SimUser, query: str, offset: str = "", chat_type: str | None = "sender"
    ) -> str:
        """The user types ``@bot query``; returns the inline query id."""
        query_id = str(next(self._query_ids))
        payload: JsonDict = {
            "id": query_id,
            "from": user.to_api(),
            "query": query,
            "offset": offset,
        }
        if chat_type is not None:
            payload["chat_type"] = chat_type
        self._inline_queries[query_id] = payload
        self.inject({"inline_query": payload})
        return query_id

    def pending_updates(self) -> int:
        return len(self._updates)

    # -- reading what the bot did -----------------------------------------------------------

    def messages(self, chat_id: int) -> list[BotMessage]:
        """The bot's messages in the chat, oldest first, in their current (edited) state."""
        return list(self._messages.get(chat_id, {}).values())

    def message(self, chat_id: int, message_id: int) -> BotMessage | None:
        return self._messages.get(chat_id, {}).get(message_id)

    def commands(self, scope: JsonDict | None = None, language_code: str = "") -> list[JsonDict]:
        """The bot's command list for exactly this scope and language, as setMyCommands left it."""
        return list(self._commands.get((_scope_key(scope), language_code), []))

    async def next_message(self, chat_id: int, timeout: float = 5.0) -> BotMessage:  # noqa: ASYNC109
        """The oldest bot message in the chat not yet returned by this method."""

        def find() -> BotMessage | None:
            cursor = self._read_cursor.get(chat_id, 0)
            for message_id, msg in self._messages.get(chat_id, {}).items():
                if message_id > cursor:
                    self._read_cursor[chat_id] = message_id
                    return msg
            return None

        return await self._wait(find, timeout, f"no new bot message in chat {chat_id}")

    async def next_edit(self, chat_id: int, message_id: int, timeout: float = 5.0) -> BotMessage:  # noqa: ASYNC109
        """The message once it has been edited more times than when last returned here."""
        key = (chat_id, message_id)

        def find() -> BotMessage | None:
            msg = self._messages.get(chat_id, {}).get(message_id)
            if msg is not None and msg.edits > self._edit_cursor.get(key, 0):
                self._edit_cursor[key] = msg.edits
                return msg
            return None

        return await self._wait(find, timeout, f"message {message_id} in chat {chat_id} not edited")

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Wait until ``predicate()`` is truthy (re-checked on every bot request)."""

        def find() -> bool | None:
            return True if predicate() else None

        await self._wait(find, timeout, "condition not met")

    async def _wait(self, find: Callable[[], _T | None], timeout: float, what: str) -> _T:  # noqa: ASYNC109
        event = asyncio.Event()
        self._activity.add(event)
        try:
            async with asyncio.timeout(timeout):
                while True:
                    event.clear()
                    found = find()
                    if found is not None:
                        return found
                    # Wake on bot activity, and poll now and then for test-side state.
                    try:
                        async with asyncio.timeout(0.05):
                            await event.wait()
                    except TimeoutError:
                        pass
        except TimeoutError:
            raise TimeoutError(f"after {timeout} s: {what}") from None
        finally:
            self._activity.discard(event)

    # -- HTTP -------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        if (f := _FILE_RE.fullmatch(request.path)) is not None:
            return self._download(f.group(1), f.group(2))
        m = _PATH_RE.fullmatch(request.path)
        if m is None:
            return _error(ApiError(404, "Not Found"))
        if m.group(1) != self.token:
            return _error(ApiError(401, "Unauthorized"))
        name = CANONICAL.get(m.group(2).lower())
        if name is None:
            return _error(ApiError(404, "Not Found"))
        lower = name.lower()
        self.stats.requests[name] += 1
        raw: JsonDict = {}
        try:
            raw = await _read_params(request)
            if self.faults.take_drop(lower):
                raise _Drop
            if (outage := self.faults.in_outage(lower)) is not None:
                raise ApiError(outage, _DEFAULT_OUTAGE.get(outage, f"Error {outage}"))
            delay = self.faults.delays.get(lower)
            if delay:
                await self._sleep(delay)
            params = self._coerce(name, raw)
            chat_id = params.get("chat_id")
            fault = self.faults.take_scripted(lower, chat_id if isinstance(chat_id, int) else None)
            if fault is not None:
                if fault.drop:
                    raise _Drop
                if fault.raw_body is not None:  # a malformed, non-JSON answer
                    return web.Response(
                        status=fault.error_code, text=fault.render_raw(str(request.url))
                    )
                parameters: JsonDict = {}
                if fault.retry_after is not None:
                    parameters["retry_after"] = fault.retry_after
                if fault.migrate_to_chat_id is not None:
                    parameters["migrate_to_chat_id"] = fault.migrate_to_chat_id
                raise ApiError(fault.error_code, fault.description, parameters or None)
            if self.faults.roll_5xx(lower, lower in SENDS):
                raise ApiError(502, "Bad Gateway")
            handler: Handler = getattr(self, f"_m_{name}")
            result = await handler(params)
        except _Drop:
            self.stats.faults_injected += 1
            if request.transport is not None:
                request.transport.abort()
            raise asyncio.CancelledError from None
        except ApiError as exc:
            if exc.violation:
                self.violations.append(Violation(name, exc.description, raw, exc.error_code))
                self.stats.violations += 1
            elif exc.error_code == 429:
                self.stats.flood_429 += 1
            elif exc.error_code != 409:
                self.stats.faults_injected += 1
            return _error(exc)
        finally:
            self._notify_activity()
        return web.json_response({"ok": True, "result": result})

    async def _sleep(self, seconds: float) -> None:
        assert self._stopping is not None
        try:
            async with asyncio.timeout(seconds):
                await self._stopping.wait()
        except TimeoutError:
            pass

    def _coerce(self, name: str, raw: JsonDict) -> JsonDict:
        spec = METHODS[name]
        params: JsonDict = {}
        for key, value in raw.items():
            param = spec.get(key)
            if param is None:
                self._note(f"{name}: ignored unknown parameter {key!r}")
                continue
            params[key] = _coerce_value(key, value, param)
        for key, param in spec.items():
            if param.required and (key not in params or params[key] == ""):
                raise bad_request(_missing(key))
        return params

    def _note(self, note: str) -> None:
        if note not in self._noted and len(self.notes) < _MAX_NOTES:
            self._noted.add(note)
            self.notes.append(note)

    def _wake(self, events: set[asyncio.Event]) -> None:
        if not events:
            return
        if self._loop is not None and threading.get_ident() != self._loop_thread:
            for event in list(events):
                self._loop.call_soon_threadsafe(event.set)
        else:
            for event in list(events):
                event.set()

    def _wake_pollers(self) -> None:
        self._wake(self._poll_waiters)

    def _notify_activity(self) -> None:
        self._wake(self._activity)

    # -- shared checks ----------------------------------------------------------------------

    def _chat(self, chat_id: int | str, *, sending: bool = True) -> SimChat:
        if isinstance(chat_id, str):
            chat = next(
                (c for c in self.chats.values() if c.username and f"@{c.username}" == chat_id),
                None,
            )
            if chat is None:
                raise bad_request("chat not found")
            chat_id = chat.id
        if chat_id in self.faults.forgotten:
            raise ApiError(400, "Bad Request: chat not found")
        if chat_id in self.faults.migrated:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": self.faults.migrated[chat_id]},
            )
        found = self.chats.get(chat_id)
        if found is None:
            raise bad_request("chat not found")
        if sending and found.type == "private":
            if chat_id in self.faults.blocked:
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            user = self.users.get(chat_id)
            if user is not None and not user.started:
                raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        return found

    @staticmethod
    def _check_rights(chat: SimChat) -> None:
        # A deployment's fault (the bot was not given the rights), not a rule the bot broke.
        if chat.type == "private":
            return
        kind = (
            "channel"
            if chat.type == "channel"
            else "supergroup"
            if chat.type == "supergroup"
            else "group"
        )
        if not chat.bot_member:
            raise ApiError(403, f"Forbidden: bot is not a member of the {kind} chat")
        if chat.type == "channel" and not (chat.bot_is_admin and chat.bot_can_post):
            raise ApiError(400, "Bad Request: need administrator rights in the channel chat")
        if chat.bot_restricted:
            raise ApiError(400, "Bad Request: not enough rights to send text messages to the chat")

    def _check_flood(self, chat: SimChat, params: JsonDict) -> None:
        retry = self._flood.check(
            chat.id, chat.type == "private", bool(params.get("allow_paid_broadcast")), self._clock()
        )
        if retry is not None:
            raise ApiError(429, f"Too Many Requests: retry after {retry}", {"retry_after": retry})

    def _accept_send(self) -> None:
        self.stats.sends_accepted += 1
        self.stats.send_times.append(self._clock())

    def _store(self, msg: BotMessage) -> None:
        self.stats.delivered[msg.chat_id] += 1
        if not self.record_messages:
            return
        chat_messages = self._messages.setdefault(msg.chat_id, {})
        chat_messages[msg.message_id] = msg
        cap = self.max_messages_per_chat
        if cap is not None and len(chat_messages) > cap:
            del chat_messages[next(iter(chat_messages))]

    def _editable(self, params: JsonDict) -> tuple[SimChat, BotMessage]:
        if "chat_id" not in params:
            raise bad_request("chat_id is empty")
        if "message_id" not in params:
            raise bad_request("message identifier is not specified")
        chat = self._chat(params["chat_id"])
        message_id = params["message_id"]
        msg = self._messages.get(chat.id, {}).get(message_id)
        if msg is None:
            if self.record_messages or message_id > chat.last_message_id:
                raise bad_request("message to edit not found")
            msg = BotMessage(message_id, chat.id, None, date=int(time.time()))
        return chat, msg

    def _reply_markup(self, params: JsonDict, *, inline_only: bool = False) -> JsonDict | None:
        markup = params.get("reply_markup")
        if markup is None:
            return None
        rules.check_reply_markup(markup, inline_only=inline_only)
        return dict(markup)

    def _send(
        self,
        chat: SimChat,
        params: JsonDict,
        *,
        kind: str,
        text: str | None,
        raw_text: str | None,
        entities: list[JsonDict] | None,
        markup: JsonDict | None,
    ) -> JsonDict:
        self._check_rights(chat)
        thread_id = params.get("message_thread_id")
        # A forum's topics, or (bots in forum topic mode) a private chat's: both are
        # SimChat.topics. Without a thread id the message lands in General / outside topics.
        forum = chat.is_forum or chat.type == "private"
        if thread_id is not None and (not forum or thread_id not in chat.topics):
            raise bad_request("message thread not found")
        self._check_flood(chat, params)
        reply = params.get("reply_parameters")
        msg = BotMessage(
            message_id=chat.next_message_id(),
            chat_id=chat.id,
            text=text,
            parse_mode=params.get("parse_mode"),
            reply_markup=markup,
            date=int(time.time()),
            kind=kind,
            entities=entities or None,
            raw_text=raw_text if raw_text != text else None,
            reply_to_message_id=reply.get("message_id") if isinstance(reply, dict) else None,
            message_thread_id=thread_id,
            disable_notification=params.get("disable_notification") is True,
            protect_content=params.get("protect_content") is True,
        )
        self._store(msg)
        self._accept_send()
        return msg.to_api(chat.to_api(), self.bot_user)

    # -- methods ----------------------------------------------------------------------------

    async def _m_getMe(self, params: JsonDict) -> JsonDict:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _m_getFile(self, params: JsonDict) -> JsonDict:
        return self.files.get_file(str(params["file_id"]))

    def _download(self, token: str, path: str) -> web.Response:
        """``GET /file/bot<token>/<file_path>``: the file's bytes (404 when unknown)."""
        if token != self.token:
            return _error(ApiError(401, "Unauthorized"))
        data = self.files.download(path)
        if data is None:
            return _error(ApiError(404, "Not Found"))
        return web.Response(body=data, content_type="application/octet-stream")

    async def _m_logOut(self, params: JsonDict) -> bool:
        return True

    async def _m_close(self, params: JsonDict) -> bool:
        return True

    async def _m_getUpdates(self, params: JsonDict) -> list[JsonDict]:
        if self.webhook_url:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        allowed = params.get("allowed_updates")
        if allowed is not None:
            if not isinstance(allowed, list) or not all(isinstance(a, str) for a in allowed):
                raise bad_request("can't parse allowed_updates JSON array")
            self._allowed = frozenset(allowed) if allowed else None
        offset = params.get("offset", 0)
        if offset > 0:
            while self._updates and self._updates[0]["update_id"] < offset:
                self._updates.popleft()
        elif offset < 0:
            while len(self._updates) > -offset:
                self._updates.popleft()
        limit = min(max(params.get("limit", 100), 1), 100)
        timeout = max(params.get("timeout", 0), 0)
        self._poll_generation += 1
        generation = self._poll_generation
        self._wake_pollers()  # an older long poll is terminated by this one
        event = asyncio.Event()
        self._poll_waiters.add(event)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        assert self._stopping is not None
        try:
            while True:
                event.clear()
                if generation != self._poll_generation:
                    raise ApiError(
                        409,
                        "Conflict: terminated by other getUpdates request; make sure that "
                        "only one bot instance is running",
                    )
                batch = self._take_updates(limit)
                remaining = deadline - loop.time()
                if batch or remaining <= 0 or self._stopping.is_set():
                    return batch
                try:
                    async with asyncio.timeout(remaining):
                        await event.wait()
                except TimeoutError:
                    pass
        finally:
            self._poll_waiters.discard(event)

    def _take_updates(self, limit: int) -> list[JsonDict]:
        allowed = self._allowed
        if allowed is not None or any(_update_type(u) in _OPT_IN_UPDATES for u in self._updates):
            # Telegram never produces updates of types the bot did not ask for.
            def keep(update: JsonDict) -> bool:
                kind = _update_type(update)
                return kind in allowed if allowed is not None else kind not in _OPT_IN_UPDATES

            self._updates = deque(u for u in self._updates if keep(u))
        return list(itertools.islice(self._updates, limit))

    async def _m_setWebhook(self, params: JsonDict) -> bool:
        url = params["url"]
        if not url.startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        self.webhook_url = url
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _m_deleteWebhook(self, params: JsonDict) -> bool:
        self.webhook_url = ""
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _m_getWebhookInfo(self, params: JsonDict) -> JsonDict:
        return {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    async def _m_sendMessage(self, params: JsonDict) -> JsonDict:
        chat = self._chat(params["chat_id"])
        raw_text = params["text"]
        text, entities = rules.check_text(raw_text, params.get("parse_mode"))
        if not params.get("parse_mode") and isinstance(params.get("entities"), list):
            entities = params["entities"]
        markup = self._reply_markup(params)
        return self._send(
            chat,
            params,
            kind="text",
            text=text,
            raw_text=raw_text,
            entities=entities,
            markup=markup,
        )

    async def _m_sendPhoto(self, params: JsonDict) -> JsonDict:
        chat = self._chat(params["chat_id"])
        photo = params.get("photo")
        # Telegram fetches an http(s) URL itself and takes a file_id as is; anything else is
        # refused, which lets tests exercise a sender's fallback for a picture that fails.
        if not isinstance(photo, str) or not _PHOTO.fullmatch(photo):
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        caption, entities = None, None
        if "caption" in params:
            caption, entities = rules.check_text(
                params["caption"], params.get("parse_mode"), caption=True
            )
        markup = self._reply_markup(params)
        return self._send(
            chat,
            params,
            kind="photo",
            text=caption,
            raw_text=params.get("caption"),
            entities=entities,
            markup=markup,
        )

    async def _m_editMessageText(self, params: JsonDict) -> JsonDict | bool:
        if "inline_message_id" in params:
            rules.check_text(params["text"], params.get("parse_mode"))
            self._reply_markup(params, inline_only=True)
            return True
        chat, msg = self._editable(params)
        if msg.kind != "text":
            raise bad_request("there is no text in the message to edit")
        text, entities = rules.check_text(params["text"], params.get("parse_mode"))
        markup = self._reply_markup(params, inline_only=True)
        if msg.text == text and (msg.entities or []) == entities and msg.reply_markup == markup:
            raise bad_request(_NOT_MODIFIED)
        self._check_flood(chat, params)
        msg.text, msg.entities, msg.reply_markup = text, entities or None, markup
        msg.parse_mode = params.get("parse_mode")
        msg.raw_text = params["text"] if params["text"] != text else None
        msg.edits += 1
        self._accept_send()
        return msg.to_api(chat.to_api(), self.bot_user)

    async def _m_editMessageCaption(self, params: JsonDict) -> JsonDict | bool:
        caption = params.get("caption", "")
        if "inline_message_id" in params:
            rules.check_text(caption, params.get("parse_mode"), caption=True)
            return True
        chat, msg = self._editable(params)
        if msg.kind == "text":
            raise bad_request("there is no caption in the message to edit")
        text, entities = rules.check_text(caption, params.get("parse_mode"), caption=True)
        markup = self._reply_markup(params, inline_only=True)
        if msg.text == text and (msg.entities or []) == entities and msg.reply_markup == markup:
            raise bad_request(_NOT_MODIFIED)
        self._check_flood(chat, params)
        msg.text, msg.entities, msg.reply_markup = text or None, entities or None, markup
        msg.edits += 1
        self._accept_send()
        return msg.to_api(chat.to_api(), self.bot_user)

    async def _m_editMessageReplyMarkup(self, params: JsonDict) -> JsonDict | bool:
        if "inline_message_id" in params:
            self._reply_markup(params, inline_only=True)
            return True
        chat, msg = self._editable(params)
        markup = self._reply_markup(params, inline_only=True)
        if msg.reply_markup == markup:
            raise bad_request(_NOT_MODIFIED)
        self._check_flood(chat, params)
        msg.reply_markup = markup
        msg.edits += 1
        self._accept_send()
        return msg.to_api(chat.to_api(), self.bot_user)

    async def _m_deleteMessage(self, params: JsonDict) -> bool:
        chat = self._chat(params["chat_id"], sending=False)
        message_id = params["message_id"]
        key = (chat.id, message_id)
        chat_messages = self._messages.get(chat.id, {})
        if message_id in chat_messages:
            del chat_messages[message_id]
        elif key in self._deleted or not 0 < message_id <= chat.last_message_id:
            raise bad_request("message to delete not found")
        self._deleted.add(key)
        return True

    async def _m_sendChatAction(self, params: JsonDict) -> bool:
        self._chat(params["chat_id"])
        if params["action"] not in rules.CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True

    async def _m_answerCallbackQuery(self, params: JsonDict) -> bool:
        query_id = params["callback_query_id"]
        if query_id not in self._callback_queries or query_id in self.callback_answers:
            raise bad_request(_QUERY_TOO_OLD)
        text = params.get("text")
        if text is not None and utf16_len(text) > rules.MAX_CALLBACK_TEXT:
            raise bad_request("MESSAGE_TOO_LONG")
        self.callback_answers[query_id] = dict(params)
        return True

    async def _m_answerInlineQuery(self, params: JsonDict) -> bool:
        query_id = params["inline_query_id"]
        if query_id not in self._inline_queries or query_id in self.inline_answers:
            raise bad_request(_QUERY_TOO_OLD)
        rules.check_inline_results(params["results"], params.get("next_offset"))
        self.inline_answers[query_id] = dict(params)
        return True

    def _commands_key(self, params: JsonDict) -> tuple[str, str]:
        scope = rules.check_scope(params.get("scope"))
        language = rules.check_language_code(params.get("language_code"))
        return _scope_key(scope), language

    async def _m_setMyCommands(self, params: JsonDict) -> bool:
        commands = rules.check_commands(params["commands"])
        key = self._commands_key(params)
        if commands:
            self._commands[key] = commands
        else:
            self._commands.pop(key, None)
        return True

    async def _m_getMyCommands(self, params: JsonDict) -> list[JsonDict]:
        return list(self._commands.get(self._commands_key(params), []))

    async def _m_deleteMyCommands(self, params: JsonDict) -> bool:
        self._commands.pop(self._commands_key(params), None)
        return True

    async def _m_setMyDescription(self, params: JsonDict) -> bool:
        language = rules.check_language_code(params.get("language_code"))
        description = params.get("description", "")
        if len(description) > 512:
            raise bad_request("description is too long")
        self.descriptions[language] = description
        return True

    async def _m_getMyDescription(self, params: JsonDict) -> JsonDict:
        language = rules.check_language_code(params.get("language_code"))
        return {"description": self.descriptions.get(language, "")}

    async def _m_setMyShortDescription(self, params: JsonDict) -> bool:
        language = rules.check_language_code(params.get("language_code"))
        description = params.get("short_description", "")
        if len(description) > 120:
            raise bad_request("short description is too long")
        self.short_descriptions[language] = description
        return True

    async def _m_getMyShortDescription(self, params: JsonDict) -> JsonDict:
        language = rules.check_language_code(params.get("language_code"))
        return {"short_description": self.short_descriptions.get(language, "")}

    async def _m_setChatMenuButton(self, params: JsonDict) -> bool:
        button = params.get("menu_button", {"type": "default"})
        if not isinstance(button, dict) or button.get("type") not in (
            "commands",
            "web_app",
            "default",
        ):
            raise bad_request("can't parse menu button JSON object")
        self.menu_buttons[params.get("chat_id")] = button
        return True

    async def _m_getChatMenuButton(self, params: JsonDict) -> JsonDict:
        chat_id = params.get("chat_id")
        return self.menu_buttons.get(chat_id, self.menu_buttons.get(None, {"type": "default"}))

    async def _m_getChat(self, params: JsonDict) -> JsonDict:
        try:
            chat = self._chat(params["chat_id"], sending=False)
        except ApiError as error:
            # Looking a chat up is how a bot finds out that it does not exist (a
            # configured channel with a typo): an answer, not a rule the bot broke.
            raise ApiError(error.error_code, error.description, error.parameters) from None
        return {
            **chat.to_api(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    def _member(self, chat: SimChat, user_id: int) -> JsonDict:
        if user_id == self.bot_id:
            if not chat.bot_member:
                return {"status": "left", "user": self.bot_user}
            if chat.bot_restricted and not chat.bot_is_admin:
                return _restricted(self.bot_user)
            status = "administrator" if chat.bot_is_admin else "member"
            user = self.bot_user
        else:
            sim = self.users.get(user_id)
            if sim is None:
                raise bad_request("user not found")
            user = sim.to_api()
            if chat.type == "private":
                status = "member" if user_id == chat.id else "left"
            elif chat.admins and chat.admins[0] == user_id:
                return {"status": "creator", "user": user, "is_anonymous": False}
            elif user_id in chat.admins:
                status = "administrator"
            else:
                status = "member" if user_id in chat.members else "left"
        if status != "administrator":
            return {"status": status, "user": user}
        rights = (
            "can_manage_chat",
            "can_delete_messages",
            "can_manage_video_chats",
            "can_restrict_members",
            "can_change_info",
            "can_invite_users",
            "can_post_stories",
            "can_edit_stories",
            "can_delete_stories",
            "can_pin_messages",
        )
        member: JsonDict = {
            "status": "administrator",
            "user": user,
            "can_be_edited": False,
            "is_anonymous": False,
            "can_promote_members": False,
            **dict.fromkeys(rights, True),
        }
        if chat.type == "channel":
            member["can_post_messages"] = chat.bot_can_post if user_id == self.bot_id else True
            member["can_edit_messages"] = True
        if chat.is_forum:
            member["can_manage_topics"] = True
        return member

    async def _m_getChatMember(self, params: JsonDict) -> JsonDict:
        chat = self._chat(params["chat_id"], sending=False)
        return self._member(chat, params["user_id"])

    async def _m_getChatAdministrators(self, params: JsonDict) -> list[JsonDict]:
        chat = self._chat(params["chat_id"], sending=False)
        if chat.type == "private":
            raise bad_request("there are no administrators in the private chat")
        admins = [self._member(chat, uid) for uid in chat.admins]
        if chat.bot_is_admin and params.get("return_bots", True):
            admins.append(self._member(chat, self.bot_id))
        return admins

    async def _m_leaveChat(self, params: JsonDict) -> bool:
        chat = self._chat(params["chat_id"], sending=False)
        if chat.type == "private":
            raise bad_request("chat member status can't be changed in private chats")
        self.faults.forget_chat(chat.id)
        return True


def _restricted(user: JsonDict) -> JsonDict:
    """A ChatMemberRestricted (every field is required) that may not send anything."""
    rights = (
        "can_send_messages", "can_send_audios", "can_send_documents", "can_send_photos",
        "can_send_videos", "can_send_video_notes", "can_send_voice_notes", "can_send_polls",
        "can_send_other_messages", "can_add_web_page_previews", "can_react_to_messages",
        "can_edit_tag", "can_change_info", "can_invite_users", "can_pin_messages",
        "can_manage_topics",
    )  # fmt: skip
    return {
        "status": "restricted",
        "user": user,
        "is_member": True,
        **dict.fromkeys(rights, False),
        "until_date": 0,
    }


def _scope_key(scope: JsonDict | None) -> str:
    return json.dumps(scope or {"type": "default"}, sort_keys=True)


def _update_type(update: JsonDict) -> str:
    return next((k for k in update if k != "update_id"), "")


def _error(exc: ApiError) -> web.Response:
    return web.json_response(exc.envelope(), status=exc.error_code)


def _missing(key: str) -> str:
    if key == "text":
        return "message text is empty"
    if key in ("chat_id", "message_id", "user_id"):
        return f"{key} is empty"
    return f'parameter "{key}" is required'


async def _read_params(request: web.Request) -> JsonDict:
    params: JsonDict = dict(request.query)
    if not request.body_exists:
        return params
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError:
            raise bad_request("can't parse JSON body") from None
        if not isinstance(body, dict):
            raise bad_request("JSON body must be an object")
        params.update(body)
        return params
    if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()
        for key, value in form.items():
            params[key] = value if isinstance(value, str) else "<uploaded file>"
    return params


def _coerce_value(key: str, value: Any, param: Param) -> Any:
    types = param.types
    if param.is_json:
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                if key == "reply_markup":
                    raise bad_request("can't parse reply keyboard markup JSON object") from None
                raise bad_request(f"can't parse {key} JSON object") from None
        wants_array = all(t.startswith("Array of") for t in types)
        if wants_array and not isinstance(value, list):
            raise bad_request(f'field "{key}" must be an Array')
        if not wants_array and not isinstance(value, dict):
            raise bad_request(f'field "{key}" must be an Object')
        return value
    if "Integer" in types and not isinstance(value, bool):
        if isinstance(value, int):
            return value
        if isinstance(value, str) and _INT_RE.fullmatch(value.strip()):
            return int(value)
    if "Float" in types and not isinstance(value, bool):
        if isinstance(value, int | float):
            return float(value)
        if isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                pass
    if "Boolean" in types:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false", "1", "0"):
            return value.lower() in ("true", "1")
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
    if "String" in types:
        if key == "chat_id":
            if isinstance(value, str) and _USERNAME_RE.fullmatch(value):
                return value
            raise bad_request("chat not found")
        if isinstance(value, str):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
    if "InputFile" in types and isinstance(value, str):
        return value
    raise bad_request(f'field "{key}" must be of type {" or ".join(types)}')
