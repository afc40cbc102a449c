"""The passport rule is the service's: a mobility abroad needs a passport number valid today, and
the passport's name is in Latin letters, whoever saves it (a form, the demo, a script)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from applications import services
from applications.models import Application, Questionnaire
from tests.factories import UserFactory, make_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(db):
    return UserFactory(username="applicant", first_name="Nazerke", last_name="Karibaeva")


@pytest.fixture
def draft(applicant):
    """A student's draft for a mobility abroad."""
    application = make_application(participant=applicant)
    assert not application.is_domestic
    return application


def questionnaire(application, **passport) -> Questionnaire:
    return Questionnaire(
        application=application,
        date_of_birth=date(2003, 4, 5),
        citizenship="KZ",
        iin="030405600125",
        address="Almaty, Abay Avenue 10",
        languages="English B2",
        emergency_contact_name="Aigerim Karibaeva",
        emergency_contact_phone="+7 701 555 0000",
        motivation="To study abroad.",
        **passport,
    )


def test_the_service_refuses_a_questionnaire_abroad_without_a_passport(draft, applicant):
    with pytest.raises(ValidationError) as refused:
        services.questionnaire_save(questionnaire=questionnaire(draft), by=applicant)

    assert refused.value.message_dict == {
        "id_document_number": ["A mobility abroad needs a passport: write its number."],
        "id_document_valid_until": ["Write the date until which the passport is valid."],
    }
    assert not Questionnaire.objects.filter(application=draft).exists()


def test_the_service_refuses_an_expired_passport(draft, applicant):
    expired = questionnaire(
        draft,
        id_document_number="N12345678",
        id_document_valid_until=timezone.localdate() - timedelta(days=1),
    )

    with pytest.raises(ValidationError) as refused:
        services.questionnaire_save(questionnaire=expired, by=applicant)

    assert list(refused.value.message_dict) == ["id_document_valid_until"]
    assert "This passport has expired" in refused.value.message_dict["id_document_valid_until"][0]


def test_the_service_saves_a_passport_valid_today(draft, applicant):
    valid = questionnaire(
        draft, id_document_number="N12345678", id_document_valid_until=timezone.localdate()
    )

    services.questionnaire_save(questionnaire=valid, by=applicant)

    assert Questionnaire.objects.get(application=draft).id_document_number == "N12345678"


def test_a_mobility_at_home_needs_no_passport():
    assert services.passport_problems(number="", valid_until=None, foreign=False) == {}


def test_the_service_refuses_a_passport_name_changed_to_cyrillic(draft, applicant):
    draft.last_name = "Карибаева"

    with pytest.raises(ValidationError) as refused:
        services.application_update(application=draft, by=applicant)

    assert list(refused.value.message_dict) == ["last_name"]
    assert Application.objects.get(pk=draft.pk).last_name == "Karibaeva"


def test_an_older_name_in_another_script_is_kept_while_it_does_not_change(draft, applicant):
    Application.objects.filter(pk=draft.pk).update(last_name="Карибаева")
    older = Application.objects.get(pk=draft.pk)
    older.email = "nazerke@example.edu"

    services.application_update(application=older, by=applicant)

    assert Application.objects.get(pk=draft.pk).email == "nazerke@example.edu"
