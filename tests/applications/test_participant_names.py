"""A participant's name as in the national ID (Cyrillic, with the patronymic) and as in the
passport (Latin): documents in Kazakh and Russian use the first, in English the second, each
falling back to the other; the forms ask for both with a clear error for the wrong letters."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from pypdf import PdfReader

from agreements.models import EducationalProgram
from applications import pdfs
from applications.models import Application, ApplicationRound, RoundPlace
from applications.names import names_from_account, validate_cyrillic_name, validate_latin_name
from tests.applications.test_apply import apply_url
from tests.applications.test_incoming import HEADER, incoming_agreement, send_file
from tests.factories import (
    AcademicPeriodFactory,
    ApplicationFactory,
    EducationalProgramFactory,
    HomeInstitutionFactory,
    InstitutionFactory,
    QuestionnaireFactory,
    UserFactory,
    covering_agreement,
)

pytestmark = pytest.mark.django_db

OMAROVA = {
    "last_name": "Omarova",
    "first_name": "Elmira",
    "last_name_cyrillic": "Омарова",
    "first_name_cyrillic": "Эльмира",
    "patronymic": "Серикқызы",
}


def csv_bytes(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


# The name for a language


@pytest.mark.parametrize(
    ("language", "full", "short"),
    [
        ("kk", "Омарова Эльмира Серикқызы", "Омарова Э."),
        ("ru", "Омарова Эльмира Серикқызы", "Омарова Э."),
        ("en", "Omarova Elmira", "Omarova E."),
    ],
)
def test_the_name_is_in_the_script_of_the_documents_language(language, full, short):
    application = Application(**OMAROVA)

    assert application.name_in(language) == full
    assert application.short_name_in(language) == short
    with translation.override(language):
        assert application.full_name == full


def test_without_a_cyrillic_name_kazakh_and_russian_use_the_passports():
    application = Application(last_name="Kalnina", first_name="Ilze")

    assert application.name_in("ru") == "Kalnina Ilze"
    assert application.short_name_in("kk") == "Kalnina I."


def test_without_a_latin_name_english_uses_the_id_cards():
    application = Application(last_name_cyrillic="Такамбаева", first_name_cyrillic="Мадина")

    assert application.name_in("en") == "Такамбаева Мадина"
    assert application.short_name_in("en") == "Такамбаева М."


def test_the_passport_name_is_the_latin_one_whatever_the_language():
    with translation.override("ru"):
        assert Application(**OMAROVA).passport_name == "Omarova Elmira"


@pytest.mark.parametrize(
    "name", ["Omarova", "Yılmaz", "Wiśniewska", "O'Neil", "Abu-Bakr", "Mary Ann"]
)
def test_latin_names_with_accents_apostrophes_and_hyphens_are_latin(name):
    validate_latin_name(name)


@pytest.mark.parametrize("name", ["Жақыпова", "ӘҒҚҢӨҰҮҺІ", "әғқңөұүһі", "Әл-Фараби", "Серикқызы"])
def test_cyrillic_names_with_kazakh_letters_are_cyrillic(name):
    validate_cyrillic_name(name)


@pytest.mark.parametrize("name", ["Омарова", "Omarova1", "Omarova E.", "Оmarova"])
def test_a_latin_name_with_other_letters_or_signs_is_refused(name):
    with pytest.raises(Exception, match="Latin letters, as in the passport"):
        validate_latin_name(name)


@pytest.mark.parametrize("name", ["Omarova", "Омарова2", "Омаpова"])
def test_a_cyrillic_name_with_latin_letters_or_digits_is_refused(name):
    with pytest.raises(Exception, match="Cyrillic letters, as in the identity card"):
        validate_cyrillic_name(name)


def test_an_account_named_in_cyrillic_fills_the_cyrillic_fields():
    user = UserFactory.build(first_name="Аружан", last_name="Бекова")

    assert names_from_account(user) == {
        "last_name_cyrillic": "Бекова",
        "first_name_cyrillic": "Аружан",
    }
    user = UserFactory.build(first_name="Aruzhan", last_name="Bekova")
    assert names_from_account(user) == {"last_name": "Bekova", "first_name": "Aruzhan"}


# The forms that take names, as the pages render them


@pytest.fixture
def open_round(db):
    today = timezone.localdate()
    round_ = ApplicationRound.objects.create(
        title="Spring semester abroad",
        period=AcademicPeriodFactory(),
        opens_on=today - timedelta(days=3),
        closes_on=today + timedelta(days=10),
    )
    RoundPlace.objects.create(round=round_, agreement=covering_agreement(), places=2)
    EducationalProgramFactory()
    return round_


def fill_application(form, open_round) -> None:
    form["agreement"] = str(open_round.places.get().agreement_id)
    form["program"].force_value(str(EducationalProgram.objects.first().pk))
    form["year_of_study"] = "2"


def fill_names(form, **names):
    for field, value in {**OMAROVA, **names}.items():
        form[field] = value
    return form


def test_a_student_applies_with_both_forms_of_the_name(django_app, open_round):
    student = UserFactory(username="elmira", first_name="Эльмира", last_name="Омарова")
    form = django_app.get(apply_url(open_round), user=student).forms["application-form"]
    assert form["last_name_cyrillic"].value == "Омарова"
    assert form["last_name"].value == ""
    fill_names(form)
    fill_application(form, open_round)

    form.submit().follow()

    application = Application.objects.get(participant=student)
    assert {field: getattr(application, field) for field in OMAROVA} == OMAROVA


def test_the_apply_form_says_which_letters_each_name_takes(django_app, student, open_round):
    form = django_app.get(apply_url(open_round), user=student).forms["application-form"]
    fill_names(form, last_name="Омарова", first_name_cyrillic="Elmira")
    fill_application(form, open_round)

    page = form.submit()

    def error(field: str) -> str:
        return page.html.select_one(f"#id_{field}").find_parent("div").get_text()

    assert "Write this name in Latin letters, as in the passport" in error("last_name")
    assert "Write this name in Cyrillic letters, as in the identity card" in error(
        "first_name_cyrillic"
    )
    # Nothing typed is lost.
    assert page.forms["application-form"]["last_name"].value == "Омарова"
    assert not Application.objects.filter(participant=student).exists()


def test_staff_register_a_participant_with_both_forms_of_the_name(django_app, staff):
    agreement = covering_agreement()
    AcademicPeriodFactory()
    EducationalProgramFactory()
    form = django_app.get("/applications/new/", user=staff).forms["staff-application-form"]
    fill_names(form, patronymic="")
    form["participant_kind"] = "student"
    form["direction"] = "outgoing"
    form["agreement"].force_value(str(agreement.pk))
    form["period"] = form["period"].options[1][0]
    form["program"].force_value(str(EducationalProgram.objects.first().pk))
    form["year_of_study"] = "2"

    form.submit().follow()

    application = Application.objects.get()
    assert application.name_in("ru") == "Омарова Эльмира"
    assert application.name_in("en") == "Omarova Elmira"


def test_the_incoming_import_takes_the_cyrillic_names_and_refuses_cyrillic_in_latin_columns(
    django_app, staff
):
    incoming_agreement(InstitutionFactory(name="KAFU", country="KZ", code="kafu.edu.kz"))
    AcademicPeriodFactory(academic_year="2022-2023", term="spring")
    values = {
        "last_name": "Nurlanova",
        "first_name": "Aigerim",
        "home_institution": "kafu.edu.kz",
        "academic_year": "2022-2023",
        "term": "spring",
        "last_name_cyrillic": "Нұрланова",
        "first_name_cyrillic": "Әйгерім",
        "patronymic": "Серікқызы",
    }
    bad = {**values, "last_name": "Сәрсенова", "first_name": "Dana", "patronymic": "Serikovna"}
    rows = [HEADER, *[[row.get(column, "") for column in HEADER] for row in (values, bad)]]

    preview = send_file(django_app, staff, "incoming.csv", csv_bytes(rows))

    errors = preview.html.select_one("#import-errors").get_text()
    assert "last_name: Write this name in Latin letters" in errors
    assert "patronymic: Write this name in Cyrillic letters" in errors

    preview = send_file(django_app, staff, "incoming.csv", csv_bytes(rows[:2]))
    preview.forms["incoming-import-confirm-form"].submit().follow()

    application = Application.objects.get()
    assert application.name_in("kk") == "Нұрланова Әйгерім Серікқызы"
    assert application.name_in("en") == "Nurlanova Aigerim"


# Documents


@pytest.fixture
def omarova(db):
    HomeInstitutionFactory()
    application = ApplicationFactory(**OMAROVA, phone="+7 701 111 2233")
    QuestionnaireFactory(application=application, iin="030405600125", phone="+7 700 000 0000")
    return application


def test_the_questionnaire_pdf_in_russian_names_the_participant_in_cyrillic_with_the_iin(omarova):
    with translation.override("ru"):
        text = pdf_text(pdfs.GENERATED["questionnaire"](omarova))

    assert "Омарова Эльмира Серикқызы" in text
    assert "Omarova Elmira" in text  # as in the passport
    assert "030405600125" in text
    # The phone is the application's.
    assert "+7 701 111 2233" in text


def test_the_questionnaire_pdf_in_english_names_the_participant_as_in_the_passport(omarova):
    with translation.override("en"):
        text = pdf_text(pdfs.GENERATED["questionnaire"](omarova))

    assert "Omarova Elmira" in text
    assert "Омарова" not in text


@pytest.mark.parametrize(
    ("language", "name"), [("kk", "Омарова Эльмира Серикқызы"), ("en", "Omarova Elmira")]
)
def test_the_application_and_the_agreement_name_the_participant_in_the_documents_language(
    omarova, language, name
):
    with translation.override(language):
        for document in ("application", "tripartite"):
            assert name in pdf_text(pdfs.GENERATED[document](omarova))
