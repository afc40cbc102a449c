"""Grading scales, grade meanings, conversion tables and credit systems have names in Kazakh,
Russian and English: each reads in the reader's language, falling back kk → ru → en,
ru → kk → en, en → ru → kk; they are edited side by side; at least one is given, and a scale's
or a credit system's name is unique in its language."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from core.three_names import in_language, localized
from demo import scales
from tests.factories import InstitutionFactory
from tests.transcripts import recognition_data as data
from transcripts import selectors, services
from transcripts.models import ConversionTable, CreditSystem, Grade, GradingScale

pytestmark = pytest.mark.django_db


def read(obj, field: str, language: str) -> str:
    with translation.override(language):
        return getattr(obj, field)


@pytest.fixture
def georgia() -> GradingScale:
    """A scale named in the three languages, a grade meaning in Kazakh only, another in
    Russian and English."""
    scale = GradingScale.objects.create(
        name_kk="Грузия — 10 балдық шкала",
        name_ru="Грузия — 10-балльная шкала",
        name_en="Georgia — 10-point scale",
        country="GE",
    )
    Grade.objects.create(scale=scale, position=1, label="10", description_kk="өте жақсы")
    Grade.objects.create(
        scale=scale,
        position=2,
        label="9",
        description_ru="очень хорошо",
        description_en="very good",
    )
    return scale


@pytest.mark.parametrize(
    ("language", "name", "ten", "nine"),
    [
        ("kk", "Грузия — 10 балдық шкала", "өте жақсы", "очень хорошо"),
        ("ru", "Грузия — 10-балльная шкала", "өте жақсы", "очень хорошо"),
        ("en", "Georgia — 10-point scale", "өте жақсы", "very good"),
    ],
)
def test_a_scale_and_its_meanings_read_in_the_readers_language_else_the_next(
    georgia, language, name, ten, nine
):
    assert read(georgia, "name", language) == name
    assert read(georgia.grades.get(label="10"), "description", language) == ten
    assert read(georgia.grades.get(label="9"), "description", language) == nine


@pytest.mark.parametrize(
    ("given", "language", "shown"),
    [
        ({"name_ru": "Кредиты (тест)", "name_en": "Credits (test)"}, "kk", "Кредиты (тест)"),
        ({"name_kk": "Кредиттер (тест)", "name_en": "Credits (test)"}, "ru", "Кредиттер (тест)"),
        ({"name_kk": "Кредиттер (тест)", "name_ru": "Кредиты (тест)"}, "en", "Кредиты (тест)"),
        ({"name_kk": "Кредиттер (тест)"}, "en", "Кредиттер (тест)"),
    ],
)
def test_a_credit_system_and_a_table_fall_back_in_the_stated_order(given, language, shown):
    system = CreditSystem.objects.create(factor=Decimal(1), **given)
    scale = data.host_scale()
    scale.conversion_tables.all().delete()
    table = ConversionTable.objects.create(scale=scale, partner=None, **given)

    assert read(system, "name", language) == shown
    assert read(table, "name", language) == shown
    assert in_language(system, "name", language) == shown


def test_lists_sort_by_the_name_in_the_readers_language():
    for kk, ru, en in [
        ("Ә кредиттер", "Я кредиты", "A credits"),
        ("А кредиттер", "Б кредиты", "Z credits"),
    ]:
        CreditSystem.objects.create(factor=Decimal(1), name_kk=kk, name_ru=ru, name_en=en)
    ours = CreditSystem.objects.filter(name_en__in=["A credits", "Z credits"])

    def order(language):
        with translation.override(language):
            return [system.name for system in ours.order_by(localized("name"))]

    assert order("ru") == ["Б кредиты", "Я кредиты"]
    assert order("en") == ["A credits", "Z credits"]


@pytest.mark.parametrize(
    ("language", "name", "meaning"),
    [
        ("kk", "Грузия — 10 балдық шкала", "өте жақсы"),
        ("ru", "Грузия — 10-балльная шкала", "очень хорошо"),
        ("en", "Georgia — 10-point scale", "very good"),
    ],
)
def test_the_scale_pages_show_the_readers_language(georgia, staff_client, language, name, meaning):
    detail = staff_client.get(
        reverse("transcripts:scale_detail", args=[georgia.pk]), HTTP_ACCEPT_LANGUAGE=language
    )
    listing = staff_client.get(reverse("transcripts:scale_list"), HTTP_ACCEPT_LANGUAGE=language)

    assert name in detail.text
    assert meaning in detail.text
    assert name in listing.text


def test_a_scale_and_its_grade_rows_are_saved_in_three_languages_as_rendered(django_app, staff):
    form = django_app.get(reverse("transcripts:scale_create"), user=staff).forms["scale-form"]
    form["name_kk"] = "Армения — 20 балдық шкала"
    form["name_ru"] = "Армения — 20-балльная шкала"
    form["name_en"] = "Armenia — 20-point scale"
    form["country"] = "AM"
    form["grades-0-label"] = "20"
    form["grades-0-description_kk"] = "өте жақсы"
    form["grades-0-description_ru"] = "отлично"
    form["grades-0-description_en"] = "excellent"

    assert form.submit().status_code == 302

    scale = GradingScale.objects.get(name_en="Armenia — 20-point scale")
    assert (scale.name_kk, scale.name_ru) == (
        "Армения — 20 балдық шкала",
        "Армения — 20-балльная шкала",
    )
    grade = scale.grades.get()
    assert (grade.description_kk, grade.description_ru, grade.description_en) == (
        "өте жақсы",
        "отлично",
        "excellent",
    )


def test_the_scale_form_shows_the_three_names_labelled_by_language(django_app, staff, georgia):
    page = django_app.get(
        reverse("transcripts:scale_edit", args=[georgia.pk]),
        user=staff,
        headers={"Accept-Language": "en"},
    )
    form = page.forms["scale-form"]

    assert form["name_kk"].value == "Грузия — 10 балдық шкала"
    assert form["name_ru"].value == "Грузия — 10-балльная шкала"
    assert form["name_en"].value == "Georgia — 10-point scale"
    assert page.html.find("input", {"name": "name_kk"})["lang"] == "kk"
    assert page.html.find("label", {"for": "id_name_ru"}).text.strip().startswith("Russian")
    assert (
        page.html.find("label", {"for": "id_grades-0-description_en"})
        .text.strip()
        .startswith("Meaning (English)")
    )


def test_a_credit_system_is_saved_in_three_languages_as_rendered(django_app, staff):
    form = django_app.get(reverse("transcripts:credit_system_create"), user=staff).forms[
        "credit-system-form"
    ]
    form["name_kk"] = "Грузия кредиттері"
    form["name_ru"] = "Кредиты Грузии"
    form["name_en"] = "Georgian credits"
    form["factor"] = "1"

    assert form.submit().status_code == 302

    system = CreditSystem.objects.get(name_en="Georgian credits")
    assert (system.name_kk, system.name_ru) == ("Грузия кредиттері", "Кредиты Грузии")


def test_a_conversion_table_is_saved_in_three_languages_as_rendered(django_app, staff):
    table = ConversionTable.objects.get(scale__name_en="Latvia — 10-point scale", partner=None)
    form = django_app.get(reverse("transcripts:table_edit", args=[table.pk]), user=staff).forms[
        "table-form"
    ]
    form["name_kk"] = "Латвия → Қазақстан"
    form["name_ru"] = "Латвия → Казахстан"

    assert form.submit().status_code == 302

    table.refresh_from_db()
    assert (table.name_kk, table.name_ru) == ("Латвия → Қазақстан", "Латвия → Казахстан")
    assert table.name_en == "Latvia — 10-point scale → Kazakhstan — letter scale"


def test_a_new_table_suggests_its_name_in_each_language(staff_client):
    latvia = GradingScale.objects.get(name_en="Latvia — 10-point scale")
    services.names_save(record=latvia, names={"name": {"ru": "Латвия"}}, by=None)
    services.names_save(
        record=GradingScale.objects.get(is_home=True), names={"name": {"ru": "Казахстан"}}, by=None
    )
    latvia.conversion_tables.all().delete()

    form = staff_client.get(reverse("transcripts:table_create", args=[latvia.pk])).context["form"]

    assert form.initial["name_ru"] == "Латвия → Казахстан"
    assert form.initial["name_en"] == "Latvia — 10-point scale → Kazakhstan — letter scale"


@pytest.mark.parametrize(
    ("url_name", "form_id", "message"),
    [
        ("transcripts:scale_create", "scale-form", "Give the scale&#x27;s name in at least one"),
        (
            "transcripts:credit_system_create",
            "credit-system-form",
            "Give the credit system&#x27;s name in at least one",
        ),
    ],
)
def test_a_record_without_any_name_is_refused_and_keeps_what_was_typed(
    django_app, staff, url_name, form_id, message
):
    form = django_app.get(reverse(url_name), user=staff).forms[form_id]
    if "factor" in form.fields:
        form["factor"] = "1.5"
    form["description"] = "Kept as typed"
    before = (GradingScale.objects.count(), CreditSystem.objects.count())

    response = form.submit()

    assert response.status_code == 200
    assert message in response.text
    assert "Kept as typed" in response.text
    assert (GradingScale.objects.count(), CreditSystem.objects.count()) == before


def test_a_scale_name_taken_in_its_language_is_refused_but_free_in_another(
    django_app, staff, georgia
):
    form = django_app.get(reverse("transcripts:scale_create"), user=staff).forms["scale-form"]
    form["name_ru"] = "Грузия — 10-балльная шкала"
    form["grades-0-label"] = "20"

    response = form.submit()

    assert response.status_code == 200
    assert "Another grading scale has this name already; give a different one." in response.text
    assert response.html.find("input", {"name": "name_ru"})["class"].count("is-invalid") == 1

    form = response.forms["scale-form"]
    form["name_ru"] = ""
    form["name_kk"] = "Грузия — 10-балльная шкала"  # the Russian name, but as a Kazakh one
    assert form.submit().status_code == 302


def test_the_database_keeps_a_name_given_and_unique_in_its_language(georgia):
    with pytest.raises(IntegrityError), transaction.atomic():
        GradingScale.objects.create(country="GE")
    with pytest.raises(IntegrityError), transaction.atomic():
        GradingScale.objects.create(name_en="Georgia — 10-point scale")
    with pytest.raises(IntegrityError), transaction.atomic():
        CreditSystem.objects.create(factor=Decimal(1), name_ru="")
    # Names not given never clash: two scales without a Kazakh name.
    GradingScale.objects.create(name_en="Armenia — 20-point scale")


def test_a_transcript_keeps_its_credit_system_name_in_three_languages(registrar):
    application = data.outgoing_mobility(factor="1")
    services.names_save(
        record=application.partner.grading.credit_system,
        names={"name": {"kk": "Кредиттер ×1 (тест)", "ru": "Кредиты ×1 (тест)"}},
        by=None,
    )
    transcript = services.transcript_start(application=application, by=registrar)
    system = application.partner.grading.credit_system
    services.names_save(record=system, names={"name": {"ru": "Переименовано"}}, by=None)

    transcript.refresh_from_db()
    assert read(transcript, "credit_system_name", "kk") == "Кредиттер ×1 (тест)"
    assert read(transcript, "credit_system_name", "ru") == "Кредиты ×1 (тест)"
    assert read(transcript, "credit_system_name", "en") == "Credits ×1 (test)"


def test_the_shipped_credit_systems_are_found_whatever_the_readers_language():
    partner = InstitutionFactory(country="TR", city="Antalya")
    with translation.override("kk"):
        assert selectors.credit_system_for(partner).name_en == "ECTS"


def test_the_demo_gives_the_shipped_scales_meanings_and_credit_systems_kazakh_and_russian_names():
    home = GradingScale.objects.get(is_home=True)
    scales.load_names(by=None)
    named = home.history.count()
    scales.load_names(by=None)  # twice: nothing changes the second time

    home.refresh_from_db()
    assert home.history.count() == named
    assert read(home, "name", "kk") == "Қазақстан — әріптік шкала"
    assert read(home, "name", "ru") == "Казахстан — буквенная шкала"
    a = home.grades.get(label="A")
    assert [read(a, "description", language) for language in ("kk", "ru", "en")] == [
        "өте жақсы",
        "отлично",
        "excellent",
    ]
    turkey = GradingScale.objects.get(name_en="Turkey — AA–FF letter scale")
    assert read(turkey.grades.get(label="AA"), "description", "ru") == "4.00 — отлично"
    table = turkey.conversion_tables.get(partner=None)
    assert read(table, "name", "kk") == (
        "Түркия — AA–FF әріптік шкаласы → Қазақстан — әріптік шкала"
    )
    ects = CreditSystem.objects.get(name_en="ECTS")
    assert read(ects, "name", "ru") == "Кредиты ECTS"
