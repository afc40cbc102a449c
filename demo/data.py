"""The demo data that `manage.py load_demo` loads: partners, agreements, programs, accounts.

The partners are real universities with tourism and hospitality programmes; contacts, agreement
numbers, signatories and cooperation conditions are invented. Our own university is a plausible
stand-in, since the source document does not name it.

The mobilities are the source document's, with its names and numbers: the three students who
completed foreign mobility at Turiba University in 2022, the two at Antalya Bilim University and
the 8 domestic outgoing students of the spring of 2022-2023, and the 43 incoming students of that
semester. The source gives surnames and initials only; the first names (matching the initials),
the students' curricula and questionnaires, the other people's names and the open applications
of spring 2026-2027 are invented.

Agreement dates follow a fixed calendar so the register looks the same whatever day the data is
loaded, except the agreements marked `expires_in_days`: their "valid until" is counted from the
day they are created, so that the register always shows a few agreements about to expire.
"""

from datetime import date

from core.roles import REGISTRAR, STAFF

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
    "country": "KZ",
    "city": "Almaty",
    "website": "",
    "code": "",
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

# The 22 Kazakhstani partners, in the 11 cities the source document names.
DOMESTIC_PARTNERS = [
    # Almaty
    {
        "name": "Almaty Technological University",
        "name_local": "Алматы технологиялық университеті",
        "country": "KZ",
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
        "country": "KZ",
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
        "country": "KZ",
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
        "country": "KZ",
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
        "country": "KZ",
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
        "country": "KZ",
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
        "country": "KZ",
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
        "country": "KZ",
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
        "country": "KZ",
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
        "country": "KZ",
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
        "country": "KZ",
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
        "country": "KZ",
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
        "country": "KZ",
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
        "country": "KZ",
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
        "country": "KZ",
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
        "country": "KZ",
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
        "country": "KZ",
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
        "country": "KZ",
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
        "country": "KZ",
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
        "country": "KZ",
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
        "country": "KZ",
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
        "country": "KZ",
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

EDUCATIONAL_PROGRAMS = [
    {"code": "6B11101", "name": "Restaurant and hotel business", "level": "bachelor"},
    {"code": "6B11102", "name": "Tourism", "level": "bachelor"},
    {"code": "6B11103", "name": "International Tourism", "level": "bachelor"},
    {"code": "7M11101", "name": "Tourism", "level": "master"},
    {"code": "7M11102", "name": "Hospitality management", "level": "master"},
]

# The open demo applications are for the spring of 2026-2027, so the years run up to it.
ACADEMIC_YEARS = ["2021-2022", "2022-2023", "2023-2024", "2024-2025", "2025-2026", "2026-2027"]
TERMS = ["autumn", "spring", "full_year"]

# A student is a plain user without a group.
USERS = [
    {
        "username": "staff",
        "first_name": "Gulnara",
        "last_name": "Seitova",
        "email": "staff@kuth.example",
        "group": STAFF,
    },
    {
        "username": "registrar",
        "first_name": "Marat",
        "last_name": "Akhmetov",
        "email": "registrar@kuth.example",
        "group": REGISTRAR,
    },
    {
        "username": "student",
        "first_name": "Aruzhan",
        "last_name": "Bekova",
        "email": "student@kuth.example",
        "group": None,
    },
]

DEMO_PASSWORD = "demo"


# Mobility applications.
#
# Each group names the partner (by name), the period as (academic year, term), the direction and
# the state every application of the group is walked to through the real workflow. A curriculum
# line is (host code, host discipline, host credits, home code, home discipline, home credits);
# for an incoming student the host is us and "home" is their own university.
HOME_PROGRAM_HOTEL = "6B11101"  # Restaurant and hotel business
HOME_PROGRAM_TOURISM = "6B11102"  # Tourism
HOME_PROGRAM_INTERNATIONAL = "6B11103"  # International Tourism

TURIBA_COMMON = [
    ("HOS-2101", "Hospitality Management", 6, "HMS 2205", "Hospitality Industry Management", 6),
    (
        "MAR-2204",
        "Tourism and Hospitality Marketing",
        6,
        "MTH 2212",
        "Marketing in Tourism and Hospitality",
        6,
    ),
    ("EVT-2310", "Event Management", 6, "EVM 3207", "Organisation of Events and Leisure", 6),
    ("LAN-2150", "Business English for Tourism", 6, "PFL 2201", "Professional Foreign Language", 6),
]
TURIBA_CURRICULA = {
    HOME_PROGRAM_HOTEL: [
        *TURIBA_COMMON,
        ("HOS-2215", "Food and Beverage Management", 6, "RST 2209", "Restaurant Service", 6),
    ],
    HOME_PROGRAM_TOURISM: [
        *TURIBA_COMMON,
        (
            "TOU-2120",
            "Tour Operating and Travel Agency Management",
            6,
            "TOP 2210",
            "Tour Operator and Travel Agency Activity",
            6,
        ),
    ],
    HOME_PROGRAM_INTERNATIONAL: [
        *TURIBA_COMMON,
        (
            "TOU-2330",
            "International Tourism Destinations",
            6,
            "ITG 2214",
            "Geography of International Tourism",
            6,
        ),
    ],
}

ANTALYA_COMMON = [
    ("TRM 212", "Sustainable Tourism Development", 6, "STD 3201", "Sustainable Tourism", 6),
    ("GST 221", "Turkish Cuisine and Gastronomy", 6, "GST 3205", "Gastronomic Tourism", 6),
    ("TRM 230", "Tourism Economics", 6, "ECT 2206", "Economics of Tourism", 6),
    ("TFL 101", "Turkish for Foreign Students", 6, "SFL 2203", "Second Foreign Language", 6),
]
ANTALYA_CURRICULA = {
    HOME_PROGRAM_HOTEL: [
        ("TRM 204", "Front Office Operations", 6, "HMS 2208", "Front Office and Reservations", 6),
        *ANTALYA_COMMON,
    ],
    HOME_PROGRAM_TOURISM: [
        ("TRM 241", "Tour Guiding Techniques", 6, "EXC 2207", "Excursion Studies", 6),
        *ANTALYA_COMMON,
    ],
}

# Kazakhstani credits at the domestic hosts.
DOMESTIC_CURRICULA = {
    "Almaty Technological University": [
        ("TRP 3301", "Restaurant Production Technology", 6, "RST 3210", "Catering Production", 6),
        ("HSS 3305", "Hotel Service Standards", 6, "HMS 3204", "Quality of Hotel Service", 6),
        ("FSS 3108", "Food Safety and Sanitation", 6, "FSS 3203", "Food Safety in Catering", 6),
        ("RTK 3210", "Regional Tourism of Kazakhstan", 6, "RTK 3206", "Tourism Resources", 6),
        ("MHI 3102", "Hospitality Industry Management", 6, "HMS 3209", "Hotel Management", 6),
    ],
    "Kazakh-American Free University": [
        ("TOU 3201", "Ecotourism of East Kazakhstan", 6, "ECO 3202", "Ecological Tourism", 6),
        ("TOU 3214", "Mountain and Adventure Tourism", 6, "ACT 3208", "Active Tourism", 6),
        ("ENG 3105", "English for Tourism Professionals", 6, "PFL 3201", "Professional English", 6),
        ("LAW 3110", "Tourism Law", 6, "LAW 3204", "Legal Regulation of Tourism", 6),
        ("TOU 3226", "Excursion Services", 6, "EXC 3207", "Excursion Studies", 6),
    ],
    "Karaganda University of Kazpotrebsoyuz": [
        ("EHE 3203", "Economics of Hospitality Firms", 6, "ECT 3206", "Tourism Economics", 6),
        ("ACC 3112", "Accounting in Tourism", 6, "ACC 3203", "Accounting and Audit", 6),
        ("CSM 3217", "Customer Service Management", 6, "HMS 3204", "Quality of Hotel Service", 6),
        ("MKT 3209", "Hotel Marketing", 6, "MTH 3212", "Marketing in Hospitality", 6),
        ("BCM 3101", "Business Communication", 6, "BCM 3201", "Business Communication", 6),
    ],
    "Toraigyrov University": [
        ("GEO 3204", "Tourism Geography of Pavlodar Region", 6, "RTK 3206", "Tourism Resources", 6),
        ("HIM 3210", "Hotel Industry Management", 6, "HMS 3209", "Hotel Management", 6),
        ("ITS 3115", "Tourism Information Systems", 6, "ICT 3203", "Information Systems", 6),
        ("RBO 3208", "Restaurant Business Organisation", 6, "RST 3211", "Restaurant Business", 6),
        ("KAZ 3102", "Professional Kazakh Language", 6, "PKL 3201", "Professional Kazakh", 6),
    ],
}

# What an incoming student takes here, by the program they follow here.
INCOMING_CURRICULA = {
    HOME_PROGRAM_HOTEL: [
        ("RST 3211", "Restaurant Business Organisation", 6, "", "Restaurant Business", 6),
        ("HMS 3215", "Hotel Housekeeping", 6, "", "Accommodation Services", 6),
        ("CUL 3206", "Technology of Kazakh National Cuisine", 6, "", "Culinary Technology", 6),
        ("MTH 3212", "Marketing in Hospitality", 6, "", "Hospitality Marketing", 6),
        ("BAR 3103", "Bar Management", 6, "", "Beverage Service", 6),
    ],
    HOME_PROGRAM_TOURISM: [
        ("TOP 3210", "Tour Operator and Travel Agency Activity", 6, "", "Tour Operating", 6),
        ("RTK 3206", "Tourism Resources of Kazakhstan", 6, "", "Tourism Resources", 6),
        ("EXC 3207", "Excursion Studies", 6, "", "Excursion Services", 6),
        ("MTH 2212", "Marketing in Tourism", 6, "", "Tourism Marketing", 6),
        ("ECO 3202", "Ecological Tourism", 6, "", "Ecotourism", 6),
    ],
    HOME_PROGRAM_INTERNATIONAL: [
        ("ITG 2214", "Geography of International Tourism", 6, "", "World Tourism Geography", 6),
        ("VPF 3203", "Visa and Passport Formalities", 6, "", "Border Formalities in Tourism", 6),
        ("CCC 3108", "Cross-cultural Communication", 6, "", "Intercultural Communication", 6),
        ("PFL 3201", "Professional English", 6, "", "English for Tourism", 6),
        ("ITM 3219", "International Tourism Management", 6, "", "International Tourism", 6),
    ],
}

# For the open applications at hosts without a curriculum of their own above.
GENERAL_CURRICULUM = [
    ("", "Tourism Management", 6, "TMG 3205", "Management in Tourism", 6),
    ("", "Hotel and Restaurant Management", 6, "HMS 3209", "Hotel Management", 6),
    ("", "Marketing of Tourist Services", 6, "MTH 2212", "Marketing in Tourism", 6),
    ("", "Intercultural Communication", 6, "CCC 3108", "Cross-cultural Communication", 6),
    ("", "Foreign Language for Tourism", 6, "PFL 2201", "Professional Foreign Language", 6),
]


def outgoing(last_name: str, first_name: str, program: str, **extra) -> dict:
    return {"last_name": last_name, "first_name": first_name, "program": program, **extra}


SEED_MOBILITIES = [
    {
        # "In 2022, 3 students completed foreign academic mobility at the University of Turiba."
        "partner": "Turiba University",
        "period": ("2021-2022", "spring"),
        "direction": OUT,
        "state": "completed",
        "language": "English",
        "year_of_study": 2,
        "order": ("AM-014/2022", date(2022, 1, 24)),
        "signed_on": date(2022, 1, 27),
        "participants": [
            outgoing("Kabanova", "Svetlana", HOME_PROGRAM_HOTEL),
            outgoing("Karibaeva", "Nazerke", HOME_PROGRAM_TOURISM),
            outgoing("Zhakupova", "Gulnaz", HOME_PROGRAM_INTERNATIONAL),
        ],
        "curricula": TURIBA_CURRICULA,
    },
    {
        # "In the spring semester of the 2022-2023 academic year, two students study in Turkey."
        "partner": "Antalya Bilim University",
        "period": ("2022-2023", "spring"),
        "direction": OUT,
        "state": "in_mobility",
        "language": "English",
        "year_of_study": 3,
        "order": ("AM-009/2023", date(2023, 1, 20)),
        "signed_on": date(2023, 1, 26),
        "participants": [
            outgoing("Omarova", "Elmira", HOME_PROGRAM_HOTEL),
            outgoing("Takambayeva", "Madina", HOME_PROGRAM_TOURISM),
        ],
        "curricula": ANTALYA_CURRICULA,
    },
    # "8 students are studying in leading Kazakh higher educational institutions."
    {
        "partner": "Almaty Technological University",
        "period": ("2022-2023", "spring"),
        "direction": OUT,
        "state": "in_mobility",
        "language": "Russian",
        "year_of_study": 2,
        "order": ("AM-011/2023", date(2023, 1, 23)),
        "signed_on": date(2023, 1, 27),
        "participants": [
            outgoing("Sarsenbayeva", "Dariga", HOME_PROGRAM_HOTEL),
            outgoing("Zhumabekov", "Alikhan", HOME_PROGRAM_HOTEL),
            outgoing("Tulegenova", "Aizhan", HOME_PROGRAM_TOURISM),
            outgoing("Baimukhanova", "Moldir", HOME_PROGRAM_HOTEL),
            outgoing("Yesimov", "Olzhas", HOME_PROGRAM_TOURISM),
        ],
        "curricula": DOMESTIC_CURRICULA["Almaty Technological University"],
    },
    {
        "partner": "Kazakh-American Free University",
        "period": ("2022-2023", "spring"),
        "direction": OUT,
        "state": "in_mobility",
        "language": "English",
        "year_of_study": 2,
        "order": ("AM-011/2023", date(2023, 1, 23)),
        "signed_on": date(2023, 1, 27),
        "participants": [outgoing("Kuandykova", "Togzhan", HOME_PROGRAM_TOURISM)],
        "curricula": DOMESTIC_CURRICULA["Kazakh-American Free University"],
    },
    {
        "partner": "Karaganda University of Kazpotrebsoyuz",
        "period": ("2022-2023", "spring"),
        "direction": OUT,
        "state": "in_mobility",
        "language": "Russian",
        "year_of_study": 3,
        "order": ("AM-011/2023", date(2023, 1, 23)),
        "signed_on": date(2023, 1, 30),
        "participants": [outgoing("Abilov", "Bekzat", HOME_PROGRAM_HOTEL)],
        "curricula": DOMESTIC_CURRICULA["Karaganda University of Kazpotrebsoyuz"],
    },
    {
        "partner": "Toraigyrov University",
        "period": ("2022-2023", "spring"),
        "direction": OUT,
        "state": "in_mobility",
        "language": "Russian",
        "year_of_study": 2,
        "order": ("AM-011/2023", date(2023, 1, 23)),
        "signed_on": date(2023, 1, 30),
        "participants": [outgoing("Dzhaksybekova", "Inkar", HOME_PROGRAM_INTERNATIONAL)],
        "curricula": DOMESTIC_CURRICULA["Toraigyrov University"],
    },
]

# "43 students from the cities of Almaty, Uralsk, Ust-Kamenogorsk arrived for the spring semester
# of the 2022-2023 academic year": 20 from Almaty, 12 from Uralsk, 11 from Ust-Kamenogorsk, spread
# over the partners there whose agreements cover incoming study for the whole semester.
INCOMING_PERIOD = ("2022-2023", "spring")
INCOMING_ORDER = ("AM-015/2023", date(2023, 1, 31))
INCOMING_SIGNED_ON = date(2023, 2, 1)
INCOMING_GROUPS = [
    ("Almaty Technological University", 8),
    ("Al-Farabi Kazakh National University", 6),
    ("Narxoz University", 3),
    ("Kazakh Ablai Khan University of International Relations and World Languages", 3),
    ("Makhambet Utemisov West Kazakhstan University", 8),
    ("Zhangir Khan West Kazakhstan Agrarian Technical University", 4),
    ("Kazakh-American Free University", 6),
    ("Sarsen Amanzholov East Kazakhstan University", 5),
]
INCOMING_PROGRAMS = [HOME_PROGRAM_HOTEL, HOME_PROGRAM_TOURISM, HOME_PROGRAM_INTERNATIONAL]

FEMALE_FIRST_NAMES = [
    "Aigerim", "Aidana", "Akbota", "Altynai", "Asel", "Balnur", "Dana", "Dinara", "Zarina",
    "Kamila", "Laura", "Aliya", "Nurgul", "Saule", "Tomiris", "Zhansaya", "Ainur", "Meruyert",
    "Gaukhar", "Indira", "Karina", "Symbat", "Anel", "Assem", "Diana", "Botagoz", "Zhuldyz",
]  # fmt: skip
MALE_FIRST_NAMES = [
    "Aidos", "Arman", "Askar", "Bauyrzhan", "Daniyar", "Dias", "Yerlan", "Nurlan", "Rustem",
    "Sanzhar", "Timur", "Zhandos", "Madi", "Adilet", "Miras", "Yerassyl", "Ruslan",
]  # fmt: skip
# Male forms; the female form adds "a" (Abenov, Abenova).
SURNAMES = [
    "Abenov", "Amanov", "Baitursynov", "Bekmukhambetov", "Dauletov", "Yermekov", "Yessenov",
    "Zhumabayev", "Iskakov", "Kaliyev", "Kassymov", "Mukanov", "Nurmagambetov", "Ospanov",
    "Sadykov", "Seitkaliyev", "Utepov", "Khamitov", "Shaikenov", "Zhaksylykov", "Tokhtarov",
    "Mamyrov", "Kuanyshev", "Serikov", "Beisenov", "Temirkhanov", "Alimzhanov", "Kenzhebayev",
    "Rakhimov", "Tursynbayev", "Bekturov",
]  # fmt: skip


def incoming_students() -> list[dict]:
    """The 43 incoming students: fixed invented names, partner and program, the same every run."""
    students = []
    index = 0
    for partner, count in INCOMING_GROUPS:
        for _ in range(count):
            # About two in three are women, as in the tourism and hospitality programs.
            female = index % 3 != 2
            names = FEMALE_FIRST_NAMES if female else MALE_FIRST_NAMES
            surname = SURNAMES[(index * 7) % len(SURNAMES)]
            students.append(
                {
                    "last_name": surname + "a" if female else surname,
                    "first_name": names[(index * 5) % len(names)],
                    "partner": partner,
                    "program": INCOMING_PROGRAMS[index % len(INCOMING_PROGRAMS)],
                }
            )
            index += 1
    return students


# Open applications, one or more in every state of the workflow, for the spring of 2026-2027.
OPEN_PERIOD = ("2026-2027", "spring")
OPEN_ORDER = ("AM-087/2026", date(2026, 11, 16))
OPEN_SIGNED_ON = date(2026, 11, 20)

# A round open around the day the demo is loaded (the days are counted from that day, like the
# agreements marked `expires_in_days`), so the demo student can apply in the browser.
OPEN_ROUND = {
    "title": "Outgoing student mobility, spring semester 2026-2027",
    "title_kk": "Білім алушылардың академиялық ұтқырлығы, 2026–2027 оқу жылының көктемгі семестрі",
    "title_ru": "Академическая мобильность обучающихся, весенний семестр 2026–2027 учебного года",
    "period": OPEN_PERIOD,
    "direction": OUT,
    "participant_kinds": "student",
    "opened_days_ago": 30,
    "closes_in_days": 30,
    "notes": (
        "Apply for one partner university. Upload the signed application, your transcript, "
        "the individual curriculum and the questionnaire before you submit."
    ),
    "partners": [
        "Turiba University",
        "Antalya Bilim University",
        "Russian State University of Tourism and Service",
        "Poznań University of Economics and Business",
        "Belarusian State University",
        "Kyrgyz Economic University named after M. Ryskulbekov",
        "Silk Road International University of Tourism and Cultural Heritage",
        "Almaty Technological University",
    ],
}

# Extra student accounts that own open applications; nobody can log in to them.
DEMO_STUDENT_ACCOUNTS = [
    {
        "username": "dana.nurlanova",
        "first_name": "Dana",
        "last_name": "Nurlanova",
        "email": "dana.nurlanova@students.kuth.example",
    },
    {
        "username": "timur.zhaksylykov",
        "first_name": "Timur",
        "last_name": "Zhaksylykov",
        "email": "timur.zhaksylykov@students.kuth.example",
    },
    {
        "username": "aizhan.ospanova",
        "first_name": "Aizhan",
        "last_name": "Ospanova",
        "email": "aizhan.ospanova@students.kuth.example",
    },
]

# "account" names the participant's account (their name comes from it); without one, staff
# registered a paper application and take every step for the participant.
OPEN_APPLICATIONS = [
    {
        "state": "draft",
        "account": "dana.nurlanova",
        "partner": "Poznań University of Economics and Business",
        "program": HOME_PROGRAM_INTERNATIONAL,
        "year_of_study": 2,
        "language": "English",
    },
    {
        "state": "submitted",
        "last_name": "Yessenov",
        "first_name": "Arman",
        "partner": "Russian State University of Tourism and Service",
        "program": HOME_PROGRAM_TOURISM,
        "year_of_study": 3,
        "language": "Russian",
    },
    {
        "state": "submitted",
        "participant_kind": "teacher",
        "last_name": "Kassymova",
        "first_name": "Saule",
        "partner": "Turiba University",
        "language": "English",
    },
    {
        "state": "under_review",
        "account": "timur.zhaksylykov",
        "partner": "Antalya Bilim University",
        "program": HOME_PROGRAM_HOTEL,
        "year_of_study": 2,
        "language": "English",
    },
    {
        "state": "under_review",
        "direction": IN,
        "last_name": "Bekturova",
        "first_name": "Aliya",
        "partner": "Al-Farabi Kazakh National University",
        "program": HOME_PROGRAM_TOURISM,
    },
    {
        "state": "returned",
        "account": "student",
        "partner": "Turiba University",
        "program": HOME_PROGRAM_HOTEL,
        "year_of_study": 2,
        "language": "English",
        "returned_document": (
            "transcript",
            "The transcript has no stamp of the dean's office. Upload the copy signed by the "
            "registrar and stamped.",
        ),
        "return_comment": "Only the transcript needs to change; the rest is in order.",
    },
    {
        "state": "resubmitted",
        "last_name": "Seitkaliyeva",
        "first_name": "Madina",
        "partner": "Silk Road International University of Tourism and Cultural Heritage",
        "program": HOME_PROGRAM_INTERNATIONAL,
        "year_of_study": 3,
        "language": "Russian",
        "returned_document": (
            "questionnaire",
            "Page 2 of the questionnaire is missing from the scan.",
        ),
        "return_comment": "Please scan the whole questionnaire.",
    },
    {
        "state": "approved",
        "last_name": "Mukhametov",
        "first_name": "Rustem",
        "partner": "Almaty Technological University",
        "program": HOME_PROGRAM_HOTEL,
        "year_of_study": 2,
        "language": "Russian",
    },
    {
        "state": "order_issued",
        "last_name": "Mukanov",
        "first_name": "Daniyar",
        "partner": "Kyrgyz Economic University named after M. Ryskulbekov",
        "program": HOME_PROGRAM_TOURISM,
        "year_of_study": 3,
        "language": "Russian",
        # The host has not signed the tripartite agreement yet.
        "signatures": ["participant", "home"],
    },
    {
        "state": "agreement_signed",
        "last_name": "Iskakova",
        "first_name": "Kamila",
        "partner": "Belarusian State University",
        "program": HOME_PROGRAM_INTERNATIONAL,
        "year_of_study": 2,
        "language": "Russian",
    },
    {
        "state": "rejected",
        "last_name": "Abenov",
        "first_name": "Nursultan",
        "partner": "Antalya Bilim University",
        "program": HOME_PROGRAM_TOURISM,
        "year_of_study": 1,
        "language": "English",
        "reject_comment": (
            "The agreement asks for English at B1; no certificate was given and the interview "
            "showed A2. Apply again with a certificate."
        ),
    },
    {
        "state": "withdrawn",
        "account": "aizhan.ospanova",
        "partner": "Turiba University",
        "program": HOME_PROGRAM_TOURISM,
        "year_of_study": 2,
        "language": "English",
        "withdraw_comment": "I will apply next year, after my language course.",
    },
]
