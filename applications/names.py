"""People's names: as in the national ID (Cyrillic) and as in the passport (Latin).

Kazakh and Russian documents name a person in Cyrillic, with the patronymic where they have one
("Омарова Эльмира Серикқызы"); English documents in Latin letters ("Omarova Elmira"). When one
form of the name is missing, the other stands in.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Languages whose documents write people's names in Cyrillic.
CYRILLIC_LANGUAGES = {"kk", "ru"}
# What a name may hold besides letters: "Abu-Bakr", "O'Neil", "Әл-Фараби", "Mary Ann".
NAME_PUNCTUATION = set(" -'’ʼ")


def _letters_are(value: str, script: str) -> bool:
    """Every letter of `value` is of `script` ("LATIN" or "CYRILLIC"), the rest name punctuation."""
    letters = 0
    for char in value:
        if char in NAME_PUNCTUATION:
            continue
        if not char.isalpha() or not unicodedata.name(char, "").startswith(script + " "):
            return False
        letters += 1
    return letters > 0


def is_cyrillic(value: str) -> bool:
    return _letters_are(value.strip(), "CYRILLIC")


def validate_latin_name(value: str) -> None:
    if value and not _letters_are(value.strip(), "LATIN"):
        raise ValidationError(
            _(
                "Write this name in Latin letters, as in the passport (for example Omarova); "
                "letters with accents such as ç, ş, ü are accepted, digits and other signs are not."
            ),
            code="not_latin",
        )


def validate_cyrillic_name(value: str) -> None:
    if value and not _letters_are(value.strip(), "CYRILLIC"):
        raise ValidationError(
            _(
                "Write this name in Cyrillic letters, as in the identity card (for example "
                "Омарова); the Kazakh letters Ә, Ғ, Қ, Ң, Ө, Ұ, Ү, Һ, І are accepted, Latin "
                "letters and digits are not."
            ),
            code="not_cyrillic",
        )


def uses_cyrillic(language: str | None) -> bool:
    return (language or "").split("-")[0].lower() in CYRILLIC_LANGUAGES


def _joined(*parts: str) -> str:
    return " ".join(part.strip() for part in parts if part and part.strip())


def _initial(first_name: str) -> str:
    first = first_name.strip()[:1]
    return f"{first}." if first else ""


def _pair(
    language: str | None,
    *,
    last_name: str,
    first_name: str,
    last_name_cyrillic: str,
    first_name_cyrillic: str,
    patronymic: str,
) -> tuple[str, str, str]:
    """(last, first, patronymic) in the language's script, or in the other when it is missing."""
    cyrillic = (last_name_cyrillic.strip(), first_name_cyrillic.strip(), patronymic.strip())
    latin = (last_name.strip(), first_name.strip(), "")
    has_cyrillic = bool(cyrillic[0] or cyrillic[1])
    has_latin = bool(latin[0] or latin[1])
    if uses_cyrillic(language):
        return cyrillic if has_cyrillic or not has_latin else latin
    return latin if has_latin or not has_cyrillic else cyrillic


def full_name_in(language: str | None, **names: str) -> str:
    """ "Омарова Эльмира Серикқызы" (kk, ru) or "Omarova Elmira" (en)."""
    return _joined(*_pair(language, **names))


def short_name_in(language: str | None, **names: str) -> str:
    """ "Омарова Э." (kk, ru) or "Omarova E." (en): the surname and the first name's initial."""
    last, first, _patronymic = _pair(language, **names)
    return _joined(last, _initial(first))


def short_name(last_name: str, first_name: str) -> str:
    """ "Omarova E.": the surname and the first name's initial, in the script given."""
    return _joined(last_name, _initial(first_name))


def names_from_account(user) -> dict[str, str]:
    """A new application's name from the account: in the Cyrillic fields when the account's
    name is written in Cyrillic, in the passport's otherwise."""
    last, first = user.last_name.strip(), user.first_name.strip()
    if (last or first) and is_cyrillic(last + first):
        return {"last_name_cyrillic": last, "first_name_cyrillic": first}
    return {"last_name": last, "first_name": first}
