"""Search that ignores case, script and the usual ways of spelling a name in Latin letters.

`fold` maps a text to a lossy Latin skeleton, so that "Алматы", "АЛМАТЫ" and "Almaty", or
"Нұрланова" and "Nurlanova", fold to the same letters. A search word matches a field when the
field's fold contains the word's fold (or, as before, when the field contains the word itself in
any case: codes and numbers). The database computes the same fold: on SQLite `fold` itself is
registered on every connection as `mo_fold`; on PostgreSQL migration 0004_search_fold creates an
IMMUTABLE SQL function `mo_fold` from `fold_sql()`, and a test checks that both agree.

The fold, step by step:
1. lower case;
2. Kazakh, Russian and Ukrainian Cyrillic letters become Latin (ж→zh, ш→sh, щ→shch, ч→ch, ц→ts,
   х→kh, қ→k, ғ→g, ң→ng, ә→a, ө→o, ұ/ү→u, і→i, ы→y, й→i, ё/е/э→e, ю→yu, я→ya, ъ/ь→nothing);
   Latin letters lose their diacritics (ü→u, ş→s, ł→l, ß→ss); q→k, w→v, j→z (Kazakh Latin
   writes Qazaqstan, ж as j);
3. the letters transliterations disagree on (h, y) and everything but a-z and 0-9 go: so
   "Takambayeva" and "Такамбаева", "Kazakhstan" and "Қазақстан", "Shymkent" and "Шымкент" agree;
4. a letter written twice counts once ("Yessenov", "Есенов").
Every step works letter by letter, so the fold of a word's beginning is the beginning of the
word's fold: typing part of a name finds it.
"""

import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.db.models import CharField, F, Func, Model, Q, QuerySet, TextField, Transform, Value
from django.db.models.functions import Concat

CYRILLIC = {
    "а": "a",
    "ә": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "ғ": "g",
    "ґ": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "є": "e",
    "э": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "і": "i",
    "ї": "i",
    "й": "i",
    "к": "k",
    "қ": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "ң": "ng",
    "о": "o",
    "ө": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ұ": "u",
    "ү": "u",
    "ў": "u",
    "ф": "f",
    "х": "kh",
    "һ": "h",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "ю": "yu",
    "я": "ya",
}

# Latin letters with diacritics (Latin-1 and Latin Extended-A, B) and their base letter.
ACCENTED = (
    "àáâãäåçèéêëìíîïñòóôõöùúûüýÿāăąćĉċčďēĕėęěĝğġģĥĩīĭįĵķĺļľńņňōŏőŕŗřśŝşšţťũūŭůűųŵŷźżž"
    "ơưǎǐǒǔǖǘǚǜǟǡǧǩǫǭǵǹǻȁȃȅȇȉȋȍȏȑȓȕȗșțȟȧȩȫȭȯȱȳ"
)
ACCENTED_BASE = (
    "aaaaaaceeeeiiiinooooouuuuyyaaaccccdeeeeegggghiiiijklllnnnooorrrssssttuuuuuuwyzzz"
    "ouaiouuuuuaagkoognaaaeeiioorruusthaeooooy"
)
OTHER_LATIN = {
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "ø": "o",
    "ł": "l",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    "ı": "i",
    "ħ": "h",
    "ŧ": "t",
    "ŀ": "l",
    "ŉ": "n",
    "ĸ": "k",
    # Kazakh Latin (2018) and other spellings of the same sounds.
    "q": "k",
    "w": "v",
    "j": "z",
}


def _letters() -> dict[str, str]:
    accented = {
        letter: OTHER_LATIN.get(base, base)
        for letter, base in zip(ACCENTED, ACCENTED_BASE, strict=True)
    }
    letters = {**CYRILLIC, **accented, **OTHER_LATIN}
    # Upper case too, for a database whose lower() knows only ASCII; Python lowers first anyway.
    upper = {
        letter.upper(): target
        for letter, target in letters.items()
        if len(letter.upper()) == 1 and letter.upper() != letter
    }
    return {**letters, **upper, "İ": "i"}


LETTERS = _letters()
KEPT = "abcdefgiklmnoprstuvxz0123456789"  # a-z and 0-9 without h, j, q, w, y
DROPPED = f"[^{KEPT}]"
DOUBLED = r"(.)\1+"
_TABLE = str.maketrans(LETTERS)
_DROPPED = re.compile(DROPPED)
_DOUBLED = re.compile(DOUBLED)


def fold(text: str | None) -> str | None:
    """The Latin skeleton of a text, the same as the database's mo_fold()."""
    if text is None:
        return None
    text = str(text).lower().translate(_TABLE)
    return _DOUBLED.sub(r"\1", _DROPPED.sub("", text))


def _sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def fold_sql() -> str:
    """PostgreSQL's CREATE FUNCTION mo_fold(text): lower(), replace(), translate() and two
    regular expressions that give exactly what `fold` gives."""
    # Letters dropped in step 3 may go at once: ж→zh is ж→z. What stays longer than one letter
    # needs replace(); the rest is one translate(); a letter mapped to nothing is dropped by the
    # regular expression like any other letter outside a-z.
    singles: dict[str, str] = {}
    expression = "lower($1)"
    for letter, target in LETTERS.items():
        kept = "".join(c for c in target if c in KEPT)
        if len(kept) > 1:
            expression = f"replace({expression}, {_sql_literal(letter)}, {_sql_literal(kept)})"
        elif len(kept) == 1:
            singles[letter] = kept
    expression = (
        f"translate({expression}, {_sql_literal(''.join(singles))},"
        f" {_sql_literal(''.join(singles.values()))})"
    )
    expression = f"regexp_replace({expression}, {_sql_literal(DROPPED)}, '', 'g')"
    expression = f"regexp_replace({expression}, {_sql_literal(DOUBLED)}, '\\1', 'g')"
    return (
        "CREATE OR REPLACE FUNCTION mo_fold(text) RETURNS text\n"
        "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE\n"
        f"AS $fold$ SELECT {expression} $fold$;"
    )


def register_fold(sender, connection, **kwargs) -> None:
    """Give each new SQLite connection the mo_fold() function (connection_created receiver)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("mo_fold", 1, fold, deterministic=True)


class Fold(Transform):
    """The database's mo_fold(field); as a lookup: `name__fold__contains=fold(word)`."""

    function = "mo_fold"
    lookup_name = "fold"
    output_field = CharField()


CharField.register_lookup(Fold)
TextField.register_lookup(Fold)


def search_fields(model: type[Model], *paths: str) -> list[str]:
    """The paths (`name`, `partner__city`), a field kept in three languages (agreements/
    translation.py and the like) standing for its columns `name_kk`, `name_ru`, `name_en`."""
    from modeltranslation.translator import NotRegistered, translator
    from modeltranslation.utils import build_localized_fieldname

    fields = []
    for path in paths:
        *relations, name = path.split("__")
        target = model
        for relation in relations:
            target = target._meta.get_field(relation).related_model
        try:
            translated = name in translator.get_options_for_model(target).all_fields
        except NotRegistered:
            translated = False
        if translated:
            prefix = path.removesuffix(name)
            fields += [
                prefix + build_localized_fieldname(name, language)
                for language in settings.MODELTRANSLATION_LANGUAGES
            ]
        else:
            fields.append(path)
    return fields


def search_q(query: str, fields: Sequence[str]) -> Q:
    """Every word of the query in one of the fields, in any case, script or transliteration."""
    condition = Q()
    for word in query.split():
        folded = fold(word)
        matches = Q()
        for field in fields:
            matches |= Q(**{f"{field}__icontains": word})
            if folded:
                matches |= Q(**{f"{field}__fold__contains": folded})
        condition &= matches
    return condition


# Between two fields in `folded_text`: a character the fold keeps, so that a word never matches
# across the end of one field and the start of the next ("…ova" + "elm…").
FIELD_SEPARATOR = "0"


def folded_text(fields: Sequence[str]) -> Func:
    """mo_fold() of the fields joined into one text: one expression, so that one index can serve a
    search over all of them: kept as a generated column, with a trigram index on PostgreSQL
    (Application.search_fold)."""
    parts: list[Any] = []
    for field in fields:
        if parts:
            parts.append(Value(FIELD_SEPARATOR))
        parts.append(F(field))
    text = Concat(*parts, output_field=TextField()) if len(parts) > 1 else F(fields[0])
    return Func(text, function="mo_fold", output_field=TextField())


def folded_search_q(query: str, column: str, fields: Sequence[str]) -> Q:
    """As `search_q`, over `column`, which keeps the `folded_text` of `fields` (a GeneratedField):
    every word's fold in it. A word whose fold is empty (punctuation, a lone soft sign) is looked
    for as written, in any case, in the fields themselves."""
    condition = Q()
    for word in query.split():
        folded = fold(word)
        if folded:
            condition &= Q(**{f"{column}__contains": folded})
        else:
            matches = Q()
            for field in fields:
                matches |= Q(**{f"{field}__icontains": word})
            condition &= matches
    return condition


def search_filter(queryset: QuerySet, query: str, fields: Iterable[str]) -> QuerySet:
    """The queryset's rows that match every word of the query (all rows for an empty query)."""
    if not query or not query.strip():
        return queryset
    return queryset.filter(search_q(query, list(fields)))
