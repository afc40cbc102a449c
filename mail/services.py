"""E-mail through a queue: recorded with the step that causes it, sent by a background worker.

`queue_email` records the e-mail in the step's own transaction (a step that is rolled back
leaves none) and, once the step is committed, queues the `send_email` task. The worker
(`manage.py db_worker`) makes the attempt; a failed attempt is recorded with its error and
tried again later, up to `EMAIL_MAX_ATTEMPTS` times. Staff see the e-mails not sent and may
send them again. A step therefore never fails, nor answers an error, because the mail server
is down, and no e-mail is lost.

The task carries only the e-mail's id and the number of attempts made when it was queued: the
content lives once, in the record, and a task queued before the e-mail was sent or tried again
finds the count changed and does nothing, so a retry and a "send again" never both send it.
"""

import logging
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import OutgoingEmail, OutgoingEmailState

logger = logging.getLogger(__name__)

# The wait after the 1st, 2nd, … failed attempt; the last one repeats. With the default 8
# attempts an e-mail is tried for about a day before staff have to send it again.
RETRY_DELAYS = [
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(hours=1),
    timedelta(hours=3),
    timedelta(hours=6),
    timedelta(hours=12),
]
ERROR_LENGTH = 2000
PENDING_STATES = [OutgoingEmailState.QUEUED, OutgoingEmailState.RETRYING]


def retry_delay(failed_attempts: int) -> timedelta:
    return RETRY_DELAYS[min(failed_attempts, len(RETRY_DELAYS)) - 1]


@transaction.atomic
def queue_email(*, subject: str, body: str, to: list[str], from_email: str = "") -> OutgoingEmail:
    """Records an e-mail and queues it to be sent once the current transaction commits."""
    now = timezone.now()
    email = OutgoingEmail(
        subject=subject,
        body=body,
        recipients=list(to),
        from_email=from_email,
        attempt_limit=settings.EMAIL_MAX_ATTEMPTS,
        next_attempt_at=now,
    )
    email.full_clean()
    email.save()
    _enqueue_on_commit(email)
    return email


@transaction.atomic
def email_send_again(*, email: OutgoingEmail, by: AbstractBaseUser) -> OutgoingEmail:
    """Queues an e-mail that was not sent for a new series of attempts, at once."""
    email = OutgoingEmail.objects.select_for_update().get(pk=email.pk)
    now = timezone.now()
    if email.state == OutgoingEmailState.SENT:
        raise ValidationError(_("This e-mail was sent meanwhile; there is nothing to send again."))
    if not email.may_be_sent_again(now=now):
        raise ValidationError(_("This e-mail is already waiting to be sent."))
    email.state = OutgoingEmailState.QUEUED
    email.next_attempt_at = now
    email.attempt_limit = email.attempts + settings.EMAIL_MAX_ATTEMPTS
    email.requeued_by = by
    email.requeued_at = now
    email.full_clean()
    email.save()
    _enqueue_on_commit(email)
    return email


def _enqueue_on_commit(email: OutgoingEmail, *, run_after: datetime | None = None) -> None:
    # robust: queueing is a write to the database just committed and should not fail, but if it
    # does, the step stays done (no error page) and the record, left waiting, becomes overdue
    # and shows on the staff page.
    transaction.on_commit(
        partial(_enqueue, email.pk, email.attempts, run_after=run_after), robust=True
    )


def _enqueue(email_id: int, attempts: int, *, run_after: datetime | None = None) -> None:
    scheduled = send_email
    if run_after is not None:
        if not send_email.get_backend().supports_defer:
            # A backend that runs tasks at once (tests, the demo loading) cannot wait: the
            # e-mail stays as it is, for staff to send again.
            return
        scheduled = send_email.using(run_after=run_after)
    scheduled.enqueue(email_id, attempts)


@task()
def send_email(email_id: int, attempts: int) -> str:
    """Makes one attempt to send the e-mail; raises the mail server's error when it fails, so
    the worker's log and its task results show the failure too."""
    outcome, error = deliver_email(email_id=email_id, attempts=attempts)
    if error is not None:
        raise error
    return outcome


def deliver_email(*, email_id: int, attempts: int) -> tuple[str, Exception | None]:
    """Sends the e-mail unless it was sent or tried since this attempt was queued, and records
    the outcome: sent, or the error and when it is tried again (or that no attempts are left).

    No transaction stays open while the mail server answers (that may take EMAIL_TIMEOUT
    seconds; on SQLite it would hold the whole database's write lock and stall every page).
    The attempt is claimed first, by counting it in one UPDATE that succeeds only while the
    count is the one the task was queued with: another task for the same e-mail (a retry and a
    "send again") finds the count changed and does nothing, so two workers never send the same
    e-mail. Should the process die between the server's acceptance and the record, the e-mail
    stays waiting and shows on the staff page: it may arrive twice, never not at all.
    """
    now = timezone.now()
    claimed = OutgoingEmail.objects.filter(
        pk=email_id, attempts=attempts, state__in=PENDING_STATES
    ).update(attempts=attempts + 1, last_attempt_at=now)
    if not claimed:
        return "skipped", None
    email = OutgoingEmail.objects.get(pk=email_id)
    error: Exception | None = None
    try:
        EmailMessage(email.subject, email.body, email.from_email or None, email.recipients).send()
    except Exception as exc:  # whatever the mail backend raises, the attempt is recorded
        error = exc
    email = _record_attempt(email_id=email_id, error=error, at=now)
    if error is not None:
        logger.warning(
            "E-mail %s to %s not sent (attempt %d of %d): %s",
            email.pk,
            email.recipient_list,
            email.attempts,
            email.attempt_limit,
            email.last_error,
        )
    return email.state, error


@transaction.atomic
def _record_attempt(*, email_id: int, error: Exception | None, at: datetime) -> OutgoingEmail:
    email = OutgoingEmail.objects.select_for_update().get(pk=email_id)
    if error is None:
        email.state = OutgoingEmailState.SENT
        email.sent_at = at
        email.next_attempt_at = None
    else:
        email.last_error = f"{type(error).__name__}: {error}"[:ERROR_LENGTH]
        if email.attempts >= email.attempt_limit:
            email.state = OutgoingEmailState.FAILED
            email.next_attempt_at = None
        else:
            email.state = OutgoingEmailState.RETRYING
            email.next_attempt_at = at + retry_delay(email.attempts)
    email.full_clean()
    email.save()
    if email.state == OutgoingEmailState.RETRYING:
        _enqueue_on_commit(email, run_after=email.next_attempt_at)
    return email
