"""The opportunity list and detail view: short entries numbered across pages, and what an
applicant needs (the deadline, how to apply, an e-mail address to copy)."""

from __future__ import annotations

from datetime import date

from cagbot import views
from cagbot.i18n import I18n
from cagbot.models import OpportunityDetails
from tests.views.conftest import make_post

EN = I18n.load().get("en")
TODAY = date(2026, 5, 1)


def _call(**details: object) -> object:
    values: dict[str, object] = {"type": "internship", "deadline": date(2026, 6, 1)}
    values.update(details)
    return make_post(kind="opportunity", opportunity=OpportunityDetails(**values))  # type: ignore[arg-type]


def test_entries_are_numbered_from_the_pages_first_number_one_line_each() -> None:
    posts = [_call(), _call(deadline=date(2026, 1, 1))]
    text = views.opportunity_list(EN, posts, 6, 1, 2, first_number=5, today=TODAY)  # type: ignore[arg-type]
    assert "5. <b>Title</b>\n🎯 Internship · 🗓 " in text
    assert "6. <b>Title</b>\n🎯 Internship · 🔒 Applications are closed." in text
    assert "1. " not in text
    assert "How to apply" not in text  # details come on a tap


def test_an_email_application_shows_the_address_and_subject_to_copy() -> None:
    post = _call(
        apply_url="mailto:info@centralasien.se?subject=Climate%20residency",
        how_to_apply="Send a CV.",
    )
    text = views.opportunity_detail(EN, post, today=TODAY)  # type: ignore[arg-type]
    assert "✉️ E-mail: <code>info@centralasien.se</code>" in text
    assert "Subject: <code>Climate residency</code>" in text
    assert "How to apply: Send a CV." in text
    assert views.application_url(post.opportunity) is None  # type: ignore[attr-defined]


def test_only_http_links_become_the_apply_button_and_closed_calls_invite_nothing() -> None:
    web = _call(apply_url="https://centralasien.se/apply", how_to_apply="Use the form.")
    assert views.application_url(web.opportunity) == "https://centralasien.se/apply"  # type: ignore[attr-defined]
    assert views.application_url(_call(apply_url="tg://x").opportunity) is None  # type: ignore[attr-defined]
    closed = _call(deadline=date(2026, 1, 1), how_to_apply="Use the form.")
    text = views.opportunity_detail(EN, closed, today=TODAY)  # type: ignore[arg-type]
    assert "Applications are closed." in text
    assert "How to apply" not in text


def test_calls_of_unknown_status_are_marked_and_never_counted_open() -> None:
    for language in ("sv", "en", "ru"):
        t = I18n.load().get(language)
        known = make_post(
            kind="opportunity",
            opportunity=OpportunityDetails(type="internship", deadline=date(2026, 6, 1)),
        )
        unknown = make_post(
            kind="opportunity",
            published=None,  # undated, no deadline: nothing says it is still open
            opportunity=OpportunityDetails(type="grant"),
        )
        assert unknown.call_status(TODAY) == "unknown"
        text = views.opportunity_list(
            t,
            [known, unknown],
            2,
            0,
            1,
            first_number=1,
            today=TODAY,
            open_total=1,
        )
        header = text.split("\n")[0]
        one = t.ngettext("{n} open opportunity", "{n} open opportunities", 1).format(n=1)
        assert one in header
        mark = t.gettext("May be closed: check the link")
        entries = text.split("\n\n")[1]
        first, second = entries.split("\n2. ")
        assert mark not in first
        assert mark in second
        detail = views.opportunity_detail(t, unknown, today=TODAY)
        assert mark in detail
        assert t.gettext("No deadline: applications are welcome any time") not in detail


def test_the_apply_button_is_built_in_one_place_for_every_screen() -> None:
    from cagbot.bot.detail import opportunity_keyboard
    from cagbot.notify.calls import apply_keyboard

    ru = I18n.load().get("ru")
    button = views.apply_button(ru, "https://centralasien.se/apply")
    assert button == {"text": ru.gettext("✍️ Apply"), "url": "https://centralasien.se/apply"}
    assert views.apply_button(ru, "mailto:info@centralasien.se") is None
    assert views.apply_button(ru, None) is None
    # The detail view's keyboard and a channel post's carry that same button.
    assert apply_keyboard(ru, "https://centralasien.se/apply") == {"inline_keyboard": [[button]]}
    detail = opportunity_keyboard(
        ru, 1, apply_url="https://centralasien.se/apply", post_url=None, reminding=None, back=None
    )
    assert detail.inline_keyboard[0][0].to_dict() == button
