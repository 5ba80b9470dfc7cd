"""The application deadline a post states, in sv, en or ru.

Finding dates in free text is two jobs. Which dates are deadlines is decided here, by cue words
("sista ansökningsdag", "no later than", "принимаются до", "Deadline:"), because a post names
many dates (event days, publication, project periods) and only the one after a cue is the
deadline. What a date phrase means ("25st, 2020", "30-го апреля", "7.9", "04/10/2017") is left
to ``dateparser``: maintained, knows month names in 200 languages, and parses a short phrase in
about half a millisecond (its ``search_dates`` scans whole texts and is 100 times slower, so it
is not used). A date without a year takes the year that puts it on or after the publication
date (less a fortnight, for "reminder: the deadline was Friday" notes). Without a known
publication date a yearless date is no deadline at all: "до 30 апреля" on an undated page may
be any year's April, and taking today's year offered 2014 calls as open until next April.
"""

from __future__ import annotations

import calendar
import re
import threading
from datetime import date, datetime, timedelta
from typing import Any

from cagbot.content.deadline_phrases import (
    DAY,
    MONTHS,
    WEEKDAYS,
    YEAR,
    date_matches,
    weekdays_after_a_cue,
)

# (Kazakh: "20-shy qarashasyna", "20-шы қарашаға")
_ORDINAL = re.compile(
    r"(?<=\d)(?:st|nd|rd|th|-?го|-?е|:?e|:?a|-(?:shy|shi|шы|ші))\b", re.IGNORECASE
)
_MONTH_YEAR = re.compile(rf"^(?:{MONTHS})\.?\s+{YEAR}$", re.IGNORECASE)
_DOTTED = re.compile(rf"^({DAY})[./]([01]?\d)(?:[./]({YEAR}|\d\d))?$")
_SLACK = timedelta(days=14)
_DIGIT = re.compile(r"\d")
# A phrase that names its year: "2027", or the two-digit year of "15.03.27".
_STATED_YEAR = re.compile(rf"{YEAR}|\d[./]\d\d?[./]\d\d$|[^\W\d_]-\d\d$")
_LANGUAGES = {
    "sv": ["sv", "en"],
    "en": ["en"],
    "ru": ["ru", "en"],
    "uk": ["uk", "ru", "en"],
    "bg": ["bg", "en"],
}
# Month stems of the languages the feeds carry, for phrases dateparser does not read
# (Kyrgyz endings, year first).
_STEMS = (
    (1, "jan|январ|січ|януар|қаңтар|qańtar|yanvar"),
    (2, "feb|феврал|лют|февруар|ақпан|aqpan|fevral"),
    (3, "mar|март|берез|наурыз|naýryz"), (4, "apr|апрел|квіт|април|сәуір|sáýir|aprel"),
    (5, "ma[jy]|ма[йяе]|травн|мамыр|mamyr"), (6, "jun|июн|черв|юни|маусым|maýsym|iyun"),
    (7, "jul|июл|лип|юли|шілде|shilde|iyul"), (8, "aug|август|серп|тамыз|tamyz|avgust"),
    (9, "sep|сентябр|верес|септем|қыркүйек|qyrkúıek|sentyabr"),
    (10, "o[ck]t|октябр|жовт|октом|қазан|qazan|oktyabr"),
    (11, "nov|ноябр|листопад|ноем|қараша|qarasha|noyabr"),
    (12, "dec|декабр|груд|декем|желтоқсан|jeltoqsan|dekabr"),
)  # fmt: skip
_LOOSE = re.compile(
    rf"^(?:({YEAR})-?\s*\w*\.?\s+)?({DAY})[\s.-]*(?:of\s+)?([^\W\d_]+)\.?"
    rf"(?:[,-]?\s*({YEAR})|-(\d\d))?$"
)
_MONTH_FIRST = re.compile(rf"^([^\W\d_]+)\.?\s+({DAY})(?:,?\s*({YEAR}))?$")
_local = threading.local()  # dateparser keeps per-language caches; imports run in threads


# The Kyrgyz traditional month names, read as the Russian ones (which the stems know).
_KYRGYZ_MONTHS = {
    "үчтүн": "январ", "бирдин": "феврал", "жалган": "март", "чын": "апрел", "бугу": "май",
    "кулжа": "июн", "теке": "июл", "баш": "август", "аяк": "сентябр", "тогуздун": "октябр",
    "жетинин": "ноябр", "бештин": "декабр",
}  # fmt: skip
_KYRGYZ_MONTH = re.compile(
    r"(үчтүн|бирдин|тогуздун|жетинин|бештин)\s+айы\w*|(жалган|чын)\s+куран\w*"
    r"|(баш|аяк)\s+оона\w*|(бугу|кулжа|теке)\w*"
)


def _parse(phrase: str, language: str, base: datetime) -> date | None:
    phrase = _ORDINAL.sub("", phrase.strip().rstrip(".,")).strip()
    phrase = _KYRGYZ_MONTH.sub(lambda m: _KYRGYZ_MONTHS[m.group(m.lastindex or 0)], phrase)
    dotted = _DOTTED.match(phrase)
    if dotted:
        # dd.mm(.yyyy): European order whatever the language; dateparser would read "7.9"
        # by locale.
        day, month, year = int(dotted[1]), int(dotted[2]), dotted[3]
        if year is None:
            return _with_year(day, month, base)
        full = int(year) + (2000 if len(year) == 2 else 0)
        return _safe_date(full, month, day)
    # "30 апреля", "25 серпня 2023", "5 september 2022": read by the month's stem, ten times
    # faster than dateparser; other forms (month first, "April 2024") go to dateparser.
    by_stem = _by_stems(phrase.casefold(), base)
    if by_stem is not None:
        return by_stem
    settings: dict[str, Any] = {
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": base,
        "DATE_ORDER": "DMY",
        "PREFER_DAY_OF_MONTH": "last",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    # Imported at the first date phrase, not with the bot: a third of a second at start-up.
    import dateparser

    parsed = dateparser.parse(
        phrase, languages=_LANGUAGES.get(language, ["en", "sv", "ru"]), settings=settings
    )
    if parsed is None:
        return None
    if _MONTH_YEAR.match(phrase):  # "April 2024": the whole month is open
        return date(parsed.year, parsed.month, calendar.monthrange(parsed.year, parsed.month)[1])
    moment: date = parsed.date()
    return moment


def _by_stems(phrase: str, base: datetime) -> date | None:
    """Day, month word and maybe year, read by the month's stem (also the Kyrgyz forms
    dateparser does not know)."""
    match = _LOOSE.match(phrase)
    if match is not None:
        word, day, year = match[3], match[2], match[1] or match[4]
        if match[5]:  # "30-may-21"
            year = f"20{match[5]}"
    elif (match := _MONTH_FIRST.match(phrase)) is not None:  # "april 1", "may 1, 2025"
        word, day, year = match[1], match[2], match[3]
    else:
        return None
    month = next((n for n, stems in _STEMS if re.match(stems, word)), None)
    if month is None:
        return None
    if year is None:
        return _with_year(int(day), month, base)
    return _safe_date(int(year), month, int(day))


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _with_year(day: int, month: int, base: datetime) -> date | None:
    candidate = _safe_date(base.year, month, day)
    if candidate is not None and candidate < base.date():
        candidate = _safe_date(base.year + 1, month, day)
    return candidate


def find_deadlines(
    text: str, language: str, published: date | datetime | None, *, today: date | None = None
) -> tuple[date | None, date | None]:
    """(deadline after a cue word, deadline counting a lone "до" too): each the earliest
    stated one on or after the publication date (less a fortnight), failing that the last
    one stated (the call is then closed). Without ``published`` only dates that state their
    year count (``today`` then only bounds how far from it a year may be)."""
    yearless_ok = published is not None
    if published is None:
        published = today or date.today()
    if isinstance(published, datetime):
        published = published.date()
    base = datetime.combine(published - _SLACK, datetime.min.time())
    folded = text.casefold()
    cued: list[date] = []
    if yearless_ok:
        cued += [_next_weekday(name, published) for name in weekdays_after_a_cue(folded)]
    if not _DIGIT.search(folded) and "deadline" not in folded:
        # every date form but a weekday and "Deadline: March" has a digit
        return _choose(cued, base.date()), _choose(cued, base.date())
    bare: list[date] = []
    applying: set[date] = set()
    cued_matches, bare_matches = date_matches(folded)
    for matches, found in ((cued_matches, cued), (bare_matches, bare)):
        for position, phrase in matches:
            if not (yearless_ok or _STATED_YEAR.search(phrase)):
                continue
            parsed = _parse(phrase, language, base)
            if parsed is not None and (not yearless_ok or abs(parsed.year - published.year) <= 3):
                found.append(parsed)
                if _names_the_application(folded, position):
                    applying.add(parsed)
    return _choose(_applying(cued, applying), base.date()), _choose(
        _applying(cued + bare, applying), base.date()
    )


# Several last days for several steps ("до 5 августа направить письмо ...; до 31 августа
# направить заявку"): the one whose clause names the application is the deadline.
_APPLICATION = re.compile(
    r"(?<!\w)(?:заявк|заявлени|ansök|applica|anmälan|заяв|өтінім|өтүнмө|арыз|ariza|кандидатств)"
)
_CLAUSE_END = re.compile(r"[.;!?]\s|$")


def _names_the_application(folded: str, position: int) -> bool:
    start = max(folded.rfind(". ", 0, position), folded.rfind("; ", 0, position), 0)
    end = _CLAUSE_END.search(folded, position)
    return bool(_APPLICATION.search(folded, start, end.start() if end else len(folded)))


def _applying(found: list[date], applying: set[date]) -> list[date]:
    """The dates whose clause names the application, when some do and some do not."""
    named = [moment for moment in found if moment in applying]
    return named if named else found


def _next_weekday(name: str, published: date) -> date:
    weekday = next(n for n, names in enumerate(WEEKDAYS) if name.startswith(names))
    return published + timedelta(days=(weekday - published.weekday()) % 7)


def yearless_deadline(text: str, language: str) -> tuple[int, int] | None:
    """(month, day) of :func:`yearless_deadline_at`."""
    found = yearless_deadline_at(text, language)
    return found[1:] if found else None


def yearless_deadline_at(text: str, language: str) -> tuple[int, int, int] | None:
    """(month, day) of the first deadline ``text`` states without a year, for a page with no
    publication date: "apply by 30 April" says when, not which year's April. The call's status
    then stays unknown (:func:`find_deadlines` gives no date for it) unless the text places
    it in a year (:func:`cagbot.content.periods.call_year`, from the date's position: first of
    the three values, in the casefolded text). The yearless protocol: tests/content/fresh2.
    """
    folded = text.casefold()
    if not _DIGIT.search(folded):
        return None
    found: list[tuple[int, int, int]] = []
    base = datetime(2001, 1, 1)  # any year: only month and day are kept
    cued, bare = date_matches(folded)
    for position, phrase in cued + bare:
        if _STATED_YEAR.search(phrase):
            continue
        parsed = _parse(phrase, language, base)
        if parsed is not None:
            found.append((position, parsed.month, parsed.day))
    return min(found) if found else None


def _choose(found: list[date], earliest: date) -> date | None:
    if not found:
        return None
    upcoming = [moment for moment in found if moment >= earliest]
    return min(upcoming) if upcoming else max(found)


def find_deadline(
    text: str,
    language: str,
    published: date | datetime | None,
    *,
    bare: bool = True,
    today: date | None = None,
) -> date | None:
    """The deadline ``text`` states (see :func:`find_deadlines`); ``bare`` also takes a
    date after a lone "до" (for a post known to be a call)."""
    cued, loose = find_deadlines(text, language, published, today=today)
    return loose if bare else cued
