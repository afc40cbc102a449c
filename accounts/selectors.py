"""Reads about accounts: whether an e-mail address is confirmed, the confirmation links, and
which usernames and addresses are locked out of logging in.

Logging in is watched by django-axes, which counts failed logins per username (from any
address) and per address (for any usernames); `LoginAttemptsHandler` gives each its own limit.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
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


class LoginAttemptsHandler(AxesDatabaseHandler):
    """django-axes' database handler with a limit for the username and one for the address.

    With AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"] axes locks a username after
    AXES_FAILURE_LIMIT failures from any addresses, and an address after as many failures for
    any usernames. One campus network sharing an address would then lock every student out
    after a few typos, so the address has its own, larger LOGIN_ADDRESS_FAILURE_LIMIT.
    """

    def get_failures(self, request, credentials: dict | None = None) -> int:
        # Axes compares this count with AXES_FAILURE_LIMIT; an address over its own limit
        # reports that limit at least, so that it is locked whatever the username.
        recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
        by_username = failures(recent.filter(username=get_client_username(request, credentials)))
        by_address = failures(recent.filter(ip_address=request.axes_ip_address))
        if by_address >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(by_username, settings.AXES_FAILURE_LIMIT)
        return by_username

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        # Axes would forget every failure of the username and every failure from the address:
        # an attacker logging in to their own account between guesses would then never be
        # locked out. A login forgets only this username's failures from this address.
        count, _deleted = AccessAttempt.objects.filter(
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
        ).delete()
        return count


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
