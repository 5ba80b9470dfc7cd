"""The welcome and main menu, help, greetings, hints for input the bot cannot use, the
group greeting, topic deep links and the language picker."""

from __future__ import annotations

from collections.abc import Sequence

from cagbot.i18n import Translator
from cagbot.markup import bold, esc
from cagbot.views.labels import language_name


def welcome(t: Translator) -> str:
    """/start and the main menu's text: who we are and what the buttons below lead to."""
    return "\n".join(
        [
            # Translators: keep the name Centralasiengrupperna (CAG); say what it is where
            # readers may not know it (ru «шведской организации Centralasiengrupperna»).
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
            # Translators: adapt the example to a word your readers would type (ru
            # «стажировка»), in your language's quotation marks.
            esc(t.gettext("Just type what you are looking for, for example “internship”.")),
        ]
    )


def greeting(t: Translator) -> str:
    """The answer to "привет", "hej", "hi": a hello, then the menu (not a search)."""
    return esc(t.gettext("Hello! 👋 What are you looking for? Choose below or just type it."))


def search_hint(t: Translator) -> str:
    return "\n".join(
        [
            # Translators: adapt the example to a word your readers would type (ru
            # «стажировка»), in your language's quotation marks.
            esc(t.gettext("Just type what you are looking for, for example “internship”.")),
            esc(t.gettext("Send a result's number to open it.")),
        ]
    )


def unknown_command(t: Translator) -> str:
    return esc(t.gettext("I don't know that command. Here is what I can do:"))


def unreadable(t: Translator) -> str:
    """Photos, stickers, voice notes, documents: the bot reads only text."""
    return esc(t.gettext("I can only read text. Type what you are looking for or choose below:"))


def help_text(
    t: Translator,
    commands: Sequence[tuple[str, str]],
    bot_username: str,
    *,
    group: bool = False,
    staff: Sequence[str] = (),
) -> str:
    """``commands`` are (name, untranslated description) pairs, already filtered for the
    chat (no private-only commands in a group); ``staff``: staff-only command names, for
    staff, on one line so that help still fits a phone screen."""
    lines = [bold(t.gettext("What I can do"))]
    lines += [f"/{name} — {esc(t.gettext(description))}" for name, description in commands]
    if staff:
        names = t.format_list([f"/{name}" for name in staff])
        # Translators: {commands} is a list of commands joined by your language's rules,
        # e.g. "/stats, /broadcast and /calls".
        lines.append("🔑 " + esc(t.gettext("Staff: {commands}").format(commands=names)))
    # Searching by plain text is said by the welcome and the menu's 🔎 (and /search above);
    # help has to fit a phone screen.
    if group:
        lines += ["", *group_rules(t, bot_username)]
    lines.append(
        esc(
            t.gettext("In any chat, type @{bot} and a word to share a post.").format(
                bot=bot_username
            )
        )
    )
    return "\n".join(lines)


def group_rules(t: Translator, bot_username: str) -> list[str]:
    """What works in a group, for its members and its admins."""
    return [
        esc(
            # Translators: {bot} is the bot's username; keep "/latest@{bot}" as it is.
            t.gettext(
                "In a group I answer commands addressed to me, for example /latest@{bot}."
            ).format(bot=bot_username)
        ),
        esc(t.gettext("Admins: /subscribe to get new posts in this group.")),
    ]


def group_welcome(t: Translator, bot_username: str) -> str:
    """When the bot is added to a group: hello, and the admin's next step."""
    return "\n".join(
        [
            # Translators: keep the name Centralasiengrupperna (CAG); say what it is where
            # readers may not know it (ru «шведской организации Centralasiengrupperna»).
            esc(t.gettext("👋 Hello! I am the bot of Centralasiengrupperna (CAG).")),
            "",
            *group_rules(t, bot_username),
        ]
    )


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
    # Translators: adapt, do not translate: name YOUR OWN language, the one this catalog
    # is in (sv «nu pratar jag svenska med dig», ru «теперь я говорю с вами по-русски»).
    return esc(t.gettext("Done: I will speak English with you now."))
