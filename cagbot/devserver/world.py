"""The simulated world: users, groups, channels, forums and their topics, group migration."""

from __future__ import annotations

import time
from typing import Any

from cagbot.devserver.model import JsonDict, SimChat, SimUser
from cagbot.devserver.state import EmulatorState

_SUPERGROUP_BASE = -1_000_000_000_000


class World(EmulatorState):
    """Test-side set-up of who and where: each ``add_*`` makes a user or chat the bot can meet."""

    def add_user(
        self,
        first_name: str = "User",
        language_code: str | None = "en",
        username: str | None = None,
        user_id: int | None = None,
        last_name: str | None = None,
        started: bool = True,
    ) -> SimUser:
        """A user and their private chat with the bot (chat id == user id)."""
        uid = user_id if user_id is not None else next(self._user_ids)
        user = SimUser(uid, first_name, language_code, username, last_name, started)
        self.users[uid] = user
        self.chats[uid] = SimChat(
            uid, "private", username=username, first_name=first_name, last_name=last_name
        )
        return user

    def add_group(
        self,
        title: str = "Group",
        admins: list[SimUser] | None = None,
        supergroup: bool = False,
        members: list[SimUser] | None = None,
        bot_is_admin: bool = False,
        chat_id: int | None = None,
        username: str | None = None,
    ) -> SimChat:
        """A group (negative id) or supergroup (-100...) the bot is a member of."""
        n = next(self._group_ids)
        cid = chat_id if chat_id is not None else (_SUPERGROUP_BASE - n if supergroup else -n)
        admin_ids = [u.id for u in admins or []]
        member_ids = set(admin_ids) | {u.id for u in members or []}
        chat = SimChat(
            cid,
            "supergroup" if supergroup else "group",
            title=title,
            admins=admin_ids,
            members=member_ids,
            username=username,
            bot_is_admin=bot_is_admin,
        )
        self.chats[cid] = chat
        return chat

    def add_channel(
        self,
        title: str = "Channel",
        username: str | None = None,
        *,
        bot_is_admin: bool = True,
        can_post_messages: bool = True,
        chat_id: int | None = None,
    ) -> SimChat:
        """A channel (-100... id); the bot posts only as an admin with can_post_messages."""
        cid = chat_id if chat_id is not None else _SUPERGROUP_BASE - next(self._group_ids)
        chat = SimChat(
            cid,
            "channel",
            title=title,
            username=username,
            bot_is_admin=bot_is_admin,
            bot_can_post=can_post_messages,
        )
        self.chats[cid] = chat
        return chat

    def add_forum(
        self, title: str = "Forum", admins: list[SimUser] | None = None, **options: Any
    ) -> SimChat:
        """A supergroup with topics (add them with :meth:`add_topic`)."""
        chat = self.add_group(title, admins=admins, supergroup=True, **options)
        chat.is_forum = True
        return chat

    def add_topic(self, forum: SimChat) -> int:
        """A new forum topic (in a forum, or in a user's private chat with the bot in
        forum topic mode); its message_thread_id (the id of its creating message)."""
        thread_id = forum.next_message_id()
        forum.topics.add(thread_id)
        return thread_id

    def _migrate_group(self, group_id: int, notify: bool = True) -> int:
        old = self.chats.get(group_id)
        if old is None or old.type != "group":
            raise ValueError(f"{group_id} is not a basic group")
        new = self.add_group(
            title=old.title or "",
            supergroup=True,
            bot_is_admin=old.bot_is_admin,
        )
        new.admins = list(old.admins)
        new.members = set(old.members)
        self.faults.migrated[group_id] = new.id
        if notify:
            sender = self.users.get(old.admins[0]) if old.admins else None
            base: JsonDict = {"date": int(time.time())}
            if sender is not None:
                base["from"] = sender.to_api()
            self.inject(
                {
                    "message": {
                        **base,
                        "message_id": old.next_message_id(),
                        "chat": old.to_api(),
                        "migrate_to_chat_id": new.id,
                    }
                }
            )
            self.inject(
                {
                    "message": {
                        **base,
                        "message_id": new.next_message_id(),
                        "chat": new.to_api(),
                        "migrate_from_chat_id": group_id,
                    }
                }
            )
        return new.id
