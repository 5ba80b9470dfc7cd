"""The words open calls are recognised by, in sv, en and ru (see classify.py for how they
are used): kinds of opportunity, application phrases, looking-back phrases, job-ad shape.

Every alternative is searched on casefolded text on its own, its leading word boundary
checked by hand after a hit: Python's re then finds the literal start with a fast scan, ten
times quicker than one big case-insensitive alternation (bench/import_bench.py); an
alternative whose literal start is not in the text at all is skipped by a substring test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cagbot.content import neighbour_words as more
from cagbot.content.regex_literals import Screen, literal_starts
from cagbot.models import OpportunityType

_LEADING_BOUNDARY = re.compile(r"^(?:\\b|\(\?<!\\w\))")


class Words:
    """Alternatives searched one by one on casefolded text (see the module docstring)."""

    def __init__(self, patterns: tuple[str, ...]) -> None:
        self.sources = patterns
        self.patterns = tuple(re.compile(_LEADING_BOUNDARY.sub("", p)) for p in patterns)
        self.bounded = tuple(bool(_LEADING_BOUNDARY.match(p)) for p in patterns)
        # (literal every match starts with, or "", pattern, bounded): a substring test in C
        # rules most alternatives out before the regex engine is set up for them (an
        # import tries some 150 alternatives per post).
        self._plan = tuple(
            (literal_starts(p.pattern), p, bounded)
            for p, bounded in zip(self._searched(), self.bounded, strict=True)
        )
        self._screen = Screen([(literals, bounded) for literals, _, bounded in self._plan])

    def _searched(self) -> Iterator[re.Pattern[str]]:
        """The patterns as :meth:`search` runs them: "\\w*X" unbounded has a match exactly
        when "X" has one, and "X" is found without trying a word at every position."""
        for pattern, bounded in zip(self.patterns, self.bounded, strict=True):
            source = pattern.pattern
            yield re.compile(source[3:]) if source.startswith(r"\w*") and not bounded else pattern

    def search(self, text: str) -> bool:
        return self.search_folded(text.casefold())

    def search_folded(self, folded: str) -> bool:
        """:meth:`search` on text already casefolded (one fold for all families)."""
        for index in self._screen.candidates(folded):
            _, pattern, bounded = self._plan[index]
            for match in pattern.finditer(folded):
                start = match.start()
                if not bounded or start == 0 or not _wordlike(folded[start - 1]):
                    return True
        return False

    def count(self, text: str) -> int:
        folded = text.casefold()
        return sum(self._count(folded, i) for i in range(len(self.patterns)))

    def _starts_word(self, text: str, start: int) -> bool:
        return start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_")

    def _hits(self, text: str, index: int) -> bool:
        for match in self.patterns[index].finditer(text):
            if not self.bounded[index] or self._starts_word(text, match.start()):
                return True
        return False

    def _count(self, text: str, index: int) -> int:
        return sum(
            1
            for match in self.patterns[index].finditer(text)
            if not self.bounded[index] or self._starts_word(text, match.start())
        )


def _wordlike(char: str) -> bool:
    return char.isalnum() or char == "_"


def _words(*patterns: str) -> Words:
    return Words(patterns)


def _more(words: Words, patterns: tuple[str, ...]) -> Words:
    """``words`` and the alternatives neighbour_words.py adds."""
    return Words(words.sources + patterns)


TYPES: tuple[tuple[OpportunityType, Words], ...] = (
    (
        "scholarship",
        _words(r"\bstipendi\w*", r"\bscholarships?\b", r"\bfellowships?\b", r"\bстипенди\w*"),
    ),
    (
        "grant",
        _words(
            r"\bbidrag\w*",
            r"\bgrants?\b",
            r"\bконкурс\w*\s+(?:\w+\s+){0,2}проект\w*",
            r"\bfunding\b",
            r"\bfinancial (?:support|assistance)\b",
            r"\bproject proposals?\b",
            r"\bгрант\w*",
            r"\bсубсиди\w*",
            r"\bсредства на реализацию\b",
            r"\bфинансов\w+ поддержк\w*",
        ),
    ),
    (
        "residency",
        _words(
            r"\bresidens\w*",
            r"\bresidenc(?:e|es|y|ies)\b",
            r"\bartists?[- ]in[- ]residence\b",
            r"\bрезиденци\w*",
        ),
    ),
    (
        "internship",
        _words(
            r"\bpraktik(?:ant\w*|plats\w*|en)?\b",
            r"\binternships?\b",
            r"\binterns?\b",
            r"\btrainees?\b",
            r"\bplacements?\b",
            r"\bстажир\w*",
            r"\bстаж[её]р\w*",
            r"\bпрактикант\w*",
        ),
    ),
    (
        "volunteering",
        _words(
            r"\bvolontär\w*",
            r"\bvolunteer\w*",
            r"\bvoluntary service\b",
            r"\bsolidarity corps\b",
            r"\bволонт[её]р\w*",
            r"\bдоброволь\w*",
        ),
    ),
    (
        "exchange",
        _words(r"\bungdomsutbyte\w*", r"\butbyte\w*", r"\bexchanges?\b", r"\bобмен\w*"),
    ),
    (
        "course",
        _words(
            r"\btraining courses?\b",
            r"\bcourses?\b",
            r"\btrainings?\b",
            r"\bworkshops?\b",
            r"\bsummer school\b",
            r"\bstudy session\b",
            r"\bkurs\w*",
            r"\butbildning\w*",
            r"\bтренинг\w*",
            r"\bкурс\w*",
            r"\bшкол[аыу]\b",
            r"\bобучени\w*",
        ),
    ),
    (
        "contest",
        _words(
            r"\btävling\w*",
            r"\bcompetitions?\b",
            r"\bcontests?\b",
            r"\bprizes?\b",
            r"\bawards?\b",
            r"\bконкурс\w*",
            r"\bолимпиад\w*",
        ),
    ),
    (
        "job",
        _words(
            r"\btjänst\w*",
            r"\banställning\w*",
            r"\bjobb\w*",
            r"\b\w*(?:ledare|samordnare|koordinator|sekreterare|handläggare|strateg|chef)\b",
            r"\bjobs?\b",
            r"\bvacanc(?:y|ies)\b",
            r"\bpositions?\b",
            r"\b(?:manager|co-?ordinator|officer|assistant|strategist|director|specialist)\b",
            r"\bваканси\w*",
            r"\bдолжност\w*",
            r"\bработ[аыу]\b",
        ),
    ),
)
TYPES = tuple((kind, _more(words, more.TYPES.get(kind, ()))) for kind, words in TYPES)

# The reader is asked to apply now.
CALL = _words(
    # Swedish
    r"\b(?:vi|nu)\s+söker\b",
    r"\bsöker\s+(?:vi|nu|en|ett|ny|nya|två|tre|fyra|fler|dig)\b",
    r"\bsök(?:er)?\s+(?:tjänsten|uppdraget|senast|nu|här)\b",
    r"\bska du söka\b",
    r"\bden vi söker\b",
    r"\bledig tjänst\b",
    r"\bsista ansökningsdag",
    r"\bansökan\s+(?:öppnar|skickas|ska vara)\b",
    r"\blöpande ansökan\b",
    r"\bansökningsdatum\s*:?\s*löpande\b",
    r"\bintresseanmälan\b",
    r"\banmäl\s+(?:dig|er|ditt intresse)\b",
    # English
    r"\bapply\s+(?:now|today|by|before|here|online|via|through)\b",
    r"\bcan apply for this\b",
    r"\byou can apply\b",
    r"\bencouraged to apply\b",
    r"\beligible to apply\b",
    r"\bwho can apply\b",
    r"\beligible applicants\b",
    r"\bapplicants (?:must|should)\b",
    r"\bparticipants (?:should|must) be\b",
    r"\bapplications? (?:are|is) (?:now )?(?:open|welcome)\b",
    r"\bapplications can be submitted\b",
    r"\baccepting applications\b",
    r"\b(?:collecting|accepting|invites?) (?:project )?proposals\b",
    r"\bprocedure for project proposals\b",
    r"\bcall for (?:applications|participants|proposals|volunteers|interns|artists|entries)\b",
    r"\bopen call\b",
    r"\bthis is a call\b",
    r"\b(?:we are|we're|is|are) (?:now |currently )?(?:looking for|seeking|recruiting|hiring)\b",
    r"\bis sought\b",
    r"\bdays? left to apply\b",
    r"\bregistrations? (?:are|is) (?:now )?open\b",
    r"\b(?:program|programme|residency|call|course) is open to\b",
    r"\binvites \d+ \w+",
    r"\blearn more and apply\b",
    # Russian
    r"(?<!\w)(?:открыт|стартовал|начал(?:ся|ось)?|продолжа\w+|объяв\w+)\s+при[её]м\w*\s+заявок",
    r"(?<!\w)при[её]м\w*\s+(?:заявок|документов)\b",
    r"(?<!\w)заявки\s+(?:на\s+\w+\s+)?(?:\w+\s+)?принима\w+",
    r"(?<!\w)принима\w+\s+заявки",
    r"(?<!\w)документы\s+принима\w+",
    r"(?<!\w)подать\s+(?:свою\s+)?заявк\w+",
    r"(?<!\w)оставить\s+(?:свою\s+)?заявк\w+",
    r"(?<!\w)кто\s+может\s+подать",
    r"(?<!\w)объяв\w+\s+(?:о\s+)?(?:\w+\s+)?конкурс",
    r"(?<!\w)(?:к\s+участию\s+)?приглаша(?:ются|ем)\b",
    r"(?<!\w)могут\s+принять\s+участие",
    r"(?<!\w)открыта\s+регистрация",
    r"(?<!\w)ищем\b",
)
CALL = _more(CALL, more.CALL)
# Phrases that announce a call even when the text names no kind of opportunity.
CALL_ANY_KIND = _words(
    r"\bopen call\b",
    r"\bcall for (?:applications|participants|proposals|entries)\b",
    r"\bapplications? (?:are|is) (?:now )?open\b",
    r"\baccepting applications\b",
    r"\bsista ansökningsdag",
    r"(?<!\w)при[её]м\w*\s+заявок",
    r"(?<!\w)заявки\s+(?:\w+\s+){0,2}принима\w+",
)
CALL_ANY_KIND = _more(CALL_ANY_KIND, more.CALL_ANY_KIND)
# The post looks back on a call, or presents the people who took part.
LOOKS_BACK_TITLE = _words(
    r"\bjoins\b",
    r"\binterview with\b",
    r"\bmeet (?:our|the)\b",
    r"\bwelcomes?\b",
    r"\bhas begun\b",
    r"\bspotlight",
    r"\buppdatering(?:ar)? från\b",
    r"\bintervju med\b",
    r"\bвстреч[аи] с\b",
    r"\bинтервью\b",
    r"\bподвед\w+ итог",
    # a headline promising advice is a guide to applying, not a call
    r"\bstep-by-step guide\b",
    r"\bguide to (?:applying|writing|getting|finding|winning)\b",
    r"\btips\b",
    r"\bhow to (?:write|win|find|get|prepare|choose)\b",
    r"\bså (?:skriver|hittar|får) du\b",
    r"(?<!\w)советы\b",
    r"(?<!\w)как\s+(?:получить|написать|найти|подготовить|выиграть)\b",
    # advice on applying in general ("Finding a Job in Nonprofits: your Cover Letter")
    r"\bcover letters?\b",
    r"\b(?:your|a) (?:cv|resume|résumé)\b",
    r"\bfinding (?:a|your) (?:job|internship)\b",
    # listicles and timing advice: "3 Reasons Why You Should Start Applying", "When Is The
    # Best Time To Apply"
    # (words first, not "\d+ reasons": a pattern starting with a digit is scanned for everywhere)
    r"\breasons (?:why|to|you)\b",
    r"\bways to (?:find|get|land|win|stand|make)\b",
    r"\bmistakes\b",
    r"\bsteps to\b",
    r"\bwhy you should\b",
    r"\bbest time to (?:apply|start)\b",
    # a headline naming the winners or the results looks back on a call
    r"\bwinners\b",
    r"\bvinnar(?:e|na|en)\b",
    r"(?<!\w)(?:победител|переможц|переможц|жеңімпаз|жеңүүчү)\w*",
    r"(?<!\w)(?:итоги|підсумки|резултати|нәтиже\w*|жыйынтык\w*)\b",
)
LOOKS_BACK = _words(
    r"\bis now over\b",
    r"\bthank you (?:very much )?(?:to everyone who applied|for your \S+application)",
    r"\breceived (?:none less than |over |more than )?\d+ applications\b",
    r"\bregistered \d+ finali[sz]ed applications\b",
    r"\bподвед\w+ итог",
)
LOOKS_BACK = _more(LOOKS_BACK, more.LOOKS_BACK)
CLOSED = _words(
    r"\bansökan är (?:nu )?stängd\b",
    # "Ansökningsomgången för årets kulturstipendier är stängd", "... har nu stängt", and the
    # booking systems' "Dagens datum ligger utanför ansökningsperioden".
    r"\bansökningsomgången (?:\S+ ){0,4}?(?:är|har) (?:nu )?stäng[dt]\b",
    # "Ansökningstiden för årets feriejobb har gått ut", "Ansökningstiden gick ut den 28 februari"
    r"\bansökningstiden (?:\S+ ){0,4}?(?:(?:har|är) (?:nu )?(?:gått|löpt)|gick|löpte) ut\b",
    r"\butanför ansökningsperioden\b",
    # a count of those who applied, in the past tense: the round is over ("Över 500 ansökte
    # om feriejobb", "Totalt sökte 655 ungdomar"; not "200 har sökt hittills"). A word before
    # the number gives the scan a literal to look for (bench: a bare number is scanned for).
    r"\b(?:över|drygt|nästan|totalt|cirka|runt|omkring|hela|sammanlagt) \d+ (?:\S+ ){0,2}?"
    r"(?:ansökte|sökte)\b",
    r"\btotalt (?:ansökte|sökte) \d+",
    r"\bapplication window (?:\S+ ){0,5}?is (?:now )?closed\b",
    r"\bgår inte att söka\b",
    r"\bapplications? (?:is|are|has|have) (?:now )?closed\b",
    r"\bapplication has closed\b",
    r"\bwas closed at\b",
    r"\bis now over\b",
    r"\bпри[её]м заявок (?:завершен|окончен|закрыт)",
)
# A job ad that does not say "apply" in its first lines still lists duties and demands.
JOB_TITLE = _words(
    r"\b(?:manager|co-?ordinator|officer|assistant|strategist|specialist|director)\b",
    r"\w*(?:ledare|samordnare|koordinator|sekreterare|handläggare|strateg|chef)\b",
    r"\bsökes\b",
)
JOB_BODY = _words(
    r"\b(?:tasks and )?responsibilities\b",
    r"\b(?:main |general minimum )?requirements\b",
    r"\bqualifications\b",
    r"\barbetsuppgifter\b",
    r"\bvi erbjuder\b",
    r"\bобязанности\b",
    r"\bтребования\b",
)
JOB_BODY = _more(JOB_BODY, more.JOB_BODY)
DURATION = re.compile(
    r"\b(\d+|två|tre|fyra|fem|sex|two|three|four|five|six)\s*"
    r"(månader|månad|veckor|vecka|months?|weeks?|месяц\w*|недел\w*)\b",
    re.IGNORECASE,
)
LOCATION = (
    re.compile(r"\((?:med )?placering (?:i )?([^)]+)\)", re.IGNORECASE),
    re.compile(r"\b(?:in|i|в)\s+([A-ZÅÄÖА-Я][\w-]+(?:\s[A-ZÅÄÖА-Я][\w-]+)?)\s*\)?$"),
)
