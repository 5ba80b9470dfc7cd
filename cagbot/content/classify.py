"""Is a post an open call (internship, residency, volunteering, exchange)?

The word "intern" alone decides nothing: a post presenting an intern is a story, and
"international" is not about interns at all. A post is an opportunity when a sentence
calls the reader to act (we are looking for, apply, söker, sista ansökningsdag, ищем) and
names an opportunity type, or when the title names the type and the text calls to act.
"""

from __future__ import annotations

import re

from cagbot.models import OpportunityDetails, OpportunityType

_TYPES: tuple[tuple[OpportunityType, re.Pattern[str]], ...] = (
    (
        "internship",
        re.compile(
            r"\b(?:praktik(?:ant\w*|plats\w*|en)?|internships?|interns?|trainees?"
            r"|стажир\w*|стаж[её]р\w*|практикант\w*)\b"
        ),
    ),
    ("residency", re.compile(r"\b(?:residens\w*|residenc(?:e|es|y|ies)|резиденци\w*)\b")),
    ("volunteering", re.compile(r"\b(?:volontär\w*|volunteer\w*|волонт[её]р\w*)\b")),
    (
        "exchange",
        re.compile(r"\b(?:ungdomsutbyte\w*|utbytes?|exchanges?|exchange programmes?|обмен\w*)\b"),
    ),
)

_CALL_TO_ACTION = re.compile(
    "|".join(
        (
            # Swedish
            r"\bsöker\b",
            r"\bansök\w*",
            r"\bsista ansökningsdag\w*",
            r"\bsök senast\b",
            r"\banmäl (?:dig|er|ditt intresse)\b",
            r"\bintresseanmälan\b",
            # English
            r"\blooking for\b",
            r"\bseeking\b",
            r"\brecruiting\b",
            r"\bapply\b",
            r"\bapplications? (?:are|is) (?:open|welcome)\b",
            r"\bdeadline\b",
            r"\bcall for (?:applications|participants|volunteers|interns)\b",
            # Russian
            r"\bищем\b",
            r"\bпринимаем заявки\b",
            r"\bпри[её]м заявок\b",
            r"\bподать заявку\b",
            r"\bподавайте заявк\w*",
            r"\bдедлайн\w*",
            r"\bкрайний срок\b",
            r"\bнабор\b",
        )
    )
)
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
_DURATION = re.compile(
    r"\b(\d+|två|tre|fyra|fem|sex|two|three|four|five|six)\s*"
    r"(månader|månad|veckor|vecka|months?|weeks?|месяц\w*|недел\w*)\b"
)
_LOCATION = (
    re.compile(r"\((?:med )?placering (?:i )?([^)]+)\)", re.IGNORECASE),
    re.compile(r"\b(?:in|i|в)\s+([A-ZÅÄÖА-Я][\w-]+(?:\s[A-ZÅÄÖА-Я][\w-]+)?)\s*\)?$"),
)


def _type_in(text: str) -> OpportunityType | None:
    for kind, pattern in _TYPES:
        if pattern.search(text):
            return kind
    return None


def classify_opportunity(title: str, summary: str) -> OpportunityDetails | None:
    """Details of the opportunity a post announces, or None for an ordinary post."""
    folded_title = title.casefold()
    folded_summary = summary.casefold()
    kind: OpportunityType | None = None
    for sentence in _SENTENCE_END.split(folded_summary):
        if _CALL_TO_ACTION.search(sentence):
            kind = _type_in(sentence)
            if kind is not None:
                break
    if kind is None and _CALL_TO_ACTION.search(folded_summary):
        kind = _type_in(folded_title)
    if kind is None and _CALL_TO_ACTION.search(folded_title):
        kind = _type_in(folded_title)
    if kind is None:
        return None
    duration = _DURATION.search(folded_summary)
    return OpportunityDetails(
        type=kind,
        location=_location(title),
        duration=duration.group(0) if duration else None,
    )


def _location(title: str) -> str | None:
    for pattern in _LOCATION:
        match = pattern.search(title)
        if match:
            return match.group(1).strip()
    return None
