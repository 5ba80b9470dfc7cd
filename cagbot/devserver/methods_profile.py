"""Bot API methods on the bot's profile: getMe, commands, descriptions, the menu button."""

from __future__ import annotations

import json

from cagbot.devserver import rules
from cagbot.devserver.errors import bad_request
from cagbot.devserver.model import JsonDict
from cagbot.devserver.state import EmulatorState


class ProfileMethods(EmulatorState):
    """How the bot presents itself: who it is, its command lists, descriptions and menu button."""

    async def _m_getMe(self, params: JsonDict) -> JsonDict:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _commands_key(self, params: JsonDict) -> tuple[str, str]:
        scope = rules.check_scope(params.get("scope"))
        language = rules.check_language_code(params.get("language_code"))
        return scope_key(scope), language

    async def _m_setMyCommands(self, params: JsonDict) -> bool:
        commands = rules.check_commands(params["commands"])
        key = self._commands_key(params)
        if commands:
            self._commands[key] = commands
        else:
            self._commands.pop(key, None)
        return True

    async def _m_getMyCommands(self, params: JsonDict) -> list[JsonDict]:
        return list(self._commands.get(self._commands_key(params), []))

    async def _m_deleteMyCommands(self, params: JsonDict) -> bool:
        self._commands.pop(self._commands_key(params), None)
        return True

    async def _m_setMyDescription(self, params: JsonDict) -> bool:
        language = rules.check_language_code(params.get("language_code"))
        description = params.get("description", "")
        if len(description) > 512:
            raise bad_request("description is too long")
        self.descriptions[language] = description
        return True

    async def _m_getMyDescription(self, params: JsonDict) -> JsonDict:
        language = rules.check_language_code(params.get("language_code"))
        return {"description": self.descriptions.get(language, "")}

    async def _m_setMyShortDescription(self, params: JsonDict) -> bool:
        language = rules.check_language_code(params.get("language_code"))
        description = params.get("short_description", "")
        if len(description) > 120:
            raise bad_request("short description is too long")
        self.short_descriptions[language] = description
        return True

    async def _m_getMyShortDescription(self, params: JsonDict) -> JsonDict:
        language = rules.check_language_code(params.get("language_code"))
        return {"short_description": self.short_descriptions.get(language, "")}

    async def _m_setChatMenuButton(self, params: JsonDict) -> bool:
        button = params.get("menu_button", {"type": "default"})
        if not isinstance(button, dict) or button.get("type") not in (
            "commands",
            "web_app",
            "default",
        ):
            raise bad_request("can't parse menu button JSON object")
        self.menu_buttons[params.get("chat_id")] = button
        return True

    async def _m_getChatMenuButton(self, params: JsonDict) -> JsonDict:
        chat_id = params.get("chat_id")
        return self.menu_buttons.get(chat_id, self.menu_buttons.get(None, {"type": "default"}))


def scope_key(scope: JsonDict | None) -> str:
    """The key a command list is kept under: its scope, as canonical JSON."""
    return json.dumps(scope or {"type": "default"}, sort_keys=True)
