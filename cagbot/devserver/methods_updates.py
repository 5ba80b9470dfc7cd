"""Bot API methods on receiving updates: getUpdates long polling, the webhook, logOut/close."""

from __future__ import annotations

import asyncio
import itertools
from collections import deque

from cagbot.devserver.errors import ApiError, bad_request
from cagbot.devserver.model import JsonDict
from cagbot.devserver.state import EmulatorState

#: Telegram's default when allowed_updates is empty: everything but these.
_OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


class UpdateMethods(EmulatorState):
    """How updates reach the bot: one long poll at a time, or a webhook URL (not called)."""

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


def _update_type(update: JsonDict) -> str:
    return next((k for k in update if k != "update_id"), "")
