"""The public verification of a printed transcript, at /verify/ (mobility_office/urls.py).

Whoever holds the code printed on it (the code is the secret) sees what the document certifies,
line by line, to compare with the paper: who issued it, to whom, the host institution, the
period, every discipline with its grade, credits and home equivalent, the totals, whether it is
still in force, and the PDF as issued. Nothing else: no contact data, no internal reference.
Every lookup counts towards the address's limit.
"""

import re

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers

from agreements.models import Direction
from agreements.selectors import home_institution
from core import files
from core.throttle import throttled
from core.views import download

from . import pdfs as transcript_pdfs
from . import selectors
from .forms import VerificationForm
from .models import Transcript


def _normalized_code(code: str) -> str:
    return "".join(ch for ch in code if ch.isalnum()).upper()[:16]


def _verify_throttled(request: HttpRequest) -> HttpResponse | None:
    """The 429 page when this address looked up too many codes lately, else None."""
    window = settings.VERIFY_THROTTLE_WINDOW
    if not throttled(request, scope="verify", limit=settings.VERIFY_THROTTLE_LIMIT, window=window):
        return None
    response = render(
        request,
        "transcripts/verify_throttled.html",
        {"minutes": max(1, -(-window // 60))},
        status=429,
    )
    response["Retry-After"] = str(window)
    return response


def _verified_transcript(code: str) -> Transcript | None:
    return (
        Transcript.objects.exclude(state=Transcript.State.DRAFT)
        .exclude(number="")
        .select_related(
            "application__partner", "application__period", "application__program", "scale"
        )
        .filter(verification_code=_normalized_code(code))
        .first()
    )


def _public(response: HttpResponse) -> HttpResponse:
    # Never indexed; never kept by a cache, since a revocation must show at once.
    response["X-Robots-Tag"] = "noindex, nofollow"
    add_never_cache_headers(response)
    return response


def verify_start(request: HttpRequest) -> HttpResponse:
    form = VerificationForm(request.GET or None)
    if form.is_valid():
        return redirect("verify", code=form.cleaned_data["code"])
    return render(request, "transcripts/verify.html", {"form": form})


def verify(request: HttpRequest, code: str) -> HttpResponse:
    refused = _verify_throttled(request)
    if refused is not None:
        return _public(refused)
    transcript = _verified_transcript(code)
    context = {"form": VerificationForm(), "code": code}
    if transcript is None:
        return _public(
            render(request, "transcripts/verify.html", {**context, "not_found": True}, status=404)
        )
    application = transcript.application
    lines = selectors.annotated_lines(transcript)
    incoming = application.direction == Direction.INCOMING
    ects_factor = transcript_pdfs.incoming.add_ects(lines) if incoming else None
    newer = (
        application.transcripts.filter(version__gt=transcript.version)
        .exclude(number="")
        .order_by("version")
        .first()
    )
    issuer = home_institution()
    return _public(
        render(
            request,
            "transcripts/verify.html",
            {
                **context,
                "transcript": transcript,
                "application": application,
                "holder": application.full_name,
                "issuer": issuer,
                "incoming": incoming,
                # For an incoming student the host is our university; the partner sent them.
                "host": issuer if incoming else application.partner,
                "period": application.period,
                "lines": lines,
                "ects_factor": ects_factor,
                "totals": selectors.transcript_totals(transcript, lines=lines),
                "newer": newer,
            },
        )
    )


def verify_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """The PDF of the document the code was printed on: as issued while it is in force; marked
    superseded or revoked otherwise, so that no copy taken from here passes for a valid one."""
    refused = _verify_throttled(request)
    if refused is not None:
        return _public(refused)
    transcript = _verified_transcript(code)
    if transcript is None:
        raise Http404
    name = re.sub(r"[^A-Za-z0-9-]", "", transcript.number)
    if transcript.state != Transcript.State.APPROVED:
        name = f"{name}-{transcript.state}"
    return _public(
        download(
            transcript_pdfs.document(transcript), content_type=files.PDF, filename=f"{name}.pdf"
        )
    )
