"""Bot API methods on chats and their members: getChat, getChatMember(s), leaveChat."""

from __future__ import annotations

from cagbot.devserver.checks import SharedChecks
from cagbot.devserver.errors import ApiError, bad_request
from cagbot.devserver.model import JsonDict, SimChat


class ChatMethods(SharedChecks):
    """What the bot can learn about a chat and its members, and leaving one."""

    async def _m_getChat(self, params: JsonDict) -> JsonDict:
        try:
            chat = self._chat(params["chat_id"], sending=False)
        except ApiError as error:
            # Looking a chat up is how a bot finds out that it does not exist (a
            # configured channel with a typo): an answer, not a rule the bot broke.
            raise ApiError(error.error_code, error.description, error.parameters) from None
        return {
            **chat.to_api(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    def _member(self, chat: SimChat, user_id: int) -> JsonDict:
        if user_id == self.bot_id:
            if not chat.bot_member:
                return {"status": "left", "user": self.bot_user}
            if chat.bot_restricted and not chat.bot_is_admin:
                return _restricted(self.bot_user)
            status = "administrator" if chat.bot_is_admin else "member"
            user = self.bot_user
        else:
            sim = self.users.get(user_id)
            if sim is None:
                raise bad_request("user not found")
            user = sim.to_api()
            if chat.type == "private":
                status = "member" if user_id == chat.id else "left"
            elif chat.admins and chat.admins[0] == user_id:
                return {"status": "creator", "user": user, "is_anonymous": False}
            elif user_id in chat.admins:
                status = "administrator"
            else:
                status = "member" if user_id in chat.members else "left"
        if status != "administrator":
            return {"status": status, "user": user}
        rights = (
            "can_manage_chat",
            "can_delete_messages",
            "can_manage_video_chats",
            "can_restrict_members",
            "can_change_info",
            "can_invite_users",
            "can_post_stories",
            "can_edit_stories",
            "can_delete_stories",
            "can_pin_messages",
        )
        member: JsonDict = {
            "status": "administrator",
            "user": user,
            "can_be_edited": False,
            "is_anonymous": False,
            "can_promote_members": False,
            **dict.fromkeys(rights, True),
        }
        if chat.type == "channel":
            member["can_post_messages"] = chat.bot_can_post if user_id == self.bot_id else True
            member["can_edit_messages"] = True
        if chat.is_forum:
            member["can_manage_topics"] = True
        return member

    async def _m_getChatMember(self, params: JsonDict) -> JsonDict:
        chat = self._chat(params["chat_id"], sending=False)
        return self._member(chat, params["user_id"])

    async def _m_getChatAdministrators(self, params: JsonDict) -> list[JsonDict]:
        chat = self._chat(params["chat_id"], sending=False)
        if chat.type == "private":
            raise bad_request("there are no administrators in the private chat")
        admins = [self._member(chat, uid) for uid in chat.admins]
        if chat.bot_is_admin and params.get("return_bots", True):
            admins.append(self._member(chat, self.bot_id))
        return admins

    async def _m_leaveChat(self, params: JsonDict) -> bool:
        chat = self._chat(params["chat_id"], sending=False)
        if chat.type == "private":
            raise bad_request("chat member status can't be changed in private chats")
        self.faults.forget_chat(chat.id)
        return True


def _restricted(user: JsonDict) -> JsonDict:
    """A ChatMemberRestricted (every field is required) that may not send anything."""
    rights = (
        "can_send_messages", "can_send_audios", "can_send_documents", "can_send_photos",
        "can_send_videos", "can_send_video_notes", "can_send_voice_notes", "can_send_polls",
        "can_send_other_messages", "can_add_web_page_previews", "can_react_to_messages",
        "can_edit_tag", "can_change_info", "can_invite_users", "can_pin_messages",
        "can_manage_topics",
    )  # fmt: skip
    return {
        "status": "restricted",
        "user": user,
        "is_member": True,
        **dict.fromkeys(rights, False),
        "until_date": 0,
    }
