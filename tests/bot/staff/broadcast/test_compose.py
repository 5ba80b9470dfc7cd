"""The /broadcast conversation's table: every state a draft can be in has a row, and a
message is the draft's only in the states that wait for one."""

from __future__ import annotations

from cagbot.bot.staff.broadcast.compose import AUDIENCE, CONFIRM, POLL, STATES, TEXT, state_of
from cagbot.bot.staff.broadcast.drafts import WHEN, Draft
from cagbot.store.audience import Audience


def test_a_draft_goes_through_the_states_of_the_table() -> None:
    draft = Draft(token="0123abcd", role="staff", touched=0.0)
    seen = [state_of(draft)]  # /broadcast: the text for everyone
    draft.per_language, draft.awaiting = True, "sv"
    seen.append(state_of(draft))  # one language's text
    draft.awaiting = None
    seen.append(state_of(draft))  # who gets it
    draft.audience = Audience()
    seen.append(state_of(draft))  # the preview
    draft.awaiting = WHEN
    seen.append(state_of(draft))  # the local time
    assert seen == [TEXT, TEXT, AUDIENCE, CONFIRM, WHEN]
    poll = Draft(token="0123abcd", role="staff", touched=0.0)
    poll.poll = True
    assert state_of(poll) == POLL  # /poll, or the draft's 📊 Poll: the poll's lines
    assert set(seen) | {POLL} == set(STATES)


def test_only_text_poll_and_when_take_a_message() -> None:
    typed = {state for state, typed in STATES.items() if typed is not None}
    assert typed == {TEXT, POLL, WHEN}
