"""The transcripts' PDFs: the credit-recognition transcript of an outgoing student and our own
transcript of an incoming one. Both carry a QR code and a short code that lead to the public
verification page.
"""

import re

from agreements.models import Direction

from ..models import IssuedPdf, Transcript
from . import incoming, recognition


def render(transcript: Transcript) -> bytes:
    """The PDF of an approved (or superseded) transcript, in the direction's layout."""
    if transcript.application.direction == Direction.INCOMING:
        return incoming.render(transcript)
    return recognition.render(transcript)


def document(transcript: Transcript) -> bytes:
    """The PDF to hand out: while the transcript is in force, the copy kept when it was approved
    (byte for byte what was issued); a superseded or revoked one is rendered now, so that it
    prints its state, as is one approved before copies were kept."""
    if transcript.state == Transcript.State.APPROVED:
        kept = IssuedPdf.objects.filter(transcript=transcript).values_list("content", flat=True)
        for content in kept:
            return bytes(content)
    return render(transcript)


def filename(transcript: Transcript) -> str:
    """ASCII only, safe in any header and any ZIP tool: "CR-2026-0001-AB12CD34EF.pdf"."""
    number = re.sub(r"[^A-Za-z0-9-]", "", transcript.number) or f"v{transcript.version}"
    reference = re.sub(r"[^A-Za-z0-9]", "", transcript.application.reference)
    return f"{number}-{reference}.pdf"
