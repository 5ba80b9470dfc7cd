"""Staff views of quick polls: how to write one, what is wrong with one, its preview, and
its results per language (totals only, as Telegram reports them for anonymous polls)."""

from __future__ import annotations

from collections.abc import Sequence

from cagbot.botapi import MAX_OPTIONS, OPTION_LIMIT, QUESTION_LIMIT
from cagbot.i18n import Translator
from cagbot.markup import bold, esc
from cagbot.records import PollProblem
from cagbot.store.polls import PollTotals
from cagbot.views.labels import language_name, sentence


def poll_label(t: Translator) -> str:
    """The /broadcast button that makes the draft a poll."""
    # Translators: a button; keep it short. It turns the broadcast being written into a poll.
    return t.pgettext("button", "📊 Poll")


def ask_poll_text(t: Translator) -> str:
    return esc(
        # Translators: {n} is a number, e.g. 10.
        t.gettext(
            "📊 New anonymous poll. Send it as one message: the question on the first line, "
            "then each answer option on a line of its own (2 to {n} options). Everyone gets "
            "this poll, or write one per language. Nobody sees who voted, not even staff. "
            "/cancel stops."
        ).format(n=MAX_OPTIONS)
    )


def ask_poll_language_text(t: Translator, code: str) -> str:
    return esc(
        # Translators: {language} is a language's name as a noun, e.g. "Swedish" (ru: «шведский»).
        t.gettext(
            "Send the poll for readers of {language} (question, then one option per line), "
            "or skip: they then get another version."
        ).format(language=language_name(t, code))
    )


def poll_problem(t: Translator, reason: PollProblem) -> str:
    """Why Telegram would refuse this poll, and what to send instead."""
    if reason == "few_options":
        text = t.gettext(
            "A poll needs a question on the first line and at least two options, one per "
            "line below it. Please send it again."
        )
    elif reason == "many_options":
        # Translators: {n} is a number, e.g. 10.
        text = t.gettext("A poll can have at most {n} options. Please send it again.").format(
            n=MAX_OPTIONS
        )
    elif reason == "long_question":
        # Translators: {n} is a number, e.g. 300.
        text = t.gettext(
            "The question is too long: Telegram allows {n} characters. Please send it again."
        ).format(n=QUESTION_LIMIT)
    elif reason == "long_option":
        # Translators: {n} is a number, e.g. 100.
        text = t.gettext(
            "An option is too long: Telegram allows {n} characters each. Please send it again."
        ).format(n=OPTION_LIMIT)
    else:
        text = t.gettext("Two options are the same. Please send the poll again.")
    return esc(text)


def not_a_poll(t: Translator) -> str:
    return esc(t.gettext("A poll is written as text: the question, then one option per line."))


def preview(question: str, options: Sequence[str]) -> str:
    """A poll as the preview shows it (the real one is a Telegram poll)."""
    return "\n".join(["📊 " + bold(question), *(f"○ {esc(option)}" for option in options)])


def results(t: Translator, broadcast_id: int, totals: Sequence[PollTotals]) -> str:
    """One poll broadcast's totals per language and option."""
    # Translators: {id} is a number, e.g. 12 (ru: «опрос №{id}»).
    lines = [bold(t.gettext("📊 Poll #{id}").format(id=broadcast_id))]
    for version in totals:
        if not version.polls:
            continue  # a language nobody received the poll in
        # Translators: {language} is a language's name as a noun, e.g. "Swedish" (ru:
        # «шведский»); {n} is a count of votes.
        heading = t.ngettext("{language}: {n} vote", "{language}: {n} votes", version.total).format(
            language=language_name(t, version.language) if version.language else "—",
            n=t.format_number(version.total),
        )
        # Translators: {n} is a count of people the poll reached.
        heading += ", " + t.ngettext(
            "sent to {n} recipient", "sent to {n} recipients", version.polls
        ).format(n=t.format_number(version.polls))
        lines.append(esc(sentence(heading)) + " — " + esc(version.question))
        for option, votes in zip(version.options, version.votes, strict=True):
            share = f" ({round(100 * votes / version.total)} %)" if version.total else ""
            lines.append(f"  {esc(option)}: {bold(t.format_number(votes))}{share}")
    return "\n".join(lines)
