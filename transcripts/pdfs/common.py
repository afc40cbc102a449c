"""What both transcript PDFs share: the issuer, the holder, the totals and the QR code."""

from typing import Any

import segno
from django.conf import settings
from django.urls import reverse
from django.utils.translation import pgettext_lazy

from agreements.selectors import home_institution
from core.pdf import render_pdf
from documents import doclang

from .. import selectors
from ..models import Transcript

# The label of the person's name under a signature line ("Аты-жөні", "ФИО", "Full name").
FULL_NAME_LABEL = pgettext_lazy("person", "Full name")


def verification_url(transcript: Transcript) -> str:
    return settings.SITE_URL + reverse("verify", args=[transcript.verification_code])


def verification_qr(transcript: Transcript) -> segno.QRCode:
    """The QR code printed on the transcript; it holds the verification URL."""
    return segno.make(verification_url(transcript), error="m", micro=False)


def qr_data_uri(transcript: Transcript) -> str:
    # A PNG of whole pixels per module: it stays sharp and decodes from the PDF's own image.
    return verification_qr(transcript).png_data_uri(scale=4, border=4)


def transcript_context(transcript: Transcript) -> dict[str, Any]:
    application = transcript.application
    lines = selectors.transcript_lines(transcript)
    for line in lines:
        line.passed = selectors.line_passed(line)
        line.ects = selectors.ects_letter(line.home_grade)
    home = home_institution()
    period = application.period
    return {
        "transcript": transcript,
        "application": application,
        "home": home,
        "lines": lines,
        "totals": selectors.transcript_totals(transcript, lines=lines),
        "legend": selectors.scale_legend(transcript),
        "sources": sorted({line.conversion_source for line in lines if line.conversion_source}),
        "full_name_label": FULL_NAME_LABEL,
        "period": period,
        "verification_url": verification_url(transcript),
        "qr": qr_data_uri(transcript),
        "newer": (
            application.transcripts.filter(version__gt=transcript.version)
            .exclude(state=Transcript.State.DRAFT)
            .order_by("version")
            .first()
        ),
    }


def render_transcript(template_name: str, context: dict[str, Any], *, language: str) -> bytes:
    """Renders a transcript in a document language ("kk+en", say: the labels in both)."""
    transcript = context["transcript"]
    if not transcript.number:
        raise ValueError(f"Transcript {transcript} is a draft; only an approved one has a PDF.")
    # The numbers too follow the document's main language, never the page's that asked, so the
    # same transcript in the same language always renders to the same bytes.
    with doclang.printing(language):
        return render_pdf(template_name, context)
