"""Errors the emulator answers with, in Telegram's envelope."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """An error response. ``violation`` marks the bot's fault (recorded) versus injected faults."""

    def __init__(
        self,
        error_code: int,
        description: str,
        parameters: dict[str, Any] | None = None,
        *,
        violation: bool = False,
    ) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.parameters = parameters
        self.violation = violation

    def envelope(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(detail: str) -> ApiError:
    """A 400 caused by the bot's request: a rule violation."""
    return ApiError(400, f"Bad Request: {detail}", violation=True)
