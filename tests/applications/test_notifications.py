"""Who is told by e-mail, when, in which language, and with what subject.

The office hears of each submission at once (STAFF_NOTIFICATIONS=each) or in one digest a day
(`daily`, sent by `manage.py send_staff_digest`). The participant's e-mails are written in the
language they use the app in, whoever takes the step.
"""

import importlib
import io
from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

import mobility_office.settings as project_settings
from applications import services
from applications.models import Application
from mail.models import OutgoingEmail
from tests.applications.test_workflow import fill_participant_side
from tests.factories import (
    PDF_BYTES,
    UserFactory,
    make_application,
    registrar_user,
    staff_user,
    upload,
)
from tests.mail.test_mail_queue import (
    mail_server_back,
    mail_server_down,
    run_worker,
    wait_is_over,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(db):
    return staff_user(username="office", email="office@example.edu")


@pytest.fixture
def colleague(db):
    return staff_user(username="colleague", email="colleague@example.edu")


@pytest.fixture
def student(db):
    return UserFactory(username="aigerim", first_name="Aigerim", last_name="Zhakupova")


@pytest.fixture
def ready(student, office):
    """A draft with everything the student provides, registered by the student."""
    application = make_application(participant=student, by=student)
    fill_participant_side(application, by=student)
    return application


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Runs a service and sends what waits for the commit (the e-mails)."""

    def call(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)

    return call


def office_mails(mailoutbox) -> list:
    return [mail for mail in mailoutbox if "office@example.edu" in mail.to]


def office_records() -> list[OutgoingEmail]:
    return [
        email for email in OutgoingEmail.objects.all() if "office@example.edu" in email.recipients
    ]


@pytest.fixture
def digest(django_capture_on_commit_callbacks):
    """Runs `send_staff_digest` as cron does; what it queues goes out once it is committed."""

    def run(**kwargs) -> str:
        out = io.StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_staff_digest", stdout=out, **kwargs)
        return out.getvalue()

    return run


# Each submission at once


def test_a_submission_emails_every_active_staff_member_at_once(
    ready, student, office, colleague, run, mailoutbox, settings
):
    settings.STAFF_NOTIFICATIONS = "each"
    staff_user(username="left", email="left@example.edu", is_active=False)
    registrar_user(username="registrar", email="registrar@example.edu")

    run(services.application_submit, application=ready, by=student)

    [mail] = office_mails(mailoutbox)
    assert sorted(mail.to) == ["colleague@example.edu", "office@example.edu"]
    assert mail.subject == f"Application {ready.reference} of Zhakupova Aigerim was submitted"
    assert settings.SITE_URL + reverse("applications:detail", args=[ready.pk]) in mail.body
    assert settings.SITE_URL + reverse("applications:queue") in mail.body
    ready.refresh_from_db()
    assert ready.staff_notified_at == ready.submitted_at


def test_a_resubmission_tells_the_office_it_came_back(ready, student, office, run, mailoutbox):
    submitted = services.application_submit(application=ready, by=student)
    reviewed = services.application_start_review(application=submitted, by=office)
    returned = services.application_return(application=reviewed, comment="Sign it.", by=office)
    mailoutbox.clear()

    run(services.application_submit, application=returned, by=student)

    [mail] = office_mails(mailoutbox)
    assert mail.subject == (
        f"Application {ready.reference} of Zhakupova Aigerim was submitted again"
    )
    assert "submitted the application" in mail.body and "again" in mail.body


def test_the_office_emails_are_written_in_the_sites_language_whoever_submits(
    ready, student, office, run, mailoutbox
):
    with translation.override("ru"):
        run(services.application_submit, application=ready, by=student)

    [mail] = office_mails(mailoutbox)
    assert mail.subject.startswith(f"Application {ready.reference}")


def test_no_step_but_submitting_tells_the_office(ready, student, office, run, mailoutbox):
    submitted = services.application_submit(application=ready, by=student)
    mailoutbox.clear()

    run(services.application_start_review, application=submitted, by=office)

    assert office_mails(mailoutbox) == []


# One digest a day


def test_with_the_daily_setting_a_submission_waits_for_the_digest(
    ready, student, office, run, mailoutbox, settings
):
    settings.STAFF_NOTIFICATIONS = "daily"

    run(services.application_submit, application=ready, by=student)

    assert office_mails(mailoutbox) == []
    assert [mail.to for mail in mailoutbox] == [[student.email]]
    assert list(Application.objects.staff_not_told()) == [ready]


def test_the_digest_names_each_new_submission_once_and_a_second_run_sends_nothing(
    office, mailoutbox, settings, digest
):
    settings.STAFF_NOTIFICATIONS = "daily"
    first, second = [], []
    for name, bucket in (("Aliya", first), ("Bauyrzhan", second)):
        participant = UserFactory(username=name.lower(), first_name=name, last_name="Test")
        application = make_application(participant=participant, by=participant)
        fill_participant_side(application, by=participant)
        bucket.append(services.application_submit(application=application, by=participant))
    mailoutbox.clear()

    output = digest()

    [mail] = office_mails(mailoutbox)
    assert mail.subject == "2 applications were submitted since the last digest"
    assert first[0].reference in mail.body and second[0].reference in mail.body
    assert mail.body.index(first[0].reference) < mail.body.index(second[0].reference)
    assert "2 application" in output

    mailoutbox.clear()
    output = digest()

    assert mailoutbox == []
    assert "Nothing new" in output
    assert not Application.objects.staff_not_told().exists()


def test_the_digest_names_an_application_again_once_it_is_resubmitted(
    ready, student, office, mailoutbox, settings, digest
):
    settings.STAFF_NOTIFICATIONS = "daily"
    submitted = services.application_submit(application=ready, by=student)
    digest()
    reviewed = services.application_start_review(application=submitted, by=office)
    returned = services.application_return(application=reviewed, comment="Sign it.", by=office)
    services.application_submit(application=returned, by=student)
    mailoutbox.clear()

    digest()

    [mail] = office_mails(mailoutbox)
    assert mail.subject == f"Application {ready.reference} of Zhakupova Aigerim was submitted again"


def test_a_digest_made_while_the_mail_server_is_down_is_delivered_once_it_is_back(
    ready, student, office, mailoutbox, settings, digest
):
    settings.STAFF_NOTIFICATIONS = "daily"
    services.application_submit(application=ready, by=student)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    mail_server_down(settings)

    assert "1 application(s) is queued" in digest()
    run_worker()

    # Announced once and for all: the e-mail waits in the queue, not the applications.
    assert not Application.objects.staff_not_told().exists()
    [email] = office_records()
    assert (email.state, email.attempts) == ("retrying", 1)
    assert "Nothing new" in digest()

    mail_server_back(settings)
    wait_is_over()
    run_worker()

    [mail] = office_mails(mailoutbox)
    assert ready.reference in mail.subject
    email.refresh_from_db()
    assert email.state == "sent"
    assert office_records() == [email]


def test_the_digest_leaves_out_what_was_announced_at_once(
    ready, student, office, run, mailoutbox, settings, digest
):
    settings.STAFF_NOTIFICATIONS = "each"
    run(services.application_submit, application=ready, by=student)
    mailoutbox.clear()

    digest()

    assert mailoutbox == []


def test_the_digest_keeps_its_submissions_while_no_staff_account_has_an_e_mail(
    ready, student, office, mailoutbox, settings, digest
):
    settings.STAFF_NOTIFICATIONS = "daily"
    services.application_submit(application=ready, by=student)
    office.email = ""
    office.save()

    digest()

    assert office_mails(mailoutbox) == []
    assert list(Application.objects.staff_not_told()) == [ready]


def test_a_setting_other_than_each_or_daily_is_refused_at_start(monkeypatch):
    monkeypatch.setenv("STAFF_NOTIFICATIONS", "weekly")
    with pytest.raises(ImproperlyConfigured, match="each or daily"):
        importlib.reload(project_settings)
    monkeypatch.delenv("STAFF_NOTIFICATIONS")
    importlib.reload(project_settings)


# The participant's e-mails


def test_the_participant_is_written_to_in_the_language_they_submitted_in(
    ready, student, office, run, mailoutbox
):
    with translation.override("kk"):
        submitted = services.application_submit(application=ready, by=student)
    reviewed = services.application_start_review(application=submitted, by=office)
    mailoutbox.clear()

    with translation.override("ru"):
        run(
            services.application_return,
            application=reviewed,
            comment="Sign the questionnaire.",
            by=office,
        )

    reviewed.refresh_from_db()
    assert reviewed.language == "kk"  # staff acting in Russian changed nothing
    [mail] = [mail for mail in mailoutbox if mail.to == [student.email]]
    with translation.override("kk"):
        greeting = translation.gettext("Dear %(name)s,") % {"name": "Aigerim"}
        subject = str(services.STEP_SUBJECTS["return"]) % {"reference": ready.reference}
    assert greeting != "Dear Aigerim,"  # the catalogue has it in Kazakh
    assert mail.body.startswith(greeting)
    assert mail.subject == subject
    assert "Sign the questionnaire." in mail.body


def test_the_participant_editing_in_another_language_is_written_to_in_it(ready, student, office):
    with translation.override("ru"):
        services.application_update(application=ready, by=student)
    ready.refresh_from_db()
    assert ready.language == "ru"

    with translation.override("en"):
        services.application_update(application=ready, by=office)
    ready.refresh_from_db()
    assert ready.language == "ru"  # the office's edit keeps the participant's language


def test_a_participant_without_a_remembered_language_is_written_to_in_the_sites(
    student, office, run, mailoutbox
):
    application = make_application(participant=student, by=office)  # registered by the office
    fill_participant_side(application, by=office)
    assert application.language == ""

    with translation.override("ru"):
        run(services.application_submit, application=application, by=office)

    application.refresh_from_db()
    assert application.language == ""
    [mail] = [mail for mail in mailoutbox if mail.to == [student.email]]
    assert mail.subject == f"Your application {application.reference} was submitted"


def test_a_returned_document_is_named_in_the_subject(ready, student, office, run, mailoutbox):
    submitted = services.application_submit(application=ready, by=student)
    reviewed = services.application_start_review(application=submitted, by=office)
    transcript = reviewed.documents.get(kind="transcript")
    mailoutbox.clear()

    run(
        services.document_return,
        document=transcript,
        reason="The scan is unreadable.",
        by=office,
    )

    [mail] = mailoutbox
    assert mail.subject == (
        f"A document of your application {ready.reference} was returned: transcript"
    )
    assert "The scan is unreadable." in mail.body
    assert "Upload it again" in mail.body


@pytest.mark.parametrize(
    ("step", "subject"),
    [
        ("approve", "Your application {ref} was approved"),
        ("reject", "Your application {ref} was rejected"),
    ],
)
def test_the_subject_says_what_the_office_decided(
    ready, student, office, run, mailoutbox, step, subject
):
    submitted = services.application_submit(application=ready, by=student)
    reviewed = services.application_start_review(application=submitted, by=office)
    for document in reviewed.documents.filter(kind__in=reviewed.participant_document_kinds()):
        services.document_accept(document=document, by=office)
    mailoutbox.clear()

    if step == "approve":
        run(services.application_approve, application=reviewed, by=office)
    else:
        run(services.application_reject, application=reviewed, comment="No places.", by=office)

    [mail] = mailoutbox
    assert mail.subject == subject.format(ref=ready.reference)


def test_the_order_e_mail_says_the_order_was_issued(ready, student, office, run, mailoutbox):
    submitted = services.application_submit(application=ready, by=student)
    reviewed = services.application_start_review(application=submitted, by=office)
    for document in reviewed.documents.filter(kind__in=reviewed.participant_document_kinds()):
        services.document_accept(document=document, by=office)
    approved = services.application_approve(application=reviewed, by=office)
    mailoutbox.clear()

    run(
        services.application_issue_order,
        application=approved,
        number="145-AM",
        issued_on=timezone.localdate() - timedelta(days=1),
        upload=upload("order.pdf", PDF_BYTES),
        by=office,
    )

    [mail] = mailoutbox
    assert mail.subject == (
        f"The order for your mobility (application {ready.reference}) was issued"
    )
    assert "145-AM" in mail.body
