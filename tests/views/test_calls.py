"""The /newcall form's and the call screens' texts: each field asked in its language, with
the skip it allows; which readers get which version in the preview; counts in the reader's
plural; an editor's draft and its decision."""

from __future__ import annotations

from cagbot.i18n import I18n
from cagbot.views import calls


def test_each_field_is_asked_with_the_skip_it_allows(i18n: I18n) -> None:
    en = i18n.get("en")
    title = calls.ask_field(en, "sv", "title", optional=False)
    summary = calls.ask_field(en, "sv", "summary", optional=False)
    place = calls.ask_field(en, "ru", "location", optional=True)
    assert title.startswith(calls.field_name(en, "title") + " in Swedish:")
    assert title.endswith(en.gettext("(or skip this language)"))
    assert summary == calls.field_name(en, "summary") + " in Swedish:"
    assert place.endswith(en.gettext("(or skip it)"))
    assert calls.type_label(en, "no-such-type") == en.gettext("Other")


def test_the_preview_names_readers_without_a_text_of_their_own(i18n: I18n) -> None:
    ru = i18n.get("ru")
    label = calls.version_label(ru, ["sv", "en"], own=["sv"])
    assert label.startswith("👁 Шведский")  # a list item starts with a capital
    assert ru.gettext("{language} (no text of its own)").format(language="английский") in label
    assert calls.preview_footer(ru, editor=True) != calls.preview_footer(ru, editor=False)


def test_counts_use_the_readers_plural(i18n: I18n) -> None:
    en = i18n.get("en")
    assert calls.published(en, 12, 1) == "✅ Call #12 is published and goes to 1 subscriber."
    assert calls.published(en, 12, 1200).endswith("goes to 1,200 subscribers.")
    assert calls.calls_list(en, 0) == en.gettext(
        "There are no opportunities yet. /newcall creates one."
    )
    assert calls.calls_list(i18n.get("ru"), 2).startswith("2 ")


def test_an_editors_draft_for_approval(i18n: I18n) -> None:
    en = i18n.get("en")
    lines = calls.approval_request(en, 4, "Anna <Editor>").split("\n")
    assert lines[0] == "<b>" + en.gettext("Call #{id} awaits approval").format(id=4) + "</b>"
    assert "Anna &lt;Editor&gt;" in lines[1]
    assert "#4" in calls.submitted(en, 4)
    decided = {calls.call_approved(en, 4), calls.call_rejected(en, 4), calls.call_decided(en, 4)}
    assert len(decided) == 3
