"""The demo data's names in Kazakh and Russian, beside the English ones of demo.partners.

Institutions and cities are keyed by their English name, programs by their code. Kazakh
universities' names are written as the universities write them; foreign ones are rendered in
Kazakh and Russian the way Kazakh and Russian texts name them. `load_demo` stores the three (see
agreements/translation.py).
"""

# English name: (Kazakh, Russian)
INSTITUTIONS = {
    "Kazakh University of Tourism and Hospitality": (
        "Қазақ туризм және қонақжайлылық университеті",
        "Казахский университет туризма и гостеприимства",
    ),
    "Turiba University": ("Туриба университеті", "Университет Туриба"),
    "Antalya Bilim University": ("Анталья Билим университеті", "Университет Анталья Билим"),
    "Akdeniz University": ("Акдениз университеті", "Университет Акдениз"),
    "Russian State University of Tourism and Service": (
        "Ресей мемлекеттік туризм және сервис университеті",
        "Российский государственный университет туризма и сервиса",
    ),
    "Sochi State University": (
        "Сочи мемлекеттік университеті",
        "Сочинский государственный университет",
    ),
    "University of Economics – Varna": (
        "Варна экономикалық университеті",
        "Экономический университет – Варна",
    ),
    "Poznań University of Economics and Business": (
        "Познань экономикалық университеті",
        "Познанский экономический университет",
    ),
    "Belarusian State University": (
        "Беларусь мемлекеттік университеті",
        "Белорусский государственный университет",
    ),
    "State University of Trade and Economics": (
        "Мемлекеттік сауда-экономикалық университеті",
        "Государственный торгово-экономический университет",
    ),
    "Kyrgyz Economic University named after M. Ryskulbekov": (
        "М. Рысқұлбеков атындағы Қырғыз экономикалық университеті",
        "Кыргызский экономический университет имени М. Рыскулбекова",
    ),
    "Issyk-Kul State University named after K. Tynystanov": (
        "Қ. Тыныстанов атындағы Ыстықкөл мемлекеттік университеті",
        "Иссык-Кульский государственный университет имени К. Тыныстанова",
    ),
    "Silk Road International University of Tourism and Cultural Heritage": (
        "«Жібек жолы» халықаралық туризм және мәдени мұра университеті",
        "Международный университет туризма и культурного наследия «Шёлковый путь»",
    ),
    "Tajik State University of Commerce": (
        "Тәжік мемлекеттік коммерция университеті",
        "Таджикский государственный университет коммерции",
    ),
    "Cyprus University of Technology": (
        "Кипр технологиялық университеті",
        "Кипрский технологический университет",
    ),
    "Almaty Technological University": (
        "Алматы технологиялық университеті",
        "Алматинский технологический университет",
    ),
    "Al-Farabi Kazakh National University": (
        "Әл-Фараби атындағы Қазақ ұлттық университеті",
        "Казахский национальный университет имени аль-Фараби",
    ),
    "Narxoz University": ("Narxoz университеті", "Университет Нархоз"),
    "Kazakh Ablai Khan University of International Relations and World Languages": (
        "Абылай хан атындағы Қазақ халықаралық қатынастар және әлем тілдері университеті",
        "Казахский университет международных отношений и мировых языков имени Абылай хана",
    ),
    "University of International Business named after K. Sagadiyev": (
        "К. Сағадиев атындағы Халықаралық бизнес университеті",
        "Университет международного бизнеса имени К. Сагадиева",
    ),
    "M.Kh. Dulaty Taraz Regional University": (
        "М.Х. Дулати атындағы Тараз өңірлік университеті",
        "Таразский региональный университет имени М.Х. Дулати",
    ),
    "Toraigyrov University": ("Торайғыров университеті", "Торайгыров университет"),
    "Alkey Margulan Pavlodar Pedagogical University": (
        "Әлкей Марғұлан атындағы Павлодар педагогикалық университеті",
        "Павлодарский педагогический университет имени Әлкей Марғұлан",
    ),
    "Sh. Ualikhanov Kokshetau University": (
        "Шоқан Уәлиханов атындағы Көкшетау университеті",
        "Кокшетауский университет имени Ш. Уалиханова",
    ),
    "Karaganda University of Kazpotrebsoyuz": (
        "Қазтұтынуодағы Қарағанды университеті",
        "Карагандинский университет Казпотребсоюза",
    ),
    "Karaganda Buketov University": (
        "Академик Е.А. Бөкетов атындағы Қарағанды университеті",
        "Карагандинский университет имени академика Е.А. Букетова",
    ),
    "Kazakh-American Free University": (
        "Қазақстан-Америка еркін университеті",
        "Казахстанско-Американский свободный университет",
    ),
    "Sarsen Amanzholov East Kazakhstan University": (
        "Сәрсен Аманжолов атындағы Шығыс Қазақстан университеті",
        "Восточно-Казахстанский университет имени Сарсена Аманжолова",
    ),
    "D. Serikbayev East Kazakhstan Technical University": (
        "Д. Серікбаев атындағы Шығыс Қазақстан техникалық университеті",
        "Восточно-Казахстанский технический университет имени Д. Серикбаева",
    ),
    "Makhambet Utemisov West Kazakhstan University": (
        "Махамбет Өтемісов атындағы Батыс Қазақстан университеті",
        "Западно-Казахстанский университет имени Махамбета Утемисова",
    ),
    "Zhangir Khan West Kazakhstan Agrarian Technical University": (
        "Жәңгір хан атындағы Батыс Қазақстан аграрлық-техникалық университеті",
        "Западно-Казахстанский аграрно-технический университет имени Жангир хана",
    ),
    "K. Zhubanov Aktobe Regional University": (
        "Қ. Жұбанов атындағы Ақтөбе өңірлік университеті",
        "Актюбинский региональный университет имени К. Жубанова",
    ),
    "Baishev University": ("Баишев университеті", "Баишев Университет"),
    "O.A. Baikonurov Zhezkazgan University": (
        "Ө.А. Байқоңыров атындағы Жезқазған университеті",
        "Жезказганский университет имени О.А. Байконурова",
    ),
    "Khoja Akhmet Yassawi International Kazakh-Turkish University": (
        "Қожа Ахмет Ясауи атындағы Халықаралық қазақ-түрік университеті",
        "Международный казахско-турецкий университет имени Ходжи Ахмеда Ясави",
    ),
    "Korkyt Ata Kyzylorda University": (
        "Қорқыт Ата атындағы Қызылорда университеті",
        "Кызылординский университет имени Коркыт Ата",
    ),
    "Kyzylorda University «Bolashak»": (
        "«Болашақ» Қызылорда университеті",
        "Кызылординский университет «Болашак»",
    ),
}

# English name: (Kazakh, Russian)
CITIES = {
    "Almaty": ("Алматы", "Алматы"),
    "Riga": ("Рига", "Рига"),
    "Antalya": ("Анталья", "Анталья"),
    "Moscow": ("Мәскеу", "Москва"),
    "Sochi": ("Сочи", "Сочи"),
    "Varna": ("Варна", "Варна"),
    "Poznań": ("Познань", "Познань"),
    "Minsk": ("Минск", "Минск"),
    "Kyiv": ("Киев", "Киев"),
    "Bishkek": ("Бішкек", "Бишкек"),
    "Karakol": ("Қарақол", "Каракол"),
    "Samarkand": ("Самарқанд", "Самарканд"),
    "Dushanbe": ("Душанбе", "Душанбе"),
    "Limassol": ("Лимасол", "Лимасол"),
    "Taraz": ("Тараз", "Тараз"),
    "Pavlodar": ("Павлодар", "Павлодар"),
    "Kokshetau": ("Көкшетау", "Кокшетау"),
    "Karaganda": ("Қарағанды", "Караганда"),
    "Ust-Kamenogorsk": ("Өскемен", "Усть-Каменогорск"),
    "Uralsk": ("Орал", "Уральск"),
    "Aktobe": ("Ақтөбе", "Актобе"),
    "Zhezkazgan": ("Жезқазған", "Жезказган"),
    "Turkestan": ("Түркістан", "Туркестан"),
    "Kyzylorda": ("Қызылорда", "Кызылорда"),
    "Astana": ("Астана", "Астана"),
    "Shymkent": ("Шымкент", "Шымкент"),
}

# Program code: (Kazakh, Russian)
PROGRAMS = {
    "6B11101": ("Мейрамхана ісі және қонақ үй бизнесі", "Ресторанное дело и гостиничный бизнес"),
    "6B11102": ("Туризм", "Туризм"),
    "6B11103": ("Халықаралық туризм", "Международный туризм"),
    "7M11101": ("Туризм", "Туризм"),
    "7M11102": ("Қонақжайлылық менеджменті", "Менеджмент гостеприимства"),
}


def in_three_languages(field: str, english: str, names: dict[str, tuple[str, str]]) -> dict:
    """The `field_kk`, `field_ru` and `field_en` values of a name given in English."""
    kazakh, russian = names.get(english, ("", ""))
    return {
        f"{field}_kk": kazakh or None,
        f"{field}_ru": russian or None,
        f"{field}_en": english or None,
    }
