"""The times a call's text places itself in: "на 2014 год", "summer 2023", "2021 г.",
"våren 2026", "2023/24", "September–October 2023", "30 апреля 2014".

A call whose every such period lies wholly in the past is over, whatever day it was
imported: an undated listing of a 2014 grant round is not open this year. Only the latest
period counts (a text naming 2019 and 2027 may well be open), and when the publication date
is known, periods that ended before it are history the post recalls ("founded in 2008"), not
the call's own time.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta

from cagbot.content.deadline_phrases import MONTHS

_Y = r"((?:19|20)\d\d)"
# Seasons as writers name them; the value is the month the season ends in (of the year named,
# winter: of the next).
_SEASONS: tuple[tuple[str, int], ...] = (
    (r"vår(?:en|terminen|termin)?|spring|весн\w*|көктем\w*", 6),
    (r"sommar(?:en)?|summer|лет(?:о|ом|а|н\w+)|жаз\w*|жай\w*", 8),
    (r"höst(?:en|terminen|termin)?|autumn|fall|осен\w*|күз\w*", 12),
    (r"vinter(?:n)?|winter|зим\w*|қыс\w*|кыш\w*", 14),
)
_SEASON = tuple(
    (re.compile(rf"(?<!\w)(?:{words})(?:\s+(?:of|av|of the year))?\s*,?\s+{_Y}(?!\d)"), end)
    for words, end in _SEASONS
)
# "2023/24", "2023/2024", "2023–2024 учебный год": up to the summer after.
_ACADEMIC = re.compile(rf"(?<!\d){_Y}\s*[/–—-]\s*((?:19|20)?\d\d)(?!\d)")
# "September–October 2023", "May 2024", "апреля 2014"
_MONTH_YEAR = re.compile(rf"(?<!\w)({MONTHS})\.?\s*,?\s+{_Y}(?!\d)")
# A year said to be the call's: "на 2014 год", "2021 г.", "2015 году", "for 2015", "år 2015".
_YEAR_MARKED = (
    re.compile(rf"(?<!\d){_Y}\s*(?:г\.|гг?\b|год\w*|жыл\w*|ж\.)"),
    re.compile(rf"(?<!\w)(?:на|for|för|år|year|until|till|до)\s+{_Y}(?!\d)"),
)
_ANY_YEAR = re.compile(rf"(?<!\d){_Y}(?!\d)")
# History a current call recalls: "since 2008", "с 2010 года", "founded in 1994".
_HISTORY = re.compile(
    r"(?:since|sedan|founded|established|grundad\w*|started|основан\w*|с|от|from|från)"
    r"\s+(?:in\s+|i\s+|в\s+)?$"
)
_MONTH_NUMBERS = (
    (r"jan|январ", 1), (r"feb|феврал", 2), (r"mar|март", 3), (r"apr|апрел", 4),
    (r"ma[jy]|ма[йяе]", 5), (r"jun|июн", 6), (r"jul|июл", 7), (r"aug|август", 8),
    (r"sep|сентябр", 9), (r"o[ck]t|октябр", 10), (r"nov|ноябр", 11), (r"dec|декабр", 12),
)  # fmt: skip
_SLACK = timedelta(days=31)


def _month(word: str) -> int | None:
    for prefix, number in _MONTH_NUMBERS:
        if re.match(prefix, word):
            return number
    return None


def _month_end(year: int, month: int) -> date:
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    return date(year, month, calendar.monthrange(year, month)[1])


def _recalled(text: str, start: int) -> bool:
    """Whether the year at ``start`` follows "since", "с", "founded in"...: history."""
    return bool(_HISTORY.search(text[max(0, start - 24) : start]))


def _ends(title: str, text: str) -> list[date]:
    folded = text.casefold()
    ends: list[date] = []
    for pattern, month in _SEASON:
        ends += [_month_end(int(m[1]), month) for m in pattern.finditer(folded)]
    for match in _ACADEMIC.finditer(folded):
        first, second = int(match[1]), match[2]
        last = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
        if last in (first, first + 1):  # "2023/24"; not "2014-37" or a page range
            ends.append(date(last, 8, 31))
    for match in _MONTH_YEAR.finditer(folded):
        number = _month(match[1])
        if number is not None and not _recalled(folded, match.start()):
            ends.append(_month_end(int(match[2]), number))
    for pattern in _YEAR_MARKED:
        for match in pattern.finditer(folded):
            if not _recalled(folded, match.start()):
                ends.append(date(int(match[1]), 12, 31))
    # A year in the headline is the call's ("Grants 2014", "Летняя школа 2021").
    for match in _ANY_YEAR.finditer(title.casefold()):
        ends.append(date(int(match[1]), 12, 31))
    return ends


def period_end(title: str, summary: str, published: date | datetime | None = None) -> date | None:
    """The last day of the latest period the text places the call in, or None when it names
    none. With ``published``, periods that ended a month or more before it are left out."""
    ends = _ends(title, f"{title}. {summary}")
    if published is not None:
        day = published.date() if isinstance(published, datetime) else published
        ends = [end for end in ends if end >= day - _SLACK]
    return max(ends) if ends else None


def period_over(title: str, summary: str, published: date | datetime | None, today: date) -> bool:
    """Whether every period the text names is over by ``today``."""
    end = period_end(title, summary, published)
    return end is not None and end < today


# A year is the call's context only where it is tied to a date or marked as a time: "June
# 10th, 2023", "september 2021", "2021 жылдын", "1 июля 2020 года", "in 2026", "för 2023",
# "under 2024". Not a year in a name ("Волонтер года — 2025", "Kulturstipendium (2024)") nor
# a comparison ("samma budget som 2024"): those do not say which year's date it is.
# Each is read around a year the text names (a window before it, or what follows), not
# scanned over the whole text: the month names make a whole-text scan slow.
_BEFORE_YEAR = re.compile(
    rf"(?:(?<!\w)(?:{MONTHS})\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?,?\s+"
    r"|(?<!\w)(?:in|for|för|under|during|на|в|у|през|i|år)\s+"
    r"|\d[./]\d\d?[./]"
    # "Sista ansökningsdag 2016: 1 november", "Deadline 2024 – 1 March"
    r"|(?:ansökningsdag(?:en)?|deadlines?|срок)\s*:?\s+)$"
)
# A year said to be a date ("The deadline to apply for Summer Scholars 2021 is May 1") is tied
# to it as well.
_AFTER_YEAR = re.compile(
    r"\s*(?:г\.|гг?\b|год\w*|жыл\w*|ж\.|року|р\.|година)|\s+års\b"
    rf"|\s+(?:is|är)\s+(?:\d{{1,2}}\s+)?(?:{MONTHS})\b"
)
# A year the call is for, said as such: "the 2023 Junior Volunteer Program", "2025 års
# stipendium" (not a year set apart in a name: "«Волонтер года — 2025»").
_THE_BEFORE = re.compile(r"(?<!\w)(?:the|this|our|its|their)\s+$")
_THE_AFTER = re.compile(r"(?:\s*[/–-]\s*\d{2,4})?\s+[^\W\d]")
# A birth year is not the call's ("роден преди 10 април 2008 година", "born in 2007").
_BORN = re.compile(
    r"(?:född\w*|born|роден\w*|родивш\w*|рожден\w*|туулган\w*|туған\w*)\s+(?:\S+\s+){0,4}$"
)


def call_year(text: str, position: int) -> int | None:
    """The year a yearless date at ``position`` of the casefolded ``text`` belongs to, from
    the years the text ties to a date or marks as a time (an undated page's "apply by 1
    April" beside "runs June 13th to August 4th, 2023"): the only one it names, else the last
    one named before the date. None when the text ties no year to anything."""
    return year_at(anchored_years(text), position)


def anchored_years(text: str) -> list[tuple[int, int]]:
    """(position, year) of each year the casefolded ``text`` ties to a date or marks as a
    time, in order; not history ("since 2008") nor a birth year ("född 2007")."""
    years: list[tuple[int, int]] = []
    for match in _ANY_YEAR.finditer(text):
        start, end = match.span()
        window = max(0, start - 40)
        before = _BEFORE_YEAR.search(text, window, start) or (
            _THE_AFTER.match(text, end) and _THE_BEFORE.search(text, window, start)
        )
        if not (before or _AFTER_YEAR.match(text, end)):
            continue
        if _recalled(text, before.start() if before else start) or _BORN.search(
            text, window, start
        ):
            continue
        years.append((start, int(match[1])))
    return years


def year_at(years: list[tuple[int, int]], position: int) -> int | None:
    """See :func:`call_year`."""
    if not years:
        return None
    if len({year for _, year in years}) == 1:
        return years[0][1]
    before = [year for start, year in years if start < position]
    return before[-1] if before else None
