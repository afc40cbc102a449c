from django import template

from applications import services
from applications.models import Application

register = template.Library()


@register.inclusion_tag("applications/snippets/checklist.html")
def submission_checklist(application: Application) -> dict:
    """What the participant still has to do before submitting, each with where to do it; shown
    while the application is theirs to change, empty once nothing is missing."""
    items = (
        services.submission_checklist(application) if application.is_editable_by_participant else []
    )
    return {"application": application, "items": items}
