from django import template

from applications import selectors
from applications.models import Application

register = template.Library()


@register.inclusion_tag("applications/snippets/checklist.html", takes_context=True)
def submission_checklist(context, application: Application) -> dict:
    """What the participant still has to do before submitting, each with where to do it; shown
    while the application is theirs to change, empty once nothing is missing."""
    request = context["request"]
    items = (
        selectors.submission_checklist(application, by=request.user)
        if application.is_editable_by_participant
        else []
    )
    # The "send the link again" button is a form of its own.
    return {
        "application": application,
        "items": items,
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
