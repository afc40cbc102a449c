"""The demo partners: our own university, the partner universities, their contacts and agreements.

The partners are real universities with tourism and hospitality programmes in the countries and
cities the office's report names (docs/mobility-office-practice.md); contacts, agreement numbers,
signatories and cooperation conditions are invented. Our own university is a plausible stand-in,
since the report does not name it.

Agreement dates follow a fixed calendar so the register looks the same whatever day the data is
loaded, except the agreements marked `expires_in_days`: their "valid until" is counted from the
day they are created, so that the register always shows a few agreements about to expire.
"""

from datetime import date

from agreements.models import HOME_COUNTRY

OUT = "outgoing"
IN = "incoming"

TOURISM = "1015"  # ISCED-F: travel, tourism and leisure
HOSPITALITY = "1013"  # ISCED-F: hotel, restaurants and catering
TOURISM_AND_HOSPITALITY = f"{TOURISM}, {HOSPITALITY}"


def study(
    direction: str,
    places: int,
    *,
    months: int = 5,
    language: str = "English",
    level: str = "B2",
    study_levels: str = "bachelor",
    subject_areas: str = TOURISM_AND_HOSPITALITY,
) -> dict:
    """A student study condition of an agreement."""
    return {
        "direction": direction,
        "mobility_type": "study",
        "places_per_year": places,
        "months_per_year": months,
        "subject_areas": subject_areas,
        "study_levels": study_levels,
        "language": language,
        "language_level": level,
    }


def teaching(direction: str, places: int, *, days: int = 5, language: str = "English") -> dict:
    """A staff teaching condition of an agreement."""
    return {
        "direction": direction,
        "mobility_type": "teaching",
        "places_per_year": places,
        "days_per_year": days,
        "subject_areas": TOURISM_AND_HOSPITALITY,
        "language": language,
    }


HOME_INSTITUTION = {
    "name": "Kazakh University of Tourism and Hospitality",
    "name_local": "Қазақ туризм және қонақжайлылық университеті",
    "country": HOME_COUNTRY,
    "city": "Almaty",
    "website": "",
    "code": "kuth.edu.kz",
    "notes": "Our own university (the home institution of the demo data).",
}

# Each partner lists its contact persons and its agreements; an agreement lists its
# cooperation conditions. Signatories default to the two rectors when not given.
FOREIGN_PARTNERS = [
    {
        "name": "Turiba University",
        "name_local": "Biznesa augstskola Turība",
        "country": "LV",
        "city": "Riga",
        "website": "https://www.turiba.lv",
        "code": "turiba.lv",
        "contacts": [
            {
                "name": "Elīna Paraugs",
                "position": "International Relations Coordinator",
                "email": "international@turiba.example",
                "phone": "+371 6000 0101",
            },
        ],
        "agreements": [
            {
                "kind": "agreement",
                "number": "LV-2021/04",
                "date_signed": date(2021, 4, 20),
                "valid_from": date(2021, 5, 1),
                "valid_until": date(2027, 8, 31),
                "conditions": [
                    study(OUT, 4),
                    study(IN, 2, language="Russian", level="B1"),
                    teaching(OUT, 2),
                    teaching(IN, 2),
                ],
            },
        ],
    },
    {
        "name": "Antalya Bilim University",
        "name_local": "Antalya Bilim Üniversitesi",
        "country": "TR",
        "city": "Antalya",
        "website": "https://antalya.edu.tr",
        "code": "antalya.edu.tr",
        "contacts": [
            {
                "name": "Ayşe Örnek",
                "position": "Erasmus Institutional Coordinator",
                "email": "erasmus@antalya-bilim.example",
                "phone": "+90 242 000 01 02",
            },
        ],
        "agreements": [
            {
                "kind": "agreement",
                "number": "TR-2022/09",
                "date_signed": date(2022, 9, 28),
                "valid_from": date(2022, 10, 1),
                "valid_until": date(2027, 9, 30),
                "conditions": [
                    study(OUT, 2, level="B1"),
                    study(IN, 2, level="B1"),
                    teaching(OUT, 1, days=7),
                ],
            },
        ],
    },
    {
        "name": "Akdeniz University",
        "name_local": "Akdeniz Üniversitesi",
        "country": "TR",
        "city": "Antalya",
        "website": "https://www.akdeniz.edu.tr",
        "code": "akdeniz.edu.tr",
        "agreements": [
            {
                "kind": "memorandum",
                "number": "TR-2018/05",
                "date_signed": date(2018, 5, 14),
                "valid_from": date(2018, 6, 1),
                "valid_until": date(2023, 5, 31),
                "conditions": [
                    study(OUT, 2, language="Turkish", level="B1"),
                    study(IN, 2, language="Russian", level="B1"),
                ],
            },
        ],
    },
    {
        "name": "Russian State University of Tourism and Service",
        "name_local": "Российский государственный университет туризма и сервиса",
        "country": "RU",
        "city": "Moscow",
        "website": "https://rguts.ru",
        "code": "rguts.ru",
        "contacts": [
            {
                "name": "Irina Obraztsova",
                "position": "Head of the International Office",
                "email": "intl@rguts.example",
                "phone": "+7 495 000 01 03",
            },
        ],
        "agreements": [
            {
                "kind": "contract",
                "number": "RU-2021/03",
                "date_signed": date(2021, 2, 25),
                "valid_from": date(2021, 3, 1),
                "valid_until": date(2028, 2, 29),
                "conditions": [
                    study(
                        OUT,
                        3,
                        months=10,
                        language="Russian",
                        level="B1",
                        study_levels="bachelor,master",
                    ),
                    study(
                        IN,
                        3,
                        months=10,
                        language="Russian",
                        level="B1",
                        study_levels="bachelor,master",
                    ),
                    teaching(OUT, 2, days=10, language="Russian"),
                ],
            },
        ],
    },
    {
        "name": "Sochi State University",
        "name_local": "Сочинский государственный университет",
        "country": "RU",
        "city": "Sochi",
        "website": "https://sutr.ru",
        "code": "sutr.ru",
        "agreements": [
            {
                "kind": "agreement",
                "number": "RU-2019/07",
                "date_signed": date(2019, 6, 18),
                "valid_from": date(2019, 7, 1),
                "valid_until": date(2024, 6, 30),
                "conditions": [
                    study(OUT, 2, language="Russian", level="B1"),
                    study(IN, 2, language="Russian", level="B1"),
                ],
            },
        ],
    },
    {
        "name": "University of Economics – Varna",
        "name_local": "Икономически университет – Варна",
        "country": "BG",
        "city": "Varna",
        "website": "https://www.ue-varna.bg",
        "code": "ue-varna.bg",
        "contacts": [
            {
                "name": "Maria Primerna",
                "position": "Erasmus+ Office",
                "email": "erasmus@ue-varna.example",
                "phone": "+359 52 000 104",
            },
        ],
        "agreements": [
            {
                "kind": "agreement",
                "number": "BG-2021/06",
                "date_signed": date(2021, 6, 10),
                "valid_from": date(2021, 6, 15),
                "expires_in_days": 60,
                "conditions": [
                    study(OUT, 2),
                    study(IN, 2),
                ],
            },
        ],
    },
    {
        "name": "Poznań University of Economics and Business",
        "name_local": "Uniwersytet Ekonomiczny w Poznaniu",
        "country": "PL",
        "city": "Poznań",
        "website": "https://ue.poznan.pl",
        "code": "ue.poznan.pl",
        "contacts": [
            {
                "name": "Anna Przykładowa",
                "position": "International Exchange Officer",
                "email": "exchange@ue-poznan.example",
                "phone": "+48 61 000 01 05",
            },
        ],
        "agreements": [
            {
                "kind": "agreement",
                "number": "PL-2022/01",
                "date_signed": date(2022, 1, 24),
                "valid_from": date(2022, 2, 1),
                "valid_until": date(2028, 1, 31),
                "conditions": [
                    study(OUT, 2, study_levels="bachelor,master"),
                    study(IN, 2, study_levels="bachelor,master"),
                    teaching(IN, 1),
                ],
            },
        ],
    },
    {
        "name": "Belarusian State University",
        "name_local": "Беларускі дзяржаўны ўніверсітэт",
        "country": "BY",
        "city": "Minsk",
        "website": "https://bsu.by",
        "code": "bsu.by",
        "agreements": [
            {
                "kind": "memorandum",
                "number": "BY-2020/10",
                "date_signed": date(2020, 9, 30),
                "valid_from": date(2020, 10, 1),
                "valid_until": None,
                "conditions": [
                    study(OUT, 2, language="Russian", level="B1"),
                    study(IN, 2, language="Russian", level="B1"),
                ],
            },
        ],
    },
    {
        "name": "State University of Trade and Economics",
        "name_local": "Державний торговельно-економічний університет",
        "country": "UA",
        "city": "Kyiv",
        "website": "https://knute.edu.ua",
        "code": "knute.edu.ua",
        "agreements": [
            {
                "kind": "agreement",
                "number": "UA-2019/03",
                "date_signed": date(2019, 2, 21),
                "valid_from": date(2019, 3, 1),
                "valid_until": date(2024, 2, 29),
                "conditions": [
                    study(OUT, 2, level="B1"),
                    study(IN, 2, language="Russian", level="B1"),
                ],
            },
        ],
    },
    {
        "name": "Kyrgyz Economic University named after M. Ryskulbekov",
        "name_local": "М. Рыскулбеков атындагы Кыргыз экономикалык университети",
        "country": "KG",
        "city": "Bishkek",
        "website": "https://keu.kg",
        "code": "keu.kg",
        "agreements": [
            {
                "kind": "contract",
                "number": "KG-2021/12",
                "date_signed": date(2021, 11, 26),
                "valid_from": date(2021, 12, 1),
                "valid_until": date(2027, 11, 30),
                "conditions": [
                    study(OUT, 3, months=10, language="Russian", level="B1"),
                    study(IN, 3, months=10, language="Russian", level="B1"),
                ],
            },
        ],
    },
    {
        "name": "Issyk-Kul State University named after K. Tynystanov",
        "name_local": "К. Тыныстанов атындагы Ысык-Көл мамлекеттик университети",
        "country": "KG",
        "city": "Karakol",
        "website": "https://iksu.kg",
        "code": "iksu.kg",
        "agreements": [
            {
                "kind": "memorandum",
                "number": "KG-2023/04",
                "date_signed": date(2023, 4, 10),
                "valid_from": date(2023, 4, 10),
                "valid_until": None,
                "conditions": [
                    study(OUT, 2, language="Russian", level="B1"),
                    study(IN, 2, language="Russian", level="B1"),
                    teaching(OUT, 1, language="Russian"),
                ],
            },
        ],
    },
    {
        "name": "Silk Road International University of Tourism and Cultural Heritage",
        "name_local": "Ipak yoʻli turizm va madaniy meros xalqaro universiteti",
        "country": "UZ",
        "city": "Samarkand",
        "website": "https://univ-silkroad.uz",
        "code": "univ-silkroad.uz",
        "contacts": [
            {
                "name": "Dilnoza Namunova",
                "position": "International Relations Department",
                "email": "intl@silkroad.example",
                "phone": "+998 66 000 01 06",
            },
        ],
        "agreements": [
            {
                "kind": "agreement",
                "number": "UZ-2021/09",
                "date_signed": date(2021, 8, 30),
                "valid_from": date(2021, 9, 1),
                "valid_until": date(2028, 8, 31),
                "conditions": [
                    study(OUT, 3, language="Russian", level="B1"),
                    study(IN, 3, language="Russian", level="B1"),
                    teaching(OUT, 2, language="Russian"),
                    teaching(IN, 2, language="Russian"),
                ],
            },
        ],
    },
    {
        "name": "Tajik State University of Commerce",
        "name_local": "Донишгоҳи давлатии тиҷоратии Тоҷикистон",
        "country": "TJ",
        "city": "Dushanbe",
        "website": "https://tguk.tj",
        "code": "tguk.tj",
        "agreements": [
            {
                "kind": "contract",
                "number": "TJ-2022/03",
                "date_signed": date(2022, 3, 11),
                "valid_from": date(2022, 3, 15),
                "expires_in_days": 45,
                "conditions": [
                    study(OUT, 2, language="Russian", level="B1"),
                    study(IN, 2, language="Russian", level="B1"),
                ],
            },
        ],
    },
    {
        "name": "Cyprus University of Technology",
        "name_local": "Τεχνολογικό Πανεπιστήμιο Κύπρου",
        "country": "CY",
        "city": "Limassol",
        "website": "https://www.cut.ac.cy",
        "code": "cut.ac.cy",
        "contacts": [
            {
                "name": "Eleni Paradeigma",
                "position": "International Relations Office",
                "email": "erasmus@cut.example",
                "phone": "+357 25 000 107",
            },
        ],
        "agreements": [
            {
                "kind": "agreement",
                "number": "CY-2022/05",
                "date_signed": date(2022, 5, 19),
                "valid_from": date(2022, 6, 1),
                "valid_until": date(2027, 5, 31),
                "conditions": [
                    study(OUT, 2, study_levels="bachelor,master"),
                    study(IN, 1, study_levels="bachelor,master"),
                    teaching(OUT, 1),
                ],
            },
        ],
    },
]

# The 22 Kazakhstani partners, in the 11 cities the office's report names.
DOMESTIC_PARTNERS = [
    # Almaty
    {
        "name": "Almaty Technological University",
        "name_local": "Алматы технологиялық университеті",
        "country": HOME_COUNTRY,
        "city": "Almaty",
        "website": "https://atu.edu.kz",
        "code": "atu.edu.kz",
        "contacts": [
            {
                "name": "Aigerim Ulgiyeva",
                "position": "Academic Mobility Coordinator",
                "email": "mobility@atu.example",
                "phone": "+7 727 000 02 01",
            },
        ],
        "agreements": [
            {
                "kind": "agreement",
                "number": "KZ-2021/015",
                "date_signed": date(2021, 8, 27),
                "valid_from": date(2021, 9, 1),
                "valid_until": date(2027, 8, 31),
                "conditions": [
                    study(OUT, 6, language="Russian", level="B2"),
                    study(IN, 15, language="Russian", level="B2"),
                    teaching(IN, 2, language="Russian"),
                ],
            },
        ],
    },
    {
        "name": "Al-Farabi Kazakh National University",
        "name_local": "Әл-Фараби атындағы Қазақ ұлттық университеті",
        "country": HOME_COUNTRY,
        "city": "Almaty",
        "website": "https://www.kaznu.kz",
        "code": "kaznu.kz",
        "agreements": [
            {
                "kind": "memorandum",
                "number": "KZ-2020/031",
                "date_signed": date(2020, 9, 25),
                "valid_from": date(2020, 10, 1),
                "valid_until": None,
                "conditions": [
                    study(OUT, 3, language="Kazakh", study_levels="bachelor,master"),
                    study(IN, 10, language="Kazakh", study_levels="bachelor,master"),
                ],
            },
        ],
    },
    {
        "name": "Narxoz University",
        "name_local": "Narxoz университеті",
        "country": HOME_COUNTRY,
        "city": "Almaty",
        "website": "https://narxoz.edu.kz",
        "code": "narxoz.edu.kz",
        "agreements": [
            {
                "kind": "contract",
                "number": "KZ-2019/028",
                "date_signed": date(2019, 8, 20),
                "valid_from": date(2019, 9, 1),
                "valid_until": date(2024, 8, 31),
                "conditions": [
                    study(OUT, 2, language="Russian"),
                    study(IN, 5, language="Russian"),
                ],
            },
        ],
    },
    {
        "name": "Kazakh Ablai Khan University of International Relations and World Languages",
        "name_local": (
            "Абылай хан атындағы Қазақ халықаралық қатынастар және әлем тілдері университеті"
        ),
        "country": HOME_COUNTRY,
        "city": "Almaty",
        "website": "https://www.ablaikhan.kz",
        "code": "ablaikhan.kz",
        "agreements": [
            {
                "kind": "agreement",
                "number": "KZ-2022/019",
                "date_signed": date(2022, 4, 28),
                "valid_from": date(2022, 5, 1),
                "valid_until": date(2028, 4, 30),
                "conditions": [
                    study(OUT, 2),
                    study(IN, 4),
                ],
            },
        ],
    },
    {
        "name": "University of International Business named after K. Sagadiyev",
        "name_local": "К. Сағадиев атындағы Халықаралық бизнес университеті",
        "country": HOME_COUNTRY,
        "city": "Almaty",
        "website": "https://uib.kz",
        "code": "uib.kz",
        "agreements": [
            {
                "kind": "memorandum",
                "number": "KZ-2023/006",
                "date_signed": date(2023, 2, 14),
                "valid_from": date(2023, 2, 14),
                "valid_until": date(2028, 2, 13),
                "conditions": [
                    study(OUT, 2, language="Russian", level="B1"),
                    study(IN, 2, language="Russian", level="B1"),
                ],
            },
        ],
    },
    # Taraz
    {
        "name": "M.Kh. Dulaty Taraz Regional University",
        "name_local": "М.Х. Дулати атындағы Тараз өңірлік университеті",
        "country": HOME_COUNTRY,
        "city": "Taraz",
        "website": "https://dulaty.kz",
        "code": "dulaty.kz",
        "agreements": [
            {
                "kind": "contract",
                "number": "KZ-2021/022",
                "date_signed": date(2021, 2, 10),
                "valid_from": date(2021, 2, 15),
                "valid_until": date(2027, 2, 14),
                "conditions": [
                    study(OUT, 2, language="Kazakh", level="B2"),
                    study(IN, 3, language="Kazakh", level="B2"),
                ],
            },
        ],
    },
    # Pavlodar
    {
        "name": "Toraigyrov University",
        "name_local": "Торайғыров университеті",
        "country": HOME_COUNTRY,
        "city": "Pavlodar",
        "website": "https://tou.edu.kz",
        "code": "tou.edu.kz",
        "contacts": [
            {
                "name": "Nurlan Mysalov",
                "position": "Head of the Academic Mobility Office",
                "email": "mobility@tou.example",
                "phone": "+7 7182 00 02 02",
            },
        ],
        "agreements": [
            {
                "kind": "agreement",
                "number": "KZ-2021/008",
                "date_signed": date(2021, 2, 24),
                "valid_from": date(2021, 3, 1),
                "valid_until": date(2027, 2, 28),
                "conditions": [
                    study(OUT, 2, language="Russian"),
                    study(IN, 2, language="Russian"),
                ],
            },
            {
                "kind": "memorandum",
                "number": "KZ-2023/012",
                "date_signed": date(2023, 5, 16),
                "valid_from": date(2023, 5, 16),
                "valid_until": None,
                "signatories": (
                    "Vice-Rector for Academic Affairs, "
                    "Kazakh University of Tourism and Hospitality\n"
                    "Vice-Rector for Academic Affairs, Toraigyrov University"
                ),
                "conditions": [
                    teaching(OUT, 2, language="Russian"),
                    teaching(IN, 2, language="Russian"),
                ],
            },
        ],
    },
    {
        "name": "Alkey Margulan Pavlodar Pedagogical University",
        "name_local": "Әлкей Марғұлан атындағы Павлодар педагогикалық университеті",
        "country": HOME_COUNTRY,
        "city": "Pavlodar",
        "website": "https://ppu.edu.kz",
        "code": "ppu.edu.kz",
        "agreements": [
            {
                "kind": "memorandum",
                "number": "KZ-2019/040",
                "date_signed": date(2019, 5, 20),
                "valid_from": date(2019, 5, 20),
                "valid_until": date(2024, 5, 19),
                "conditions": [
                    study(OUT, 1, language="Kazakh", subject_areas=TOURISM),
                    study(IN, 2, language="Kazakh", subject_areas=TOURISM),
                ],
            },
        ],
    },
    # Kokshetau
    {
        "name": "Sh. Ualikhanov Kokshetau University",
        "name_local": "Шоқан Уәлиханов атындағы Көкшетау университеті",
        "country": HOME_COUNTRY,
        "city": "Kokshetau",
        "website": "https://shokan.edu.kz",
        "code": "shokan.edu.kz",
        "agreements": [
            {
                "kind": "contract",
                "number": "KZ-2021/027",
                "date_signed": date(2021, 5, 26),
                "valid_from": date(2021, 6, 1),
                "expires_in_days": 30,
                "conditions": [
                    study(OUT, 2, language="Kazakh"),
                    study(IN, 2, language="Kazakh"),
                ],
            },
        ],
    },
    # Karaganda
    {
        "name": "Karaganda University of Kazpotrebsoyuz",
        "name_local": "Қазтұтынуодағы Қарағанды университеті",
        "country": HOME_COUNTRY,
        "city": "Karaganda",
        "website": "https://keu.edu.kz",
        "code": "keu.edu.kz",
        "contacts": [
            {
                "name": "Asel Ulgi",
                "position": "International Cooperation Department",
                "email": "intl@keu.example",
                "phone": "+7 7212 00 02 03",
            },
        ],
        "agreements": [
            {
                "kind": "agreement",
                "number": "KZ-2020/017",
                "date_signed": date(2020, 8, 28),
                "valid_from": date(2020, 9, 1),
                "valid_until": date(2027, 8, 31),
                "conditions": [
                    study(OUT, 2, language="Russian"),
                    study(IN, 3, language="Russian"),
                ],
            },
        ],
    },
    {
        "name": "Karaganda Buketov University",
        "name_local": "Академик Е.А. Бөкетов атындағы Қарағанды университеті",
        "country": HOME_COUNTRY,
        "city": "Karaganda",
        "website": "https://buketov.edu.kz",
        "code": "buketov.edu.kz",
        "agreements": [
            {
                "kind": "memorandum",
                "number": "KZ-2018/012",
                "date_signed": date(2018, 4, 2),
                "valid_from": date(2018, 4, 2),
                "valid_until": None,
                "conditions": [
                    study(OUT, 2, language="Kazakh", study_levels="bachelor,master"),
                    study(IN, 2, language="Kazakh", study_levels="bachelor,master"),
                ],
            },
        ],
    },
    # Ust-Kamenogorsk
    {
        "name": "Kazakh-American Free University",
        "name_local": "Қазақстан-Америка еркін университеті",
        "country": HOME_COUNTRY,
        "city": "Ust-Kamenogorsk",
        "website": "https://kafu.edu.kz",
        "code": "kafu.edu.kz",
        "contacts": [
            {
                "name": "Olga Primerova",
                "position": "International Programs Office",
                "email": "mobility@kafu.example",
                "phone": "+7 7232 00 02 04",
            },
        ],
        "agreements": [
            {
                "kind": "agreement",
                "number": "KZ-2021/033",
                "date_signed": date(2021, 8, 20),
                "valid_from": date(2021, 8, 25),
                "valid_until": date(2027, 8, 24),
                "conditions": [
                    study(OUT, 2),
                    study(IN, 10, language="Russian"),
                ],
            },
        ],
    },
    {
        "name": "Sarsen Amanzholov East Kazakhstan University",
        "name_local": "Сәрсен Аманжолов атындағы Шығыс Қазақстан университеті",
        "country": HOME_COUNTRY,
        "city": "Ust-Kamenogorsk",
        "website": "https://vku.edu.kz",
        "code": "vku.edu.kz",
        "agreements": [
            {
                "kind": "contract",
                "number": "KZ-2022/010",
                "date_signed": date(2022, 1, 27),
                "valid_from": date(2022, 2, 1),
                "valid_until": date(2028, 1, 31),
                "conditions": [
                    study(OUT, 2, language="Kazakh"),
                    study(IN, 8, language="Kazakh"),
                ],
            },
        ],
    },
    {
        "name": "D. Serikbayev East Kazakhstan Technical University",
        "name_local": "Д. Серікбаев атындағы Шығыс Қазақстан техникалық университеті",
        "country": HOME_COUNTRY,
        "city": "Ust-Kamenogorsk",
        "website": "https://www.ektu.kz",
        "code": "ektu.kz",
        "agreements": [
            {
                "kind": "memorandum",
                "number": "KZ-2019/025",
                "date_signed": date(2019, 10, 30),
                "valid_from": date(2019, 11, 1),
                "valid_until": date(2023, 10, 31),
                "conditions": [
                    study(OUT, 1, language="Russian", subject_areas=HOSPITALITY),
                    study(IN, 2, language="Russian", subject_areas=HOSPITALITY),
                ],
            },
        ],
    },
    # Uralsk
    {
        "name": "Makhambet Utemisov West Kazakhstan University",
        "name_local": "Махамбет Өтемісов атындағы Батыс Қазақстан университеті",
        "country": HOME_COUNTRY,
        "city": "Uralsk",
        "website": "https://wku.edu.kz",
        "code": "wku.edu.kz",
        "contacts": [
            {
                "name": "Zhanar Ulgiyeva",
                "position": "Academic Mobility Coordinator",
                "email": "mobility@wku.example",
                "phone": "+7 7112 00 02 05",
            },
        ],
        "agreements": [
            {
                "kind": "agreement",
                "number": "KZ-2021/041",
                "date_signed": date(2021, 9, 28),
                "valid_from": date(2021, 10, 1),
                "valid_until": date(2027, 9, 30),
                "conditions": [
                    study(OUT, 2, language="Kazakh"),
                    study(IN, 12, language="Kazakh"),
                ],
            },
        ],
    },
    {
        "name": "Zhangir Khan West Kazakhstan Agrarian Technical University",
        "name_local": "Жәңгір хан атындағы Батыс Қазақстан аграрлық-техникалық университеті",
        "country": HOME_COUNTRY,
        "city": "Uralsk",
        "website": "https://wkau.kz",
        "code": "wkau.kz",
        "agreements": [
            {
                "kind": "contract",
                "number": "KZ-2022/014",
                "date_signed": date(2022, 8, 29),
                "valid_from": date(2022, 9, 1),
                "expires_in_days": 60,
                "conditions": [
                    study(OUT, 1, language="Russian", level="B1"),
                    study(IN, 6, language="Russian", level="B1"),
                ],
            },
        ],
    },
    # Aktobe
    {
        "name": "K. Zhubanov Aktobe Regional University",
        "name_local": "Қ. Жұбанов атындағы Ақтөбе өңірлік университеті",
        "country": HOME_COUNTRY,
        "city": "Aktobe",
        "website": "https://arsu.kz",
        "code": "arsu.kz",
        "agreements": [
            {
                "kind": "agreement",
                "number": "KZ-2021/002",
                "date_signed": date(2021, 1, 8),
                "valid_from": date(2021, 1, 11),
                "valid_until": date(2028, 1, 10),
                "conditions": [
                    study(OUT, 2, language="Kazakh"),
                    study(IN, 2, language="Kazakh"),
                ],
            },
        ],
    },
    {
        "name": "Baishev University",
        "name_local": "Баишев университеті",
        "country": HOME_COUNTRY,
        "city": "Aktobe",
        "website": "https://bu.edu.kz",
        "code": "bu.edu.kz",
        "agreements": [
            {
                "kind": "memorandum",
                "number": "KZ-2022/026",
                "date_signed": date(2022, 3, 1),
                "valid_from": date(2022, 3, 1),
                "valid_until": None,
                "conditions": [
                    study(OUT, 1, language="Russian", level="B1"),
                    study(IN, 2, language="Russian", level="B1"),
                ],
            },
        ],
    },
    # Zhezkazgan
    {
        "name": "O.A. Baikonurov Zhezkazgan University",
        "name_local": "Ө.А. Байқоңыров атындағы Жезқазған университеті",
        "country": HOME_COUNTRY,
        "city": "Zhezkazgan",
        "website": "https://zhezu.kz",
        "code": "zhezu.kz",
        "agreements": [
            {
                "kind": "contract",
                "number": "KZ-2021/030",
                "date_signed": date(2021, 5, 12),
                "valid_from": date(2021, 5, 15),
                "valid_until": date(2028, 5, 14),
                "conditions": [
                    study(OUT, 1, language="Kazakh", level="B1"),
                    study(IN, 2, language="Kazakh", level="B1"),
                ],
            },
        ],
    },
    # Turkestan
    {
        "name": "Khoja Akhmet Yassawi International Kazakh-Turkish University",
        "name_local": "Қожа Ахмет Ясауи атындағы Халықаралық қазақ-түрік университеті",
        "country": HOME_COUNTRY,
        "city": "Turkestan",
        "website": "https://ayu.edu.kz",
        "code": "ayu.edu.kz",
        "contacts": [
            {
                "name": "Yerlan Misalov",
                "position": "Office of International Relations",
                "email": "intl@ayu.example",
                "phone": "+7 72533 0 02 06",
            },
        ],
        "agreements": [
            {
                "kind": "agreement",
                "number": "KZ-2020/038",
                "date_signed": date(2020, 5, 27),
                "valid_from": date(2020, 6, 1),
                "valid_until": date(2027, 5, 31),
                "conditions": [
                    study(OUT, 2, language="Turkish", level="B1"),
                    study(IN, 3, language="Kazakh"),
                    teaching(OUT, 1, language="Turkish"),
                ],
            },
        ],
    },
    # Kyzylorda
    {
        "name": "Korkyt Ata Kyzylorda University",
        "name_local": "Қорқыт Ата атындағы Қызылорда университеті",
        "country": HOME_COUNTRY,
        "city": "Kyzylorda",
        "website": "https://korkyt.kz",
        "code": "korkyt.kz",
        "agreements": [
            {
                "kind": "agreement",
                "number": "KZ-2021/036",
                "date_signed": date(2021, 10, 27),
                "valid_from": date(2021, 11, 1),
                "valid_until": date(2028, 10, 31),
                "conditions": [
                    study(OUT, 2, language="Kazakh"),
                    study(IN, 2, language="Kazakh"),
                ],
            },
        ],
    },
    {
        "name": "Kyzylorda University «Bolashak»",
        "name_local": "«Болашақ» Қызылорда университеті",
        "country": HOME_COUNTRY,
        "city": "Kyzylorda",
        "website": "https://bolashak-edu.kz",
        "code": "bolashak-edu.kz",
        "agreements": [
            {
                "kind": "memorandum",
                "number": "KZ-2019/044",
                "date_signed": date(2019, 8, 29),
                "valid_from": date(2019, 9, 1),
                "valid_until": date(2023, 8, 31),
                "conditions": [
                    study(OUT, 1, language="Kazakh", level="B1"),
                    study(IN, 2, language="Kazakh", level="B1"),
                ],
            },
        ],
    },
]

PARTNERS = FOREIGN_PARTNERS + DOMESTIC_PARTNERS
