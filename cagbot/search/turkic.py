"""Kyrgyz, Kazakh and Uzbek words as the first audience writes them inside Russian queries.

«Бишкекте стажировка барбы?», «жайкы волонтёрлук», «Ошто», «мөңгүлөр»: Kyrgyz glues case,
plural and possessive endings to a stem (Бишкек-те, мөңгү-лөр, укук-тар-ы) and builds abstract
nouns with -лук/-лык (волонтёр-лук). No Snowball stemmer exists for these languages, so a query
word that the index does not know is tried without its endings, one at a time, longest
first (:func:`bases`); the planner keeps the first base that the index or the lexicon knows.
Only query words are stripped: it is a fallback for unknown words, never a document key.

The question particle («барбы», «керекпи», «жатабы»), personal endings («студентмин», «студентпиз»)
and first- and second-person possessives («досум», «досуң») are stripped too (third session).
The endings are Kyrgyz grammar (vowel harmony gives each several shapes), with the Kazakh
shapes that differ, in Cyrillic and in the Latin spellings people type ("Oshto", "volonterluk").
"""

from __future__ import annotations

from functools import lru_cache

from cagbot.search.normalize import is_cyrillic

_CYRILLIC_SUFFIXES = """
дагы деги догу дөгү тагы теги тогу төгү дағы дегі тағы тегі
лардын лердин лордун лөрдүн дардын тардын
нын нин нун нүн дын дин дун дүн тын тин тун түн ның нің дың дің тың тің
дан ден дон дөн тан тен тон төн нан нен нон нөн
лар лер лор лөр дар дер дор дөр тар тер тор төр
лук лык лүк лик дук дык дүк дик тук тык түк тик лық лік
чы чи чу чү шы ші
га ге го гө ка ке ко кө ға ғе қа ке на не
да де до дө та те то тө
ны ни ну нү ды ди ду дү ты ти ту тү
сы си су сү ы и у ү
бы би бу бү пы пи пу пү
мын мин мун мүн пын пин пун пүн мыз миз муз мүз быз биз буз бүз сың сиң суң сүң
ым им ум үм ың иң уң үң
гы ги гу гү кы ки ку кү
"""
_LATIN_SUFFIXES = """
dagy degi dogu tagy tegi togu
dan den don tan ten ton
lar ler lor dar der dor tar ter tor
luk lyk lik lük dyk dik tyk tik
nyn nin nun dyn din dun tyn tin tun
ga ge go ka ke ko
da de do ta te to
sy si su
by bi bu py pi pu
myn min mun
"""

_SUFFIXES = {
    True: tuple(sorted(set(_CYRILLIC_SUFFIXES.split()), key=len, reverse=True)),
    False: tuple(sorted(set(_LATIN_SUFFIXES.split()), key=len, reverse=True)),
}
# A base shorter than this is no word of its own ("ош" is kept: it is two letters but a
# city; bases are only ever used when the index or lexicon knows them).
_MIN_BASE = 2
_MAX_STRIPS = 3


# A stem's final к/п is voiced before a vowel ending (коопсуздук -> коопсуздугу, китеп ->
# китеби, мүмкүнчүлүк -> мүмкүнчүлүгү): a base ending in г/б (g/b) may be the к/п word.
_UNVOICED = {"г": "к", "б": "п", "g": "k", "b": "p"}


def _unvoiced(base: str) -> tuple[str, ...]:
    last = _UNVOICED.get(base[-1:])
    return (base[:-1] + last,) if last and len(base) > 3 else ()


@lru_cache(maxsize=8192)
def bases(word: str) -> tuple[str, ...]:
    """Shorter forms of ``word`` with Turkic endings taken off, nearest first:
    "укуктары" -> ("укуктар", "укук", ...). Empty for digits and short words."""
    if word.isdigit() or len(word) < 4:
        return ()
    suffixes = _SUFFIXES[is_cyrillic(word)]
    found: list[str] = []
    frontier = [word]
    for _ in range(_MAX_STRIPS):
        following: list[str] = []
        for current in frontier:
            for suffix in suffixes:
                if current.endswith(suffix) and len(current) - len(suffix) >= _MIN_BASE:
                    base = current[: -len(suffix)]
                    for form in (base, *_unvoiced(base)):
                        if form not in found:
                            found.append(form)
                            following.append(form)
        frontier = following
    return tuple(found)
