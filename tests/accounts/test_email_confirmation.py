"""A student confirms their e-mail address through a link before they can submit an
application; the draft can be prepared meanwhile."""

import json
import re
import time
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core import signing

from accounts import selectors, services
from accounts.models import EmailConfirmation
from applications import services as application_services
from tests.applications.test_workflow import fill_participant_side
from tests.factories import UserFactory, make_application, staff_user

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Steppe-wind-2024"


def confirmation_path(mail) -> str:
    """The path of the confirmation link in the e-mail."""
    url = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.body).group(0)
    return url[url.index("/accounts/") :]


@pytest.fixture
def draft(unconfirmed_student):
    """An application with everything in it but the confirmed address."""
    application = make_application(participant=unconfirmed_student, by=unconfirmed_student)
    fill_participant_side(application, by=unconfirmed_student)
    return application


# Registering sends the link


def test_registering_sends_the_link_to_confirm_the_address(
    django_app, mailoutbox, django_capture_on_commit_callbacks
):
    form = django_app.get("/accounts/signup/").forms["signup-form"]
    for name, value in {
        "username": "aruzhan",
        "first_name": "Aruzhan",
        "last_name": "Nurlanovna",
        "email": "aruzhan@student.example.edu",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }.items():
        form[name] = value

    with django_capture_on_commit_callbacks(execute=True):
        page = form.submit().follow()

    user = get_user_model().objects.get(username="aruzhan")
    assert [mail.to for mail in mailoutbox] == [["aruzhan@student.example.edu"]]
    assert mailoutbox[0].subject == "Confirm your e-mail address for the Mobility Office"
    assert "We sent a link to aruzhan@student.example.edu" in page.text
    assert not selectors.email_is_confirmed(user)


def test_following_the_link_and_pressing_the_button_confirms_the_address(
    django_app, unconfirmed_student, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.email_confirmation_send(user=unconfirmed_student)
    page = django_app.get(confirmation_path(mailoutbox[0]))
    # Opening the link (as a mail scanner does) confirms nothing by itself.
    assert not selectors.email_is_confirmed(unconfirmed_student)
    assert unconfirmed_student.email in page.text

    response = page.forms["email-confirm-form"].submit()

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert selectors.email_is_confirmed(unconfirmed_student)
    confirmed = response.follow()
    assert f"your e-mail address {unconfirmed_student.email} is confirmed" in confirmed.text


def test_confirming_twice_keeps_one_record(django_app, unconfirmed_student):
    path = f"/accounts/confirm-email/{selectors.email_confirmation_token(unconfirmed_student)}/"
    django_app.get(path).forms["email-confirm-form"].submit()

    again = django_app.get(path)

    assert "is already confirmed" in again.text
    assert "email-confirm-form" not in again.forms
    assert EmailConfirmation.objects.filter(user=unconfirmed_student).count() == 1


def test_an_expired_link_says_how_to_get_a_new_one(django_app, unconfirmed_student, settings):
    settings.EMAIL_CONFIRMATION_DAYS = 3
    four_days_ago = time.time() - 4 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=four_days_ago):
        token = selectors.email_confirmation_token(unconfirmed_student)

    page = django_app.get(f"/accounts/confirm-email/{token}/", expect_errors=True)

    assert page.status_code == 400
    assert "This confirmation link has expired (links work for 3 days)" in page.text
    assert "email-confirm-form" not in page.forms
    assert not selectors.email_is_confirmed(unconfirmed_student)


def test_an_altered_link_confirms_nothing(django_app, unconfirmed_student):
    token = selectors.email_confirmation_token(unconfirmed_student)
    other = UserFactory(username="other", email_confirmed=False)
    # The other account's payload with the student's date and signature.
    payload = {"user": other.pk, "email": other.email}
    _payload, stamp, signature = token.split(":")
    forged = signing.b64_encode(json.dumps(payload, separators=(",", ":")).encode()).decode()
    altered = f"{forged}:{stamp}:{signature}"

    for bad in (token[:-3] + "abc", altered):
        page = django_app.get(f"/accounts/confirm-email/{bad}/", expect_errors=True)
        assert page.status_code == 400
        assert "This confirmation link is not valid" in page.text

    assert not selectors.email_is_confirmed(unconfirmed_student)
    assert not selectors.email_is_confirmed(other)


def test_a_new_address_must_be_confirmed_again_and_the_old_link_no_longer_works(
    django_app, student
):
    old_token = selectors.email_confirmation_token(student)
    assert selectors.email_is_confirmed(student)

    student.email = "new-address@example.edu"
    student.save()

    assert not selectors.email_is_confirmed(student)
    page = django_app.get(f"/accounts/confirm-email/{old_token}/", expect_errors=True)
    assert page.status_code == 400
    assert "an e-mail address the account no longer has" in page.text
    # The confirmation of the old address is kept.
    assert EmailConfirmation.objects.filter(user=student).count() == 1


def test_office_accounts_count_as_confirmed(staff, registrar, superuser):
    EmailConfirmation.objects.all().delete()

    assert selectors.email_is_confirmed(staff)
    assert selectors.email_is_confirmed(registrar)
    assert selectors.email_is_confirmed(superuser)


def test_the_demo_accounts_are_confirmed(demo):
    for user in get_user_model().objects.exclude(email=""):
        assert selectors.email_is_confirmed(user), user.username


# Submitting waits for the confirmation


def test_an_unconfirmed_student_cannot_submit(draft, unconfirmed_student):
    with pytest.raises(application_services.NotReady) as refused:
        application_services.application_submit(application=draft, by=unconfirmed_student)

    assert [item.what for item in refused.value.items] == ["email"]
    draft.refresh_from_db()
    assert draft.state == "draft"


def test_once_confirmed_the_student_submits(draft, unconfirmed_student):
    services.email_confirm(user=unconfirmed_student)

    submitted = application_services.application_submit(application=draft, by=unconfirmed_student)

    assert submitted.state == "submitted"


def test_the_office_submits_a_paper_application_of_an_unconfirmed_student(
    draft, unconfirmed_student
):
    office = staff_user(username="office")

    submitted = application_services.application_submit(application=draft, by=office)

    assert submitted.state == "submitted"


def test_the_checklist_asks_to_confirm_the_address_with_a_button_to_send_the_link_again(
    django_app, draft, unconfirmed_student
):
    page = django_app.get(f"/applications/{draft.pk}/", user=unconfirmed_student)

    item = page.html.select_one('#checklist [data-missing="email"]')
    assert "Confirm your e-mail address student-unconfirmed@example.edu" in item.text
    assert "Send the link again" in item.text
    assert page.html.select("#checklist li") == [item]


def test_a_confirmed_student_sees_no_such_item(django_app, student):
    application = make_application(participant=student, by=student)

    page = django_app.get(f"/applications/{application.pk}/", user=student)

    assert page.html.select('#checklist [data-missing="email"]') == []


def test_submitting_from_the_page_shows_the_checklist(
    django_app, draft, unconfirmed_student, django_capture_on_commit_callbacks
):
    page = django_app.get(f"/applications/{draft.pk}/", user=unconfirmed_student)

    response = page.forms["step-submit"].submit().follow()

    assert "The application cannot be submitted yet" in response.text
    assert response.html.select_one('#checklist [data-missing="email"]') is not None
    draft.refresh_from_db()
    assert draft.state == "draft"


def test_send_the_link_again_sends_it_and_comes_back_to_the_checklist(
    django_app, draft, unconfirmed_student, mailoutbox, django_capture_on_commit_callbacks
):
    page = django_app.get(f"/applications/{draft.pk}/", user=unconfirmed_student)

    with django_capture_on_commit_callbacks(execute=True):
        response = page.forms["email-confirmation-send"].submit()

    assert response["Location"] == f"/applications/{draft.pk}/#checklist"
    assert "A new link is on its way to student-unconfirmed@example.edu" in response.follow().text
    assert [mail.to for mail in mailoutbox] == [[unconfirmed_student.email]]
    django_app.get(confirmation_path(mailoutbox[0])).forms["email-confirm-form"].submit()
    assert selectors.email_is_confirmed(unconfirmed_student)


def test_send_the_link_again_is_throttled(
    django_app, draft, unconfirmed_student, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_CONFIRMATION_RESEND_LIMIT = 2
    url = f"/applications/{draft.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            page = django_app.get(url, user=unconfirmed_student)
            response = page.forms["email-confirmation-send"].submit().follow()

    assert len(mailoutbox) == 2
    assert "A link was sent to student-unconfirmed@example.edu several times" in response.text


def test_send_the_link_again_needs_a_login(anonymous_client):
    response = anonymous_client.post("/accounts/confirm-email/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
