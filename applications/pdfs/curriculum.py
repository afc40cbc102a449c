"""Document 3: the current version of the individual curriculum, with its totals."""

from django.utils.translation import gettext as _

from ..models import Application
from ..services import current_curriculum
from .common import render_document


def render(application: Application) -> bytes:
    curriculum = current_curriculum(application)
    lines = list(curriculum.lines.all()) if curriculum else []
    if not lines:
        raise ValueError(
            f"Application {application.reference} has no curriculum lines yet; "
            "the participant fills in the individual curriculum first."
        )
    return render_document(
        "applications/pdf/curriculum.html",
        application,
        title=_("Individual curriculum"),
        curriculum=curriculum,
        lines=lines,
        totals=curriculum.totals(),
    )
