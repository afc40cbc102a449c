"""The application's edit page and its questionnaire: a form only to whoever may save it now.

Otherwise the page shows the record read-only and a sentence saying why (the state or the role),
and a POST changes nothing.
"""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from applications import services
from applications.models import Application, ApplicationRound, RoundPlace
from tests.applications.test_documents import (
    approved_application,
    order_issued_application,
    submitted_application,
)
from tests.factories import (
    AcademicPeriodFactory,
    QuestionnaireFactory,
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


def edit_url(application) -> str:
    return reverse("applications:edit", args=[application.pk])


def questionnaire_url(application) -> str:
    return reverse("applications:questionnaire", args=[application.pk])


# Who may save: the form, saved unchanged and changed


def test_the_student_saves_their_draft_unchanged_and_changed(django_app, applicant, draft):
    page = django_app.get(edit_url(draft), user=applicant)
    assert page.html.select_one("h1").text == "Edit the application"

    response = page.forms["application-form"].submit()
    assert response.status_code == 302, response.text
    form = django_app.get(edit_url(draft), user=applicant).forms["application-form"]
    form["year_of_study"] = "3"
    form["phone"] = "+7 701 000 1122"
    page = form.submit().follow()

    assert "The application is saved." in page.text
    draft.refresh_from_db()
    assert (draft.year_of_study, draft.phone) == (3, "+7 701 000 1122")
    assert draft.events.filter(action="edit").count() == 2


def test_staff_edit_an_application_they_registered_and_see_edit_not_apply(django_app, staff):
    application = make_application(by=staff, last_name="Abilov", first_name="Bekzat")

    page = django_app.get(edit_url(application), user=staff)
    assert page.html.select_one("title").text.startswith("Edit the application")
    assert page.html.select_one("h1").text == "Edit the application"
    assert "Apply" not in page.html.select_one("main").text
    button = page.html.select_one("#application-form button[type=submit]").text
    assert button == "Save the application"
    assert "participant_kind" not in page.forms["application-form"].fields

    assert page.forms["application-form"].submit().status_code == 302
    form = django_app.get(edit_url(application), user=staff).forms["application-form"]
    form["phone"] = "+7 702 333 4455"
    form.submit().follow()

    application.refresh_from_db()
    assert application.phone == "+7 702 333 4455"
    assert application.events.filter(action="edit", by=staff).count() == 2


def test_staff_cannot_move_an_application_to_another_persons_account(
    django_app, applicant, staff, draft
):
    other = UserFactory(username="someone-else")
    form = django_app.get(edit_url(draft), user=staff).forms["application-form"]
    assert form["participant"].attrs.get("disabled") is not None

    # A browser sends no disabled field; one that is forced in anyway is ignored.
    form["participant"].force_value(str(other.pk))
    form.submit()

    draft.refresh_from_db()
    assert draft.participant == applicant


def test_the_detail_page_links_to_the_edit_page_only_when_it_can_be_saved(
    django_app, applicant, staff, draft
):
    link = f'href="{edit_url(draft)}"'
    assert link in django_app.get(draft.get_absolute_url(), user=applicant).text
    submitted = submitted_application(applicant)
    url = f'href="{edit_url(submitted)}"'
    assert url not in django_app.get(submitted.get_absolute_url(), user=applicant).text
    assert url not in django_app.get(submitted.get_absolute_url(), user=staff).text


# After the approval the partner no longer changes


@pytest.mark.parametrize("walk", [approved_application, order_issued_application])
def test_staff_change_the_contact_after_the_approval_but_not_the_partner(
    django_app, applicant, staff, walk
):
    application = walk(applicant, staff)
    other = covering_agreement()

    page = django_app.get(edit_url(application), user=staff)
    form = page.forms["application-form"]
    assert "disabled" in page.html.select_one("#id_agreement").attrs
    assert "disabled" in page.html.select_one("#id_period").attrs
    assert "no longer changes" in page.text
    form["phone"] = "+7 777 123 4567"
    form.submit().follow()

    application.refresh_from_db()
    assert application.phone == "+7 777 123 4567"
    assert application.agreement != other

    application.agreement = other
    application.partner = other.partner
    with pytest.raises(ValidationError, match="partner and the period cannot change"):
        services.application_update(application=application, by=staff)
    assert Application.objects.get(pk=application.pk).agreement_id != other.pk


# Read-only, with the reason


def test_staff_see_a_submitted_application_read_only_with_its_state_as_the_reason(
    django_app, applicant, staff, client
):
    application = submitted_application(applicant)
    phone = application.phone

    page = django_app.get(edit_url(application), user=staff)

    assert "application-form" not in page.forms
    reason = page.html.select_one("#read-only-reason").text
    assert "The application is submitted" in reason
    assert "while the office decides" in reason
    assert application.partner.name in page.html.select_one("#application-read-only").text

    client.force_login(staff)
    response = client.post(edit_url(application), {"phone": "+7 000"}, follow=True)
    assert "The application is submitted" in response.text
    application.refresh_from_db()
    assert application.phone == phone
    assert not application.events.filter(action="edit").exists()


def test_staff_see_a_submitted_questionnaire_read_only(django_app, applicant, staff, client):
    application = submitted_application(applicant)

    page = django_app.get(questionnaire_url(application), user=staff)

    assert "questionnaire-form" not in page.forms
    assert "The application is submitted" in page.html.select_one("#read-only-reason").text
    answers = page.html.select_one("#questionnaire-read-only").text
    assert "To study hospitality abroad." in answers
    assert "Kazakhstan" in answers

    client.force_login(staff)
    client.post(questionnaire_url(application), {"phone": "+7 000"}, follow=True)
    application.questionnaire.refresh_from_db()
    assert application.questionnaire.phone == "+7 700 000 0000"


def test_the_student_sees_their_submitted_application_read_only(django_app, applicant):
    application = submitted_application(applicant)

    edit = django_app.get(edit_url(application), user=applicant)
    questionnaire = django_app.get(questionnaire_url(application), user=applicant)

    assert "application-form" not in edit.forms
    assert "only as a draft or when it is returned" in edit.text
    assert "questionnaire-form" not in questionnaire.forms
    assert "See the questionnaire" in django_app.get(application.get_absolute_url()).text


def test_the_registrar_sees_no_form_and_is_refused(django_app, applicant, draft, registrar, client):
    QuestionnaireFactory(application=draft)

    edit = django_app.get(edit_url(draft), user=registrar)
    questionnaire = django_app.get(questionnaire_url(draft), user=registrar)

    assert "application-form" not in edit.forms
    assert "Only the participant and the mobility office" in edit.text
    assert "questionnaire-form" not in questionnaire.forms
    client.force_login(registrar)
    assert client.post(edit_url(draft), {"phone": "1"}).status_code == 403
    assert client.post(questionnaire_url(draft), {"phone": "1"}).status_code == 403
    assert not draft.events.filter(action__in=["edit", "questionnaire"]).exists()


def test_another_student_finds_no_such_application(django_app, draft):
    other = UserFactory(username="other-student")

    django_app.get(edit_url(draft), user=other, status=404)
    django_app.get(questionnaire_url(draft), user=other, status=404)


def test_a_completed_application_is_read_only_for_everyone(django_app, applicant, staff):
    application = make_application(participant=applicant, by=staff)
    Application.objects.filter(pk=application.pk).update(state="completed")

    for user in (applicant, staff):
        page = django_app.get(edit_url(application), user=user)
        assert "application-form" not in page.forms
        assert "The application is completed; it no longer changes." in page.text


# The questionnaire, saved by whoever may


def test_the_student_fills_the_questionnaire_of_their_draft(django_app, applicant, draft):
    detail = django_app.get(draft.get_absolute_url(), user=applicant)
    page = detail.click("Fill the questionnaire", index=0)
    form = page.forms["questionnaire-form"]
    form["date_of_birth"] = "2003-04-05"
    form["citizenship"] = "KZ"
    form["iin"] = "030405600125"
    form["address"] = "Almaty, Abay avenue 10"
    form["id_document_number"] = "N12345678"
    form["id_document_valid_until"] = (date.today() + timedelta(days=900)).isoformat()
    form["languages"] = "English B2"
    form["emergency_contact_name"] = "Gulnara Seitova"
    form["emergency_contact_phone"] = "+7 701 555 0000"
    form["motivation"] = "To study hospitality management abroad."
    page = form.submit().follow()

    assert "The questionnaire is saved." in page.text
    draft.refresh_from_db()
    assert draft.questionnaire.id_document_number == "N12345678"
    # Saved again unchanged: nothing duplicated, one more event.
    django_app.get(questionnaire_url(draft)).forms["questionnaire-form"].submit().follow()
    assert draft.events.filter(action="questionnaire").count() == 2
