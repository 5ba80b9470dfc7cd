"""Editing a call keeps what was not edited, through the running bot: a call imported from
the file keeps its own Apply label (in its original and in every version) after staff move
its deadline twice and edit one field, with staff speaking Russian or Swedish."""

from __future__ import annotations

import pytest

from cagbot.i18n import I18n
from cagbot.store import Store
from tests.e2e.conftest import STAFF_ID, Bot, button

I18N = I18n.load()
TITLE = "Youth exchange with Novi Ritm in Osh"  # data/opportunities.toml, with apply labels


def tr(language: str, msgid: str) -> str:
    return I18N.get(language).gettext(msgid)


@pytest.mark.parametrize("language", ["ru", "sv"])
async def test_a_call_from_the_file_keeps_its_apply_label_through_edits(
    bot: Bot, language: str
) -> None:
    store: Store = bot.app.bot_data.store
    [post] = [p for p in await store.posts.opportunities() if p.title == TITLE]
    assert post.opportunity is not None
    before = (post.opportunity.apply_label, {c: v.apply_label for c, v in post.versions.items()})
    assert before[0] == "Open the form"
    assert before[1]["ru"] == "Открыть форму"
    staff = bot.user(user_id=STAFF_ID, language_code=language)
    listing = await bot.say(staff, "/calls")
    entry = next(
        data for row in listing.buttons() for _, data in row if data and f"|{post.id}|" in data
    )
    await bot.press(staff, listing, entry)
    shown = await bot.edited(listing)
    for typed in ("2027-06-30", "15.07.2027"):
        await bot.press(staff, shown, button(shown, tr(language, "🗓 Move the deadline")))
        await bot.edited(shown)
        saved = await bot.say(staff, typed)
        assert saved.text == tr(language, "✅ Saved. The change is in the audit log.")
        shown = await bot.emu.next_message(staff.id)
    await bot.settle()
    after = await store.posts.get(post.id)
    assert after is not None
    assert after.opportunity is not None
    assert str(after.opportunity.deadline) == "2027-07-15"
    labels = (after.opportunity.apply_label, {c: v.apply_label for c, v in after.versions.items()})
    assert labels == before
    # Every other field and version is as it was.
    assert after.opportunity.how_to_apply == post.opportunity.how_to_apply
    assert after.opportunity.apply_url == post.opportunity.apply_url
    assert {c: v.summary for c, v in after.versions.items()} == {
        c: v.summary for c, v in post.versions.items()
    }
