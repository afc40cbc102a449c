"""Accounts: the e-mail addresses their holders confirmed."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class EmailConfirmation(models.Model):
    """An e-mail address its account holder proved to read, by following the link sent to it.

    An account's e-mail counts as confirmed while a confirmation of that very address exists, so
    changing the address asks for a new confirmation without anything being reset, and the
    confirmations of earlier addresses are kept.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="email_confirmations",
        verbose_name=_("account"),
    )
    email = models.EmailField(_("e-mail"))
    confirmed_at = models.DateTimeField(_("confirmed at"))

    class Meta:
        ordering = ["-confirmed_at", "-pk"]
        verbose_name = _("e-mail confirmation")
        verbose_name_plural = _("e-mail confirmations")
        constraints = [
            models.UniqueConstraint(
                "user", Lower("email"), name="email_confirmation_once_per_address"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.confirmed_at:%Y-%m-%d})"
