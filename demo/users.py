"""The demo's accounts: staff, registrar and student (password "demo"), and the students'
accounts that own open applications."""

from core.roles import REGISTRAR, STAFF

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
