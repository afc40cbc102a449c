import logging

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mail.services import queue_email

from .models import EmailConfirmation
from .selectors import email_confirmation_token

logger = logging.getLogger(__name__)


def email_taken_message() -> str:
    return _("An account with this e-mail already exists. Log in, or reset its password.")


def check_new_account(user: AbstractBaseUser) -> None:
    """Raises ValidationError, by field, when the account cannot be registered as it is."""
    user.full_clean()
    if type(user).objects.filter(email__iexact=user.email).exists():
        raise ValidationError({"email": email_taken_message()})


@transaction.atomic
def account_signup(
    *, username: str, first_name: str, last_name: str, email: str, password: str
) -> AbstractBaseUser:
    """Registers a student's account and e-mails the link that confirms its address.

    The database refuses a second account with the same username or the same e-mail address
    (in any letter case): of two people registering at the same moment, the one who comes
    second gets the error the form gives, never a server error.
    """
    User = get_user_model()
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=BaseUserManager.normalize_email(email.strip()),
    )
    user.set_password(password)
    check_new_account(user)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        # Another registration was saved between the check and the insert.
        if User.objects.filter(username=user.username).exists():
            raise ValidationError(
                {"username": User._meta.get_field("username").error_messages["unique"]}
            ) from None
        if User.objects.filter(email__iexact=user.email).exists():
            raise ValidationError({"email": email_taken_message()}) from None
        raise
    email_confirmation_send(user=user)
    return user


def email_confirmation_send(*, user: AbstractBaseUser) -> None:
    """E-mails the account the link that confirms its current address (once committed), in the
    language the account holder is using now."""
    url = settings.SITE_URL + reverse("email_confirm", args=[email_confirmation_token(user)])
    context = {"user": user, "url": url, "days": settings.EMAIL_CONFIRMATION_DAYS}
    subject = _("Confirm your e-mail address for the Mobility Office")
    body = render_to_string("registration/email_confirmation_email.txt", context)
    queue_email(subject=subject, body=body, to=[user.email])


@transaction.atomic
def email_confirm(*, user: AbstractBaseUser) -> EmailConfirmation:
    """Records that the account holder reads the account's current e-mail address; confirming
    it again changes nothing."""
    existing = EmailConfirmation.objects.filter(user=user, email__iexact=user.email).first()
    if existing is not None:
        return existing
    confirmation = EmailConfirmation(user=user, email=user.email, confirmed_at=timezone.now())
    confirmation.full_clean()
    try:
        with transaction.atomic():
            confirmation.save()
    except IntegrityError:
        # The same link opened twice at once: the other request recorded it.
        return EmailConfirmation.objects.get(user=user, email__iexact=user.email)
    return confirmation


@transaction.atomic
def login_unlock(*, kind: str, value: str, by: AbstractBaseUser) -> int:
    """Lets a locked-out username (from every address) or address (for every username) log in
    again at once; returns how many records of failed logins were cleared. The failures stay in
    the access failure log, and the log says who lifted the lockout."""
    if kind == "username":
        attempts = AccessAttempt.objects.filter(username=value)
    elif kind == "address":
        attempts = AccessAttempt.objects.filter(ip_address=value)
    else:
        raise ValidationError(_("Unlock a username or an address."))
    count, _deleted = attempts.delete()
    logger.warning("Login lockout of %s %s lifted by %s", kind, value, by.get_username())
    return count
