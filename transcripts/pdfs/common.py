"""What both transcript PDFs share: the issuer, the holder, the totals and the QR code."""

from typing import Any

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from agreements.models import Institution
from mobility_office.pdf import render_pdf

from .. import selectors
from ..models import Transcript

# Printed in Russian and English side by side, whatever the language of the page that asked.
LANGUAGES = ("ru", "en")
# Whose decimal separator the numbers are printed with.
NUMBER_LANGUAGE = "en"


def verification_url(transcript: Transcript) -> str:
    return settings.SITE_URL + reverse("verify", args=[transcript.verification_code])


def verification_qr(transcript: Transcript) -> segno.QRCode:
    """The QR code printed on the transcript; it holds the verification URL."""
    return segno.make(verification_url(transcript), error="m", micro=False)


def qr_data_uri(transcript: Transcript) -> str:
    # A PNG of whole pixels per module: it stays sharp and decodes from the PDF's own image.
    return verification_qr(transcript).png_data_uri(scale=4, border=4)


def in_languages(value: Any) -> dict[str, str]:
    """A lazily translated value (a country's name, a term) in each printed language."""
    found = {}
    for language in LANGUAGES:
        with translation.override(language):
            found[language] = str(value() if callable(value) else value)
    return found


def transcript_context(transcript: Transcript) -> dict[str, Any]:
    application = transcript.application
    lines = selectors.transcript_lines(transcript)
    for line in lines:
        line.passed = selectors.line_passed(line)
        line.ects = selectors.ects_letter(line.home_grade)
    home = Institution.objects.filter(is_home=True).first()
    period = application.period
    return {
        "transcript": transcript,
        "application": application,
        "home": home,
        "lines": lines,
        "totals": selectors.transcript_totals(transcript, lines=lines),
        "legend": selectors.scale_legend(transcript),
        "sources": sorted({line.conversion_source for line in lines if line.conversion_source}),
        "country": in_languages(lambda: application.partner.country.name),
        "term": in_languages(period.get_term_display),
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


def render_transcript(template_name: str, context: dict[str, Any]) -> bytes:
    transcript = context["transcript"]
    if not transcript.number:
        raise ValueError(f"Transcript {transcript} is a draft; only an approved one has a PDF.")
    # The numbers too are printed the same whatever the language of the page that asked ("3.07",
    # not "3,07" for one reader and "3.07" for another), so the same transcript always renders to
    # the same bytes.
    with translation.override(NUMBER_LANGUAGE):
        return render_pdf(template_name, context)
