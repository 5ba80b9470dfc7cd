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
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any, Protocol

from cagbot.content.regex_literals import group_literals

# Month names as writers spell them, for finding date phrases (parsing is dateparser's).
_MONTHS = (
    r"jan(?:uary|uari)?|feb(?:ruary|ruari)?|mar(?:ch|s)?|apr(?:il)?|ma[jy]|june?|juni|july?|juli"
    r"|aug(?:ust|usti)?|sep(?:t(?:ember)?)?|oct(?:ober)?|okt(?:ober)?|nov(?:ember)?|dec(?:ember)?"
    # Russian, with the Kyrgyz case endings ("25-апрелине", "8-октябрына")
    r"|январ\w*|феврал\w*|март\w*|апрел\w*|ма[йяе]\w*|июн\w*|июл\w*|август\w*|сентябр\w*"
    r"|октябр\w*|ноябр\w*|декабр\w*"
    # Ukrainian, Bulgarian
    r"|січ\w*|лют\w*|берез\w*|квіт\w*|травн\w*|черв\w*|лип\w*|серп\w*|верес\w*|жовт\w*"
    r"|листопад\w*|груд\w*|януари|февруари|април|юни|юли|септември|октомври|ноември|декември"
    # Kazakh (Cyrillic, and the Latin alphabet of 2021), with their case endings
    r"|қаңтар\w*|ақпан\w*|наурыз\w*|сәуір\w*|мамыр\w*|маусым\w*|шілде\w*|тамыз\w*"
    r"|қыркүйек\w*|қазан\w*|қараша\w*|желтоқсан\w*"
    r"|qańtar\w*|aqpan\w*|naýryz\w*|sáýir\w*|mamyr\w*|maýsym\w*|shilde\w*|tamyz\w*"
    r"|qyrkúıek\w*|qazan\w*|qarasha\w*|jeltoqsan\w*"
    # Kyrgyz names of the traditional calendar ("9-үчтүн айы", "31-тогуздун айына чейин")
    r"|үчтүн\s+айы\w*|бирдин\s+айы\w*|жалган\s+куран\w*|чын\s+куран\w*|бугу\w*|кулжа\w*"
    r"|теке\w*|баш\s+оона\w*|аяк\s+оона\w*|тогуздун\s+айы\w*|жетинин\s+айы\w*"
    r"|бештин\s+айы\w*"
)
#: For other modules that find month names (periods.py).
MONTHS = _MONTHS
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?!\d)"
_YEAR = r"(?:19|20)\d\d"
_DATE = (
    rf"(?:{_DAY}(?:st|nd|rd|th|-?го|-?е|:?e|:?a|-)?\.?\s*(?:of\s+)?(?:{_MONTHS})\.?(?:[,-]?\s*{_YEAR})?"
    # Kyrgyz and Kazakh put the year first: "2023-жылдын 25-апрелине"
    rf"|{_YEAR}-?\s*(?:жылдын|жылы|жылғы|ж\.)\s*{_DAY}-?\s*(?:{_MONTHS})"
    rf"|(?:{_MONTHS})\.?\s+{_DAY}(?:st|nd|rd|th)?(?:,?\s*{_YEAR})?"
    rf"|{_YEAR}-[01]\d-[0-3]\d"
    rf"|{_DAY}[./][01]?\d(?:[./](?:{_YEAR}|\d\d))?"
)
# A date naming its day (the forms above), or a whole month ("April 2024").
_DAY_DATE = _DATE + ")"
_DATE = _DATE + rf"|(?:{_MONTHS})\.?\s+{_YEAR})"
# Words that say "the date that follows is the last day to apply".
_CUES = (
    # Swedish
    r"sista\s+ansökningsdag(?:en)?(?:\s+är)?(?:\s+\d{4})?",
    r"sista\s+ansökningsdag(?:en)?\s+(?:\S+\s+){1,5}?är(?:\s+den)?",
    r"sista\s+dag(?:en)?\s+(?:för\s+)?att\s+(?:ansöka|söka|anmäla\s+sig)(?:\s+\S+){0,4}?(?:\s+är)?",
    r"(?:ansök|sök|anmäl)(?:an|\s+dig|\s+er)?\s+(?:\S+\s+){0,6}?senast",
    r"senast(?:\s+den)?",
    r"ansökningstider",
    r"(?:öppen|pågår|sökas|söka|ansöka|anmäla\s+sig|tas\s+emot)\s+(?:\S+\s+){0,3}?"
    r"(?:till\s+och\s+med|t\.\s?o\.\s?m\.)",
    r"ansökningsdatum",
    # English
    r"deadline(?:s)?(?:\s+(?:to|for)\s+(?:apply|applications?|submission|registration))?"
    r"(?:\s+is|\s+was)?",
    r"(?:application|submission|registration)s?\s+(?:deadline|closes?|close\s+on|ends?)",
    r"applications?\s+(?:will\s+)?close(?:s|d)?(?:\s+on)?",
    r"no\s+later\s+than",
    r"(?:apply|register|submit\w*|sign\s+up)[\s,]+(?:\S+\s+){0,6}?(?:by|before|until)",
    r"(?:stängde|stänger|closed\s+on|closes\s+on)",
    r"closing\s+date",
    r"complete\s+(?:your|the)\s+application\s+(?:by|before)",
    r"expires",
    r"due\s+(?:date|by)",
    # Russian
    r"(?:принима(?:ю|е)тся|принимают|принимаем|подать|подавать|подайте|при[её]м\w*|"
    r"регистрация|зарегистрироваться)\s+(?:\S+\s+){0,6}?до",
    r"при[её]м\w*\s+заявок\s+(?:завершится|завершат|закончится|продлится\s+до)",
    r"не\s+позднее",
    r"крайний\s+срок(?:\s+подачи\s+заявок)?",
    r"дедлайн",
    r"срок\s+подачи(?:\s+заявок)?",
    # English fields of job and funding notices
    r"(?:close|expire|expiry)\s+date",
    r"applications?\s+(?:are\s+)?open\s+until",
    # Ukrainian
    r"(?:подати|подання|подачі|при[йи]ом|прийняття)\s+(?:\S+\s+){0,6}?до",
    r"не\s+пізніше",
    r"термін\w*\s+(?:\S+\s+){0,5}?до",
    # Bulgarian
    r"в\s+срок\s+до",
    r"(?:приемат|подават|подаване|кандидатстване)\s+(?:\S+\s+){0,6}?до",
    r"кра(?:ен|йният)\s+срок(?:\s+\S+){0,8}?\s+е",
    r"кра(?:ен|йният)\s+срок",
)
_WEEKDAY = (
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day"
    r"|måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag)"
)
# "до 30 апреля" alone says "deadline" only in a post already known to be a call.
_BARE_CUES = (r"(?<!\w)до",)
# A time of day may come first: "by midday 5 September", "by 5pm on 17 September".
_TIME_OF_DAY = (
    r"(?:(?:midday|noon|midnight|\d{1,2}(?:[.:]\d\d)?\s*(?:am|pm))(?:\s+(?:on|\w+\s+time))?,?\s+)?"
)
# A field label may carry a note first: "Application Deadline (Midnight Duty Station Time) :".
_CUE_BODY = (
    rf"\s*(?:\([^()]{{1,40}}\)\s*)?[:–—-]?\s*(?:(?:the|den|on|is|до|—)\s+)?{_TIME_OF_DAY}"
    rf"(?:{_WEEKDAY},?\s+)?"
    rf"(?P<date>{_DATE})"
)
# One pattern per cue, searched on casefolded text: each then starts with a literal that re
# scans for quickly; one big case-insensitive alternation was five times slower (bench).
_CUE_PATTERNS = tuple(re.compile(rf"{cue}{_CUE_BODY}") for cue in _CUES)
_BARE_CUE = re.compile(rf"до{_CUE_BODY}")
# Kyrgyz, Kazakh and Uzbek say "until" after the date: "25-апрелине чейин", "21 шілдеге дейін".


class _Finder(Protocol):
    def finditer(self, text: str) -> Iterator[re.Match[str]]: ...


class _DateThenCue:
    """Finds "<date> <cue>" by its cue (a literal the scan finds fast), then reads the date
    that ends just before it: the matches of one "date, then cue" pattern at a fraction of the
    cost of scanning for a date at every position."""

    def __init__(self, date: str, between: str, cue: str, window: int = 60) -> None:
        self._cue = re.compile(cue)
        self._date = re.compile(rf"(?P<date>{date}){between}$")
        self._window = window

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        for cue in self._cue.finditer(text):
            end = cue.start()
            found = self._date.search(text, max(0, end - self._window), end)
            if found is not None:
                yield found


# Not when what happens by then is an announcement ("тізімі 15 тамызға дейін жарияланады": the
# list of grants is published by 15 August).
_CUE_AFTER = _DateThenCue(
    _DATE,
    r"\w*\s*",
    r"(?:чейин|дейін|дейин|deıin|gacha|гача)"
    r"(?!\s+(?:\S+\s+)?(?:жариял|жарыял|белгілі|белгилүү|анықтал|аныктал|e[’'`]lon))",
)
# "from 17 April to 19 May", "с 17 апреля по 19 мая", "between 16 January 2024 and 16 March 2024"
_RANGE = re.compile(
    rf"(?:\bс|\bfrom|\bbetween|\bmellan|\bfrån|\bopen|\böppen|\bоткрыт\w*"
    rf"|\bperiod\s+is|\bperioden\s+är)\s+{_DATE}\s*(?:года|г\.|року|р\.|година)?\s*"
    rf"(?:по|to|and|till|och|–|-)\s*"
    rf"(?P<date>{_DATE})"
)
# The date first: "3 april 2016 – sista ansökningsdag", "the May 1 deadline".
# A day is needed: "a looming January 2026 deadline" is a guide's, not a call's.
_CUE_BEFORE = _DateThenCue(
    _DAY_DATE,
    r"\s*(?:[–—:-]\s*)?(?:application\s+)?",
    r"sista\s+ansökningsdag|deadline|крайний\s+срок|дедлайн",
)
# A day range within one month after an application word: "ansökan är öppen från 5-25
# februari", "vi tar emot ansökningar 4-17 juni", "заявки принимаются 1–20 марта".
_DAY_RANGE = re.compile(
    rf"(?:ansök\w*|anmäl\w*|applications?|заявк\w*|документ\w*)\s+(?:\S+\s+){{0,4}}?"
    rf"{_DAY}\s*[–—-]\s*(?P<date>{_DAY}\.?\s*(?:{_MONTHS})\.?(?:,?\s*{_YEAR})?)"
)
# A weekday instead of a date ("senast söndag", "by Friday", "до пятницы"): the first such day
# on or after the publication date, so only on a dated page.
_WEEKDAYS = (
    ("måndag", "monday", "понедельник"), ("tisdag", "tuesday", "вторник"),
    ("onsdag", "wednesday", "сред"), ("torsdag", "thursday", "четверг"),
    ("fredag", "friday", "пятниц"), ("lördag", "saturday", "суббот"),
    ("söndag", "sunday", "воскресень"),
)  # fmt: skip
_WEEKDAY_NAME = re.compile(
    "(?:" + "|".join(rf"{sv}|{en}|{ru}\w*" for sv, en, ru in _WEEKDAYS) + r")(?![\w\s,]*\d)"
)
_BY = re.compile(r"(?:\bsenast|\bby|\buntil|\bbefore|(?<!\w)до)\s+(?:(?:den|this|next)\s+)?$")


def _weekdays_after_a_cue(folded: str) -> Iterator[str]:
    for name in _WEEKDAY_NAME.finditer(folded):
        start = name.start()
        if (start == 0 or not folded[start - 1].isalnum()) and _BY.search(
            folded, max(0, start - 16), start
        ):
            yield name.group(0)


_CUED: tuple[_Finder, ...] = (*_CUE_PATTERNS, _RANGE, _CUE_AFTER, _CUE_BEFORE, _DAY_RANGE)

# A leading group's literals are looked for before the pattern runs (see group_literals).
_CUED_PLAN = tuple(
    (group_literals(f.pattern) if isinstance(f, re.Pattern) else (), f) for f in _CUED
)
_ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th|-?го|-?е|:?e|:?a)\b", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"^(?:{_MONTHS})\.?\s+{_YEAR}$", re.IGNORECASE)
_DOTTED = re.compile(rf"^({_DAY})[./]([01]?\d)(?:[./]({_YEAR}|\d\d))?$")
_SLACK = timedelta(days=14)
_DIGIT = re.compile(r"\d")
# A phrase that names its year: "2027", or the two-digit year of "15.03.27".
_STATED_YEAR = re.compile(rf"{_YEAR}|\d[./]\d\d?[./]\d\d$")
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
    (1, "jan|январ|січ|януар|қаңтар|qańtar"), (2, "feb|феврал|лют|февруар|ақпан|aqpan"),
    (3, "mar|март|берез|наурыз|naýryz"), (4, "apr|апрел|квіт|април|сәуір|sáýir"),
    (5, "ma[jy]|ма[йяе]|травн|мамыр|mamyr"), (6, "jun|июн|черв|юни|маусым|maýsym"),
    (7, "jul|июл|лип|юли|шілде|shilde"), (8, "aug|август|серп|тамыз|tamyz"),
    (9, "sep|сентябр|верес|септем|қыркүйек|qyrkúıek"),
    (10, "o[ck]t|октябр|жовт|октом|қазан|qazan"),
    (11, "nov|ноябр|листопад|ноем|қараша|qarasha"),
    (12, "dec|декабр|груд|декем|желтоқсан|jeltoqsan"),
)  # fmt: skip
_LOOSE = re.compile(
    rf"^(?:({_YEAR})-?\s*\w*\.?\s+)?({_DAY})[\s.-]*(?:of\s+)?([^\W\d_]+)\.?(?:[,-]?\s*({_YEAR}))?$"
)
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
    if match is None:
        return None
    month = next((n for n, stems in _STEMS if re.match(stems, match[3])), None)
    if month is None:
        return None
    year = match[1] or match[4]
    if year is None:
        return _with_year(int(match[2]), month, base)
    return _safe_date(int(year), month, int(match[2]))


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
        cued += [_next_weekday(name, published) for name in _weekdays_after_a_cue(folded)]
    if not _DIGIT.search(folded):  # every date form but a weekday has a digit
        return _choose(cued, base.date()), _choose(cued, base.date())
    bare: list[date] = []
    cued_phrases, bare_phrases = _date_phrases(folded)
    for phrases, found in ((cued_phrases, cued), (bare_phrases, bare)):
        for phrase in phrases:
            if not (yearless_ok or _STATED_YEAR.search(phrase)):
                continue
            parsed = _parse(phrase, language, base)
            if parsed is not None and (not yearless_ok or abs(parsed.year - published.year) <= 3):
                found.append(parsed)
    return _choose(cued, base.date()), _choose(cued + bare, base.date())


@lru_cache(maxsize=8)
def _date_phrases(folded: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The date phrases after a cue, and after a lone "до", in the order found: scanned once
    per text (a post with no publication date is read twice, see classify.py)."""
    cued = tuple(
        match["date"]
        for literals, pattern in _CUED_PLAN
        if not literals or any(literal in folded for literal in literals)
        for match in pattern.finditer(folded)
    )
    bare = tuple(
        match["date"]
        for match in _BARE_CUE.finditer(folded)
        if not (
            (start := match.start()) and (folded[start - 1].isalnum() or folded[start - 1] == "_")
        )
    )
    return cued, bare


def _next_weekday(name: str, published: date) -> date:
    weekday = next(n for n, names in enumerate(_WEEKDAYS) if name.startswith(names))
    return published + timedelta(days=(weekday - published.weekday()) % 7)


def yearless_deadline(text: str, language: str) -> tuple[int, int] | None:
    """(month, day) of the first deadline ``text`` states without a year, for a page with no
    publication date: "apply by 30 April" says when, not which year's April. The call's status
    then stays unknown (:func:`find_deadlines` gives no date for it); this only says what the
    text states, for a reader who knows the year (the yearless protocol of tests/content/fresh2).
    """
    folded = text.casefold()
    if not _DIGIT.search(folded):
        return None
    found: list[tuple[int, tuple[int, int]]] = []
    base = datetime(2001, 1, 1)  # any year: only month and day are kept
    for pattern in (*_CUED, _BARE_CUE):
        for match in pattern.finditer(folded):
            if _STATED_YEAR.search(match["date"]):
                continue
            start = match.start()
            if pattern is _BARE_CUE and start and folded[start - 1].isalnum():
                continue
            parsed = _parse(match["date"], language, base)
            if parsed is not None:
                found.append((match.start("date"), (parsed.month, parsed.day)))
    return min(found)[1] if found else None


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
