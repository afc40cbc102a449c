"""Document 6: the agreement the participant, the sending and the receiving institution sign."""

from django.utils.translation import gettext_lazy as _

from ..models import Application
from ..selectors import current_curriculum
from .common import render_document


def render(application: Application) -> bytes:
    curriculum = current_curriculum(application)
    # Without curriculum lines yet, the agreement points to the curriculum instead of listing it.
    lines = list(curriculum.lines.all()) if curriculum else []
    return render_document(
        "applications/pdf/tripartite.html",
        application,
        title=_("Tripartite agreement"),
        curriculum=curriculum,
        lines=lines,
        totals=curriculum.totals() if lines else None,
    )
