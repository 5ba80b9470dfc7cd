"""The /newcall form walked to its preview, shared by the call and channel journeys."""

from __future__ import annotations

from typing import Any

from cagbot.devserver import BotMessage, SimUser
from tests.e2e.conftest import Bot, button

APPLY = "https://centralasien.se/ansok/praktik-osh"


TEXTS = {
    "sv": ["Praktik i Osh", "Arbeta med unga i Osh.", "Osh, Kirgizistan", "3 mån", "Skicka CV."],
    "en": ["Internship in Osh", "Work with youth in Osh.", "Osh, Kyrgyzstan", "3 mo", "Send a CV."],
    "ru": ["Стажировка в Оше", "Работа с молодёжью в Оше.", "Ош, Кыргызстан", "3 месяца",
           "Отправьте резюме."],
}  # fmt: skip


async def fill_form(
    bot: Bot, author: SimUser, texts: dict[str, list[str]], *, deadline: str = "15.03.2027"
) -> tuple[BotMessage, dict[str, Any]]:
    """Walk /newcall to its preview: the message with the publish button, and each
    language's (label, version)."""
    start = await bot.say(author, "/newcall")
    await bot.press(author, start, button(start, "Internship"))
    question = await bot.edited(start)
    for language in ("sv", "en", "ru"):
        answers = texts.get(language)
        if answers is None:
            await bot.press(author, question, button(question, "Skip this language"))
            await bot.emu.next_edit(author.id, question.message_id)
            question = await bot.emu.next_message(author.id)
            continue
        for answer in answers:
            question = await bot.say(author, answer)
    assert "last day to apply" in (question.text or "")
    assert "passed" in ((await bot.say(author, "01.01.2020")).text or "")
    assert "could not read" in ((await bot.say(author, "next spring")).text or "")
    ask_apply = await bot.say(author, deadline)
    assert "apply" in (ask_apply.text or "")
    assert "neither" in ((await bot.say(author, "javascript:alert(1)")).text or "")
    bot.emu.send_text(author, APPLY)
    header = await bot.emu.next_message(author.id)
    assert "Preview" in (header.text or "")
    versions: dict[str, Any] = {}
    for language in ("sv", "en", "ru"):
        label = await bot.emu.next_message(author.id)
        versions[language] = (label.text, await bot.emu.next_message(author.id))
    return await bot.emu.next_message(author.id), versions
