"""Answers to voice notes: what the bot heard, and why it heard nothing."""

from __future__ import annotations

from cagbot.i18n import Translator
from cagbot.markup import esc


def voice_heard(t: Translator, text: str) -> str:
    """Shown before the note is handled as if typed, so a mishearing is plain to see."""
    # Translators: {text} is what the speech service heard in the person's voice note.
    return esc(t.gettext("🎙 I heard: “{text}”").format(text=text))


def voice_too_long(t: Translator, max_seconds: int) -> str:
    return esc(
        t.ngettext(
            "🎙 That voice note is too long for me: I listen to at most {n} second. "
            "Say it shorter, or type it.",
            "🎙 That voice note is too long for me: I listen to at most {n} seconds. "
            "Say it shorter, or type it.",
            max_seconds,
        ).format(n=max_seconds)
    )


def voice_failed(t: Translator) -> str:
    return esc(
        t.gettext(
            "🎙 Sorry, I could not listen to your voice note just now. "
            "Please type what you are looking for, or try again later."
        )
    )


def voice_empty(t: Translator) -> str:
    return esc(
        t.gettext(
            "🎙 I could not make out any words. Please speak a little closer to the phone, "
            "or type what you are looking for."
        )
    )


def voice_limited(t: Translator) -> str:
    return esc(
        t.gettext(
            "🎙 That is a lot of voice notes for now. Please type your question, "
            "or send voice again a little later."
        )
    )
