"""Partner institutions (name, city) and educational programs (name) have names in Kazakh,
Russian and English, beside the partner's own local name: each reads in the reader's language,
falling back kk → ru → en, ru → kk → en, en → ru → kk; they are edited side by side, at least
one of each is given, and the spreadsheets carry the three."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from webtest import Upload

from agreements import services, spreadsheets
from agreements.models import EducationalProgram, Institution
from agreements.spreadsheets import INSTITUTION_COLUMNS
from reports.periods import ReportPeriod
from reports.report import build_report
from reports.selectors import by_partner, by_program
from tests.factories import AgreementFactory
from tests.reports import data

pytestmark = pytest.mark.django_db

TURIBA = {
    "name_kk": "Туриба университеті",
    "name_ru": "Университет Туриба",
    "name_en": "Turiba University",
    "name_local": "Biznesa augstskola Turība",
    "city_kk": "Рига",
    "city_ru": "Рига",
    "city_en": "Riga",
}
EAST = {
    "name_kk": "Сәрсен Аманжолов атындағы Шығыс Қазақстан университеті",
    "name_ru": "Восточно-Казахстанский университет имени Сарсена Аманжолова",
    "name_en": "Sarsen Amanzholov East Kazakhstan University",
    "city_kk": "Өскемен",
    "city_ru": "Усть-Каменогорск",
    "city_en": "Ust-Kamenogorsk",
}


def read(obj, field: str, language: str) -> str:
    with translation.override(language):
        return getattr(obj, field)


def institution(**names) -> Institution:
    fields = {"country": "LV", **names}
    return Institution.objects.create(**fields)


# Reading in each language, and the fallback


@pytest.mark.parametrize(
    ("language", "name", "city"),
    [
        ("kk", "Сәрсен Аманжолов атындағы Шығыс Қазақстан университеті", "Өскемен"),
        ("ru", "Восточно-Казахстанский университет имени Сарсена Аманжолова", "Усть-Каменогорск"),
        ("en", "Sarsen Amanzholov East Kazakhstan University", "Ust-Kamenogorsk"),
    ],
)
def test_an_institutions_name_and_city_read_in_the_readers_language(language, name, city):
    east = institution(**{**EAST, "country": "KZ"})

    assert read(east, "name", language) == name
    assert read(east, "city", language) == city
    assert read(east, "name_local", language) == ""


@pytest.mark.parametrize(
    ("language", "name"),
    [
        ("kk", "Мейрамхана ісі және қонақ үй бизнесі"),
        ("ru", "Ресторанное дело и гостиничный бизнес"),
        ("en", "Restaurant and hotel business"),
    ],
)
def test_a_programs_name_reads_in_the_readers_language(language, name):
    program = EducationalProgram.objects.create(
        code="6B11101",
        name_kk="Мейрамхана ісі және қонақ үй бизнесі",
        name_ru="Ресторанное дело и гостиничный бизнес",
        name_en="Restaurant and hotel business",
    )

    assert read(program, "name", language) == name
    with translation.override(language):
        assert str(program) == f"6B11101 {name}"


def test_a_name_missing_in_kazakh_reads_in_russian():
    partner = institution(name_ru="Университет Туриба", name_en="Turiba University", city_en="Riga")
    program = EducationalProgram.objects.create(code="1", name_ru="Туризм", name_en="Tourism")

    assert read(partner, "name", "kk") == "Университет Туриба"
    assert read(partner, "city", "kk") == "Riga"
    assert read(program, "name", "kk") == "Туризм"


def test_a_name_only_in_english_reads_in_english_in_every_language():
    partner = institution(name_en="Turiba University", city_en="Riga")
    program = EducationalProgram.objects.create(code="1", name_en="Tourism")

    for language in ("kk", "ru"):
        assert read(partner, "name", language) == "Turiba University"
        assert read(partner, "city", language) == "Riga"
        assert read(program, "name", language) == "Tourism"


def test_a_name_missing_in_english_reads_in_russian_then_kazakh():
    russian = institution(name_ru="Университет Туриба", city_kk="Рига")
    kazakh = EducationalProgram.objects.create(code="1", name_kk="Туризм")

    assert read(russian, "name", "en") == "Университет Туриба"
    assert read(russian, "city", "en") == "Рига"
    assert read(kazakh, "name", "en") == "Туризм"


# At least one name


def test_an_institution_without_a_name_in_any_language_is_refused_with_the_reason(staff):
    nameless = Institution(country="LV", city_en="Riga")

    with pytest.raises(ValidationError) as error:
        services.institution_save(institution=nameless, by=staff)

    assert "Give the name in at least one language: Kazakh, Russian or English." in (
        error.value.messages
    )
    assert not Institution.objects.exists()


def test_the_database_refuses_a_program_without_a_name_too():
    with pytest.raises(IntegrityError), transaction.atomic():
        EducationalProgram.objects.create(code="6B00000", name_kk="", name_ru=None, name_en=None)


def test_the_new_institution_form_refuses_a_partner_without_a_name_or_city(django_app, staff):
    form = django_app.get(reverse("agreements:institution_create"), user=staff).forms[
        "institution-form"
    ]
    form["country"] = "LV"
    form["website"] = "https://www.turiba.lv"

    response = form.submit()

    assert response.status_code == 200
    text = " ".join(response.html.get_text().split())
    assert "Give the name in at least one language: Kazakh, Russian or English." in text
    assert "Give the city in at least one language: Kazakh, Russian or English." in text
    assert response.forms["institution-form"]["website"].value == "https://www.turiba.lv"
    assert not Institution.objects.exists()


def test_the_program_form_refuses_a_program_without_a_name(django_app, staff):
    form = django_app.get(reverse("agreements:program_create"), user=staff).forms["reference-form"]
    form["code"] = "6B11102"

    response = form.submit()

    assert response.status_code == 200
    assert "Give the name in at least one language" in response.text
    assert not EducationalProgram.objects.exists()


# Editing side by side


def test_the_institution_form_shows_the_three_names_side_by_side_labelled_by_language(
    django_app, staff
):
    page = django_app.get(reverse("agreements:institution_create"), user=staff)

    labels = {
        label["for"]: " ".join(label.get_text().split()) for label in page.html.select("label")
    }
    assert labels["id_name_kk"] == "Name (Kazakh)"
    assert labels["id_name_ru"] == "Name (Russian)"
    assert labels["id_name_en"] == "Name (English)"
    assert labels["id_city_kk"] == "City (Kazakh)"
    row = page.html.select_one("#id_name_kk").find_parent(class_="row")
    assert [field["name"] for field in row.select("input")] == [
        "name_kk",
        "name_ru",
        "name_en",
        "name_local",
    ]
    assert page.html.select_one("#id_name_kk")["lang"] == "kk"


def test_staff_save_a_partner_with_three_names_as_the_form_renders(django_app, staff):
    form = django_app.get(reverse("agreements:institution_create"), user=staff).forms[
        "institution-form"
    ]
    for field, value in TURIBA.items():
        form[field] = value
    form["country"] = "LV"

    response = form.submit()

    assert response.status_code == 302, response.text
    saved = Institution.objects.get()
    assert [getattr(saved, field) for field in TURIBA] == list(TURIBA.values())
    edit = django_app.get(reverse("agreements:institution_edit", args=[saved.pk]), user=staff)
    assert edit.forms["institution-form"]["name_ru"].value == "Университет Туриба"


def test_clearing_two_names_keeps_the_third_and_stores_none(django_app, staff):
    partner = institution(**TURIBA)
    form = django_app.get(reverse("agreements:institution_edit", args=[partner.pk]), user=staff)
    form = form.forms["institution-form"]
    form["name_kk"] = ""
    form["name_en"] = ""

    assert form.submit().status_code == 302
    partner.refresh_from_db()
    assert (partner.name_kk, partner.name_ru, partner.name_en) == (None, "Университет Туриба", None)
    assert read(partner, "name", "en") == "Университет Туриба"


def test_staff_save_a_program_with_three_names(django_app, staff):
    form = django_app.get(reverse("agreements:program_create"), user=staff).forms["reference-form"]
    form["name_kk"] = "Халықаралық туризм"
    form["name_ru"] = "Международный туризм"
    form["name_en"] = "International Tourism"
    form["code"] = "6B11103"

    assert form.submit().status_code == 302
    program = EducationalProgram.objects.get()
    assert (program.name_kk, program.name_ru, program.name_en) == (
        "Халықаралық туризм",
        "Международный туризм",
        "International Tourism",
    )


# Pages in the reader's language


def test_the_partner_list_shows_and_sorts_names_in_the_readers_language(staff_client):
    institution(**TURIBA)
    institution(
        name_ru="Анталья Билим", name_en="Antalya Bilim University", city_en="Antalya", country="TR"
    )
    AgreementFactory(partner=Institution.objects.get(name_en="Turiba University"))

    russian = staff_client.get(reverse("agreements:institution_list"), HTTP_ACCEPT_LANGUAGE="ru")
    english = staff_client.get(reverse("agreements:institution_list"), HTTP_ACCEPT_LANGUAGE="en")

    assert [read(p, "name", "ru") for p in russian.context["page"]] == [
        "Анталья Билим",
        "Университет Туриба",
    ]
    assert "Рига" in russian.content.decode()
    assert [p.name for p in english.context["page"]] == [
        "Antalya Bilim University",
        "Turiba University",
    ]
    agreements = staff_client.get(reverse("agreements:agreement_list"), HTTP_ACCEPT_LANGUAGE="kk")
    assert "Туриба университеті" in agreements.content.decode()


def test_the_city_filter_finds_a_city_written_in_any_language(staff_client):
    institution(**{**EAST, "country": "KZ"})

    for city in ("Өскемен", "Усть-Каменогорск", "ust-kamenogorsk"):
        response = staff_client.get(reverse("agreements:institution_list"), {"city": city})
        assert len(response.context["page"]) == 1, city


def test_the_program_list_is_sorted_in_the_readers_language(staff_client):
    EducationalProgram.objects.create(code="2", name_ru="Туризм", name_en="Tourism")
    EducationalProgram.objects.create(code="1", name_ru="Международный туризм", name_en="B")

    response = staff_client.get(reverse("agreements:program_list"), HTTP_ACCEPT_LANGUAGE="ru")

    assert [read(p, "name", "ru") for p in response.context["object_list"]] == [
        "Международный туризм",
        "Туризм",
    ]


def test_the_report_names_partners_cities_and_programs_in_the_readers_language(db):
    data.build()
    Institution.objects.filter(name_en="Turiba University").update(
        name_ru="Университет Туриба", city_ru="Рига", name_kk="Туриба университеті"
    )
    Institution.objects.filter(name_en="Almaty Technological University").update(
        city_ru="Алматы", city_kk="Алматы"
    )
    EducationalProgram.objects.filter(code="6B11102").update(name_ru="Туризм", name_kk="Туризм")
    spring = ReportPeriod(scope="term", year="2022-2023", term="spring")

    with translation.override("ru"):
        text = build_report(spring).text
        partners = [row[0].value for row in by_partner(spring).rows]
        cities = [row[1].value for row in by_partner(spring).rows]
        programs = [row[0].value for row in by_program(spring).rows]

    assert "Университет Туриба" in text
    assert "Turiba University" not in text
    assert "Университет Туриба" in partners
    assert "Рига" in cities
    assert "Туризм" in programs
    with translation.override("kk"):
        assert "Туриба университеті" in build_report(spring).text


# Spreadsheets


def test_the_export_carries_the_three_names_and_the_local_name(staff_client):
    institution(**TURIBA)

    response = staff_client.get("/agreements/institutions/export.csv")

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    exported = dict(zip(rows[0], rows[1], strict=True))
    assert rows[0] == INSTITUTION_COLUMNS
    assert {column: exported[column] for column in TURIBA} == TURIBA


def send(django_app, user, content: bytes):
    form = django_app.get(reverse("agreements:import"), user=user).forms["import-form"]
    form["what"] = "institutions"
    form["file"] = Upload("partners.csv", content, "text/csv")
    return form.submit()


def test_three_names_exported_import_back_unchanged_and_new_ones_are_added(
    django_app, staff, staff_client
):
    institution(**TURIBA)
    exported = staff_client.get("/agreements/institutions/export.csv").content
    lines = exported.decode("utf-8-sig").splitlines()
    east = dict.fromkeys(INSTITUTION_COLUMNS, "") | EAST | {"country": "KZ"}
    lines.append(",".join(east[column] for column in INSTITUTION_COLUMNS))
    content = ("\n".join(lines) + "\n").encode("utf-8")

    preview = send(django_app, staff, content)

    assert preview.context["checked"].is_valid, preview.context["checked"].errors
    assert [row.action for row in preview.context["checked"].plan] == ["unchanged", "new"]
    preview.forms["import-confirm-form"].submit()
    added = Institution.objects.get(name_en=EAST["name_en"])
    assert (added.name_kk, added.name_ru, added.city_kk, added.city_ru) == (
        EAST["name_kk"],
        EAST["name_ru"],
        "Өскемен",
        "Усть-Каменогорск",
    )


def test_a_row_names_a_partner_already_registered_by_its_russian_name(staff):
    stored = institution(**TURIBA)
    row = dict.fromkeys(INSTITUTION_COLUMNS, "") | {
        "name_ru": "Университет Туриба",
        "country": "LV",
        "city_ru": "Рига",
        "notes": "Renewed.",
    }

    checked = spreadsheets.check_institution_rows(
        [row], given=["name_ru", "country", "city_ru", "notes"]
    )

    assert checked.is_valid, checked.errors
    [planned] = checked.plan
    assert (planned.action, planned.record.pk) == ("update", stored.pk)
    assert planned.changed_columns == ["notes"]
    assert planned.record.name_en == "Turiba University"


def test_an_old_single_name_file_imports_its_names_as_english(django_app, staff):
    content = b"name,country,city\nTuriba University,LV,Riga\n"

    preview = send(django_app, staff, content)
    preview.forms["import-confirm-form"].submit()

    saved = Institution.objects.get()
    assert (saved.name_kk, saved.name_ru, saved.name_en) == (None, None, "Turiba University")
    assert (saved.city_kk, saved.city_ru, saved.city_en) == (None, None, "Riga")


def test_a_row_without_a_name_in_any_language_is_named_and_nothing_is_written(django_app, staff):
    content = b"name_kk,name_ru,name_en,country,city_en\n,,,LV,Riga\n"

    response = send(django_app, staff, content)

    assert response.context["checked"].errors == [
        (2, "no name in any language; fill name_kk, name_ru or name_en")
    ]
    assert not Institution.objects.exists()


def test_a_file_without_any_name_column_is_refused_saying_which_columns(django_app, staff):
    response = send(django_app, staff, b"country,city_en\nLV,Riga\n")

    assert (
        "Missing column(s): name_kk or name_ru or name_en."
        in (response.context["form"].errors["file"][0])
    )
