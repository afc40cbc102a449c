"""The mobilities of the office's report (docs/mobility-office-practice.md), with its names and
numbers.

The three students who completed foreign mobility at Turiba University in 2022, the two at
Antalya Bilim University and the 8 domestic outgoing students of the spring of 2022-2023, and the
43 incoming students of that semester. The report gives surnames and initials only; the first
names (matching the initials), the students' curricula and questionnaires and the incoming
students' names are invented.

Each group names the partner (by name), the period as (academic year, term), the direction and
the state every application of the group is walked to through the real workflow.
"""

from datetime import date

from demo.curricula import ANTALYA_CURRICULA, DOMESTIC_CURRICULA, TURIBA_CURRICULA
from demo.partners import OUT
from demo.programs import HOME_PROGRAM_HOTEL, HOME_PROGRAM_INTERNATIONAL, HOME_PROGRAM_TOURISM


def outgoing(last_name: str, first_name: str, program: str, **extra) -> dict:
    return {"last_name": last_name, "first_name": first_name, "program": program, **extra}


REPORTED_MOBILITIES = [
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
