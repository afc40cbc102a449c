"""The Kazakh and Russian names of the shipped scales, grade meanings, conversion tables and
credit systems, given through `transcripts.services` so the demo transcripts print them.

A name the office gave already is kept.
"""

from django.contrib.auth.models import AbstractBaseUser

from transcripts import services
from transcripts.models import ConversionTable, CreditSystem, GradingScale

# The shipped scales' names, English: (Kazakh, Russian).
HOME_SCALE = "Kazakhstan — letter scale"
SCALE_NAMES = {
    HOME_SCALE: ("Қазақстан — әріптік шкала", "Казахстан — буквенная шкала"),
    "Latvia — 10-point scale": ("Латвия — 10 балдық шкала", "Латвия — 10-балльная шкала"),
    "Turkey — AA–FF letter scale": (
        "Түркия — AA–FF әріптік шкаласы",
        "Турция — буквенная шкала AA–FF",
    ),
    "Russia — 5-point scale": ("Ресей — 5 балдық шкала", "Россия — 5-балльная шкала"),
    "Poland — 2–5 scale": ("Польша — 2–5 шкаласы", "Польша — шкала 2–5"),
    "Bulgaria — 2–6 scale": ("Болгария — 2–6 шкаласы", "Болгария — шкала 2–6"),
    "Belarus — 10-point scale": ("Беларусь — 10 балдық шкала", "Беларусь — 10-балльная шкала"),
    "Ukraine — 100-point scale with ECTS letters": (
        "Украина — ECTS әріптері бар 100 балдық шкала",
        "Украина — 100-балльная шкала с буквами ECTS",
    ),
    "Kyrgyzstan — 5-point scale": ("Қырғызстан — 5 балдық шкала", "Кыргызстан — 5-балльная шкала"),
    "Uzbekistan — 5-point scale": ("Өзбекстан — 5 балдық шкала", "Узбекистан — 5-балльная шкала"),
    "Tajikistan — 5-point scale": ("Тәжікстан — 5 балдық шкала", "Таджикистан — 5-балльная шкала"),
    "Cyprus — 0–10 scale": ("Кипр — 0–10 шкаласы", "Кипр — шкала 0–10"),
    "ECTS grading scale": ("ECTS бағалау шкаласы", "Шкала оценок ECTS"),
}
CREDIT_SYSTEM_NAMES = {
    "ECTS": ("ECTS кредиттері", "Кредиты ECTS"),
    "Kazakhstani credits": ("Қазақстандық кредиттер", "Казахстанские кредиты"),
    "US credit hours": ("АҚШ кредит-сағаттары", "Кредит-часы США"),
}
# Grade meanings of the scales the demo transcripts print: scale, label: (Kazakh, Russian).
HOME_MEANINGS = {
    "excellent": ("өте жақсы", "отлично"),
    "good": ("жақсы", "хорошо"),
    "satisfactory": ("қанағаттанарлық", "удовлетворительно"),
    "satisfactory (some universities write D-)": (
        "қанағаттанарлық (кейбір университеттер D- деп жазады)",
        "удовлетворительно (некоторые вузы пишут D-)",
    ),
    "fail, re-sit allowed": (
        "қанағаттанарлықсыз, қайта тапсыруға болады",
        "неудовлетворительно, допускается пересдача",
    ),
    "fail": ("қанағаттанарлықсыз", "неудовлетворительно"),
}
GRADE_MEANINGS = {
    "Latvia — 10-point scale": {
        "10": ("izcili — үздік", "izcili — с отличием"),
        "9": ("teicami — өте жақсы", "teicami — отлично"),
        "8": ("ļoti labi — аса жақсы", "ļoti labi — очень хорошо"),
        "7": ("labi — жақсы", "labi — хорошо"),
        "6": ("gandrīz labi — жақсыға жуық", "gandrīz labi — почти хорошо"),
        "5": ("viduvēji — қанағаттанарлық", "viduvēji — удовлетворительно"),
        "4": (
            "gandrīz viduvēji — қанағаттанарлыққа жуық (ең төменгі оң баға)",
            "gandrīz viduvēji — почти удовлетворительно (низшая положительная оценка)",
        ),
        "3": ("vāji — нашар (өтпеді)", "vāji — слабо (не сдано)"),
        "2": ("ļoti vāji — өте нашар (өтпеді)", "ļoti vāji — очень слабо (не сдано)"),
        "1": ("ļoti, ļoti vāji — тым нашар (өтпеді)", "ļoti, ļoti vāji — крайне слабо (не сдано)"),
    },
    "Turkey — AA–FF letter scale": {
        "AA": ("4.00 — өте жақсы", "4.00 — отлично"),
        "BA": ("3.50 — аса жақсы", "3.50 — очень хорошо"),
        "BB": ("3.00 — жақсы", "3.00 — хорошо"),
        "CB": ("2.50 — жақсыға жуық", "2.50 — довольно хорошо"),
        "CC": ("2.00 — қанағаттанарлық", "2.00 — удовлетворительно"),
        "DC": ("1.50 — шартты түрде өтті", "1.50 — условно сдано"),
        "DD": (
            "1.00 — шартты түрде өтті (ең төменгі оң баға)",
            "1.00 — условно сдано (низшая положительная оценка)",
        ),
        "FD": ("0.50 — өтпеді", "0.50 — не сдано"),
        "FF": ("0.00 — өтпеді", "0.00 — не сдано"),
    },
    "Russia — 5-point scale": {
        "5": ("отлично — өте жақсы", "отлично"),
        "4": ("хорошо — жақсы", "хорошо"),
        "3": (
            "удовлетворительно — қанағаттанарлық (ең төменгі оң баға)",
            "удовлетворительно (низшая положительная оценка)",
        ),
        "2": ("неудовлетворительно — қанағаттанарлықсыз", "неудовлетворительно"),
    },
}


def _missing(record, field: str, kk: str, ru: str) -> dict[str, dict[str, str]]:
    """The Kazakh and Russian names the record lacks (a name the office gave is kept)."""
    wanted = {
        language: value
        for language, value in (("kk", kk), ("ru", ru))
        if not getattr(record, f"{field}_{language}")
    }
    return {field: wanted} if wanted else {}


def load_names(*, by: AbstractBaseUser) -> None:
    """The Kazakh and Russian names of the shipped scales, meanings, tables and credit systems."""
    reason = "Demo data: names in Kazakh and Russian"
    for name_en, (kk, ru) in CREDIT_SYSTEM_NAMES.items():
        for system in CreditSystem.objects.filter(name_en=name_en):
            if names := _missing(system, "name", kk, ru):
                services.names_save(record=system, names=names, by=by, reason=reason)
    home = SCALE_NAMES[HOME_SCALE]
    for scale in GradingScale.objects.filter(name_en__in=SCALE_NAMES):
        kk, ru = SCALE_NAMES[scale.name_en]
        if names := _missing(scale, "name", kk, ru):
            services.names_save(record=scale, names=names, by=by, reason=reason)
        meanings = GRADE_MEANINGS.get(scale.name_en, {})
        for grade in scale.grades.all():
            given = meanings.get(grade.label) if not scale.is_home else None
            if scale.is_home:
                given = HOME_MEANINGS.get(grade.description_en or "")
            if given and (names := _missing(grade, "description", *given)):
                services.names_save(record=grade, names=names, by=by, reason=reason)
        # The shipped general table is named "<scale> → <home scale>" in every language.
        table_en = f"{scale.name_en} → {HOME_SCALE}"
        for table in ConversionTable.objects.filter(scale=scale, partner=None, name_en=table_en):
            table_names = _missing(table, "name", f"{kk} → {home[0]}", f"{ru} → {home[1]}")
            if table_names:
                services.names_save(record=table, names=table_names, by=by, reason=reason)
