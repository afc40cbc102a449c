"""The open demo applications: one or more in every state of the workflow, for the spring of
2026-2027, and the application round open on the day the demo is loaded. All invented."""

from datetime import date

from demo.partners import IN, OUT
from demo.programs import HOME_PROGRAM_HOTEL, HOME_PROGRAM_INTERNATIONAL, HOME_PROGRAM_TOURISM

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
