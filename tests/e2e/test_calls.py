"""Calls managed in Telegram, through the real application and the emulator: the guided
form in three languages, publishing (a Russian subscriber gets it in Russian and can apply
from it), an editor's call approved by staff, the staff view (edit, close, move the
deadline, all audited), and refusals of everyone else at every step."""

from __future__ import annotations

from cagbot.bot.notifications import runtime_of
from cagbot.callbacks import encode
from cagbot.devserver import SimUser
from cagbot.store import Store
from tests.e2e.call_form import APPLY, TEXTS, fill_form
from tests.e2e.conftest import STAFF_ID, Bot, button
from tests.notify.conftest import subscribe

EDITOR_ID = 900_002


async def _reader(bot: Bot, language: str) -> SimUser:
    store: Store = bot.app.bot_data.store
    user = bot.user(language_code=language)
    await subscribe(store, user.id, language=language)
    return user


async def test_staff_create_a_three_language_call_and_a_russian_reader_gets_it(bot: Bot) -> None:
    reader = await _reader(bot, "ru")
    staff = bot.user(user_id=STAFF_ID)
    footer, versions = await fill_form(bot, staff, TEXTS)
    label, russian = versions["ru"]
    assert "Russian" in label
    assert "Стажировка в Оше" in (russian.text or "")
    await bot.press(staff, footer, button(footer, "Publish"))
    done = await bot.edited(footer)
    assert "is published and goes to 1 subscriber" in (done.text or "")

    received = await bot.emu.next_message(reader.id)
    text = received.text or ""
    assert "Стажировка в Оше" in text
    assert "Ош, Кыргызстан" in text
    assert "Отправьте резюме." in text
    assert "Praktik" not in text
    assert [label for row in received.buttons() for label, url in row if url == APPLY]

    store: Store = bot.app.bot_data.store
    [call] = await store.calls.all()
    assert call.doc["language"] == "sv"
    assert call.doc["ru"]["title"] == "Стажировка в Оше"
    [entry] = await store.audit.entries(f"call:{call.id}")
    assert (entry.actor, entry.action) == (STAFF_ID, "call.publish")
    # It is searchable at once, like any opportunity.
    found = bot.app.bot_data.search.search("praktik osh")
    assert any(hit.post_id == call.post_id for hit in found.hits)


async def test_a_call_in_one_language_falls_back_and_says_so(bot: Bot) -> None:
    staff = bot.user(user_id=STAFF_ID)
    _, versions = await fill_form(bot, staff, {"ru": TEXTS["ru"]})
    sv_label, sv_version = versions["sv"]
    assert "no text of its own" in sv_label
    assert "Стажировка в Оше" in (sv_version.text or "")


async def test_an_editors_call_is_published_only_after_staff_approve(bot: Bot) -> None:
    reader = await _reader(bot, "en")
    bot.app.bot_data._settings = bot.app.bot_data.settings.model_copy(
        update={"editor_ids": frozenset({EDITOR_ID})}
    )
    editor = bot.user(user_id=EDITOR_ID)
    staff = bot.user(user_id=STAFF_ID)
    stranger = bot.user()
    footer, _ = await fill_form(bot, editor, {"en": TEXTS["en"]})
    await bot.press(editor, footer, button(footer, "Submit for approval"))
    assert "went to CAG staff" in ((await bot.edited(footer)).text or "")
    label = await bot.emu.next_message(staff.id)
    assert "English" in (label.text or "")
    version = await bot.emu.next_message(staff.id)
    assert "Internship in Osh" in (version.text or "")
    request = await bot.emu.next_message(staff.id)
    assert "awaits approval" in (request.text or "")
    approve = button(request, "Publish")
    for other in (editor, stranger):
        answer = await bot.forge(other, request, approve)
        assert "only for CAG staff" in answer.get("text", "")
    await bot.settle()
    assert bot.emu.messages(reader.id) == []
    store: Store = bot.app.bot_data.store
    titles = [post.title for post in await store.posts.opportunities()]
    assert titles
    assert "Internship in Osh" not in titles

    await bot.press(staff, request, approve)
    received = await bot.emu.next_message(reader.id)
    assert "Internship in Osh" in (received.text or "")
    told = await bot.emu.next_message(editor.id)
    assert "approved and published" in (told.text or "")
    [call] = await store.calls.all()
    actions = [(e.actor, e.action) for e in await store.audit.entries(f"call:{call.id}")]
    assert actions == [
        (EDITOR_ID, "call.draft"),
        (STAFF_ID, "call.publish"),
        (STAFF_ID, "call.approve"),
    ]
    # A replayed approval publishes nothing twice.
    await bot.forge(staff, request, approve)
    await bot.settle()
    assert len(bot.emu.messages(reader.id)) == 1


async def test_staff_edit_close_and_move_a_deadline_from_the_calls_view(bot: Bot) -> None:
    staff = bot.user(user_id=STAFF_ID)
    store: Store = bot.app.bot_data.store
    listing = await bot.say(staff, "/calls")
    first = listing.buttons()[0][0]
    await bot.press(staff, listing, first[1] or "")
    detail = await bot.edited(listing)
    post_id = int((first[1] or "").split("|")[2])

    await bot.press(staff, detail, button(detail, "Move the deadline"))
    await bot.edited(detail)
    assert "passed" in ((await bot.say(staff, "2020-01-01")).text or "")
    assert "Saved" in ((await bot.say(staff, "2027-06-30")).text or "")
    shown = await bot.emu.next_message(staff.id)
    post = await store.posts.get(post_id)
    assert post is not None
    assert post.opportunity is not None
    assert str(post.opportunity.deadline) == "2027-06-30"

    await bot.press(staff, shown, button(shown, "Edit"))
    languages = await bot.edited(shown)
    await bot.press(staff, languages, button(languages, "Russian"))
    fields = await bot.edited(languages)
    await bot.press(staff, fields, button(fields, "Location"))
    await bot.edited(fields)
    assert "Saved" in ((await bot.say(staff, "Бишкек")).text or "")
    shown = await bot.emu.next_message(staff.id)

    await bot.press(staff, shown, button(shown, "Close now"))
    await bot.edited(shown)
    post = await store.posts.get(post_id)
    assert post is not None
    assert post.opportunity is not None
    assert post.opportunity.is_open is False
    call = await store.calls.of_post(post_id)
    assert call is not None
    assert call.doc["ru"]["location"] == "Бишкек"
    entries = await store.audit.entries(f"call:{call.id}")
    assert [e.action for e in entries] == ["call.adopt", "call.deadline", "call.edit", "call.close"]
    assert entries[-1].before["is_open"] is True
    assert entries[-1].after["is_open"] is False
    assert {e.actor for e in entries} == {STAFF_ID}


async def test_strangers_are_refused_at_every_call_step(bot: Bot) -> None:
    staff = bot.user(user_id=STAFF_ID)
    stranger = bot.user()
    runtime_of(bot.app).follow_every = 0.05
    for command in ("/newcall", "/calls"):
        assert "only for CAG staff" in ((await bot.say(stranger, command)).text or "")
    listing = await bot.say(staff, "/calls")
    start = await bot.say(staff, "/newcall")
    post_id = (listing.buttons()[0][0][1] or "").split("|")[2]
    token = button(start, "Internship").split("|")[2]
    store: Store = bot.app.bot_data.store
    before = await store.posts.get(int(post_id))
    for message, data in [
        (start, button(start, "Internship")),
        (start, encode("cf", token, "x")),
        (listing, encode("cs", post_id, "v")),
        (listing, encode("cs", post_id, "cl")),
        (listing, encode("cs", post_id, "dl")),
        (listing, encode("cs", post_id, "ef-ru-title")),
        (listing, encode("ca", 1, "ok")),
    ]:
        answer = await bot.forge(stranger, message, data)
        assert "only for CAG staff" in answer.get("text", ""), data
    await bot.settle()
    assert await store.calls.all() == []
    assert await store.audit.entries() == []
    assert await store.posts.get(int(post_id)) == before
    # The staff member's own form was not touched by the stranger's presses.
    assert await store.calls.has_form(STAFF_ID)


async def test_staff_demoted_to_editor_cannot_publish_with_the_old_button(bot: Bot) -> None:
    reader = await _reader(bot, "en")
    staff = bot.user(user_id=STAFF_ID)
    footer, _ = await fill_form(bot, staff, {"en": TEXTS["en"]})
    assert button(footer, "Publish")
    # Moved to CAGBOT_EDITOR_IDS (and restarted) while the preview sat in the chat.
    other_staff = bot.user(user_id=900_003)
    bot.app.bot_data._settings = bot.app.bot_data.settings.model_copy(
        update={"admin_ids": frozenset({other_staff.id}), "editor_ids": frozenset({STAFF_ID})}
    )
    await bot.press(staff, footer, button(footer, "Publish"))
    assert "went to CAG staff" in ((await bot.edited(footer)).text or "")
    await bot.settle()
    assert bot.emu.messages(reader.id) == []
    for _ in range(2):  # the version's label and the version itself
        await bot.emu.next_message(other_staff.id)
    assert "awaits approval" in ((await bot.emu.next_message(other_staff.id)).text or "")
    store: Store = bot.app.bot_data.store
    [call] = await store.calls.all()
    assert (call.status, call.approved_by) == ("awaiting_approval", None)
    entries = await store.audit.entries(f"call:{call.id}")
    assert [(e.actor, e.action, e.role) for e in entries] == [(STAFF_ID, "call.draft", "editor")]
