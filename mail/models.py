"""The e-mails the product sends, kept until they are delivered."""

from datetime import datetime, timedelta
from typing import Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# An e-mail still waiting this long after it was queued was never picked up: the worker is not
# running, or the process stopped between the commit and the queueing. Staff then see it.
OVERDUE_AFTER = timedelta(minutes=15)


class OutgoingEmailState(models.TextChoices):
    QUEUED = "queued", _("waiting to be sent")
    RETRYING = "retrying", _("not sent yet, will be tried again")
    FAILED = "failed", _("not sent, no attempts left")
    SENT = "sent", _("sent")


class OutgoingEmailQuerySet(models.QuerySet):
    def not_sent(self, *, now: datetime) -> Self:
        """The e-mails staff should know about: an attempt failed, or the e-mail has waited far
        longer than the worker needs to pick it up."""
        state = OutgoingEmailState
        return self.filter(
            Q(state__in=[state.RETRYING, state.FAILED])
            | Q(state=state.QUEUED, next_attempt_at__lt=now - OVERDUE_AFTER)
        )


class OutgoingEmail(models.Model):
    """One e-mail the product sends, kept from the moment a step queues it until it is delivered
    (and after), so that a mail server that is down delays an e-mail but never loses it."""

    subject = models.TextField(_("subject"))
    body = models.TextField(_("text"))
    # Empty: the DEFAULT_FROM_EMAIL in force when it is sent.
    from_email = models.CharField(_("from"), max_length=254, blank=True)
    recipients = models.JSONField(_("recipients"))
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=OutgoingEmailState.choices,
        default=OutgoingEmailState.QUEUED,
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    # Sending again gives the e-mail a fresh series of attempts on top of those made.
    attempt_limit = models.PositiveIntegerField(_("attempts allowed"))
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    requeued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent again by"),
    )
    requeued_at = models.DateTimeField(_("sent again at"), null=True, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="outgoing_email_pending_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=OutgoingEmailState.values),
                name="outgoing_email_state_known",
            ),
            models.CheckConstraint(
                condition=Q(state=OutgoingEmailState.SENT, sent_at__isnull=False)
                | (~Q(state=OutgoingEmailState.SENT) & Q(sent_at__isnull=True)),
                name="outgoing_email_sent_has_time",
            ),
            # Only an e-mail that will be tried (again) has a time for its next attempt.
            models.CheckConstraint(
                condition=Q(
                    state__in=[OutgoingEmailState.QUEUED, OutgoingEmailState.RETRYING],
                    next_attempt_at__isnull=False,
                )
                | (
                    Q(state__in=[OutgoingEmailState.SENT, OutgoingEmailState.FAILED])
                    & Q(next_attempt_at__isnull=True)
                ),
                name="outgoing_email_next_attempt_when_pending",
            ),
            models.CheckConstraint(
                condition=Q(attempts__lte=models.F("attempt_limit")) & Q(attempt_limit__gte=1),
                name="outgoing_email_attempts_within_limit",
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    def clean(self) -> None:
        if (
            not isinstance(self.recipients, list)
            or not self.recipients
            or not all(isinstance(address, str) and address for address in self.recipients)
        ):
            raise ValidationError({"recipients": _("Give at least one e-mail address.")})

    @property
    def recipient_list(self) -> str:
        return ", ".join(self.recipients)

    def is_overdue(self, *, now: datetime) -> bool:
        return (
            self.state == OutgoingEmailState.QUEUED
            and self.next_attempt_at is not None
            and self.next_attempt_at < now - OVERDUE_AFTER
        )

    def may_be_sent_again(self, *, now: datetime) -> bool:
        return self.state in (
            OutgoingEmailState.RETRYING,
            OutgoingEmailState.FAILED,
        ) or self.is_overdue(now=now)
