"""E-mail goes through a queue: a step never fails because the mail server is down, and no e-mail
is lost.

These tests use the database queue the product runs with and the real worker of
django-tasks-db, run in this process; the mail server is an SMTP backend pointed at a closed port
while it is "down", and the test outbox once it is back. Staff see what was not sent and send
it again.
"""

import socket
from datetime import timedelta
from unittest import mock

import pytest
from django.db import transaction
from django.tasks import TaskResultStatus
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from mail import services as mail
from mail.models import OutgoingEmail
from tests.applications.test_documents import submitted_application
from tests.factories import UserFactory, registrar_user, staff_user

pytestmark = pytest.mark.django_db

LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


@pytest.fixture
def database_queue(settings):
    """The queue the product runs with, instead of the tests' run-at-once backend."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def mail_server_down(settings) -> None:
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": closed_port(), "timeout": 5},
        }
    }


def mail_server_back(settings) -> None:
    settings.MAILERS = LOCMEM


def run_worker() -> None:
    """The worker of `manage.py db_worker --batch`: runs every task that is due, then stops.

    Its habit of dropping a connection that is not in autocommit mode is switched off, since a
    test runs inside a transaction; for the same reason what waits for a commit (the queueing
    of a retry) is run as the worker's own commits would run it.
    """
    worker = db_worker.Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    with (
        mock.patch.object(db_worker, "close_old_connections"),
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        worker.run()


def wait_is_over() -> None:
    """As if the time until every retry had passed."""
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(
        run_after=timezone.now() - timedelta(seconds=1)
    )


def queued(django_capture_on_commit_callbacks, **kwargs) -> OutgoingEmail:
    with django_capture_on_commit_callbacks(execute=True):
        return mail.queue_email(**kwargs)


def not_sent_page(django_app, user):
    return django_app.get(reverse("mail:emails_not_sent"), user=user)


# A step while the mail server is down


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_step_taken_while_the_mail_server_is_down_succeeds_and_its_e_mail_arrives_later(
    django_app, database_queue, settings, mailoutbox
):
    # Real commits, as in production: the e-mail is queued after the step's commit, inside the
    # request, where a failing send used to turn the answer into a server error.
    staff = staff_user(username="office-member", email="office@example.edu")
    applicant = UserFactory(username="applicant", email="madina@example.edu")
    application = submitted_application(applicant)
    run_worker()  # the submission's e-mails, while the server was still up
    mailoutbox.clear()
    mail_server_down(settings)

    page = django_app.get(application.get_absolute_url(), user=staff)
    response = page.forms["step-start_review"].submit()

    assert response.status_code == 302
    assert "The application is now under review." in response.follow().text
    application.refresh_from_db()
    assert application.state == "under_review"
    email = OutgoingEmail.objects.get(recipients=["madina@example.edu"], state="queued")
    assert application.reference in email.subject

    run_worker()

    email.refresh_from_db()
    assert (email.state, email.attempts) == ("retrying", 1)
    assert "ConnectionRefusedError" in email.last_error
    assert mailoutbox == []
    row = not_sent_page(django_app, staff).html.select_one(f"tr[data-email='{email.pk}']")
    assert "madina@example.edu" in row.text
    assert email.subject in row.text
    assert "ConnectionRefusedError" in row.select_one("[data-error]").text

    mail_server_back(settings)
    wait_is_over()
    run_worker()

    email.refresh_from_db()
    assert (email.state, email.attempts) == ("sent", 2)
    [delivered] = mailoutbox
    assert delivered.to == ["madina@example.edu"]
    assert delivered.subject == email.subject
    assert not_sent_page(django_app, staff).html.select_one("tr[data-email]") is None


def test_nothing_is_queued_for_a_step_that_is_rolled_back(
    database_queue, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        mail.queue_email(subject="Approved", body="Yes.", to=["dana@example.edu"])
        raise RuntimeError("the step failed after queueing its e-mail")

    assert callbacks == []
    assert not OutgoingEmail.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_an_e_mail_waits_in_the_queue_until_the_worker_sends_it(
    database_queue, django_capture_on_commit_callbacks, mailoutbox
):
    email = queued(
        django_capture_on_commit_callbacks,
        subject="Approved",
        body="Your application was approved.",
        to=["dana@example.edu"],
    )

    assert mailoutbox == []
    [task] = DBTaskResult.objects.all()
    assert task.status == TaskResultStatus.READY

    run_worker()

    email.refresh_from_db()
    assert email.state == "sent"
    assert email.sent_at is not None
    [delivered] = mailoutbox
    assert (delivered.to, delivered.subject, delivered.body) == (
        ["dana@example.edu"],
        "Approved",
        "Your application was approved.",
    )
    assert delivered.from_email == "mobility-office@localhost"  # DEFAULT_FROM_EMAIL


# Retries


def test_a_failed_attempt_is_tried_again_later_and_the_last_one_gives_up(
    database_queue, django_capture_on_commit_callbacks, settings, mailoutbox
):
    settings.EMAIL_MAX_ATTEMPTS = 3
    mail_server_down(settings)
    email = queued(django_capture_on_commit_callbacks, subject="S", body="B", to=["a@example.edu"])

    before = timezone.now()
    run_worker()
    email.refresh_from_db()
    assert (email.state, email.attempts) == ("retrying", 1)
    assert before + timedelta(minutes=1) <= email.next_attempt_at
    assert email.next_attempt_at <= timezone.now() + timedelta(minutes=1)
    # Not due yet: the worker leaves it.
    run_worker()
    email.refresh_from_db()
    assert email.attempts == 1

    wait_is_over()
    run_worker()
    email.refresh_from_db()
    assert (email.state, email.attempts) == ("retrying", 2)
    assert email.next_attempt_at - email.last_attempt_at == timedelta(minutes=5)

    wait_is_over()
    run_worker()
    email.refresh_from_db()
    assert (email.state, email.attempts, email.next_attempt_at) == ("failed", 3, None)
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()
    # Each failed attempt is a failed task in the worker's results as well.
    assert DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).count() == 3
    assert mailoutbox == []


def test_an_e_mail_queued_twice_is_sent_once(
    database_queue, django_capture_on_commit_callbacks, settings, mailoutbox, staff
):
    mail_server_down(settings)
    email = queued(django_capture_on_commit_callbacks, subject="S", body="B", to=["a@example.edu"])
    run_worker()
    email.refresh_from_db()
    # Staff send it again while the automatic retry is still waiting in the queue.
    with django_capture_on_commit_callbacks(execute=True):
        mail.email_send_again(email=email, by=staff)
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 2

    mail_server_back(settings)
    wait_is_over()
    run_worker()

    email.refresh_from_db()
    assert (email.state, email.attempts) == ("sent", 2)
    assert len(mailoutbox) == 1
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()


# The staff page


@pytest.fixture
def failed_email(database_queue, django_capture_on_commit_callbacks, settings):
    settings.EMAIL_MAX_ATTEMPTS = 1
    mail_server_down(settings)
    email = queued(
        django_capture_on_commit_callbacks,
        subject="Your application 2025-0007 was approved",
        body="Yes.",
        to=["dana@example.edu"],
    )
    run_worker()
    email.refresh_from_db()
    assert email.state == "failed"
    return email


def test_staff_see_an_e_mail_not_sent_and_send_it_again(
    django_app, staff, failed_email, settings, django_capture_on_commit_callbacks, mailoutbox
):
    settings.EMAIL_MAX_ATTEMPTS = 4
    page = not_sent_page(django_app, staff)
    row = page.html.select_one(f"tr[data-email='{failed_email.pk}']")
    assert "dana@example.edu" in row.text
    assert "Your application 2025-0007 was approved" in row.text
    assert "1 of 1" in row.select_one("[data-attempts]").text
    assert row.select_one("[data-state]")["data-state"] == "failed"
    assert "ConnectionRefusedError" in row.select_one("[data-error]").text

    mail_server_back(settings)
    with django_capture_on_commit_callbacks(execute=True):
        page = page.forms[f"send-again-{failed_email.pk}"].submit().follow()

    assert "is queued to be sent again" in page.text
    failed_email.refresh_from_db()
    assert failed_email.state == "queued"
    assert failed_email.attempt_limit == 1 + 4
    assert failed_email.requeued_by == staff
    assert page.html.select_one("tr[data-email]") is None
    run_worker()
    failed_email.refresh_from_db()
    assert failed_email.state == "sent"
    assert [m.to for m in mailoutbox] == [["dana@example.edu"]]


def test_sending_again_an_e_mail_sent_meanwhile_says_so_and_sends_nothing(
    django_app, staff, failed_email, settings, mailoutbox
):
    page = not_sent_page(django_app, staff)
    OutgoingEmail.objects.filter(pk=failed_email.pk).update(
        state="sent", sent_at=timezone.now(), next_attempt_at=None
    )

    page = page.forms[f"send-again-{failed_email.pk}"].submit().follow()

    assert "This e-mail was sent meanwhile" in page.text
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()


def test_an_e_mail_the_worker_never_picked_up_shows_once_it_is_overdue(
    django_app, staff, database_queue, django_capture_on_commit_callbacks
):
    email = queued(django_capture_on_commit_callbacks, subject="S", body="B", to=["a@example.edu"])
    assert not_sent_page(django_app, staff).html.select_one("tr[data-email]") is None

    # The worker is not running: 20 minutes later it still waits.
    OutgoingEmail.objects.filter(pk=email.pk).update(
        next_attempt_at=timezone.now() - timedelta(minutes=20)
    )

    row = not_sent_page(django_app, staff).html.select_one(f"tr[data-email='{email.pk}']")
    assert row.select_one("[data-state]")["data-state"] == "queued"
    assert "is the sending process running?" in row.text


@pytest.mark.parametrize("role", ["registrar", "student"])
def test_only_staff_see_the_e_mails_not_sent(client, failed_email, role):
    user = registrar_user(username="registrar-x") if role == "registrar" else UserFactory()
    client.force_login(user)

    assert client.get(reverse("mail:emails_not_sent")).status_code == 403
    # No form is shown to them; a POST made anyway is refused and queues nothing.
    response = client.post(reverse("mail:email_send_again", args=[failed_email.pk]))
    assert response.status_code == 403
    failed_email.refresh_from_db()
    assert failed_email.state == "failed"


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(reverse("mail:emails_not_sent"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_staff_dashboard_counts_the_e_mails_not_sent(django_app, staff, failed_email):
    page = django_app.get(reverse("dashboard"), user=staff)

    alert = page.html.select_one("#emails-not-sent-alert")
    assert "1 e-mail was not sent." in alert.text
    assert alert.select_one("a")["href"] == reverse("mail:emails_not_sent")


def test_the_dashboard_says_nothing_while_every_e_mail_is_sent(django_app, staff, registrar):
    assert (
        django_app.get(reverse("dashboard"), user=staff).html.select_one("#emails-not-sent-alert")
        is None
    )


def test_the_registrars_dashboard_does_not_count_them(django_app, registrar, failed_email):
    page = django_app.get(reverse("dashboard"), user=registrar)

    assert page.html.select_one("#emails-not-sent-alert") is None


def test_a_password_reset_asked_for_while_the_mail_server_is_down_arrives_later(
    django_app, database_queue, settings, django_capture_on_commit_callbacks, mailoutbox
):
    user = UserFactory(email="aigerim@example.edu")
    mail_server_down(settings)
    page = django_app.get(reverse("password_reset"))
    page.forms["password-reset-form"]["email"] = "aigerim@example.edu"
    with django_capture_on_commit_callbacks(execute=True):
        answer = page.forms["password-reset-form"].submit()
    assert answer.status_code == 302
    run_worker()
    email = OutgoingEmail.objects.get(recipients=["aigerim@example.edu"])
    assert email.state != "sent"

    mail_server_back(settings)
    wait_is_over()
    run_worker()
    assert [message.to for message in mailoutbox] == [[user.email]]
    assert "/accounts/reset/" in mailoutbox[0].body
