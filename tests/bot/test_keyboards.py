"""Keyboards: the main menu, ways back, an opportunity's actions, numbered list entries and
the subscription editor's confirmation."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from cagbot.bot import callbacks, keyboards
from cagbot.i18n import I18n

SV = I18n.load().get("sv")
EN = I18n.load().get("en")
MENU = callbacks.encode("menu")


def _labels(markup: InlineKeyboardMarkup | None) -> list[list[str]]:
    assert markup is not None
    return [[button.text for button in row] for row in markup.inline_keyboard]


def _data(markup: InlineKeyboardMarkup) -> list[str | None]:
    return [button.callback_data for row in markup.inline_keyboard for button in row]  # type: ignore[misc]


def test_detail_view_offers_the_toggle_only_when_asked_and_always_the_menu() -> None:
    offered = keyboards.post_detail(SV, 42, "https://centralasien.se/x", False)
    share = SV.gettext("↗️ Share")
    assert _labels(offered)[:3] == [["🔔 Påminn mig"], [share], ["Öppna på webbplatsen"]]
    assert offered.inline_keyboard[0][0].callback_data == callbacks.encode("rem", "on", 42, "d")
    assert _data(keyboards.post_detail(SV, 42, None, None)) == [None, MENU]  # share, menu
    assert _labels(keyboards.post_detail(SV, 42, None, True))[0] == ["🔕 Påminn mig inte"]


def test_private_menu_has_every_entry_and_a_groups_no_admin_controls() -> None:
    private = _data(keyboards.main_menu(EN))
    assert callbacks.encode("opp", "all", 0) in private
    assert callbacks.encode("lat", 0) in private
    for entry in ("find", "sub", "lang", "set"):
        assert callbacks.encode("go", entry) in private
    group = _data(keyboards.main_menu(EN, group=True))
    assert callbacks.encode("go", "sub") not in group
    assert callbacks.encode("go", "set") not in group
    assert callbacks.encode("opp", "all", 0) in group


def test_opportunity_entries_are_numbered_across_pages() -> None:
    page_two = keyboards.opportunity_list(EN, "all", 1, 2, [50], first_number=5)
    labels = _labels(page_two)
    assert ["5"] in labels  # the fifth call, not a second "1"
    assert callbacks.encode("od", 50, "all", 1) in _data(page_two)
    assert labels[-1] == ["☰ Menu"]


def test_opportunity_detail_applies_by_url_reminds_and_leads_back() -> None:
    markup = keyboards.opportunity_detail(
        EN,
        7,
        apply_url="https://centralasien.se/apply",
        post_url="https://centralasien.se/post",
        reminding=False,
        back=("internship", 1),
    )
    rows = markup.inline_keyboard
    assert rows[0][0].text == "✍️ Apply"
    assert rows[0][0].url == "https://centralasien.se/apply"
    assert _labels(markup)[1:] == [
        ["🔔 Remind me"],
        ["↗️ Share"],
        ["Read more"],
        ["◀ Back to the list"],
        ["☰ Menu"],
    ]
    assert callbacks.encode("opp", "internship", 1) in _data(markup)
    # "Read more" only for the post's own page, never the application form again.
    same = keyboards.opportunity_detail(
        EN, 7, apply_url="https://x.se/a", post_url="https://x.se/a", reminding=None, back=None
    )
    assert _labels(same) == [["✍️ Apply"], ["↗️ Share"], ["☰ Menu"]]


def test_a_call_by_mail_with_a_deadline_copies_the_address_and_offers_the_calendar() -> None:
    markup = keyboards.opportunity_detail(
        EN,
        7,
        apply_url=None,
        post_url=None,
        reminding=False,
        back=None,
        mail="apply@centralasien.se",
        calendar=True,
    )
    rows = markup.inline_keyboard
    assert _labels(markup) == [
        ["📋 Copy address"],
        ["🔔 Remind me", "📅 Add to calendar"],
        ["↗️ Share"],
        ["☰ Menu"],
    ]
    assert rows[0][0].copy_text is not None
    assert rows[0][0].copy_text.text == "apply@centralasien.se"
    assert rows[1][1].callback_data == callbacks.encode("ics", 7)
    chosen = rows[2][0].switch_inline_query_chosen_chat
    assert chosen is not None
    assert chosen.query == "post_7"
    assert (chosen.allow_user_chats, chosen.allow_group_chats, chosen.allow_channel_chats) == (
        True,
        True,
        True,
    )


def test_toggling_flips_only_that_posts_button() -> None:
    detail = keyboards.opportunity_detail(
        SV, 10, apply_url=None, post_url=None, reminding=False, back=("all", 0)
    )
    flipped = keyboards.with_reminder(SV, detail, 10, "d", True)
    assert _labels(flipped)[0] == ["🔕 Påminn mig inte"]
    assert _labels(flipped)[1:] == _labels(detail)[1:]
    assert keyboards.with_reminder(SV, detail, 11, "d", True) == detail


def test_a_link_telegram_would_refuse_becomes_no_button() -> None:
    for bad in ("https://example.org/a b", "https://intranet/", "http://127.0.0.1:8080/admin"):
        assert keyboards.post_links(EN, bad) is None
        shared = keyboards.post_links(EN, bad, bot="cagbot", post_id=3)
        assert _labels(shared) == [["Open in the bot"]]
        assert "Open on the website" not in str(_labels(keyboards.post_detail(EN, 3, bad, None)))
