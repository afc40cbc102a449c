"""Country names in the reader's language, and lists of names in the reader's alphabet.

django-countries names countries in English and translates them through gettext; its catalogues
have Russian but no Kazakh. iso-codes, shipped by pycountry, has both. `country_names` (the
project's COUNTRIES_OVERRIDE) gives django-countries one lazy name per country that, when read,
asks in this order: the gettext catalogues (django-countries' own and the product's, so a name the
office corrects in locale/ wins), then iso-codes in the reader's language (its common name, such
as "Оңтүстік Корея", before its formal one), then English. Nothing is retyped: a new country or a
corrected name comes with the next django-countries or pycountry release.

django-countries sorts its lists with pyuca when installed, otherwise by the ASCII letters of a
name, which leaves Cyrillic names unsorted. `collation_key` sorts by the reader's alphabet (Kazakh:
А Ә Б В Г Ғ Д Е Ё Ж З И Й К Қ Л М Н Ң О Ө П Р С Т У Ұ Ү Ф Х Һ Ц Ч Ш Щ Ъ Ы І Ь Э Ю Я; Russian
with Ё after Е); MobilityOfficeConfig.ready makes it django-countries' sort key.
"""

import functools
import gettext
import unicodedata
from collections.abc import Iterable
from typing import Any

import pycountry
from django.utils import translation
from django.utils.functional import lazy
from django_countries import Countries
from django_countries.data import COUNTRIES

KAZAKH_ALPHABET = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
# Russian, with the letters of Kazakh names each after the Russian letter it is read like.
RUSSIAN_ALPHABET = "аәбвгғдеёжзиійкқлмнңоөпрстуұүфхһцчшщъыьэюя"
ALPHABETS = {"kk": KAZAKH_ALPHABET, "ru": RUSSIAN_ALPHABET}
# Languages iso-codes gives country names in, where the gettext catalogues may have none.
ISO_LANGUAGES = ("kk", "ru")


def _language(language: str | None = None) -> str:
    return (language or translation.get_language() or "en").split("-")[0].lower()


@functools.cache
def _ranks(language: str) -> dict[str, int]:
    return {letter: rank for rank, letter in enumerate(ALPHABETS.get(language, ""))}


def collation_key(text: Any, language: str | None = None) -> tuple:
    """A key that sorts names as the language's dictionaries do (the active language unless
    given): letters by the language's alphabet, ignoring case, Latin letters by their base letter
    (Å with A); a space or a mark before any letter, so that "Корея (Солтүстік)" comes before
    "Корея Республикасы"; ties broken by the text itself, so the order never depends on input."""
    text = str(text)
    ranks = _ranks(_language(language))
    keys = []
    for char in text.casefold():
        if char in ranks:
            keys.append((2, ranks[char]))
            continue
        base = unicodedata.normalize("NFKD", char)[:1] or char
        if base.isalpha():
            # Latin and other letters: after the alphabet's own in Kazakh and Russian, by their
            # base letter in English.
            keys.append((3, ord(base)))
        elif base.isdigit():
            keys.append((1, ord(base)))
        else:
            keys.append((0, 0))
    return (tuple(keys), text)


def sorted_by_name(items: Iterable[Any], *, key=str, language: str | None = None) -> list:
    """The items sorted by their name (`key(item)`) in the reader's alphabet."""
    language = _language(language)
    return sorted(items, key=lambda item: collation_key(key(item), language))


def country_sort_key(item: tuple[str, str]) -> tuple:
    """django-countries' sort key: a (code, name) pair, by the name in the active language."""
    return collation_key(item[1])


@functools.cache
def _iso_catalogue(language: str) -> gettext.NullTranslations:
    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


def iso_name(code: str, language: str) -> str:
    """The country's name in iso-codes' catalogue for the language; "" where it has none."""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return ""
    catalogue = _iso_catalogue(language)
    for english in (getattr(country, "common_name", None), country.name):
        if english:
            name = catalogue.gettext(english)
            if name != english:
                return name
    return ""


# django-countries with the names the project's settings give in English (translated in the
# product's catalogues) and without this module's: what the gettext catalogues say.
_gettext_countries = Countries()
_gettext_countries.override = {}


@functools.cache
def _names(language: str) -> dict[str, str]:
    with translation.override(language):
        names = {code: _gettext_countries.name(code) for code in COUNTRIES}
    if language not in ISO_LANGUAGES:
        return names
    with translation.override("en"):
        english = {code: _gettext_countries.name(code) for code in COUNTRIES}
    for code, name in names.items():
        if name == english[code]:
            names[code] = iso_name(code, language) or name
    return names


def country_name(code: str) -> str:
    """The country's name in the active language."""
    return _names(_language())[code]


def country_names(english: dict[str, Any]) -> dict[str, Any]:
    """COUNTRIES_OVERRIDE: a lazy name in the reader's language for every country. `english`
    names some countries otherwise than django-countries does ("Turkey"), each marked for
    translation in the product's catalogues."""
    _gettext_countries.override = dict(english)
    _names.cache_clear()
    return {code: lazy(country_name, str)(code) for code in COUNTRIES}
