"""Where a post's text names a date as the last day to apply: the cue words and the date
phrases they introduce, in every language the feeds carry (deadlines.py parses and chooses).

A post names many dates (event days, publication, project periods); only one after a cue
("sista ansökningsdag", "no later than", "принимаются до", "Deadline:"), or before one
("30 april är sista dag"), is a deadline. A date the same sentence says is when applicants
hear back is not. Each finder's literal starts are tested as substrings before its scan
(regex_literals.py): most cues are absent from most texts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Protocol

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
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?!\d)"
YEAR = r"(?:19|20)\d\d"
_DATE = (
    # "30 May 2021", and the two-digit year of "30-May-21"
    rf"(?:{DAY}(?:st|nd|rd|th|-?го|-?е|:?e|:?a|-(?:shy|shi|шы|ші)|-)?\.?\s*(?:of\s+)?(?:{_MONTHS})\.?"
    rf"(?:[,-]?\s*{YEAR}|-\d\d(?!\d))?"
    # Kyrgyz and Kazakh put the year first: "2023-жылдын 25-апрелине"
    rf"|{YEAR}-?\s*(?:жылдын|жылы|жылғы|ж\.|yil\w*|йил\w*)\s*{DAY}-?\s*(?:{_MONTHS})"
    rf"|(?:{_MONTHS})\.?\s+{DAY}(?:st|nd|rd|th)?(?:,?\s*{YEAR})?"
    rf"|{YEAR}-[01]\d-[0-3]\d"
    rf"|{DAY}[./][01]?\d(?:[./](?:{YEAR}|\d\d))?"
)
# A date naming its day (the forms above), or a whole month ("April 2024").
_DAY_DATE = _DATE + ")"
_DATE = _DATE + rf"|(?:{_MONTHS})\.?\s+{YEAR})"
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
    rf"(?:\S+\s+){{0,5}}?\(?{DAY}\.?(?:\s*(?:{_MONTHS})\.?)?\s*(?:[–—-]|по)\s*"
    rf"(?P<date>{DAY}\.?\s*(?:{_MONTHS})\.?(?:,?\s*{YEAR})?)"
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
            rf"(?<![\d.]){DAY}\.[01]?\d\.?\s*[–—-]\s*(?P<date>{DAY}\.[01]?\d(?:\.{YEAR})?)"
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
WEEKDAYS = (
    ("måndag", "monday", "понедельник"), ("tisdag", "tuesday", "вторник"),
    ("onsdag", "wednesday", "сред"), ("torsdag", "thursday", "четверг"),
    ("fredag", "friday", "пятниц"), ("lördag", "saturday", "суббот"),
    ("söndag", "sunday", "воскресень"),
)  # fmt: skip
_WEEKDAY_NAME = re.compile(
    "(?:" + "|".join(rf"{sv}|{en}|{ru}\w*" for sv, en, ru in WEEKDAYS) + r")(?![\w\s,]*\d)"
)
_BY = re.compile(r"(?:\bsenast|\bby|\buntil|\bbefore|(?<!\w)до)\s+(?:(?:den|this|next)\s+)?$")


def weekdays_after_a_cue(folded: str) -> Iterator[str]:
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


_Found = tuple[tuple[int, str], ...]


@lru_cache(maxsize=8)
def date_matches(folded: str) -> tuple[_Found, _Found]:
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
