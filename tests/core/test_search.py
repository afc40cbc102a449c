"""Search finds Cyrillic in any case and transliterations both ways, on SQLite and PostgreSQL.

Run on both databases: DATABASE_URL=postgres://postgres@127.0.0.1:5432/mo_search for PostgreSQL.
"""

import importlib
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import Agreement, Institution
from applications.models import Application, ApplicationState
from core.search import fold, fold_sql, search_fields
from tests.factories import AgreementFactory, ApplicationFactory, InstitutionFactory

SAME_FOLD = [
    ("Алматы", "Almaty"),
    ("АЛМАТЫ", "almaty"),
    ("Нұрланова", "Nurlanova"),
    ("Нурланова", "NURLANOVA"),
    ("Такамбаева", "Takambayeva"),
    ("Шымкент", "Shymkent"),
    ("Қазақстан", "Kazakhstan"),
    ("Казахстан", "Qazaqstan"),
    ("Жакупова", "Zhakupova"),
    ("Карибаева", "Karibaeva"),
    ("Торайғыров", "Toraigyrov"),
    ("Усть-Каменогорск", "Ust-Kamenogorsk"),
    ("Көкшетау", "Kokshetau"),
    ("Жезқазған", "Zhezkazgan"),
    ("Қызылорда", "Kyzylorda"),
    ("Есенов", "Yessenov"),
    ("Артём", "Artem"),
    ("Antalya Bilim Üniversitesi", "ANTALYA BILIM UNIVERSITESI"),
    ("İstanbul", "istanbul"),
    ("Łódź", "Lodz"),
]

# Names the two databases must fold alike: the demo students', other scripts, and odd characters.
NAMES = [
    *(name for pair in SAME_FOLD for name in pair),
    "Омарова Эльмира Серикқызы",
    "ӘӨҰҮҚҒҢҺІ әөұүқғңһі",
    "Щукин Цой Ющенко Ёлкин Объект Мягкий",
    "Straße Æbeltoft Œuvre Ørsted Þór Đurić ŁÓDŹ",
    "Ruse “Angel Kanchev” — 2022/2023, No. 7",
    "B-1 AM-0001 LV1",
    "Ελληνικά 北京 ქართული",
    "",
]


@pytest.mark.parametrize(("cyrillic", "latin"), SAME_FOLD)
def test_a_name_folds_alike_in_cyrillic_and_latin_in_any_case(cyrillic, latin):
    assert fold(cyrillic) == fold(latin)
    assert fold(cyrillic.upper()) == fold(latin.lower())


def test_fold_keeps_only_latin_letters_and_digits():
    assert fold("Алматы") == "almat"
    assert fold("B-1 / 2023") == "b12023"
    assert fold("") == ""
    assert fold(None) is None


def test_the_beginning_of_a_word_folds_to_the_beginning_of_its_fold():
    for name in ["Нұрланова", "Takambayeva", "Yessenov", "Ust-Kamenogorsk", "Kazakhstan"]:
        for end in range(1, len(name) + 1):
            assert fold(name).startswith(fold(name[:end]))


def test_the_migration_creates_the_function_fold_sql_builds_today():
    migration = importlib.import_module("mobility_office.migrations.0004_search_fold")

    # A change to the fold needs a new migration that runs the new SQL on PostgreSQL.
    assert fold_sql() == migration.FOLD_SQL


@pytest.mark.django_db
def test_the_database_folds_exactly_as_python_does():
    with connection.cursor() as cursor:
        for name in NAMES:
            cursor.execute("SELECT mo_fold(%s)", [name])
            assert cursor.fetchone()[0] == fold(name), name
        cursor.execute("SELECT mo_fold(NULL)")
        assert cursor.fetchone()[0] is None


def test_a_field_kept_in_three_languages_is_searched_in_each():
    fields = search_fields(Agreement, "number", "partner__name", "partner__name_local")

    assert fields == [
        "number",
        "partner__name_kk",
        "partner__name_ru",
        "partner__name_en",
        "partner__name_local",
    ]


# Lists


@pytest.fixture
def almaty(db):
    """A partner in Almaty whose names are given in Kazakh and Russian only, and one elsewhere."""
    partner = InstitutionFactory(country="KZ")
    Institution.objects.filter(pk=partner.pk).update(
        name_kk="Алматы технологиялық университеті",
        name_ru="Алматинский технологический университет",
        name_en=None,
        city_kk="Алматы",
        city_ru="Алматы",
        city_en=None,
    )
    InstitutionFactory(name="Turiba University", city="Riga", country="LV")
    partner.refresh_from_db()
    return partner


ALMATY_QUERIES = ["алматы", "АЛМАТЫ", "Almaty", "almaty"]


def _listed(page, pattern: str) -> list[str]:
    return re.findall(pattern, page.text)


@pytest.mark.parametrize("query", ALMATY_QUERIES)
def test_institution_list_finds_a_partner_by_its_city_in_any_script_and_case(
    almaty, query, staff_client
):
    found = Institution.objects.partners().search(query)
    page = staff_client.get(reverse("agreements:institution_list"), {"q": query})

    assert list(found) == [almaty]
    assert almaty.get_absolute_url() in page.text
    assert "Turiba University" not in page.text


@pytest.mark.parametrize("query", ALMATY_QUERIES)
def test_institution_list_city_filter_takes_the_city_in_any_script_and_case(
    almaty, query, staff_client
):
    assert list(Institution.objects.partners().in_city(query)) == [almaty]


@pytest.mark.parametrize("query", [*ALMATY_QUERIES, "алматинский", "Almatinskii"])
def test_agreement_list_finds_an_agreement_by_its_partner_in_any_script_and_case(
    almaty, query, staff_client
):
    agreement = AgreementFactory(partner=almaty, number="KZ-ATU-1")
    AgreementFactory(number="LV-1")

    page = staff_client.get(reverse("agreements:agreement_list"), {"q": query})

    assert list(Agreement.objects.search(query)) == [agreement]
    assert "KZ-ATU-1" in page.text
    assert "LV-1" not in page.text


@pytest.fixture
def nurlanova(db):
    """A participant whose passport name is the only one given, and another participant."""
    application = ApplicationFactory(
        last_name="Nurlanova",
        first_name="Aigerim",
        state=ApplicationState.IN_MOBILITY,
    )
    ApplicationFactory(last_name="Omarova", first_name="Elmira", state=ApplicationState.IN_MOBILITY)
    return application


@pytest.fixture
def takambayeva(db):
    """A participant whose name is given only as in the national ID, in Cyrillic."""
    return ApplicationFactory(
        last_name_cyrillic="Такамбаева",
        first_name_cyrillic="Мадина",
        state=ApplicationState.COMPLETED,
    )


NURLANOVA_QUERIES = ["Нурланова", "Нұрланова", "nurlanova", "NURLANOVA", "нұрл"]


@pytest.mark.parametrize("query", NURLANOVA_QUERIES)
def test_application_list_finds_a_participant_in_any_script_and_case(
    nurlanova, query, staff_client
):
    page = staff_client.get(reverse("applications:list"), {"q": query})

    assert list(Application.objects.search(query)) == [nurlanova]
    assert nurlanova.get_absolute_url() in page.text
    assert "Omarova" not in page.text


@pytest.mark.parametrize("query", ["Takambayeva", "TAKAMBAEVA", "такамбаева", "Такамбаева Мадина"])
def test_application_list_finds_a_name_given_only_in_cyrillic_by_its_latin_spelling(
    takambayeva, query, staff_client
):
    assert list(Application.objects.search(query)) == [takambayeva]


def test_application_list_search_asks_for_every_word(nurlanova):
    assert list(Application.objects.search("nurlanova aigerim")) == [nurlanova]
    assert list(Application.objects.search("nurlanova elmira")) == []


def test_application_list_still_finds_the_exact_reference_and_e_mail(nurlanova):
    assert list(Application.objects.search(nurlanova.reference.lower())) == [nurlanova]
    assert list(Application.objects.search(nurlanova.email.upper())) == [nurlanova]


@pytest.mark.parametrize("query", ALMATY_QUERIES)
def test_application_list_partner_filter_takes_the_partner_in_any_script_and_case(
    almaty, query, staff_client
):
    agreement = AgreementFactory(partner=almaty)
    application = ApplicationFactory(agreement=agreement, last_name="Nurlanova")
    ApplicationFactory(last_name="Omarova")

    page = staff_client.get(reverse("applications:list"), {"partner": query})

    assert application.get_absolute_url() in page.text
    assert "Omarova" not in page.text


@pytest.mark.parametrize("query", NURLANOVA_QUERIES)
def test_transcript_list_finds_a_participant_in_any_script_and_case(
    nurlanova, query, registrar_client
):
    page = registrar_client.get(reverse("transcripts:list"), {"q": query})

    url = reverse("transcripts:for_application", args=[nurlanova.pk])
    assert url in page.text
    assert "Omarova" not in page.text


def test_transcript_list_search_is_a_field_of_its_form(nurlanova, django_app, registrar):
    form = django_app.get(reverse("transcripts:list"), user=registrar).forms[0]
    form["q"] = "Нұрланова"
    page = form.submit()

    assert reverse("transcripts:for_application", args=[nurlanova.pk]) in page.text
    assert "Omarova" not in page.text


# The staff search page


def test_the_search_page_groups_what_it_finds(almaty, nurlanova, django_app, staff):
    agreement = AgreementFactory(partner=almaty, number="KZ-ATU-1")
    nurlanova.agreement = agreement
    nurlanova.partner = almaty
    nurlanova.save()

    form = django_app.get(reverse("search"), user=staff).forms["search-form"]
    form["q"] = "алматы"
    page = form.submit()

    partners = page.html.select_one("#search-partners")
    agreements = page.html.select_one("#search-agreements")
    assert almaty.get_absolute_url() in str(partners)
    assert agreement.get_absolute_url() in str(agreements)
    # Applications are found by the participant, not the partner.
    assert "Nothing found" in page.html.select_one("#search-applications").text

    form = page.forms["search-form"]
    form["q"] = "NURLANOVA"
    page = form.submit()

    assert nurlanova.get_absolute_url() in str(page.html.select_one("#search-applications"))
    transcripts = page.html.select_one("#search-transcripts")
    assert reverse("transcripts:for_application", args=[nurlanova.pk]) in str(transcripts)
    assert "Omarova" not in page.text


def test_the_search_page_links_to_the_list_with_the_rest(db, django_app, staff):
    for number in range(7):
        InstitutionFactory(name=f"Almaty University {number}", city="Almaty", country="KZ")

    page = django_app.get(reverse("search"), {"q": "алматы"}, user=staff)
    partners = page.html.select_one("#search-partners")
    assert len(partners.select("li")) == 5
    more = page.click(href=reverse("agreements:institution_list") + r"\?q=")

    assert more.text.count("Almaty University") == 7


def test_the_navbar_search_box_leads_to_the_search_page(nurlanova, django_app, registrar):
    page = django_app.get(reverse("dashboard"), user=registrar)
    box = page.html.select_one("#navbar-search")
    assert box.select_one("label[for=navbar-search-q]").text.strip()

    form = page.forms["navbar-search"]
    form["q"] = "нұрланова"
    page = form.submit()

    assert nurlanova.get_absolute_url() in page.text


def test_a_student_has_no_search_box_and_is_refused_the_search_page(db, django_app, student):
    page = django_app.get(reverse("dashboard"), user=student)
    assert "navbar-search" not in page.forms

    django_app.get(reverse("search"), {"q": "алматы"}, user=student, status=403)


def test_the_search_page_runs_a_few_queries_whatever_it_finds(
    db, staff_client, django_assert_max_num_queries
):
    _add_almaty_rows(20)

    with django_assert_max_num_queries(12):
        response = staff_client.get(reverse("search"), {"q": "Алмат"})

    assert response.status_code == 200


def _add_almaty_rows(count: int, *, first: int = 0) -> None:
    for number in range(first, first + count):
        partner = InstitutionFactory(name=f"Almaty University {number}", country="KZ")
        ApplicationFactory(
            agreement=AgreementFactory(partner=partner),
            last_name=f"Almatova{number}",
            state=ApplicationState.COMPLETED,
        )


@pytest.mark.parametrize(
    "url",
    [
        reverse("agreements:institution_list"),
        reverse("agreements:agreement_list"),
        reverse("applications:list"),
        reverse("transcripts:list"),
        reverse("search"),
    ],
)
def test_a_search_runs_as_many_queries_for_many_matches_as_for_few(db, url, staff_client):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(url, {"q": "Алмат"}).status_code == 200
        return len(captured)

    _add_almaty_rows(2)
    few = queries()
    _add_almaty_rows(20, first=2)

    assert queries() == few
