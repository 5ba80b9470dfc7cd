"""Voice notes in private chats, when ``CAGBOT_STT_URL`` is set: downloaded into memory,
transcribed (cagbot.speech), shown back and then handled exactly as typed text.

Unset, this module registers nothing and the fallback's "I can only read text" answers.
"""

from __future__ import annotations

import warnings
from datetime import timedelta

from telegram import Update, Voice
from telegram.error import TelegramError
from telegram.ext import MessageHandler, filters
from telegram.warnings import PTBDeprecationWarning

from cagbot import views
from cagbot.bot import keyboards, search
from cagbot.bot.context import BotApp, BotContext
from cagbot.bot.kit import reply
from cagbot.i18n import Translator
from cagbot.speech import Heard, Listener, Outcome, SpeechError, Transcriber


def _seconds(voice: Voice) -> float:
    # PTB 22 warns that duration becomes a timedelta; read either without the warning.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        duration = voice.duration
    return duration.total_seconds() if isinstance(duration, timedelta) else float(duration)


def _refusal(t: Translator, heard: Heard, listener: Listener) -> str:
    if heard.outcome is Outcome.TOO_LONG:
        return views.voice_too_long(t, listener.max_seconds)
    if heard.outcome is Outcome.EMPTY:
        return views.voice_empty(t)
    if heard.outcome in (Outcome.PERSON_LIMIT, Outcome.BUSY):
        return views.voice_limited(t)
    return views.voice_failed(t)


def make_handler(listener: Listener) -> MessageHandler[BotContext, None]:
    async def voice_note(update: Update, context: BotContext) -> None:
        message = update.effective_message
        if message is None or message.voice is None:
            return
        voice = message.voice
        t = await context.translator()

        async def fetch() -> bytes:
            # Into memory only: getFile, then the file's bytes (bots may fetch <= 20 MB).
            try:
                file = await context.bot.get_file(voice.file_id)
                return bytes(await file.download_as_bytearray())
            except TelegramError as error:
                raise SpeechError(f"download failed: {type(error).__name__}") from None

        person = update.effective_user.id if update.effective_user else message.chat_id
        heard = await listener.hear(
            person, _seconds(voice), voice.file_size, fetch, voice.mime_type or "audio/ogg"
        )
        if heard.outcome is Outcome.HEARD:
            await reply(update, views.voice_heard(t, heard.text))
            await search.handle_text(update, context, heard.text)
            return
        await reply(update, _refusal(t, heard, listener), keyboards.main_menu(t))

    return MessageHandler(
        filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE & filters.VOICE, voice_note
    )


def register(app: BotApp) -> None:
    settings = app.bot_data.settings
    if not settings.stt_url:
        return
    key = settings.stt_key.get_secret_value() if settings.stt_key else None
    listener = Listener(
        Transcriber(
            settings.stt_url,
            settings.stt_model,
            language=settings.stt_language,
            key=key,
            timeout=settings.stt_timeout,
        ),
        max_seconds=settings.voice_max_seconds,
        person_per_hour=settings.voice_person_per_hour,
        per_minute=settings.voice_per_minute,
        deadline=settings.stt_timeout,
    )
    app.add_handler(make_handler(listener))

    async def close(_app: BotApp) -> None:
        await listener.close()

    app.bot_data.on_shutdown(close)
