"""The transcript block of an application's page: a link for the office, the PDF for the student."""

from django import template

from applications.models import Application, ApplicationState, ParticipantKind

from .. import selectors

register = template.Library()


@register.inclusion_tag("transcripts/snippets/application_transcript.html", takes_context=True)
def application_transcript(context, application: Application) -> dict:
    user = context["user"]
    data = {"application": application, "office": user.has_perm("transcripts.view_transcript")}
    if data["office"]:
        data["latest"] = selectors.latest_transcript(application)
        data["eligible"] = (
            application.participant_kind == ParticipantKind.STUDENT
            and application.state in ApplicationState.TRANSCRIPT_STATES
        )
    elif user.is_authenticated and application.participant_id == user.pk:
        data["approved"] = selectors.approved_transcript(application)
    return data
