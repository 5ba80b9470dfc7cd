"""How calls are written in the neighbouring languages the feeds carry (uk, bg, ky, kk, uz),
and more of how they are written in sv, en and ru: the alternatives call_words.py adds to
its lists (same rules: searched on casefolded text; a leading \\b is checked by hand).

The phrases are the ones a call uses to ask the reader to act ("подати заявку", "кандидатствайте
до", "өтүнмөлөр кабыл алынат", "өтінім қабылдау", "аризалар қабул қилинади") or the fields a job
or funding notice is laid out in ("Close date:", "Vacancy Number:"), not titles of known items.
"""

from __future__ import annotations

from cagbot.models import OpportunityType

# The reader is asked to apply now.
CALL: tuple[str, ...] = (
    # Swedish
    r"\bansökningsperiod\w*",
    r"\bansökningstid(?:en)?\b",
    r"\b(?:kan|får) (?:sökas|lämnas)\b",
    r"\bsista ansökningsdatum\b",
    r"\bansök(?:er)? senast\b",
    r"\b(?:ungdomar|studenter) ansöker\b",
    r"\b(?:du|ni) kan (?:ansöka|söka|nominera)\b",
    r"\b(?:du|ni) som (?:\S+ ){1,15}?kan (?:ansöka|söka)\b",
    r"\bansökningsomgång\w*",
    r"\bansökningsformulär\w* är öppna?\b",
    r"\bkan (?:\S+ ){0,3}nominera\b",
    r"\b(?:kan|får) (?:du|ni) (?:som (?:\S+ ){0,6}?)?(?:ansöka|söka)\b",
    r"\bansökan (?:\S+ ){0,3}(?:är öppen|öppnar)\b",
    r"\bansökan (?:\S+ ){0,3}kan (?:inlämnas|lämnas|skickas)\b",
    r"\btar emot (?:ansökningar|praktikanter|volontärer|sökande)\b",
    r"\bvill du (?:bli|vara|engagera dig|jobba|arbeta|praktisera)\b",
    r"\bom du är intresserad\b",
    r"\bskicka (?:in )?(?:din|ditt|er|ert|en) (?:ansökan|intresseanmälan|cv|personliga brev)\b",
    # "Dags att söka sommarjobb": a headline telling the reader it is time to apply
    r"\bdags att (?:söka|ansöka|anmäla)\b",
    # "Information om hur man ansöker", the Swedish "how to apply"
    r"\bhur (?:man|du|ni) (?:ansöker|söker)\b",
    # English
    r"\bapplications? (?:open|close)s?\b",
    r"\bapplications? (?:are |is )?(?:due|accepted)\b",
    r"\bapplication (?:deadline|round|period)\b",
    r"\bhow to apply\b",
    r"\bto apply\b",
    r"\bapply (?:for|using|to)\b",
    r"\bsubmit (?:your |an |the )?applications?\b",
    r"\bregister (?:here|now|online)\b",
    r"\bopen for (?:applications|nominations|registration)\b",
    r"\bnominate (?:a|your|someone|them|him|her)\b",
    r"\bclose date\b",
    r"\bexpire date\b",
    r"\bdeadline\s*:",
    r"\b(?:volunteer|internship|job|scholarship|grant|fellowship|residency) application\b",
    r"\bparticipation form\b",
    r"\b(?:volunteer(?:ing)?|internship|job|work|exchange|residency|training|scholarship)"
    r" opportunity (?:with|at|in|for)\b",
    r"\bget (?:\w+ )?(?:volunteer|work|professional|international|hands-on) experience\b",
    r"\b(?:join|become) (?:our|a|the) (?:team|volunteer\w*|intern\w*|programme|program)\b",
    r"\bif you are interested\b",
    # "Volunteers wanted", "we need volunteers", "send your CV", "fill in the form"
    r"\b(?:volunteers?|interns?|participants?|applicants?|candidates?|mentors?|trainers?|"
    r"writers?|artists?|staff) (?:are |is |remain |still )?(?:urgently )?(?:wanted|needed)\b",
    # "Anyone interested in volunteering should call the office"
    r"\binterested in (?:volunteering|applying|joining) (?:should|can|may|must)\b",
    r"\bwe need (?:\S+ )?(?:volunteers|interns|participants)\b",
    r"\bsend (?:us )?(?:your|a) (?:cv|resume|résumé|application|motivation letter|cover letter)\b",
    r"\bfill (?:in|out) (?:the|our|an|this) (?:online )?(?:application|participation) form\b",
    r"\b(?:invited|welcome) to apply\b",
    r"\bapplications (?:are )?invited\b",
    r"\b(?:may|can) apply (?:if|until|before|by|online|now|here)\b",
    r"\b(?:started|starts|now) accepting (?:documents|submissions|entries|nominations)\b",
    r"\bseeks? (?:qualified |suitable |motivated )?(?:candidates|applicants)\b",
    r"\bwho can (?:apply|participate)\b",
    r"\bnominations? (?:open|close)s?\b",
    r"\b(?:open|public) call (?:for|to)\b",
    # "announced the summer 2023 internship programme": a programme people apply to, opened
    r"\b(?:announce[sd]?|launche[sd]?|opens) (?:the|its|a|their) (?:\S+ ){0,3}?(?:internship|"
    r"volunteer\w*|exchange|fellowship|scholarship|residency) (?:programme|program)\b",
    r"\binterested (?:candidates|applicants|persons|participants)\b",
    # "Registration started this week", "encourages young adults to sign up", "recruitment
    # notice", "you can be considered for participation if"
    r"\b(?:registration|enrol?ment|recruitment) (?:has )?(?:started|begun|opened|is underway)\b",
    r"\bencourage[sd]? (?:\S+ ){0,3}?to (?:sign up|apply|register|enrol)\b",
    r"\brecruitment (?:of|notice|for)\b",
    r"\byou (?:can|may|will) be considered\b",
    # Russian
    r"(?<!\w)(?:объявля\w+|открыва\w+|начина\w+|стартовал\w*|проводит|открыт\w*)\s+"
    r"(?:\w+\s+){0,2}(?:набор|отбор)\b",
    r"(?<!\w)отбор\w*\s+(?:\w+\s+){0,4}на\s+(?:\w+\s+)?(?:стажировк|обучени|программ|конкурс)\w*",
    r"(?<!\w)(?:набор|отбор)\s+(?:волонт\w+|участник\w+|стаж[её]р\w+|кандидат\w+|в\s+\w+)",
    r"(?<!\w)заполнить\s+(?:\w+\s+)?(?:анкету|форму)",
    r"(?<!\w)регистрация\s+(?:проходит|открыта|продлится)",
    r"(?<!\w)можно\s+(?:подать|записаться|зарегистрироваться)",
    r"(?<!\w)(?:стать|станьте)\s+волонт[её]р\w*",
    # "Волонтером библиотеки может стать любой желающий от 15 лет"
    r"(?<!\w)волонт[её]р\w*\s+(?:\S+\s+){0,3}?(?:может|могут)\s+стать\b",
    r"(?<!\w)приглаша\w+\s+(?:студентов|молод\w+|всех|жителей|к\s+участию|на\s+стажировку)",
    r"(?<!\w)при[её]м\w*\s+(?:работ|произведений|материалов|анкет)\b",
    r"(?<!\w)продл[её]н\w*\s+до\b",
    r"(?<!\w)(?:могут|может)\s+претендовать\b",
    r"(?<!\w)претендовать\s+на\s+(?:него|не[её]|грант\w*|стипенди\w*|преми\w*)",
    r"(?<!\w)регистрация\s+(?:на\s+участие\s+)?(?:\S+\s+){0,3}доступна\b",
    r"(?<!\w)жд(?:ут|[её]м)\s+(?:ваш\w*\s+)?заяв\w+",
    r"(?<!\w)(?:направить|направляйте|присылайте)\s+(?:свою\s+|ваши\s+)?заявк\w*",
    r"(?<!\w)заявочн\w+\s+кампани\w*",
    r"(?<!\w)(?:можете|могут)\s+(?:принять\s+участие|присоединиться)\b",
    r"(?<!\w)для\s+участия\s+(?:в\s+\S+\s+)?(?:необходимо|нужно|надо|следует)\b",
    r"(?<!\w)(?:отправ\w+|присыла\w+|присылайте|направ\w+)\s+(?:сво[её]\s+)?резюме\b",
    r"(?<!\w)заполн(?:ить|ите)\s+(?:\w+\s+)?(?:анкету|форму|заявку)",
    # Ukrainian
    r"(?<!\w)подати\s+(?:свою\s+)?заявк\w*",
    r"(?<!\w)(?:при[йи]ом|прийняття|подачі|подання)\s+заявок",
    r"(?<!\w)заявки\s+(?:\w+\s+){0,2}прийма\w+",
    r"(?<!\w)оголош\w+\s+(?:\w+\s+){0,3}конкурс",
    r"(?<!\w)запрошуємо\s+до\s+участі",
    r"(?<!\w)запрошу\w+\s+(?:\S+\s+){0,5}?на\s+(?:\S+\s+)?(?:стажування|навчання|програму|"
    r"конкурс|тренінг|курс)",
    r"(?<!\w)заповн\w+\s+(?:\S+\s+)?(?:анкету|форму\s+(?:участі|заявки))",
    r"(?<!\w)можуть\s+брати\s+участь",
    # "взяти" is "узяти" after a consonant (Ukrainian euphony)
    r"(?<!\w)мож(?:уть|е|ете)\s+(?:\S+\s+)?(?:долучитися|[ву]зяти\s+участь)",
    r"(?<!\w)запрошу\w+\s+(?:\S+\s+){0,3}?(?:до\s+участі|до\s+про[еє]кту|на\s+стажування)",
    # Bulgarian
    r"(?<!\w)кандидатствайте\b",
    r"(?<!\w)кандидатстването\s+(?:\S+\s+){0,2}(?:стартира|започва|е\s+отворено|продължава)",
    r"(?<!\w)стартира\s+кандидатстването",
    r"(?<!\w)(?:срок(?:ът)?|кампанията)\s+за\s+кандидатстване",
    r"(?<!\w)форма(?:та)?\s+за\s+участие",
    r"(?<!\w)формуляр\w*\s+за\s+кандидатстване",
    r"(?<!\w)кра(?:ен|йният)\s+срок",
    r"(?<!\w)в\s+срок\s+до\b",
    r"(?<!\w)(?:търси|търсим)\s+(?:\w+\s+)?(?:стажант\w*|доброволц\w*|служител\w*|кандидат\w*)",
    r"(?<!\w)могат\s+да\s+(?:участват|кандидатстват)",
    r"(?<!\w)при[её]м(?:ът)?\s+на\s+(?:документи|заявления|заявки|проектни\s+предложения)",
    r"(?<!\w)приема\w*\s+(?:\S+\s+){0,4}(?:документ|заявлени|кандидатур)\w*",
    r"(?<!\w)подаване\s+на\s+(?:документи|заявления|заявки|проектни\s+предложения)",
    # Kyrgyz
    r"(?<!\w)(?:өтүнмө\w*|арыз\w*|документтер\w*|чыгарма\w*)\s+(?:\S+\s+){0,6}кабыл\s+алын\w+",
    r"(?<!\w)кабыл\s+алуу\s+(?:\S+\s+){0,2}башта\w+",
    r"(?<!\w)(?:сынак\w*|конкурс\w*)\s+жарыял\w+",
    r"(?<!\w)катыша\s+алышат?\b",
    r"(?<!\w)(?:арыз|өтүнмө)\w*\s+(?:\S+\s+)?бер(?:е|үү)\w*",
    r"(?<!\w)(?:катталуу|тандоо)\w*\s+(?:\S+\s+){0,2}?(?:башталды|ачык|сайтта|жарыяланды)",
    # Kazakh
    r"(?<!\w)өтінім\w*\s+(?:\S+\s+){0,6}қабылда\w+",
    r"(?<!\w)қатыса\s+алады\b",
    r"(?<!\w)өтінім\w*\s+(?:\S+\s+)?бер(?:е|у)\w*",
    r"(?<!\w)(?:іріктеу|тіркелу)\w*\s+(?:\S+\s+){0,2}?(?:басталды|ашық|сайтта|жарияланды)",
    r"(?<!\w)(?:құжат\w*|кандидатура\w*)\s+(?:\S+\s+){0,4}қабылда\w+",
    r"(?<!\w)байқау\w*\s+жариял\w+",
    # Uzbek (Cyrillic and Latin)
    r"(?<!\w)(?:ариза\w*|ҳужжат\w*)\s+(?:\S+\s+){0,4}қабул\s+қилин\w+",
    r"(?<!\w)tanlov\w*\s+e[’'`]lon\s+qil\w+",
    r"(?<!\w)ariza\w*\s+(?:\S+\s+)?topshir\w*",
    r"(?<!\w)ариза\w*\s+(?:\S+\s+)?топшир\w*",
    r"(?<!\w)(?:ariza|hujjat|ko[’'`‘]?ngilli)\w*\s+(?:\S+\s+){0,4}?qabul\s+qilin\w+",
    r"(?<!\w)ro[’'`‘]?yxatdan\s+o[’'`‘]?t\w*",
    r"(?<!\w)танлов\w*\s+эълон\s+қил\w+",
    # Plain ways of asking for volunteers, staff and entries (issue 19, fresh3): "sign up to
    # volunteer", "to volunteer, contact", "vi behöver volontärer", "fritidsledare sökes",
    # "требуются волонтеры", "потрібні волонтери", "қатысуға шақырамыз"
    r"\bsign up to (?:volunteer|help|take part|participate)\b",
    r"\bto volunteer,? (?:contact|call|email|e-mail|visit|sign up|register|fill)\b",
    r"\b(?:volunteers|participants|students|applicants|candidates) can (?:sign up|register|apply"
    r"|enrol)\b",
    r"\bvolunteer with us\b",
    r"\bjob openings?\b",
    r"\b(?:invited|encouraged) to submit\b",
    r"\benter (?:the|our|a|this) (?:\S+ ){0,2}?(?:contest|competition|award|prize)\b",
    r"\benrol(?:l)? (?:now|today|here|online)\b",
    r"\bvi behöver (?:\S+ )?(?:volontärer|ledare|praktikanter|medarbetare|mentorer)\b",
    # (not "För att bli volontär behöver du ...": a guide)
    r"\bbli (?:volontär|praktikant|mentor|fadder) (?:hos|i|på|med) (?:oss|vår|vårt|våra)\b",
    r"\bsökes\b",
    # (not "Volvo anställer 500 personer": news of a company's hiring)
    r"\b(?:vi|nu) anställer\b",
    r"(?<!\w)(?:требу(?:ется|ются)|нужны|нужен|нужна|потрібн[іа]|потрібен)\s+(?:\S+\s+)?"
    r"(?:волонт|доброволь|стаж[её]р|специалист|сотрудник|координатор|преподавател|менеджер"
    r"|помощник|працівник|фахівц)\w*",
    r"(?<!\w)стартова\w+\s+(?:\S+\s+)?(?:конкурс|при[её]м|набор|отбор)\w*",
    r"(?<!\w)(?:могут|может)\s+подать\s+(?:\S+\s+)?(?:документы|заявк\w*|заявлени\w*)",
    r"(?<!\w)(?:қатысуға|байқауға|конкурсқа)\s+шақыр\w*",
)
# Phrases that announce a call even when the text names no kind of opportunity.
CALL_ANY_KIND: tuple[str, ...] = (
    r"\bapplications? (?:open|close)s?\b",
    r"\bopen for (?:applications|nominations)\b",
    r"(?<!\w)(?:при[йи]ом|подачі|подання)\s+заявок",
    r"(?<!\w)кабыл\s+алын\w+",
    r"(?<!\w)өтінім\w*\s+(?:\S+\s+){0,6}қабылда\w+",
    r"(?<!\w)кра(?:ен|йният)\s+срок",
    r"(?<!\w)срок\s+за\s+кандидатстване",
)
# Words that name a kind of call, per kind (added to call_words.TYPES).
TYPES: dict[OpportunityType, tuple[str, ...]] = {
    # Swedish compounds name the kind last: "kulturstipendium", "verksamhetsbidrag".
    "scholarship": (
        r"(?<!\w)стипенді\w*",
        r"(?<!\w)стипенди\w*",
        r"\bstipend\w*",
        r"\b\w+stipendi(?:um|er|et|erna)\b",
    ),
    "grant": (
        r"(?<!\w)безвъзмездн\w*",
        r"(?<!\w)финансиране\b",
        r"\bfunding programme\b",
        r"\b\w+bidrag(?:et|en)?\b",
        r"\b\w*understöd(?:et)?\b",
    ),
    "internship": (
        r"(?<!\w)стажант\w*",
        r"(?<!\w)стаж(?:ове|ът|а)?\b",
        r"(?<!\w)стажуванн\w*",
        r"\btraineeships?\b",
        r"(?<!\w)тағылымдама\w*",
    ),
    "volunteering": (
        r"(?<!\w)доброволц\w*",
        r"(?<!\w)волонтер\w*",
        r"(?<!\w)ерікті\w*",
        r"(?<!\w)ыктыярчы\w*",
        r"(?<!\w)ko[’'`‘]?ngilli\w*",
        r"(?<!\w)кўнгилли\w*",
    ),
    "exchange": (
        r"(?<!\w)обмін\w*",
        r"(?<!\w)мобилност\w*",
        r"\bmobility\b",
        r"(?<!\w)ұтқырлы\w*",
        r"(?<!\w)мобилдүүлүк\w*",
    ),
    "course": (r"(?<!\w)навчанн\w*", r"(?<!\w)обучени\w*", r"\bprogramme dates\b"),
    "contest": (
        r"(?<!\w)сынак\w*",
        r"(?<!\w)байқау\w*",
        r"(?<!\w)tanlov\w*",
        r"(?<!\w)танлов\w*",
        r"(?<!\w)преми[яию]\w*",
        r"(?<!\w)сыйлы\w*",
        r"(?<!\w)мукофот\w*",
        r"\bnominations?\b",
    ),
    "job": (
        r"\bhiring\b",
        r"\banställer\b",
        r"(?<!\w)требу(?:ется|ются)\s+(?:\S+\s+)?(?:специалист|сотрудник|менеджер|координатор"
        r"|преподавател|помощник|бухгалтер)\w*",
        r"\bposition title\b",
        r"\bvacancy number\b",
        r"\bemployment type\b",
        r"\b(?:sommar|ferie)(?:jobb|arbete)\w*",
        r"\bferier?praktik\w*",
    ),
}
# The post looks back on a call.
LOOKS_BACK: tuple[str, ...] = (
    r"(?<!\w)(?:завершил(?:ся|ось)|завершен|закончил(?:ся|ось))\s+при[её]м\s+заявок",
    r"(?<!\w)поступил[оа]\s+(?:более\s+|свыше\s+)?\d+\s+заяв\w*",
    r"(?<!\w)подали\s+заявки\s+\d+",
    r"(?<!\w)подано\s+\d+",
    # "подали порядка 800 заявок", "на конкурс были представлены 53 работы"
    r"(?<!\w)подали\s+(?:\S+\s+){0,2}?\d+\s+заяв\w*",
    r"(?<!\w)(?:представлен|прислан|получен)\w*\s+(?:\S+\s+)?\d+\s+(?:работ|заяв)\w*",
    r"(?<!\w)заявочная\s+кампания\s+(?:проходила|прошла|завершилась)\b",
    r"\bhave now closed\b",
    r"(?<!\w)оголошено\s+переможц\w*",
    r"(?<!\w)(?:підведено|підвели)\s+підсумк\w*",
    # A report of an event held: "библиотека провела уличную акцию"
    r"(?<!\w)(?:провел[аи]?|провёл)\s+(?:\S+\s+){0,2}?(?:акци|флешмоб)\w*",
    # Admission to school or kindergarten is no opportunity for the bot's readers.
    r"(?<!\w)(?:бірінші\s+сынып|1-сынып|перв\w+\s+класс|в\s+1(?:-й)?\s+класс|детск\w+\s+сад"
    r"|балабақша|förskoleklass|first\s+grade)\w*",
)
# Fields a job ad is laid out in.
JOB_BODY: tuple[str, ...] = (
    r"\bjob description\b",
    r"\bkey (?:duties|responsibilities)\b",
    r"\bemployment type\b",
    r"\bcontract duration\b",
    r"\buppdraget\b",
)
