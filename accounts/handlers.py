"""How django-axes counts and forgets failed logins (settings.AXES_HANDLER)."""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings

from .selectors import failures


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
