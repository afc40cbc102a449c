"""Types the apps share."""

from django.contrib.auth.models import User
from django.http import HttpRequest


class AuthenticatedHttpRequest(HttpRequest):
    """The request of a view that only logged-in users reach (`login_required`, `staff_view`).

    Its `user` is a `User`, never an `AnonymousUser`, so the type checker accepts it where a
    service wants `by=request.user`. Only an annotation: Django still passes its own request.
    """

    user: User
