"""What the apps' views share: access decorators and small helpers for their pages."""

from collections.abc import Callable

from django.contrib.auth.decorators import login_required, permission_required


def staff_view(perm: str) -> Callable:
    """Login first (anonymous users go to the login page), then the permission, or 403."""

    def decorate(view: Callable) -> Callable:
        return login_required(permission_required(perm, raise_exception=True)(view))

    return decorate
