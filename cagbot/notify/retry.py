"""How long and how often a delivery is retried after a temporary error.

Transient errors (network, timeouts, 5xx) back off exponentially with jitter, capped at
``max_delay``, for ``window`` seconds from the row's first failure (``CAGBOT_RETRY_WINDOW``,
24 h by default), so an outage of hours loses nothing; 429s wait what Telegram says and do
not count. Only answers that can never succeed (400, 403, chat not found) are permanent.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Back-off for network errors, timeouts and 5xx, for ``window`` seconds from a row's
    first failure; 429s wait what Telegram says instead and do not count as attempts."""

    window: float = 86_400.0
    base_delay: float = 2.0
    max_delay: float = 600.0
    #: How long to hold everything when Telegram rejects the token (an operator must act).
    invalid_token_pause: float = 60.0
    #: An optional cap on attempts as well (None: only the window ends retrying).
    max_attempts: int | None = None

    def gives_up(self, attempts: int, since: float, now: float) -> bool:
        if self.max_attempts is not None and attempts >= self.max_attempts:
            return True
        return now - since >= self.window

    def delay(self, attempts: int) -> float:
        raw: float = min(self.max_delay, self.base_delay * 2.0 ** max(0, attempts - 1))
        return raw * random.uniform(0.8, 1.2)  # noqa: S311 - jitter, not crypto
