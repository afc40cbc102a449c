"""Every country named in the reader's language and listed in the reader's alphabet."""

import re

import pytest
from django.utils import translation
from django_countries import countries

from core import spreadsheets
from core.countries import collation_key, iso_name
from tests.factories import AgreementFactory, InstitutionFactory

KAZAKH_ALPHABET = (
    "А Ә Б В Г Ғ Д Е Ё Ж З И Й К Қ Л М Н Ң О Ө П Р С Т У Ұ Ү Ф Х Һ Ц Ч Ш Щ Ъ Ы І Ь Э Ю Я"
)
RUSSIAN_ALPHABET = "А Б В Г Д Е Ё Ж З И Й К Л М Н О П Р С Т У Ф Х Ц Ч Ш Щ Ъ Ы Ь Э Ю Я"


def names_in(language: str) -> dict[str, str]:
    with translation.override(language):
        return dict(countries)


def select_options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no select named {name}"
    options = re.findall(r'<option value="([A-Z]{2})"[^>]*>([^<]*)</option>', select.group(1))
    return [label for _code, label in options]


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_every_country_iso_codes_names_has_that_name_and_not_the_english_one(language):
    english = names_in("en")
    named = names_in(language)

    assert len(named) == len(english) == 249
    untranslated = [
        code for code in named if iso_name(code, language) and named[code] == english[code]
    ]
    assert untranslated == []
    assert sum(1 for code in named if iso_name(code, language)) >= 248


def test_kazakh_names_come_from_the_offices_catalogue_then_from_iso_codes():
    with translation.override("kk"):
        assert countries.name("UZ") == "Өзбекстан"
        assert countries.name("OM") == "Оман"
        assert countries.name("KR") == "Оңтүстік Корея"  # the common name, not the formal one
        assert countries.name("US") == "АҚШ"
    with translation.override("en"):
        assert countries.name("TR") == "Turkey"  # as the office names it in English


def test_alphabets_order_their_own_letters():
    for alphabet, language in [(KAZAKH_ALPHABET, "kk"), (RUSSIAN_ALPHABET, "ru")]:
        letters = alphabet.split()
        shuffled = sorted(letters, key=lambda letter: letter.encode("utf-8"))
        assert sorted(shuffled, key=lambda letter: collation_key(letter, language)) == letters


def test_russian_puts_yo_after_ye_and_kazakh_i_after_yery():
    words = ["Жук", "Ёж", "Ель", "ежевика"]
    assert sorted(words, key=lambda word: collation_key(word, "ru")) == [
        "ежевика",
        "Ель",
        "Ёж",
        "Жук",
    ]
    words = ["Іле", "Ыстық", "Ия", "Этика"]
    assert sorted(words, key=lambda word: collation_key(word, "kk")) == [
        "Ия",
        "Ыстық",
        "Іле",
        "Этика",
    ]


def test_a_space_sorts_before_any_letter():
    words = ["Корея Республикасы", "Корея (Солтүстік)", "Кореялар"]
    assert sorted(words, key=lambda word: collation_key(word, "kk")) == [
        "Корея (Солтүстік)",
        "Корея Республикасы",
        "Кореялар",
    ]


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_country_list_follows_the_readers_alphabet(language):
    names = list(names_in(language).values())

    assert names == sorted(names, key=lambda name: collation_key(name, language))


def test_partner_form_lists_countries_in_kazakh_alphabetical_order(django_app, staff):
    django_app.set_cookie("django_language", "kk")

    page = django_app.get("/agreements/institutions/new/", user=staff)

    names = select_options(page.text, "country")
    assert len(names) == 249
    assert names.index("Оман") < names.index("Өзбекстан") < names.index("Пәкістан")
    assert names == sorted(names, key=lambda name: collation_key(name, "kk"))


def test_partner_filter_lists_countries_in_russian_alphabetical_order(django_app, staff):
    # The filter offers the countries of the register's partners.
    for code in ["UY", "UA", "AU", "UZ"]:
        InstitutionFactory(country=code)
    django_app.set_cookie("django_language", "ru")

    page = django_app.get("/agreements/institutions/", user=staff)

    names = select_options(page.text, "country")
    assert names[0] == "Австралия"
    assert names.index("Узбекистан") < names.index("Украина") < names.index("Уругвай")
    assert names == sorted(names, key=lambda name: collation_key(name, "ru"))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("kk", ["Латвия", "Өзбекстан", "Польша", "Түркия"]),
        ("ru", ["Латвия", "Польша", "Турция", "Узбекистан"]),
        ("en", ["Latvia", "Poland", "Turkey", "Uzbekistan"]),
    ],
)
def test_public_partners_page_lists_countries_in_the_readers_alphabet(
    django_app, db, language, expected
):
    for code in ["TR", "UZ", "LV", "PL"]:
        AgreementFactory(partner=InstitutionFactory(country=code))
    django_app.set_cookie("django_language", language)

    page = django_app.get("/partners/")

    shown = [
        card.select_one(".card-header strong").text for card in page.html.select(".partner-country")
    ]
    assert shown == expected


def test_an_import_reads_a_country_written_in_kazakh():
    with translation.override("kk"):
        assert spreadsheets.parse_country("Өзбекстан") == "UZ"
    assert spreadsheets.parse_country("Оңтүстік Корея") == "KR"
