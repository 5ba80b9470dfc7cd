"""Quick polls: a broadcast whose message is an anonymous Telegram poll.

Staff write a poll as lines: the question first, then one option per line (per language, or
one for everyone, like a text broadcast). It goes out through the same broadcast record,
outbox and dispatcher (:class:`~cagbot.store.outbox.Rendered` with ``poll``), so it is
scheduled, approved, paused and cancelled like any broadcast. Telegram then reports each
poll's totals (``poll`` updates, never voters: the polls are anonymous), which
:mod:`cagbot.store.polls` adds up per broadcast and language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cagbot.botapi import MAX_OPTIONS, MIN_OPTIONS, OPTION_LIMIT, QUESTION_LIMIT
from cagbot.records import PollProblem
from cagbot.store.outbox import Rendered


class PollError(ValueError):
    """A poll Telegram would refuse; ``reason`` says which rule (views word it)."""

    def __init__(self, reason: PollProblem) -> None:
        super().__init__(reason)
        self.reason: PollProblem = reason


@dataclass(frozen=True, slots=True)
class Poll:
    question: str
    options: tuple[str, ...]

    def payload(self) -> dict[str, object]:
        """What the outbox keeps and the dispatcher sends."""
        return {"question": self.question, "options": list(self.options)}


def parse_poll(text: str) -> Poll:
    """A poll from staff's lines (blank lines and list marks such as "- " or "1." ignored);
    raises :class:`PollError` for one Telegram would refuse."""
    lines = [_unmarked(line) for line in text.splitlines()]
    lines = [line for line in lines if line]
    if len(lines) < 1 + MIN_OPTIONS:
        raise PollError("few_options")
    question, options = lines[0], tuple(lines[1:])
    if len(options) > MAX_OPTIONS:
        raise PollError("many_options")
    if len(question) > QUESTION_LIMIT:
        raise PollError("long_question")
    if any(len(option) > OPTION_LIMIT for option in options):
        raise PollError("long_option")
    if len({option.casefold() for option in options}) != len(options):
        raise PollError("repeated")
    return Poll(question, options)


def _unmarked(line: str) -> str:
    line = line.strip()
    for mark in ("- ", "• ", "* ", "– "):
        if line.startswith(mark):
            return line[len(mark) :].strip()
    head, dot, rest = line.partition(".")
    if dot and head.isdigit() and len(head) <= 2 and rest.strip():
        return rest.strip()
    return line


def poll_messages(per_language: Mapping[str, str]) -> dict[str, Rendered]:
    """What each language is sent: its poll (the text column holds the question)."""
    messages = {}
    for language, text in per_language.items():
        poll = parse_poll(text)
        messages[language] = Rendered(poll.question, poll=poll.payload())
    return messages
