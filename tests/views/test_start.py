"""The welcome, help (private and group), greeting and the hints for unreadable input."""

from __future__ import annotations

from cagbot import views
from cagbot.i18n import I18n

RU = I18n.load().get("ru")
COMMANDS = [("latest", "The newest posts"), ("search", "Search posts and opportunities")]


def test_private_help_lists_commands_staff_on_one_line_and_inline_sharing() -> None:
    text = views.help_text(RU, COMMANDS, "cag_bot", staff=["stats", "broadcast"])
    assert "/latest — " + RU.gettext("The newest posts") in text
    assert RU.gettext("Staff: {commands}").format(commands="/stats и /broadcast") in text
    assert "@cag_bot" in text
    assert "/latest@cag_bot" not in text  # group advice is for groups


def test_group_help_says_what_works_in_a_group() -> None:
    text = views.help_text(RU, COMMANDS, "cag_bot", group=True)
    assert "/latest@cag_bot" in text
    assert RU.gettext("Admins: /subscribe to get new posts in this group.") in text
    welcome = views.group_welcome(RU, "cag_bot")
    assert "/subscribe" in welcome  # the admin's next step
    assert RU.gettext("Just type what you are looking for, for example “internship”.") not in (
        welcome
    )  # plain text is not searched in groups


def test_hints_are_one_line_each_and_in_the_readers_language() -> None:
    en = I18n.load().get("en")
    for render in (views.greeting, views.unreadable, views.unknown_command):
        russian, english = render(RU), render(en)
        assert russian
        assert "\n" not in russian  # a short hint; the menu below does the rest
        assert russian != english  # translated, not the English source text


def test_help_lists_commands_in_the_readers_language(i18n: I18n) -> None:
    text = views.help_text(i18n.get("sv"), [("latest", "The newest posts")], "cag_bot")
    assert "/latest — De senaste inläggen" in text
    assert "@cag_bot" in text
