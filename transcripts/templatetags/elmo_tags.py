"""The ELMO download of an incoming student's transcript, beside its PDF: the transcript's page
for the office, the application's page for the participant."""

from django import template

from agreements.models import Direction

from .. import elmo_write
from ..models import Transcript

register = template.Library()


@register.inclusion_tag("transcripts/snippets/elmo_download.html", takes_context=True)
def elmo_download(context, transcript: Transcript | None) -> dict:
    """The button (with the language choice) where the transcript has an ELMO document: the
    approved version in force of an incoming mobility; nothing otherwise."""
    shown = (
        transcript is not None
        and transcript.state == Transcript.State.APPROVED
        and bool(transcript.number)
        and transcript.application.direction == Direction.INCOMING
    )
    return {"transcript": transcript, "shown": shown, "signed": elmo_write.signing_configured()}
