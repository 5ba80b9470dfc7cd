"""Checks every Bot API method shares: finding the chat, rights, flood limits, the send path."""

from __future__ import annotations

import time

from cagbot.devserver import rules
from cagbot.devserver.errors import ApiError, bad_request
from cagbot.devserver.model import BotMessage, JsonDict, SimChat
from cagbot.devserver.state import EmulatorState


class SharedChecks(EmulatorState):
    """The steps several methods take, each raising the error Telegram gives."""

    def _chat(self, chat_id: int | str, *, sending: bool = True) -> SimChat:
        if isinstance(chat_id, str):
            chat = next(
                (c for c in self.chats.values() if c.username and f"@{c.username}" == chat_id),
                None,
            )
            if chat is None:
                raise bad_request("chat not found")
            chat_id = chat.id
        if chat_id in self.faults.forgotten:
            raise ApiError(400, "Bad Request: chat not found")
        if chat_id in self.faults.migrated:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": self.faults.migrated[chat_id]},
            )
        found = self.chats.get(chat_id)
        if found is None:
            raise bad_request("chat not found")
        if sending and found.type == "private":
            if chat_id in self.faults.blocked:
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            user = self.users.get(chat_id)
            if user is not None and not user.started:
                raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        return found

    @staticmethod
    def _check_rights(chat: SimChat) -> None:
        # A deployment's fault (the bot was not given the rights), not a rule the bot broke.
        if chat.type == "private":
            return
        kind = (
            "channel"
            if chat.type == "channel"
            else "supergroup"
            if chat.type == "supergroup"
            else "group"
        )
        if not chat.bot_member:
            raise ApiError(403, f"Forbidden: bot is not a member of the {kind} chat")
        if chat.type == "channel" and not (chat.bot_is_admin and chat.bot_can_post):
            raise ApiError(400, "Bad Request: need administrator rights in the channel chat")
        if chat.bot_restricted:
            raise ApiError(400, "Bad Request: not enough rights to send text messages to the chat")

    def _check_flood(self, chat: SimChat, params: JsonDict) -> None:
        retry = self._flood.check(
            chat.id, chat.type == "private", bool(params.get("allow_paid_broadcast")), self._clock()
        )
        if retry is not None:
            raise ApiError(429, f"Too Many Requests: retry after {retry}", {"retry_after": retry})

    def _accept_send(self) -> None:
        self.stats.sends_accepted += 1
        self.stats.send_times.append(self._clock())

    def _store(self, msg: BotMessage) -> None:
        self.stats.delivered[msg.chat_id] += 1
        if not self.record_messages:
            return
        chat_messages = self._messages.setdefault(msg.chat_id, {})
        chat_messages[msg.message_id] = msg
        cap = self.max_messages_per_chat
        if cap is not None and len(chat_messages) > cap:
            del chat_messages[next(iter(chat_messages))]

    def _editable(self, params: JsonDict) -> tuple[SimChat, BotMessage]:
        if "chat_id" not in params:
            raise bad_request("chat_id is empty")
        if "message_id" not in params:
            raise bad_request("message identifier is not specified")
        chat = self._chat(params["chat_id"])
        message_id = params["message_id"]
        msg = self._messages.get(chat.id, {}).get(message_id)
        if msg is None:
            if self.record_messages or message_id > chat.last_message_id:
                raise bad_request("message to edit not found")
            msg = BotMessage(message_id, chat.id, None, date=int(time.time()))
        return chat, msg

    def _reply_markup(self, params: JsonDict, *, inline_only: bool = False) -> JsonDict | None:
        markup = params.get("reply_markup")
        if markup is None:
            return None
        rules.check_reply_markup(markup, inline_only=inline_only)
        return dict(markup)

    def _send(
        self,
        chat: SimChat,
        params: JsonDict,
        *,
        kind: str,
        text: str | None,
        raw_text: str | None,
        entities: list[JsonDict] | None,
        markup: JsonDict | None,
    ) -> JsonDict:
        self._check_rights(chat)
        thread_id = params.get("message_thread_id")
        # A forum's topics, or (bots in forum topic mode) a private chat's: both are
        # SimChat.topics. Without a thread id the message lands in General / outside topics.
        forum = chat.is_forum or chat.type == "private"
        if thread_id is not None and (not forum or thread_id not in chat.topics):
            raise bad_request("message thread not found")
        self._check_flood(chat, params)
        reply = params.get("reply_parameters")
        msg = BotMessage(
            message_id=chat.next_message_id(),
            chat_id=chat.id,
            text=text,
            parse_mode=params.get("parse_mode"),
            reply_markup=markup,
            date=int(time.time()),
            kind=kind,
            entities=entities or None,
            raw_text=raw_text if raw_text != text else None,
            reply_to_message_id=reply.get("message_id") if isinstance(reply, dict) else None,
            message_thread_id=thread_id,
            # Recorded per message, so tests can tell silent and protected sends apart.
            disable_notification=params.get("disable_notification") is True,
            protect_content=params.get("protect_content") is True,
        )
        self._store(msg)
        self._accept_send()
        return msg.to_api(chat.to_api(), self.bot_user)
