"""Document 3: the individual curriculum, with its totals and the version's real state.

The current version is printed; once the application is closed, the last approved one (see
selectors.curriculum_for_print), so a change never approved does not print as the curriculum.
"""

from django.utils.translation import gettext_lazy as _

from ..models import Application
from ..selectors import curriculum_for_print
from .common import render_document


def render(application: Application) -> bytes:
    curriculum = curriculum_for_print(application)
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
