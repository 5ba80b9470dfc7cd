"""The welcome, help, topic deep links and the language picker."""

from __future__ import annotations

from collections.abc import Sequence

from cagbot.i18n import Translator
from cagbot.markup import bold, esc
from cagbot.views.labels import language_name


def welcome(t: Translator) -> str:
    return "\n".join(
        [
            esc(t.gettext("👋 Welcome to the bot of Centralasiengrupperna (CAG)!")),
            "",
            esc(
                t.gettext(
                    "Read our latest posts, find internships, residencies, exchanges and "
                    "volunteering in Central Asia and Sweden, and subscribe to the topics you "
                    "care about."
                )
            ),
            "",
            esc(t.gettext("Just type what you are looking for, for example “internship”.")),
            esc(t.gettext("See all commands with /help.")),
        ]
    )


def help_text(t: Translator, commands: Sequence[tuple[str, str]], bot_username: str) -> str:
    """``commands`` are (name, untranslated description) pairs."""
    lines = [bold(t.gettext("What I can do")), ""]
    lines += [f"/{name} — {esc(t.gettext(description))}" for name, description in commands]
    lines += [
        "",
        esc(t.gettext("Send me any words and I will search posts and opportunities.")),
        esc(
            t.gettext("In any chat, type @{bot} and a word to share a post.").format(
                bot=bot_username
            )
        ),
    ]
    return "\n".join(lines)


def topic_intro(t: Translator, label: str) -> str:
    return esc(t.gettext("Topic: {topic}").format(topic=label))


def choose_language(t: Translator, current: str) -> str:
    return esc(
        # Translators: {language} is a language's name as a noun, e.g. "Swedish" (ru: «шведский»).
        t.gettext("Your language is {language}. Choose another:").format(
            language=language_name(t, current)
        )
    )


def language_set(t: Translator) -> str:
    return esc(t.gettext("Done: I will speak English with you now."))
