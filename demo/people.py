"""The demo participants' names as in the national ID (Cyrillic), beside their passports' (Latin),
some patronymics, and valid IINs for their questionnaires.

The university's account of its mobility (docs/mobility-office-practice.md) is written in Russian
and names its students so ("Омарова Э., Такамбаева М."); the other
names follow the same spelling. A woman's surname is the man's with "а" (Абенов, Абенова).
"""

from datetime import date

from applications.iin import iin_check_digit

CYRILLIC = {
    # The students the university's account names.
    "Kabanova": "Кабанова",
    "Svetlana": "Светлана",
    "Karibaeva": "Карибаева",
    "Nazerke": "Назерке",
    "Zhakupova": "Жакупова",
    "Gulnaz": "Гульназ",
    "Omarova": "Омарова",
    "Elmira": "Эльмира",
    "Takambayeva": "Такамбаева",
    "Madina": "Мадина",
    "Sarsenbayeva": "Сарсенбаева",
    "Dariga": "Дарига",
    "Zhumabekov": "Жумабеков",
    "Alikhan": "Алихан",
    "Tulegenova": "Тулегенова",
    "Aizhan": "Айжан",
    "Baimukhanova": "Баймуханова",
    "Moldir": "Молдир",
    "Yesimov": "Есимов",
    "Olzhas": "Олжас",
    "Kuandykova": "Куандыкова",
    "Togzhan": "Тогжан",
    "Abilov": "Абилов",
    "Bekzat": "Бекзат",
    "Dzhaksybekova": "Джаксыбекова",
    "Inkar": "Инкар",
    # The demo accounts and the open applications.
    "Bekova": "Бекова",
    "Aruzhan": "Аружан",
    "Nurlanova": "Нурланова",
    "Mukhametov": "Мухаметов",
    "Nursultan": "Нурсултан",
    # First names of the incoming students.
    "Aigerim": "Айгерим",
    "Aidana": "Айдана",
    "Akbota": "Акбота",
    "Altynai": "Алтынай",
    "Asel": "Асель",
    "Balnur": "Балнур",
    "Dana": "Дана",
    "Dinara": "Динара",
    "Zarina": "Зарина",
    "Kamila": "Камила",
    "Laura": "Лаура",
    "Aliya": "Алия",
    "Nurgul": "Нургуль",
    "Saule": "Сауле",
    "Tomiris": "Томирис",
    "Zhansaya": "Жансая",
    "Ainur": "Айнур",
    "Meruyert": "Меруерт",
    "Gaukhar": "Гаухар",
    "Indira": "Индира",
    "Karina": "Карина",
    "Symbat": "Сымбат",
    "Anel": "Анель",
    "Assem": "Асем",
    "Diana": "Диана",
    "Botagoz": "Ботагоз",
    "Zhuldyz": "Жулдыз",
    "Aidos": "Айдос",
    "Arman": "Арман",
    "Askar": "Аскар",
    "Bauyrzhan": "Бауыржан",
    "Daniyar": "Данияр",
    "Dias": "Диас",
    "Yerlan": "Ерлан",
    "Nurlan": "Нурлан",
    "Rustem": "Рустем",
    "Sanzhar": "Санжар",
    "Timur": "Тимур",
    "Zhandos": "Жандос",
    "Madi": "Мади",
    "Adilet": "Адилет",
    "Miras": "Мирас",
    "Yerassyl": "Ерасыл",
    "Ruslan": "Руслан",
    # Surnames of the incoming students, in the man's form.
    "Abenov": "Абенов",
    "Amanov": "Аманов",
    "Baitursynov": "Байтурсынов",
    "Bekmukhambetov": "Бекмухамбетов",
    "Dauletov": "Даулетов",
    "Yermekov": "Ермеков",
    "Yessenov": "Есенов",
    "Zhumabayev": "Жумабаев",
    "Iskakov": "Искаков",
    "Kaliyev": "Калиев",
    "Kassymov": "Касымов",
    "Mukanov": "Муканов",
    "Nurmagambetov": "Нурмагамбетов",
    "Ospanov": "Оспанов",
    "Sadykov": "Садыков",
    "Seitkaliyev": "Сейткалиев",
    "Utepov": "Утепов",
    "Khamitov": "Хамитов",
    "Shaikenov": "Шайкенов",
    "Zhaksylykov": "Жаксылыков",
    "Tokhtarov": "Тохтаров",
    "Mamyrov": "Мамыров",
    "Kuanyshev": "Куанышев",
    "Serikov": "Сериков",
    "Beisenov": "Бейсенов",
    "Temirkhanov": "Темирханов",
    "Alimzhanov": "Алимжанов",
    "Kenzhebayev": "Кенжебаев",
    "Rakhimov": "Рахимов",
    "Tursynbayev": "Турсынбаев",
    "Bekturov": "Бектуров",
}

# Some students' patronymics, as in their identity cards (Kazakh -қызы/-ұлы or Russian forms).
PATRONYMICS = {
    ("Omarova", "Elmira"): "Серикқызы",
    ("Kabanova", "Svetlana"): "Игоревна",
    ("Sarsenbayeva", "Dariga"): "Болатовна",
    ("Zhumabekov", "Alikhan"): "Ерланұлы",
    ("Abilov", "Bekzat"): "Маратович",
    ("Bekova", "Aruzhan"): "Кайратовна",
    ("Nurlanova", "Dana"): "Асановна",
    ("Yessenov", "Arman"): "Серикұлы",
    ("Iskakova", "Kamila"): "Ержановна",
}


def cyrillic(latin: str) -> str:
    """The Cyrillic form of a demo name, "" when it is not listed; a woman's surname from the
    man's ("Abenova" from "Abenov")."""
    if latin in CYRILLIC:
        return CYRILLIC[latin]
    if latin.endswith("a") and latin[:-1] in CYRILLIC:
        return CYRILLIC[latin[:-1]] + "а"
    return ""


def id_names(last_name: str, first_name: str) -> dict[str, str]:
    """The application's Cyrillic fields for a demo participant."""
    return {
        "last_name_cyrillic": cyrillic(last_name),
        "first_name_cyrillic": cyrillic(first_name),
        "patronymic": PATRONYMICS.get((last_name, first_name), ""),
    }


def is_woman(last_name: str) -> bool:
    return last_name.endswith("a")


def iin(born: date, *, woman: bool, number: int) -> str:
    """A valid IIN for a demo participant born on `born`: the date, the century and sex, a
    serial made from `number`, and its check digit."""
    century = {18: 1, 19: 3, 20: 5}[born.year // 100] + (1 if woman else 0)
    serial = number * 37
    while True:
        first_eleven = f"{born:%y%m%d}{century}{serial % 10_000:04d}"
        check = iin_check_digit(first_eleven)
        if check is not None:
            return f"{first_eleven}{check}"
        serial += 1
