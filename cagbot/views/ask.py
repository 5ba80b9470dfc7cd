"""Ask CAG: what the person sees (writing, confirming, the answer) and what staff see in
their chat (the question, refusals, closing). Texts only; the buttons are cagbot.bot.ask's.
"""

from __future__ import annotations

from datetime import timedelta

from babel.dates import format_timedelta

from cagbot.i18n import Translator
from cagbot.i18n_names import language_name
from cagbot.markup import bold, esc

# -- the person's side --------------------------------------------------------------------


def ask_button(t: Translator) -> str:
    # Translators: a button; "CAG" is Centralasiengrupperna, keep it as is.
    return t.gettext("✉️ Ask CAG")


def send_button(t: Translator) -> str:
    return t.gettext("✅ Send")


def cancel_button(t: Translator) -> str:
    return t.gettext("✖️ Cancel")


def ask_prompt(t: Translator) -> str:
    return esc(
        t.gettext(
            "✉️ Write your question to CAG in one message (or say it in a voice note). "
            "A person from CAG's staff will answer you here, in this chat."
        )
    )


def ask_confirm(t: Translator, question: str, first_name: str) -> str:
    """Says plainly what staff will see before anything is sent."""
    return "\n".join(
        [
            esc(t.gettext("This is what CAG's staff will get:")),
            "",
            esc(t.gettext("“{question}”").format(question=question)),
            "",
            esc(
                # Translators: {name} is the person's first name as Telegram gives it.
                t.gettext(
                    "With it they see your first name ({name}) and the language you use "
                    "with the bot, nothing else: not your username, not your phone number. "
                    "Send it?"
                ).format(name=first_name)
            ),
        ]
    )


def ask_sent(t: Translator) -> str:
    return esc(
        t.gettext(
            "✉️ Sent to CAG. The answer will come here, in this chat; "
            "meanwhile you can use the bot as usual."
        )
    )


def ask_cancelled(t: Translator) -> str:
    return esc(t.gettext("Cancelled: nothing was sent."))


def ask_too_long(t: Translator, limit: int) -> str:
    return esc(
        t.ngettext(
            "That is too long for one question: at most {n} character. Please shorten it.",
            "That is too long for one question: at most {n} characters. Please shorten it.",
            limit,
        ).format(n=t.format_number(limit))
    )


def ask_limited(t: Translator, per_hour: int) -> str:
    return esc(
        t.ngettext(
            "You can send CAG {n} question an hour. Please wait a little before asking again.",
            "You can send CAG {n} questions an hour. Please wait a little before asking again.",
            per_hour,
        ).format(n=t.format_number(per_hour))
    )


def ask_failed(t: Translator) -> str:
    return esc(
        t.gettext(
            "Sorry, your question could not be delivered just now: nothing was sent. "
            "Please try again later."
        )
    )


def ask_text_only(t: Translator) -> str:
    return esc(t.gettext("Please write your question as text, or press Cancel."))


def answer_from_cag(t: Translator, text: str) -> str:
    """A staff member's answer, as the person gets it: from CAG, not from one person."""
    # Translators: the answer to a question the person asked CAG; {text} is staff's reply.
    return bold(t.gettext("✉️ CAG answers:")) + "\n\n" + esc(text)


# -- the staff chat's side ----------------------------------------------------------------


def topic_name(t: Translator, number: int, first_name: str, language: str) -> str:
    """A forum topic's name (at most 128 characters): who asks, in which language."""
    # Translators: the name of a staff forum topic; ru writes «№{number}».
    name = t.gettext("{name} ({language}) #{number}").format(
        name=first_name[:64], language=language_name(t, language), number=number
    )
    return name[:128]


def question_for_staff(
    t: Translator,
    number: int,
    first_name: str,
    language: str,
    question: str,
    *,
    forum: bool,
) -> str:
    how = (
        t.gettext("Write in this topic to answer: your message goes to them from CAG.")
        if forum
        else t.gettext("Reply to this message to answer: your reply goes to them from CAG.")
    )
    return "\n".join(
        [
            bold(
                # Translators: {number} is the thread's number (ru «№{number}»).
                t.gettext("✉️ Question #{number} from {name}, in {language}").format(
                    number=number, name=first_name, language=language_name(t, language)
                )
            ),
            "",
            esc(question),
            "",
            esc(how),
        ]
    )


def close_button(t: Translator) -> str:
    return t.gettext("✅ Close thread")


def thread_closed(t: Translator, number: int) -> str:
    return esc(
        t.gettext(
            "✅ Thread #{number} is closed. Their next question will start a new one."
        ).format(number=number)
    )


def thread_already_closed(t: Translator, number: int) -> str:
    return esc(t.gettext("Thread #{number} was already closed.").format(number=number))


def not_sent_closed(t: Translator, number: int) -> str:
    return esc(
        t.gettext(
            "Not sent: thread #{number} is closed. Their next question will start a new one."
        ).format(number=number)
    )


def not_sent_forgotten(t: Translator) -> str:
    return esc(
        t.gettext(
            "Not sent: this person erased their data with /forget, so replies no longer reach them."
        )
    )


def not_sent_blocked(t: Translator) -> str:
    return esc(
        t.gettext(
            "Not sent: this person has blocked the bot. Replies reach them again only if "
            "they write to the bot again."
        )
    )


def not_sent_failed(t: Translator) -> str:
    return esc(t.gettext("Not sent: Telegram did not take the message. Please try again later."))


def not_sent_text_only(t: Translator) -> str:
    return esc(t.gettext("Not sent: only text answers reach the person."))


def not_staff(t: Translator) -> str:
    return esc(
        t.gettext(
            "Only CAG staff and editors can answer as CAG: your message was not sent to "
            "the person who asked."
        )
    )


def close_usage(t: Translator) -> str:
    return esc(
        t.gettext(
            "Send /close in a question's topic, or as a reply to the question, to close its thread."
        )
    )


def question_stats(
    t: Translator, asked: int, answered: int, open_threads: int, median_seconds: float | None
) -> list[str]:
    """/stats lines (plain text): counts and times, never contents."""
    lines = [
        t.ngettext(
            "Ask CAG: {n} question, {answered} answered, open threads: {open}",
            "Ask CAG: {n} questions, {answered} answered, open threads: {open}",
            asked,
        ).format(
            n=t.format_number(asked),
            answered=t.format_number(answered),
            open=t.format_number(open_threads),
        )
    ]
    if median_seconds is not None:
        wait = format_timedelta(timedelta(seconds=median_seconds), threshold=1.5, locale=t.locale)
        lines.append(t.gettext("Ask CAG: median time to the first answer {wait}").format(wait=wait))
    return lines
