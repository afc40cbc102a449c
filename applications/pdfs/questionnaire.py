"""Document 4: the questionnaire the participant filled online."""

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext_lazy as _

from ..models import Application
from .common import render_document


def render(application: Application) -> bytes:
    try:
        questionnaire = application.questionnaire
    except ObjectDoesNotExist:
        raise ValueError(
            f"Application {application.reference} has no questionnaire yet; "
            "the participant fills it in first."
        ) from None
    return render_document(
        "applications/pdf/questionnaire.html",
        application,
        title=_("Participant's questionnaire"),
        questionnaire=questionnaire,
    )
