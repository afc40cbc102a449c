"""Document 1: the participant's application, filled in from what they entered."""

from django.utils.translation import gettext_lazy as _

from ..models import Application
from .common import render_document


def render(application: Application) -> bytes:
    return render_document(
        "applications/pdf/application_form.html",
        application,
        title=_("Application for academic mobility"),
    )
