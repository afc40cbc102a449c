"""Reads about accounts: whether an e-mail address is confirmed, the confirmation links, and
which usernames and addresses are locked out of logging in.

Logging in is watched by django-axes, which counts failed logins per username (from any
address) and per address (for any usernames); `accounts.handlers.LoginAttemptsHandler` gives
each its own limit.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import Max, QuerySet, Sum
from django.utils.translation import gettext as _

from .models import EmailConfirmation

CONFIRMATION_SALT = "mobility_office.email-confirmation"


# E-mail confirmation


def is_office_account(user: AbstractBaseUser) -> bool:
    """An account given by the office or an administrator rather than registered by a student."""
    return bool(user.is_staff or user.is_superuser or user.groups.exists())


def email_is_confirmed(user: AbstractBaseUser) -> bool:
    """Whether the account's current e-mail address was confirmed through the link sent to it.

    Office accounts count as confirmed: the office made them with an address it knows."""
    if not user.email:
        return False
    if is_office_account(user):
        return True
    return EmailConfirmation.objects.filter(user=user, email__iexact=user.email).exists()


def email_confirmation_token(user: AbstractBaseUser) -> str:
    """The signed, dated token of the confirmation link for the account's current address."""
    return signing.dumps({"user": user.pk, "email": user.email.lower()}, salt=CONFIRMATION_SALT)


class BadConfirmationLink(ValidationError):
    """The confirmation link is expired, altered, or for an address the account no longer has."""


def email_confirmation_account(token: str) -> AbstractBaseUser:
    """The account whose current e-mail address the token confirms, or BadConfirmationLink."""
    max_age = timedelta(days=settings.EMAIL_CONFIRMATION_DAYS)
    try:
        data = signing.loads(token, salt=CONFIRMATION_SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise BadConfirmationLink(
            _(
                "This confirmation link has expired (links work for %(days)d days). Log in and "
                "ask for a new one."
            )
            % {"days": settings.EMAIL_CONFIRMATION_DAYS},
            code="expired",
        ) from None
    except signing.BadSignature:
        raise BadConfirmationLink(
            _(
                "This confirmation link is not valid: it may have been cut short. Open it again "
                "from the e-mail, or log in and ask for a new one."
            ),
            code="invalid",
        ) from None
    user = get_user_model().objects.filter(pk=data.get("user"), is_active=True).first()
    if user is None or user.email.lower() != data.get("email"):
        raise BadConfirmationLink(
            _(
                "This link was sent for an e-mail address the account no longer has. Log in and "
                "ask for a link to the current address."
            ),
            code="changed",
        )
    return user


# Login lockout


def failures(attempts: QuerySet) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


@dataclass(frozen=True)
class Lockout:
    kind: str  # "username" or "address"
    value: str
    failures: int
    # At the latest: older failures expire earlier and may bring the count under the limit.
    until: datetime


def cool_off() -> timedelta:
    return settings.AXES_COOLOFF_TIME


def _lockouts(attempts: QuerySet, *, kind: str, limit: int) -> list[Lockout]:
    field = "username" if kind == "username" else "ip_address"
    rows = (
        attempts.exclude(**{f"{field}__isnull": True})
        .values(field)
        .annotate(total=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(total__gte=limit)
        .order_by("-last", field)
    )
    return [
        Lockout(kind=kind, value=row[field], failures=row["total"], until=row["last"] + cool_off())
        for row in rows
    ]


def current_lockouts(*, now: datetime) -> list[Lockout]:
    """The usernames and the addresses that may not log in now, the latest first."""
    recent = AccessAttempt.objects.filter(attempt_time__gte=now - cool_off())
    return _lockouts(recent, kind="username", limit=settings.AXES_FAILURE_LIMIT) + _lockouts(
        recent, kind="address", limit=settings.LOGIN_ADDRESS_FAILURE_LIMIT
    )


def lockout_for(*, username: str | None, ip_address: str | None, now: datetime) -> Lockout | None:
    """The lockout that keeps this username, or anyone from this address, from logging in."""
    recent = AccessAttempt.objects.filter(attempt_time__gte=now - cool_off())
    if username:
        found = _lockouts(
            recent.filter(username=username), kind="username", limit=settings.AXES_FAILURE_LIMIT
        )
        if found:
            return found[0]
    if ip_address:
        found = _lockouts(
            recent.filter(ip_address=ip_address),
            kind="address",
            limit=settings.LOGIN_ADDRESS_FAILURE_LIMIT,
        )
        if found:
            return found[0]
    return None
