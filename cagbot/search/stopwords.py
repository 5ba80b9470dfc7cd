"""Words that carry no topic in Swedish, English and Russian, plus the filler people put
around a search ("find me", "ищу", "hitta"). They are neither indexed nor required to match,
so a query's confidence rests only on its content words."""

from __future__ import annotations

_EN = """
a about above after again against all also am an and any anything are aren't as at be because
been before being below between both but by can could did do does doing don't down during each
few for from further had has have having he her here hers herself him himself his how i if in
into is isn't it it's its itself just let me more most my myself no nor not now of off on once
only or other our ours ourselves out over own same she should so some such than that the their
theirs them themselves then there these they this those through to too under until up very was
we were what when where which while who whom why will with would you your yours yourself
yourselves s t don shouldn get got there's what's is are
find search show tell looking look want need please hi hello hey give list anyone something
"""

_SV = """
och i att det som en på är av för med till den har de inte om ett han men var jag sig från vi
så kan man när år säger hon under också efter eller nu sin där vid mot ska skulle kommer ut får
finns vara hade alla andra mycket än här då sedan över bara in blir upp även vad få två vill
ha många hur mer går sina du dig din ditt dina mig min mitt mina oss vår vårt våra er ert era
hans hennes deras dem denna detta dessa vilken vilket vilka någon något några inga ingen
inget utan hos åt genom mellan samt sitt sina eftersom medan varje
hitta sök söker visa hej tack finns snälla letar ge
"""

_RU = """
и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне
было вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него
до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть надо ней для мы
тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот того потому
этого какой совсем ним здесь этом один почти мой тем чтобы нее сейчас были куда зачем всех
никогда можно при наконец два об другой хоть после над больше тот через эти нас про всего них
какая много разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой
им более всегда конечно всю между это эта среди около вокруг кроме вместо
найти найди найдите ищу искать покажи покажите хочу нужно нужна нужен пожалуйста привет
здравствуйте дай дайте есть ли какие
"""

# Greetings, politeness and chat filler in all three languages and in Kyrgyz-Russian chat
# ("салам", "рахмат"), question frames ("can you tell me", "подскажите"), and names of
# languages ("кыргызча", "svenska"): they say how someone asks, never what about, so a
# message of only these finds nothing instead of posts that happen to contain them.
_FILLER = """
hi hey hello salam salaam thanks thank thx pls plz can could would tell know
wondering anybody somebody someone kindly dear good morning evening afternoon ok okay
best top new latest info information
english russian swedish language
hej hejsan tjena hallå tack snälla undrar kan någon berätta veta
bästa senaste nya info information
svenska engelska ryska kirgiziska språk
салам саламатсызбы салем ассаламу алейкум рахмат спасибо подскажите подскажи скажите скажи
помогите помоги расскажите расскажи пж пжл плиз здравствуй добрый день утро вечер
доброе интересует интересно хотел хотела бы можно узнать знать где найти очень
лучший лучшие лучшая новые новый новая последние информация инфо
кыргызча орусча русский русском английский английском язык языке
год года году лет сегодня
"""

# Russian function words typed in Latin letters ("stajirovka v oshe", "kak stat volonterom").
_RU_LATIN = """
v vo na po dlya dlia kak chto chtoby gde iz ot do pro ili eto mne menya nas vy ty ya
li uzhe tozhe esche eshche zdes tam kogda kto mozhno nuzhno pozhaluista pojaluista
privet salam spasibo
hochu khochu hotela stat est u vas nas vam kakie kakaya kakoi kuda tuda mozhet rebyata
"""

# Kyrgyz, Kazakh and Uzbek function words and question frames that the first audience mixes
# into Russian queries («жаштар үчүн стажировка», «Бишкекте стажировка барбы?»), in Cyrillic
# and Latin; gathered from public Kyrgyz and Kazakh news and NGO pages (issue 20; sources in
# tests/search/typed/SOURCES.md). Russian chat words that say nothing about the topic too.
_TURKIC = """
үчүн учун үчун боюнча барбы барбы бар жок менен жана же дагы эле гана керек керекпи эмне
эмнеге кандай кандайдыр кайда качан кантип ким мен сен сиз биз алар ал бул ушул ошол болот
болобу болгум болуу келет келеби жатат жатам жатышат тууралуу жөнүндө саламатсызбы рахмат
барбы бармы барбу
үшін ушин бойынша ма ме жоқ және қандай қайда қалай туралы
uchun ucun barby barbi boyuncha boiuncha jana menen kerek emne kanday kaida kayda jatat
bormi yoq bilan haqida qanday qayerda
ребята слышала слышал туда попасть нибудь
"""

# Light verbs of a chatty question, which carry no topic ("*taking* parental leave", "*get* an
# internship", «*сделать* надежный пароль», "*ta* sig till Osh"): from the top of the spoken
# frequency lists (OpenSubtitles via pyspellchecker's en and ru lists, the Swedish ones from
# the FAQ pages of typed2/SOURCES.md), only those that never name a topic of the content.
_LIGHT_VERBS = """
take takes taking took taken make makes making made getting gets go goes going went come
comes coming put keep keeping let start starting sent send works work's
funkar funka fungerar fungera работает работают rabotaet
ta tar tog tagit gör gjorde gå kom komma
делать сделать делаю брать взять беру получить получать идти пойти
delat sdelat brat vzyat poluchit
"""

# Swedish as typed in chat and on a phone (issue 20): spoken short forms ("finns det nån
# praktik?", "nåt", "nånting"), chat fillers ("typ", "asså", "liksom", "ba") and the verbs
# of a question frame ("vet nån…", "hur blir man/ska man bli…", "kolla", "funderar"), taken
# from public Swedish FAQ and forum-style pages (tests/search/typed2/SOURCES.md).
_SV_CHAT = """
nån nåt nåra nånting nånstans nåran nåre bli blev blivit vet vete typ asså alltså liksom
ba iaf förresten funderar fundera tänkte undra gärna kolla kika ni va e ju mvh
"""


# Chatty questions (issue 20, third session): question frames, hedges, first-person phrases and
# chat filler that carry no topic, in English, Swedish, Russian (Cyrillic and Latin letters)
# and Kyrgyz (Cyrillic and Latin). Gathered from real text: the "Allo, Astana aqshamy" reader
# question column (astana-akshamy.kz/lat/allo-astana-aqshamy-62/), Azattyk's Kyrgyz report on
# young volunteers (rfe.pangea-cms.com/preview/ky-KG/a/Kyrgyzstan_Social/1356643.html: «экенин»,
# «деле», «болсо да», «жатат»), and the forum- and FAQ-style pages listed in
# tests/search/typed2/SOURCES.md; words that name a topic of the content (help as «жардам»
# is kept out, as are "question(s)" and "tip(s)", which titles use) are left out on purpose.
_CHAT = """
really actually basically honestly seriously needed needs necessary im ive id ill youre dont
doesnt didnt cant cannot wanna gonna gotta lemme kinda sorta maybe guess guys folks way ways
possible much thing things stuff lot lots ever else somewhere anywhere whats hows wheres whos
think wonder curious advice recommend suggest suggestions cheers ty use using good better
verkligen egentligen faktiskt behöver behövs måste borde kanske nog ens sätt gör göra gjort
börjar börja börjat använda använder bra bättre vart vem ngn ngt mkt pga osv lr nej okej sen
själv åka åker åkte mej dej sej lixom kmr o
слушайте слушай посоветуйте посоветуй порекомендуйте вообще реально действительно короче типа
блин ребят народ знает знаете знаю подскажет почитать прочитать посмотреть хотелось хочется
хотим хотят могу можете нужны че чё шо щас плз пжлст спс мб вроде просто именно собственно
информацию информации поехать съездить поехала поехал пользоваться использовать нормальный
хотя
podskazhite podskajite podskazite posovetuite slushaite voobshe voobshche voobsche realno
koroche tipa blin rebyat rebiata rebjata znaet znaete pochitat posmotret uznat hochetsya
mogu nado nujno nuzhen nujen nuzhna nujna shto 4to che cho plz pls pzh pj zdravstvuite
zdravstvuyte zdrasti dlja dla ja moi moya moja mnie vse vsyo ochen tolko budet bylo esli
nayti naiti najti naity informaciyu informatsiyu informaciya pozhaluysta pozhalujsta
pojaluysta pojalusta skazhite skajite pomogite zdrastvuite zdrastvuyte
kakoj kakuyu kakuju kotoryi chtob tut svoi svoj svoyu svoju svoih svoikh svoego svoei
свой свои своих своего своей своим
кайсы кайсыл канча кайдан мага мени менин биз бизге биздин сага сени сенин силер сиздер
сизге жокпу бекен боло болсо болуп болгон болчу экен экенин экени деп деген дейт деле да го
ооба абдан өтө эң аябай жатабы жатам жатасыңар келеби келем каалайм каалайт мүмкүнбү мүмкүн
жакшы жакшыраак кайсынысы кайсы бири кантсе кылса кылам кылып барсам барам алсам алам билем
билбейм билесизби айтып айтыңызчы айтчы
kaisy kaysy kaisyl kancha kachan kaidan maga magan menin biz bizge sizge jokpu beken bolobu
bolot bolso bolup ekenin eken dep degen dele ele dagy ooba jok abdan eng kandai jataby jatabi
jakshy zhakshy kaisynysy kelet kelebi kaalaim keregi kerekpi mumkunbu tuuraluu jonundo jonunda
kantip aitchy bargym bolgum bolgym barbi
баргым барууга
"""


def _without_marks(words: str) -> str:
    """Swedish words as typed without å/ä/ö ("pa", "nagon", "for"): people without a Swedish
    keyboard, as the index's own keys do (see :mod:`cagbot.search.normalize`)."""
    return words.translate(str.maketrans("åäö", "aao"))


STOPWORDS: frozenset[str] = frozenset(
    (
        _EN
        + _SV
        + _SV_CHAT
        + _without_marks(_SV + _SV_CHAT + _CHAT)
        + _RU
        + _FILLER
        + _RU_LATIN
        + _TURKIC
        + _CHAT
        + _LIGHT_VERBS
    ).split()
)
