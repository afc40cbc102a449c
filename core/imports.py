"""The step between an import's preview and its confirmation.

A preview reads and checks a whole file and shows what importing it does; confirming imports
exactly the rows that preview showed, never a file read again. What the import needs is kept in
the session under a token that only the preview's confirm form carries, so a confirmation from
an older preview (another tab, the back button) or a crafted request imports nothing, and a
preview is confirmed at most once. Each import keeps its preview under its own session key, so
previews of different imports do not replace one another.
"""

import secrets
from typing import Any

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _


def keep_preview(request: HttpRequest, *, key: str, data: dict[str, Any] | None) -> str:
    """The token for the confirm form of a preview, with `data` (the previewed rows and whatever
    else confirming needs, as JSON) kept under it in the session. A preview that cannot be
    confirmed passes None and keeps nothing: an earlier preview kept under `key` stays, but
    answers only to its own token."""
    token = secrets.token_urlsafe(16)
    if data is not None:
        request.session[key] = {**data, "token": token}
    return token


def previewed(request: HttpRequest, *, key: str) -> dict[str, Any] | None:
    """What the preview whose token the confirm form posted kept; None, with a message saying
    the file must be uploaded again, when there is no such preview (expired, already imported,
    or replaced by a later one)."""
    pending = request.session.get(key)
    posted = request.POST.get("token", "")
    if not pending or not secrets.compare_digest(
        str(pending.get("token", "")).encode(), posted.encode()
    ):
        messages.error(
            request, _("This import has expired or was already done. Upload the file again.")
        )
        return None
    return pending


def forget_preview(request: HttpRequest, *, key: str) -> None:
    """Ends a preview once it is imported, so that its token cannot import it twice."""
    request.session.pop(key, None)
