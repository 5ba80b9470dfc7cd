"""Staff views of calls made in Telegram: the guided form, its preview, approval, and the
staff actions on a call (edit, close early, move the deadline). Button labels are here
too; the keyboards are built in :mod:`cagbot.bot.staff.calls.form`."""

from __future__ import annotations

from collections.abc import Sequence

from cagbot.i18n import N_, Translator
from cagbot.markup import bold, esc
from cagbot.views.labels import OPPORTUNITY_TYPES, language_name, sentence

FIELD_NAMES = {
    "title": N_("Title"),
    "summary": N_("Summary"),
    "location": N_("Location"),
    "duration": N_("Duration"),
    "how_to_apply": N_("How to apply"),
    "apply_url": N_("Application link or e-mail"),
}


def field_name(t: Translator, field: str) -> str:
    return t.gettext(FIELD_NAMES.get(field, field))


def type_label(t: Translator, kind: str) -> str:
    return t.gettext(OPPORTUNITY_TYPES.get(kind, N_("Other")))


def ask_type(t: Translator) -> str:
    return esc(
        t.gettext(
            "🎯 New call. What kind of opportunity is it? Then I ask for its texts in "
            "Swedish, English and Russian (skip a language you do not write). /cancel stops."
        )
    )


def ask_field(t: Translator, language: str, field: str, *, optional: bool) -> str:
    # Translators: {field} is a field's name, e.g. "Title"; {language} is a language's name as a
    # noun, e.g. "Swedish" (ru: «шведский»).
    line = t.gettext("{field} in {language}:").format(
        field=field_name(t, field), language=language_name(t, language)
    )
    if field == "title":
        line += " " + t.gettext("(or skip this language)")
    elif optional:
        line += " " + t.gettext("(or skip it)")
    return esc(line)


def too_long(t: Translator, limit: int) -> str:
    return esc(
        # Translators: {limit} is a number of characters.
        t.gettext("That is too long: at most {limit} characters, please.").format(
            limit=t.format_number(limit)
        )
    )


def private_only(t: Translator) -> str:
    return esc(t.gettext("Please create calls in a private chat with me."))


def skipped(t: Translator) -> str:
    return esc(t.gettext("Skipped."))


def need_text(t: Translator) -> str:
    return esc(t.gettext("Please write it as text, or /cancel."))


def need_one_language(t: Translator) -> str:
    return esc(t.gettext("A call needs a title in at least one language."))


def ask_deadline(t: Translator) -> str:
    return esc(
        t.gettext(
            "The last day to apply? Write a date like 15.03.2027 or 2027-03-15, or choose "
            "no deadline."
        )
    )


def deadline_unreadable(t: Translator) -> str:
    return esc(t.gettext("I could not read that date. Write it like 15.03.2027, or /cancel."))


def deadline_past(t: Translator) -> str:
    return esc(t.gettext("That day has passed: the deadline must be today or later."))


def ask_apply(t: Translator) -> str:
    return esc(t.gettext("Where do people apply? Send a link (https://…) or an e-mail address."))


def apply_invalid(t: Translator) -> str:
    return esc(
        t.gettext("That is neither an https:// link nor an e-mail address. Try again, or /cancel.")
    )


def preview_header(t: Translator) -> str:
    return esc(t.gettext("Preview — each language version as subscribers will get it:"))


def version_label(t: Translator, languages: Sequence[str], own: Sequence[str]) -> str:
    """Which readers get the version below; those without a text of their own are named."""
    parts = []
    for code in languages:
        if code in own:
            parts.append(language_name(t, code))
        else:
            parts.append(
                # Translators: {language} is a language's name as a noun, e.g. "Swedish" (ru:
                # «шведский»).
                t.gettext("{language} (no text of its own)").format(language=language_name(t, code))
            )
    return "👁 " + esc(sentence(t.format_list(parts)))


def preview_footer(t: Translator, editor: bool) -> str:
    if editor:
        return esc(t.gettext("Submit it for approval? CAG staff publish it."))
    return esc(t.gettext("Publish it? Subscribers with call alerts get it at once."))


def publish_label(t: Translator) -> str:
    return t.gettext("✅ Publish")


def submit_label(t: Translator) -> str:
    return t.gettext("📨 Submit for approval")


def reject_label(t: Translator) -> str:
    return t.gettext("✖️ Reject")


def cancel_label(t: Translator) -> str:
    return t.gettext("Cancel")


def skip_label(t: Translator) -> str:
    return t.gettext("Skip")


def skip_language_label(t: Translator) -> str:
    return t.gettext("Skip this language")


def no_deadline_label(t: Translator) -> str:
    return t.gettext("No deadline")


def published(t: Translator, call_id: int, queued: int) -> str:
    return esc(
        # Translators: {id} is a number, e.g. 12; {n} is a count.
        t.ngettext(
            "✅ Call #{id} is published and goes to {n} subscriber.",
            "✅ Call #{id} is published and goes to {n} subscribers.",
            queued,
        ).format(id=call_id, n=t.format_number(queued))
    )


def duplicate(t: Translator) -> str:
    return esc(t.gettext("A call or post with this title already exists: change the title."))


def cancelled(t: Translator) -> str:
    return esc(t.gettext("The call was not saved: nothing changed."))


def expired(t: Translator) -> str:
    return esc(
        t.gettext("Your unfinished call expired and was discarded. Start again with /newcall.")
    )


def discarded(t: Translator) -> str:
    return esc(t.gettext("Your unfinished call was discarded: nothing was saved."))


def submitted(t: Translator, call_id: int) -> str:
    return esc(
        # Translators: {id} is a number, e.g. 12.
        t.gettext(
            "📨 Call #{id} went to CAG staff for approval. I will tell you what they decide."
        ).format(id=call_id)
    )


def approval_request(t: Translator, call_id: int, author: str) -> str:
    return "\n".join(
        [
            # Translators: {id} is a number, e.g. 12.
            bold(t.gettext("Call #{id} awaits approval").format(id=call_id)),
            # Translators: {author} is the editor's name in Telegram.
            esc(t.gettext("Drafted by: {author}").format(author=author)),
            esc(t.gettext("The versions follow this message.")),
        ]
    )


def call_approved(t: Translator, call_id: int) -> str:
    # Translators: {id} is a number, e.g. 12.
    return esc(t.gettext("✅ Call #{id} was approved and published.").format(id=call_id))


def call_rejected(t: Translator, call_id: int) -> str:
    # Translators: {id} is a number, e.g. 12.
    return esc(t.gettext("✖️ Call #{id} was not approved: it is not published.").format(id=call_id))


def call_decided(t: Translator, call_id: int) -> str:
    # Translators: {id} is a number, e.g. 12.
    return esc(t.gettext("Call #{id} was already decided: nothing changed.").format(id=call_id))


def calls_list(t: Translator, count: int) -> str:
    if not count:
        return esc(t.gettext("There are no opportunities yet. /newcall creates one."))
    return esc(
        # Translators: {n} is a count.
        t.ngettext(
            "{n} opportunity. Choose one to edit it, close it or move its deadline.",
            "{n} opportunities. Choose one to edit it, close it or move its deadline.",
            count,
        ).format(n=t.format_number(count))
    )


def edit_label(t: Translator) -> str:
    return t.gettext("✏️ Edit")


def close_label(t: Translator) -> str:
    return t.gettext("🔒 Close now")


def deadline_label(t: Translator) -> str:
    return t.gettext("🗓 Move the deadline")


def back_label(t: Translator) -> str:
    return t.gettext("⬅️ Back")


def ask_edit_language(t: Translator) -> str:
    return esc(t.gettext("Which language version do you want to change?"))


def ask_edit_field(t: Translator, language: str) -> str:
    return esc(
        # Translators: {language} is a language's name as a noun, e.g. "Swedish" (ru: «шведский»).
        t.gettext("What do you want to change in the {language} version?").format(
            language=language_name(t, language)
        )
    )


def ask_new_value(t: Translator, language: str, field: str) -> str:
    return esc(
        # Translators: {field} is a field's name, e.g. "Title"; {language} is a language's name as a
        # noun, e.g. "Swedish" (ru: «шведский»).
        t.gettext("Send the new {field} ({language}), or /cancel.").format(
            field=field_name(t, field).lower(), language=language_name(t, language)
        )
    )


def ask_new_deadline(t: Translator) -> str:
    return esc(t.gettext("Send the new deadline, like 15.03.2027, or /cancel."))


def saved(t: Translator) -> str:
    return esc(t.gettext("✅ Saved. The change is in the audit log."))


def closed(t: Translator) -> str:
    return esc(t.gettext("🔒 Closed: the call no longer invites applications."))


def call_gone(t: Translator) -> str:
    return esc(t.gettext("This opportunity no longer exists."))
