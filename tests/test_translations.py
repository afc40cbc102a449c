"""Every user-facing string has a Russian and a Kazakh translation, compiled and served.

The catalogs are extracted with `manage.py makemessages` (see the project README); a string that
is added without a translation, left fuzzy, or translated without recompiling fails here.
"""

import ast
import gettext
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

LANGUAGES = ["ru", "kk"]


def catalog_path(language: str, extension: str) -> Path:
    return Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / f"django.{extension}"


def po_catalog(language: str) -> polib.POFile:
    return polib.pofile(str(catalog_path(language, "po")))


def describe(entry: polib.POEntry | polib.MOEntry) -> str:
    return f"{entry.msgctxt}|{entry.msgid}" if entry.msgctxt else entry.msgid


def plural_rule(catalog: polib.POFile | polib.MOFile) -> tuple[int, str]:
    header = catalog.metadata.get("Plural-Forms", "")
    match = re.search(r"nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?);?\s*$", header)
    assert match, f"No usable Plural-Forms header: {header!r}"
    return int(match.group(1)), match.group(2)


def translations(catalog: polib.POFile | polib.MOFile) -> dict[tuple[str | None, str], object]:
    """What each message translates to, keyed by context and msgid.

    Left out, as msgfmt leaves them out of the .mo: the header, fuzzy and untranslated entries.
    """
    found = {}
    for entry in catalog:
        if entry.obsolete or not entry.msgid or "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural:
            value = tuple(entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural))
        else:
            value = entry.msgstr
        if any(value) if isinstance(value, tuple) else value:
            found[(entry.msgctxt, entry.msgid)] = value
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_of_the_catalog_is_translated(language):
    catalog = po_catalog(language)

    untranslated = [describe(entry) for entry in catalog.untranslated_entries()]

    assert not untranslated, f"{language}: {len(untranslated)} untranslated: {untranslated}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_translation_is_left_fuzzy(language):
    catalog = po_catalog(language)

    fuzzy = [describe(entry) for entry in catalog.fuzzy_entries()]

    # A fuzzy header is dropped by msgfmt, and the plural rule with it.
    assert not catalog.metadata_is_fuzzy, f"{language}: the header is marked fuzzy"
    assert not fuzzy, f"{language}: {len(fuzzy)} fuzzy: {fuzzy}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_plural_message_fills_every_form_of_the_language(language):
    catalog = po_catalog(language)
    nplurals, _rule = plural_rule(catalog)

    incomplete = [
        describe(entry)
        for entry in catalog
        if entry.msgid_plural
        and not entry.obsolete
        and (
            sorted(entry.msgstr_plural) != list(range(nplurals))
            or not all(entry.msgstr_plural.values())
        )
    ]

    assert not incomplete, f"{language}: plural forms missing in {incomplete}"


def test_russian_plural_rule_tells_one_few_and_many_apart():
    _nplurals, rule = plural_rule(po_catalog("ru"))
    form = gettext.c2py(rule)

    assert form(1) == form(21) == form(101)
    assert form(2) == form(3) == form(4) == form(22) == form(34)
    assert form(0) == form(5) == form(11) == form(12) == form(14) == form(20) == form(111)
    assert len({form(1), form(2), form(5)}) == 3


def test_kazakh_plural_rule_is_one_and_other():
    nplurals, rule = plural_rule(po_catalog("kk"))
    form = gettext.c2py(rule)

    assert nplurals == 2
    assert form(1) == 0
    assert form(0) == form(2) == form(5) == form(21) == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalog_is_up_to_date_with_the_po_file(language):
    mo_path = catalog_path(language, "mo")
    assert mo_path.exists(), f"{mo_path} is missing; run manage.py compilemessages"
    written = translations(po_catalog(language))
    compiled = translations(polib.mofile(str(mo_path)))

    stale = [
        f"{key[1]!r}: .po {value!r}, .mo {compiled.get(key)!r}"
        for key, value in written.items()
        if compiled.get(key) != value
    ]
    leftover = [key[1] for key in compiled.keys() - written.keys()]

    assert not stale, f"{language}: .mo differs from .po, run compilemessages: {stale}"
    assert not leftover, f"{language}: .mo holds messages the .po no longer has: {leftover}"


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("chosen_by", ["cookie", "accept-language"])
def test_public_partner_page_speaks_the_visitors_language(language, chosen_by):
    heading = po_catalog(language).find("Partner universities").msgstr
    client = Client()
    headers = {}
    if chosen_by == "cookie":
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    else:
        headers["Accept-Language"] = language

    response = client.get("/partners/", headers=headers)

    content = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in content
    assert f'<h1 class="h3">{heading}</h1>' in content
    assert "Partner universities" not in content


def test_a_selects_empty_choice_is_in_the_readers_language():
    from django import forms

    from agreements.models import AcademicPeriod

    class PeriodChoice(forms.Form):
        period = forms.ModelChoiceField(queryset=AcademicPeriod.objects.none())

    with translation.override("kk"):
        kazakh = str(PeriodChoice()["period"])
    with translation.override("ru"):
        russian = str(PeriodChoice()["period"])
    assert "Нұсқаны таңдаңыз" in kazakh
    assert "Выберите вариант" in russian


@pytest.mark.parametrize(
    ("language", "expected"), [("kk", "14 минут"), ("ru", "14 минут"), ("en", "14 minutes")]
)
def test_spans_of_time_read_in_the_readers_language(language, expected):
    # Django's own Kazakh catalogue leaves them in English; ours carries them.
    from datetime import datetime, timedelta

    from django.utils import translation
    from django.utils.timesince import timeuntil

    start = datetime(2026, 11, 30, 12, 0)
    with translation.override(language):
        assert timeuntil(start + timedelta(minutes=14), start).replace("\xa0", " ") == expected


def test_gettext_is_imported_only_under_names_that_makemessages_extracts():
    # makemessages finds _(), gettext_lazy() and the like by name: a string marked through an
    # alias of its own (`gettext_lazy as _lazy`) never reaches the catalogues and shows in English.
    extracted = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext"}
    extracted |= {"pgettext_lazy", "npgettext", "npgettext_lazy", "gettext_noop"}
    aliases = []
    root = Path(settings.BASE_DIR)
    for path in root.glob("*/**/*.py"):
        if path.parts[len(root.parts)] in {".venv", "tests", "bench", "staticfiles"}:
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                aliases += [
                    f"{path.relative_to(root)}: {alias.name} as {alias.asname}"
                    for alias in node.names
                    if alias.asname and alias.asname not in extracted
                ]
    assert aliases == []
