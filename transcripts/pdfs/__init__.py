"""The transcripts' PDFs: the credit-recognition transcript of an outgoing student and our own
transcript of an incoming one. Both carry a QR code and a short code that lead to the public
verification page.
"""

import re

from agreements.models import Direction

from ..models import Transcript
from . import incoming, recognition


def render(transcript: Transcript) -> bytes:
    """The PDF of an approved (or superseded) transcript, in the direction's layout."""
    if transcript.application.direction == Direction.INCOMING:
        return incoming.render(transcript)
    return recognition.render(transcript)


def filename(transcript: Transcript) -> str:
    """ASCII only, safe in any header and any ZIP tool: "CR-2026-0001-AB12CD34EF.pdf"."""
    number = re.sub(r"[^A-Za-z0-9-]", "", transcript.number) or f"v{transcript.version}"
    reference = re.sub(r"[^A-Za-z0-9]", "", transcript.application.reference)
    return f"{number}-{reference}.pdf"
