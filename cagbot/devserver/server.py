"""The HTTP side: the aiohttp server, request parsing, parameter coercion, faults and errors.

``_handle`` finds a method's coroutine by name, ``getattr(self, f"_m_{name}")``, so a Bot API
method is served as soon as some mixin of :class:`~cagbot.devserver.emulator.Emulator` defines
``_m_<MethodName>`` (and :mod:`.spec` knows the method).
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Any, Self

from aiohttp import web

from cagbot.devserver.errors import ApiError, bad_request
from cagbot.devserver.model import JsonDict, Violation
from cagbot.devserver.spec import CANONICAL, METHODS, SENDS, Param
from cagbot.devserver.state import EmulatorState

_PATH_RE = re.compile(r"/bot([^/]+)/([A-Za-z]+)/?")
_FILE_RE = re.compile(r"/file/bot([^/]+)/(.+)")
_INT_RE = re.compile(r"-?\d+")
_USERNAME_RE = re.compile(r"@[A-Za-z][A-Za-z0-9_]{3,31}")
_DEFAULT_OUTAGE = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}

Handler = Callable[[JsonDict], Awaitable[Any]]


class _Drop(Exception):
    """Close the connection without answering."""


class Server(EmulatorState):
    """Serves the Bot API over loopback HTTP: start/stop, dispatch to ``_m_*``, file downloads."""

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

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

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

    def _download(self, token: str, path: str) -> web.Response:
        """``GET /file/bot<token>/<file_path>``: the file's bytes (404 when unknown)."""
        if token != self.token:
            return _error(ApiError(401, "Unauthorized"))
        data = self.files.download(path)
        if data is None:
            return _error(ApiError(404, "Not Found"))
        return web.Response(body=data, content_type="application/octet-stream")


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
