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

from cagbot.content.regex_literals import literal_starts

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
    # Uzbek (Latin; the Cyrillic names are the Russian ones)
    r"|yanvar\w*|fevral\w*|aprel\w*|iyun\w*|iyul\w*|avgust\w*|sentyabr\w*|oktyabr\w*"
    r"|noyabr\w*|dekabr\w*"
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
    # "30 May 2021", and the two-digit year of "30-May-21"
    rf"(?:{_DAY}(?:st|nd|rd|th|-?го|-?е|:?e|:?a|-(?:shy|shi|шы|ші)|-)?\.?\s*(?:of\s+)?(?:{_MONTHS})\.?"
    rf"(?:[,-]?\s*{_YEAR}|-\d\d(?!\d))?"
    # Kyrgyz and Kazakh put the year first: "2023-жылдын 25-апрелине"
    rf"|{_YEAR}-?\s*(?:жылдын|жылы|жылғы|ж\.|yil\w*|йил\w*)\s*{_DAY}-?\s*(?:{_MONTHS})"
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
    r"ansöknings(?:tiden|perioden)\s+(?:går\s+ut|löper\s+ut|slutar|stänger)",
    r"(?:ansök|sök|anmäl)\w*\s+(?:\S+\s+){0,4}?före",
    r"sista\s+ansökningsdag(?:en)?\s+(?:\S+\s+){1,5}?är(?:\s+den)?",
    r"sista\s+dag(?:en)?\s+(?:för\s+)?att\s+(?:ansöka|söka|anmäla\s+sig)(?:\s+\S+){0,4}?(?:\s+är)?",
    r"sista\s+dag(?:en)?\s+för\s+(?:ansökan|ansökningar|anmälan)(?:\s+är)?",
    r"(?:ansök|sök|anmäl)(?:an|\s+dig|\s+er)?\s+(?:\S+\s+){0,6}?senast",
    r"senast(?:\s+den)?",
    r"ansökningstider",
    r"(?:öppen|pågår|sökas|söka|ansöka|anmäla\s+sig|tas\s+emot)\s+(?:\S+\s+){0,3}?"
    r"(?:till\s+och\s+med|t\.\s?o\.\s?m\.|till)",
    r"ansökningsdatum",
    # English
    r"deadline(?:s)?(?:\s+(?:to|for)\s+(?:apply|applications?|submissions?|registration|entries"
    r"|nominations|proposals)"
    r"|\s+för\s+(?:ansökan|ansökningar|anmälan))?(?:\s+is|\s+was|\s+are|\s+är)?",
    r"(?:application|submission|registration)s?\s+(?:deadline|closes?|close\s+on|ends?)",
    r"applications?\s+(?:will\s+)?close(?:s|d)?(?:\s+on)?",
    r"no\s+later\s+than",
    r"(?:apply|register|submit\w*|sign\s+up)[\s,]+(?:\S+\s+){0,6}?(?:by|before|until)",
    r"(?:stängde|stänger|closed\s+on|closes\s+on)",
    r"closing\s+date(?:\s+(?:of|for\s+(?:applications|entries|submissions|nominations)))?"
    r"(?:\s+(?:is|was))?",
    r"complete\s+(?:your|the)\s+application\s+(?:by|before)",
    r"expires",
    r"due\s+(?:date|by)",
    # "applications are due November 2nd", "the registration process ends on June 4", "the
    # deadline for us to receive the form is 5pm on 17 September", "return it by Monday"
    r"(?:applications?|proposals?|nominations?|forms?)\s+(?:are\s+|is\s+)?due(?:\s+(?:on|by))?",
    r"(?:registration|application|submission|nomination)s?\s+(?:process|period|window)\s+"
    r"(?:ends|closes)(?:\s+on)?",
    r"deadline\s+(?:\S+\s+){1,6}?is",
    r"extend\w*\s+the\s+deadline\s+(?:\S+\s+){0,8}?to",
    # "must be received by", "will be accepted until", "the programme is open until"
    # "must be received by", "must be in by", "must be sent before"
    r"must\s+be\s+(?:in|sent|returned|lodged)\s+(?:no\s+later\s+than|by|before)",
    # "send your application by", "the last day to apply is", "you have until"
    r"send\s+(?:in\s+)?(?:your|the|an|all)\s+(?:\S+\s+){0,2}?(?:application|cv|form|proposal"
    r"|entry|entries|nomination)s?\s+(?:\S+\s+){0,4}?(?:by|before|until|no\s+later\s+than)",
    r"last\s+day\s+(?:to|for)\s+(?:apply|applications?|submit\w*|register\w*)(?:\s+is)?",
    r"you\s+have\s+until",
    r"(?:received|submitted|postmarked)\s+(?:\S+\s+){0,2}?(?:no\s+later\s+than|by|"
    r"(?:on\s+or\s+)?before|until)",
    r"reach\s+(?:us|the\s+\S+)\s+(?:no\s+later\s+than|by|before)",
    r"accepted\s+(?:until|through|till|up\s+to)",
    r"accepting\s+(?:applications|documents|submissions|entries|nominations)\s+(?:\S+\s+){0,12}?"
    r"(?:until|till|through)",
    r"open\s+(?:until|till|through)",
    r"(?:entries|nominations?|registrations?|submissions?)\s+(?:will\s+)?close(?:s|d)?(?:\s+on)?",
    # (the form, not the participants: "participants return home by 20 July" is no deadline)
    r"return\s+(?:it|them|(?:the|your|this)\s+(?:completed\s+)?(?:\S+\s+)?(?:form|application))"
    r"\s+(?:by|before|no\s+later\s+than)",
    # Russian
    r"(?:принима(?:ю|е)тся|принимают|принимаем|принимает|подать|подавать|подайте|при[её]м\w*|"
    r"регистрация|зарегистрироваться)\s+(?:\S+\s+){0,6}?до",
    r"при[её]м\w*\s+заявок\s+(?:завершится|завершат|закончится|продлится\s+до)",
    r"не\s+позднее",
    # "Окончание приёма заявок – 25 ноября", "завершение подачи документов:"
    r"(?:окончани|завершени)\w+\s+(?:при[её]м\w*|подачи)(?:\s+(?:заявок|документов|работ))?",
    r"крайний\s+срок(?:\s+подачи(?:\s+\S+)?\s+(?:заявок|документов))?",
    # "Последний день подачи заявок —", "Кінцевий термін подачі заявок —", "последен срок"
    r"(?:последн|останн|кінцев|последе)\w*\s+(?:день|дата|срок|термін|ден)\w*(?:\s+\S+){0,3}?",
    r"(?:принима(?:ю|е)тся|при[её]м\w*)\s+(?:\S+\s+){0,3}?по",
    r"дедлайн",
    r"срок\s+подачи(?:\s+заявок)?",
    # English fields of job and funding notices
    r"(?:close|expire|expiry)\s+date",
    r"applications?\s+(?:are\s+)?open\s+until",
    # Ukrainian
    r"(?:подати|подання|подачі|при[йи]ом|прийняття|прийма\w+)\s+(?:\S+\s+){0,6}?до",
    r"не\s+пізніше",
    r"термін\w*\s+(?:\S+\s+){0,5}?до",
    # Bulgarian
    r"в\s+срок\s+до",
    r"(?:приемат|подават|подаване|кандидатстване)\s+(?:\S+\s+){0,6}?до",
    r"кра(?:ен|йният)\s+срок(?:\s+\S+){0,8}?\s+е",
    r"срок(?:ът)?\s+за\s+(?:кандидатстване|подаване)(?:\s+\S+){0,3}?\s+е",
    r"кра(?:ен|йният)\s+срок",
    r"кандидатств\w+\s+(?:\S+\s+){0,4}?до",
    # Kazakh, Kyrgyz: "өтінім қабылдау мерзімі –", "арыз кабыл алуу мөөнөтү:"
    r"қабылдау\s+мерзім\w*",
    r"кабыл\s+алуу\s+мөөнөт\w*",
)
_WEEKDAY = (
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day"
    r"|måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag)"
)
# "до 30 апреля" alone says "deadline" only in a post already known to be a call.
_BARE_CUES = (r"(?<!\w)до",)
# A time of day may come first: "by midday 5 September", "by 5pm on 17 September".
# Or a 24-hour time: "до 23:59 часа на 10 април", "до 18.00 ч. 15 мая".
_TIME_OF_DAY = (
    r"(?:(?:at\s+)?(?:midday|(?:\d{1,2}\s*)?noon|midnight|\d{1,2}(?:[.:]\d\d)?\s*(?:[ap]m|[ap]\.m\.)"
    r"|\d{1,2}[.:]\d\d(?:\s*(?:часа|часов|ч\.|h|uhr))?)"
    # a time zone after the time: "11:59 p.m., CST (Central Standard Time)"
    r"(?:,?\s+[a-z]{2,4}\b(?:\s*\([^()]{1,40}\))?(?=,?\s+(?:on\s+)?[\w]))?"
    r"(?:\s+(?:on|на|den|\w+\s+time))?,?\s+)?"
)
# A field label may carry a note first: "Application Deadline (Midnight Duty Station Time) :".
_CUE_BODY = (
    rf"\s*(?:\([^()]{{1,40}}\)\s*)?[:–—-]?\s*(?:[•·]\s*(?:[^\W\d]{{2,20}}:\s*)?)?"
    rf"(?:(?:the|den|on|is|до|—)\s+)?{_TIME_OF_DAY}"
    # "stänger på fredag, den 9 april", "by Friday the 26th of October"
    rf"(?:(?:på\s+)?{_WEEKDAY},?\s+(?:(?:den|the)\s+)?)?"
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
        self.literals = literal_starts(cue)
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
_RANGE_TAIL = (
    rf"\s+{_DATE}\s*(?:года|г\.|року|р\.|година)?\s*(?:по|to|and|till|och|–|-)\s*(?P<date>{_DATE})"
)
_RANGE = re.compile(
    rf"(?:\bс|\bfrom|\bbetween|\bmellan|\bfrån|\bopen|\böppen|\bоткрыт\w*"
    rf"|\bperiod\s+(?:is|of)|\bperioden\s+är){_RANGE_TAIL}"
)
# "Ansökningsperiod: 1 november – 13 december", "the application period is ...": its own
# pattern, so that re scans for the literal (one alternative without a \b made _RANGE 6x slower)
_PERIOD_RANGE = re.compile(rf"period(?:en)?(?:\s+is|\s+är|\s*:){_RANGE_TAIL}")
# The date first: "3 april 2016 – sista ansökningsdag", "the May 1 deadline".
# A day is needed: "a looming January 2026 deadline" is a guide's, not a call's.
_CUE_BEFORE = _DateThenCue(
    _DAY_DATE,
    r"\s*(?:[–—:-]\s*)?(?:application\s+)?",
    r"sista\s+ansökningsdag|deadline|крайний\s+срок|дедлайн",
)
# A range of days after an application word, its end the deadline: "ansökan är öppen från 5-25
# februari", "vi tar emot ansökningar 4-17 juni", "заявки принимаются 1–20 марта", "ungdomar
# ansöker 6 februari – 5 mars", "kan sökas mellan 11-31 mars 2024".
_DAY_RANGE = re.compile(
    rf"(?<!\w)(?:ansök|anmäl|sök|nominer|appl(?:y|ications?)|заявк|документ)\w*\s+"
    rf"(?:\S+\s+){{0,5}}?\(?{_DAY}\.?(?:\s*(?:{_MONTHS})\.?)?\s*(?:[–—-]|по)\s*"
    rf"(?P<date>{_DAY}\.?\s*(?:{_MONTHS})\.?(?:,?\s*{_YEAR})?)"
)


class _RangeAfterAWord:
    """A range in figures after an application word ("Ansökningstiden för bidrag är
    15.3-15.04 varje år"): found by the range, then the word looked for just before it (an
    application word is on most call pages, a range in figures on few: a plain pattern rules
    most pages out first, a fifth of the cost of the full one)."""

    literals: tuple[str, ...] = ("anmäl", "sök", "appl", "заявк", "документ")

    def __init__(self) -> None:
        self._quick = re.compile(r"\d\.\d\d?\.?\s*[–—-]\s*\d")
        self._range = re.compile(
            rf"(?<![\d.]){_DAY}\.[01]?\d\.?\s*[–—-]\s*(?P<date>{_DAY}\.[01]?\d(?:\.{_YEAR})?)"
            r"(?![\d.]\d)"
        )
        self._word = re.compile(
            r"(?<!\w)(?:ansök|anmäl|sök|appl(?:y|ications?)|заявк|документ)\w*\s+(?:\S+\s+){0,5}$"
        )

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if self._quick.search(text) is None:
            return
        for found in self._range.finditer(text):
            start = found.start()
            if self._word.search(text, max(0, start - 80), start):
                yield found


_DOTTED_RANGE = _RangeAfterAWord()
# A month without a day as a listing's deadline field ("Deadline: March"): its last day.
_MONTH_DEADLINE = re.compile(rf"deadline\s*:\s*(?P<date>{_MONTHS})(?=\s*(?:[.;,)]|$))")
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


_CUED: tuple[_Finder, ...] = (
    *_CUE_PATTERNS,
    _RANGE,
    _PERIOD_RANGE,
    _CUE_AFTER,
    _CUE_BEFORE,
    _DAY_RANGE,
    _DOTTED_RANGE,
    _MONTH_DEADLINE,
)
# Counter-evidence: the date is when applicants hear back, not the last day to apply ("Besked
# om anställning lämnas senast 30 april", "кандидатите да получат отговор до 15 май",
# "successful applicants will be notified by"), said earlier in the date's sentence.
_HEARING_BACK = re.compile(
    r"(?<!\w)(?:besked|beslut(?:et)?\b|svar\b|meddelas|notified|notification|results?\b|"
    r"announced\b|decisions?\b|отговор\b|ответ\b|результат\w*|итог\w*|резултат\w*|уведом\w*)"
)


def _alternatives(pattern: str) -> tuple[str, ...]:
    """The literals a pattern's matches start with, when there are several: re scans for a
    single literal start as fast as a substring test, not for one of several."""
    literals = literal_starts(pattern)
    return literals if len(literals) > 1 else ()


# The literals each finder's matches start with (none: always scanned), for a substring
# test before the scan (regex_literals.py): most cues are absent from most texts.
_CUED_PLAN: tuple[tuple[tuple[str, ...], _Finder], ...] = (
    *((_alternatives(pattern.pattern), pattern) for pattern in _CUE_PATTERNS),
    ((), _RANGE),
    ((), _PERIOD_RANGE),
    *((finder.literals, finder) for finder in (_CUE_AFTER, _CUE_BEFORE)),
    (("anmäl", "sök", "nominer", "appl", "заявк", "документ"), _DAY_RANGE),
    (_DOTTED_RANGE.literals, _DOTTED_RANGE),
    (("deadline",), _MONTH_DEADLINE),
)
_SENTENCE_END = re.compile(r"[.!?;]\s")


def _hears_back(folded: str, start: int) -> bool:
    """Whether the sentence before ``start`` says the date is when applicants hear back."""
    window = folded[max(0, start - 120) : start]
    ends = [m.end() for m in _SENTENCE_END.finditer(window)]
    return bool(_HEARING_BACK.search(window, ends[-1] if ends else 0))


# (Kazakh: "20-shy qarashasyna", "20-шы қарашаға")
_ORDINAL = re.compile(
    r"(?<=\d)(?:st|nd|rd|th|-?го|-?е|:?e|:?a|-(?:shy|shi|шы|ші))\b", re.IGNORECASE
)
_MONTH_YEAR = re.compile(rf"^(?:{_MONTHS})\.?\s+{_YEAR}$", re.IGNORECASE)
_DOTTED = re.compile(rf"^({_DAY})[./]([01]?\d)(?:[./]({_YEAR}|\d\d))?$")
_SLACK = timedelta(days=14)
_DIGIT = re.compile(r"\d")
# A phrase that names its year: "2027", or the two-digit year of "15.03.27".
_STATED_YEAR = re.compile(rf"{_YEAR}|\d[./]\d\d?[./]\d\d$|[^\W\d_]-\d\d$")
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
    rf"^(?:({_YEAR})-?\s*\w*\.?\s+)?({_DAY})[\s.-]*(?:of\s+)?([^\W\d_]+)\.?"
    rf"(?:[,-]?\s*({_YEAR})|-(\d\d))?$"
)
_MONTH_FIRST = re.compile(rf"^([^\W\d_]+)\.?\s+({_DAY})(?:,?\s*({_YEAR}))?$")
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
        cued += [_next_weekday(name, published) for name in _weekdays_after_a_cue(folded)]
    if not _DIGIT.search(folded) and "deadline" not in folded:
        # every date form but a weekday and "Deadline: March" has a digit
        return _choose(cued, base.date()), _choose(cued, base.date())
    bare: list[date] = []
    applying: set[date] = set()
    cued_matches, bare_matches = _date_matches(folded)
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


def _date_phrases(folded: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The date phrases after a cue, and after a lone "до", in the order found."""
    cued, bare = _date_matches(folded)
    return tuple(phrase for _, phrase in cued), tuple(phrase for _, phrase in bare)


_Found = tuple[tuple[int, str], ...]


@lru_cache(maxsize=8)
def _date_matches(folded: str) -> tuple[_Found, _Found]:
    """(position, date phrase) after a cue, and after a lone "до", in the order found:
    scanned once per text (classify.py reads an undated post up to three times). A finder
    whose every match starts with a literal absent from the text is skipped unscanned."""
    cued = tuple(
        (match.start("date"), match["date"])
        for literals, pattern in _CUED_PLAN
        if not literals or any(map(folded.__contains__, literals))
        for match in pattern.finditer(folded)
        if not _hears_back(folded, match.start("date"))
    )
    bare = tuple(
        (match.start("date"), match["date"])
        for match in _BARE_CUE.finditer(folded)
        if not (
            (start := match.start()) and (folded[start - 1].isalnum() or folded[start - 1] == "_")
        )
        and not _hears_back(folded, match.start("date"))
    )
    return cued, bare


def _next_weekday(name: str, published: date) -> date:
    weekday = next(n for n, names in enumerate(_WEEKDAYS) if name.startswith(names))
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
    cued, bare = _date_matches(folded)
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
