"""The simulated world (cagbot.devserver.world): users with their private chats, groups,
supergroups, channels, forums with topics, and a group migrating to a supergroup."""

from __future__ import annotations

from cagbot.devserver import Emulator


def test_a_user_comes_with_a_private_chat_of_the_same_id() -> None:
    emu = Emulator()
    user = emu.add_user("Aida", "ru", username="aida_kg")
    assert emu.users[user.id] is user
    chat = emu.chats[user.id]
    assert (chat.type, chat.username, chat.first_name) == ("private", "aida_kg", "Aida")
    assert emu.add_user().id == user.id + 1


def test_groups_supergroups_and_channels_get_telegrams_kinds_of_id() -> None:
    emu = Emulator()
    admin = emu.add_user()
    group = emu.add_group("G", admins=[admin])
    supergroup = emu.add_group("S", supergroup=True)
    channel = emu.add_channel("C", "cag_news")
    assert group.id < 0
    assert group.type == "group"
    assert supergroup.id < -1_000_000_000_000
    assert supergroup.type == "supergroup"
    assert channel.id < -1_000_000_000_000
    assert channel.type == "channel"
    assert group.admins == [admin.id]
    assert admin.id in group.members


def test_a_forums_topics_are_numbered_by_their_creating_message() -> None:
    emu = Emulator()
    forum = emu.add_forum("F")
    first, second = emu.add_topic(forum), emu.add_topic(forum)
    assert forum.is_forum
    assert forum.type == "supergroup"
    assert second > first
    assert forum.topics == {first, second}


def test_a_migrated_group_becomes_a_supergroup_and_says_so_in_both() -> None:
    emu = Emulator()
    admin = emu.add_user()
    group = emu.add_group("G", admins=[admin])
    new_id = emu.faults.migrate(group)
    assert emu.chats[new_id].type == "supergroup"
    assert emu.chats[new_id].admins == [admin.id]
    messages = [update["message"] for update in emu._updates]
    assert messages[0]["migrate_to_chat_id"] == new_id
    assert messages[1]["migrate_from_chat_id"] == group.id
