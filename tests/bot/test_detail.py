"""A post's detail keyboard: Apply or Copy address, the reminder toggle, Share, Read more,
the way back to the list; links Telegram would refuse left out."""

from __future__ import annotations

from cagbot import callbacks
from cagbot.bot import detail
from cagbot.i18n import I18n
from tests.helpers.markup import data as _data
from tests.helpers.markup import labels as _labels

SV = I18n.load().get("sv")
EN = I18n.load().get("en")
MENU = callbacks.encode("menu")


def test_detail_view_offers_the_toggle_only_when_asked_and_always_the_menu() -> None:
    offered = detail.post_keyboard(SV, 42, "https://centralasien.se/x", False)
    share = SV.gettext("↗️ Share")
    assert _labels(offered)[:3] == [["🔔 Påminn mig"], [share], ["Öppna på webbplatsen"]]
    assert offered.inline_keyboard[0][0].callback_data == callbacks.encode("rem", "on", 42, "d")
    assert _data(detail.post_keyboard(SV, 42, None, None)) == [None, MENU]  # share, menu
    assert _labels(detail.post_keyboard(SV, 42, None, True))[0] == ["🔕 Påminn mig inte"]


def test_opportunity_detail_applies_by_url_reminds_and_leads_back() -> None:
    markup = detail.opportunity_keyboard(
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
    same = detail.opportunity_keyboard(
        EN, 7, apply_url="https://x.se/a", post_url="https://x.se/a", reminding=None, back=None
    )
    assert _labels(same) == [["✍️ Apply"], ["↗️ Share"], ["☰ Menu"]]


def test_a_call_by_mail_with_a_deadline_copies_the_address_and_offers_the_calendar() -> None:
    markup = detail.opportunity_keyboard(
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
    markup = detail.opportunity_keyboard(
        SV, 10, apply_url=None, post_url=None, reminding=False, back=("all", 0)
    )
    flipped = detail.with_reminder(SV, markup, 10, "d", True)
    assert _labels(flipped)[0] == ["🔕 Påminn mig inte"]
    assert _labels(flipped)[1:] == _labels(markup)[1:]
    assert detail.with_reminder(SV, markup, 11, "d", True) == markup


def test_a_link_telegram_would_refuse_becomes_no_button() -> None:
    for bad in ("https://example.org/a b", "https://intranet/", "http://127.0.0.1:8080/admin"):
        assert detail.post_links(EN, bad) is None
        shared = detail.post_links(EN, bad, bot="cagbot", post_id=3)
        assert _labels(shared) == [["Open in the bot"]]
        assert "Open on the website" not in str(_labels(detail.post_keyboard(EN, 3, bad, None)))
