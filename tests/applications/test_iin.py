"""The IIN on the questionnaire: 12 digits, a date of birth and a check digit, checked in one
place; the questionnaire no longer asks what the application holds (phone, e-mail, program)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from applications.iin import iin_birth_date, validate_iin
from applications.models import ApplicationRound, Questionnaire, RoundPlace
from tests.applications.test_edit_pages import questionnaire_url
from tests.factories import (
    AcademicPeriodFactory,
    UserFactory,
    covering_agreement,
    make_application,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(db):
    return UserFactory(username="applicant", first_name="Nazerke", last_name="Karibaeva")


@pytest.fixture
def draft(applicant):
    """A student's draft in an open round, as the apply page registers it."""
    today = timezone.localdate()
    agreement = covering_agreement()
    round_ = ApplicationRound.objects.create(
        title="Spring semester abroad",
        period=AcademicPeriodFactory(),
        opens_on=today - timedelta(days=3),
        closes_on=today + timedelta(days=10),
    )
    RoundPlace.objects.create(round=round_, agreement=agreement, places=2)
    return make_application(
        participant=applicant, by=applicant, agreement=agreement, period=round_.period, round=round_
    )


# Real-shaped numbers: date of birth, century and sex digit, serial, check digit.
VALID = {
    "030405600125": date(2003, 4, 5),  # a woman born in the 2000s
    "030405500317": date(2003, 4, 5),  # a man born in the 2000s
    "951231400121": date(1995, 12, 31),  # a woman born in the 1900s
    "000229501234": date(2000, 2, 29),  # a leap day
    "030405600705": date(2003, 4, 5),  # its check digit needs the second weights
}


@pytest.mark.parametrize("iin", VALID)
def test_a_valid_iin_passes_and_gives_its_date_of_birth(iin):
    validate_iin(iin)

    assert iin_birth_date(iin) == VALID[iin]


@pytest.mark.parametrize(
    ("iin", "code", "says"),
    [
        ("03040560012", "iin_length", "this one has 11 characters"),
        ("0304056001255", "iin_length", "this one has 13 characters"),
        ("03040560012A", "iin_digits", "write only digits"),
        ("０３０４０５６００１２５", "iin_digits", "write only digits"),
        ("030405700125", "iin_century", "7 is not one of them"),
        ("030405000125", "iin_century", "0 is not one of them"),
        ("030230600125", "iin_date", "030230 is not a date"),
        ("010229500000", "iin_date", "010229 is not a date"),
        ("031305600125", "iin_date", "031305 is not a date"),
        ("030405600126", "iin_check_digit", "does not match the others"),
        # No check digit fits these first eleven digits: the number is no IIN whatever its last.
        ("030405600780", "iin_check_digit", "does not match the others"),
    ],
)
def test_a_wrong_iin_is_refused_with_what_is_wrong(iin, code, says):
    with pytest.raises(ValidationError) as raised:
        validate_iin(iin)

    assert raised.value.code == code
    assert says in raised.value.messages[0]


# The questionnaire form as the page renders it


def fill(form, **values):
    answers = {
        "date_of_birth": "2003-04-05",
        "citizenship": "KZ",
        "iin": "030405600125",
        "address": "Almaty, Abay avenue 10",
        "id_document_number": "N12345678",
        "id_document_valid_until": (date.today() + timedelta(days=900)).isoformat(),
        "languages": "English B2",
        "emergency_contact_name": "Gulnara Seitova",
        "emergency_contact_phone": "+7 701 555 0000",
        "motivation": "To study hospitality management abroad.",
    }
    answers.update(values)
    for name, value in answers.items():
        form[name] = value
    return form


def test_the_questionnaire_saves_the_iin_and_does_not_ask_phone_e_mail_or_program(
    django_app, applicant, draft
):
    page = django_app.get(questionnaire_url(draft), user=applicant)
    form = page.forms["questionnaire-form"]

    assert {"phone", "email", "program"}.isdisjoint(form.fields)
    # What the application holds is shown, to be changed there.
    shown = page.html.select_one("#from-the-application").get_text()
    assert draft.email in shown
    assert "Karibaeva Nazerke" in shown

    page = fill(form, iin="0304 0560 0125").submit().follow()

    assert "The questionnaire is saved." in page.text
    draft.refresh_from_db()
    assert draft.questionnaire.iin == "030405600125"


@pytest.mark.parametrize(
    ("values", "error"),
    [
        ({"iin": "030405600126"}, "The last digit of this IIN does not match the others"),
        ({"iin": "030230600125"}, "030230 is not a date"),
        ({"iin": "951231400121"}, "The IIN gives the date of birth"),
        ({"iin": ""}, "A citizen of Kazakhstan writes the IIN"),
    ],
)
def test_a_wrong_iin_on_the_questionnaire_is_shown_with_its_reason(
    django_app, applicant, draft, values, error
):
    form = django_app.get(questionnaire_url(draft), user=applicant).forms["questionnaire-form"]

    page = fill(form, **values).submit()

    assert error in page.html.select_one("#id_iin").find_parent("div").get_text()
    assert page.forms["questionnaire-form"]["iin"].value == values["iin"]
    assert not Questionnaire.objects.filter(application=draft).exists()


def test_a_foreign_citizen_needs_no_iin(django_app, applicant, draft):
    form = django_app.get(questionnaire_url(draft), user=applicant).forms["questionnaire-form"]

    fill(form, citizenship="LV", iin="").submit().follow()

    draft.refresh_from_db()
    assert draft.questionnaire.iin == ""
