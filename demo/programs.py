"""The demo's educational programs and academic periods."""

# Our bachelor's programmes the demo students follow.
HOME_PROGRAM_HOTEL = "6B11101"  # Restaurant and hotel business
HOME_PROGRAM_TOURISM = "6B11102"  # Tourism
HOME_PROGRAM_INTERNATIONAL = "6B11103"  # International Tourism

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
