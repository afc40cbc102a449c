"""The ELMO download of an incoming student's transcript (transcripts/elmo_write.py).

The office (the transcripts' view permission) downloads it from the transcript's page, the
participant from their application's page. Only the approved version in force of an incoming
mobility has one: a draft, a superseded or revoked version, an outgoing student's transcript and
anybody else's answer 404, as if they did not exist.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect

from agreements.models import Direction
from core.types import AuthenticatedHttpRequest
from core.views import download, error_messages
from documents import doclang

from . import elmo_write
from .models import Transcript

XML = "application/xml"


def _transcript_for_elmo(request: AuthenticatedHttpRequest, pk: int) -> Transcript:
    queryset = Transcript.objects.select_related(
        "application", "application__period", "application__partner", "scale"
    ).filter(
        state=Transcript.State.APPROVED,
        application__direction=Direction.INCOMING,
    )
    queryset = queryset.exclude(number="")
    if not request.user.has_perm("transcripts.view_transcript"):
        queryset = queryset.filter(application__participant=request.user)
    return get_object_or_404(queryset, pk=pk)


@login_required
def transcript_elmo(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    transcript = _transcript_for_elmo(request, pk)
    try:
        language = doclang.chosen_language(request, doclang.DocumentKind.INCOMING)
    except doclang.BadDocumentLanguage as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    try:
        content = elmo_write.transcript_elmo(transcript, languages=language)
    except ValidationError as error:
        # Our university lacks what an ELMO issuer needs; the page says what to add.
        error_messages(request, error)
        if request.user.has_perm("transcripts.view_transcript"):
            return redirect(transcript)
        return redirect(transcript.application)
    return download(content, content_type=XML, filename=elmo_write.filename(transcript))
