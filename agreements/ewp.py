"""How our register's words map to the Erasmus Without Paper IIAs v7 vocabulary.

Shared by the IIA writer (agreements/iia_write.py) and reader (agreements/iia_read.py), so that a
document we write reads back into the same conditions.
"""

from datetime import date

import pycountry

from core.xmldocs import IIAS_INDEX_NS, IIAS_NS

from .models import MobilityType, StudyLevel

CONTACT_NS = "https://github.com/erasmus-without-paper/ewp-specs-types-contact/tree/stable-v1"
NSMAP = {None: IIAS_NS, "c": CONTACT_NS}
INDEX_NSMAP = {None: IIAS_INDEX_NS}

# Each mobility type of a cooperation condition and the IIA element that carries it. Research
# stays ours: IIAs v7 has no element for it.
SPEC_BY_TYPE: dict[str, str] = {
    MobilityType.STUDY: "student-studies-mobility-spec",
    MobilityType.TRAINEESHIP: "student-traineeship-mobility-spec",
    MobilityType.TEACHING: "staff-teacher-mobility-spec",
    MobilityType.TRAINING: "staff-training-mobility-spec",
}
TYPE_BY_SPEC = {spec: mobility_type for mobility_type, spec in SPEC_BY_TYPE.items()}
# The order the schema wants the specifications in.
SPEC_ORDER = list(SPEC_BY_TYPE.values())
STUDENT_TYPES = {MobilityType.STUDY, MobilityType.TRAINEESHIP}

# The European Qualifications Framework level of each of our study levels.
EQF_BY_LEVEL: dict[str, int] = {
    StudyLevel.BACHELOR: 6,
    StudyLevel.MASTER: 7,
    StudyLevel.DOCTORAL: 8,
}
LEVEL_BY_EQF = {eqf: level for level, eqf in EQF_BY_LEVEL.items()}

# Language names as the office writes them in its three languages; others are looked up by
# their English name in ISO 639.
LANGUAGE_CODES = {
    "english": "en",
    "английский": "en",
    "ағылшын": "en",
    "ағылшын тілі": "en",
    "russian": "ru",
    "русский": "ru",
    "орыс": "ru",
    "орыс тілі": "ru",
    "kazakh": "kk",
    "казахский": "kk",
    "қазақ": "kk",
    "қазақ тілі": "kk",
    "turkish": "tr",
    "турецкий": "tr",
    "түрік": "tr",
    "түрік тілі": "tr",
    "german": "de",
    "немецкий": "de",
    "неміс": "de",
    "неміс тілі": "de",
    "french": "fr",
    "французский": "fr",
    "француз": "fr",
    "француз тілі": "fr",
    "latvian": "lv",
    "латышский": "lv",
    "polish": "pl",
    "польский": "pl",
    "bulgarian": "bg",
    "болгарский": "bg",
    "greek": "el",
    "греческий": "el",
    "chinese": "zh",
    "китайский": "zh",
    "қытай": "zh",
    "қытай тілі": "zh",
}


def language_code(name: str) -> str | None:
    """The ISO 639-1 code of a language as the register names it ("English", "en"), or None."""
    text = " ".join(name.split()).lower()
    if not text:
        return None
    if text in LANGUAGE_CODES:
        return LANGUAGE_CODES[text]
    if len(text) == 2 and pycountry.languages.get(alpha_2=text):
        return text
    found = pycountry.languages.get(name=text.capitalize())
    return getattr(found, "alpha_2", None) if found else None


def language_name(code: str) -> str:
    """The English name of a language code, as the register writes languages ("no": Norwegian)."""
    found = pycountry.languages.get(alpha_2=code.lower()[:2]) if code else None
    return found.name if found else code


def parse_language_skills(text: str) -> list[tuple[str, str]]:
    """ "de B1, fr" → [("de", "B1"), ("fr", "")], as CooperationCondition.other_language_skills
    holds them."""
    skills = []
    for part in text.split(","):
        words = part.split()
        if words:
            skills.append((words[0].lower(), words[1].upper() if len(words) > 1 else ""))
    return skills


def format_language_skills(skills: list[tuple[str, str]]) -> str:
    return ", ".join(" ".join(filter(None, skill)) for skill in skills)


def academic_year_id(year: str) -> str:
    """Our "2024-2025" as EWP writes it: "2024/2025"."""
    return year.replace("-", "/")


def academic_year_from_id(year_id: str) -> str:
    return year_id.replace("/", "-")


def academic_year_of(day: date) -> str:
    """The academic year ("2024-2025") a day falls in; academic years begin on 1 September.
    A condition without its own years runs from the year of the agreement's "valid from" to the
    year of its "valid until"."""
    first = day.year if day.month >= 9 else day.year - 1
    return f"{first}-{first + 1}"
