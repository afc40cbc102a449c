"""The transcripts' PDFs: the credit-recognition transcript of an outgoing student and our own
transcript of an incoming one. Both carry a QR code and a short code that lead to the public
verification page.
"""

import io
import re

from pypdf import PdfReader

from agreements.models import Direction
from documents.doclang import DocumentKind, DocumentLanguage, default_for

from ..models import IssuedPdf, Transcript
from . import incoming, recognition


def kind(transcript: Transcript) -> str:
    """The document's key for its default language (documents.doclang.DocumentKind)."""
    if transcript.application.direction == Direction.INCOMING:
        return DocumentKind.INCOMING
    return DocumentKind.RECOGNITION


def render(transcript: Transcript, language: str | None = None) -> bytes:
    """The PDF of an approved (or superseded) transcript, in the direction's layout, in a
    document language (the office's default for the transcript when none is given)."""
    language = language or default_for(kind(transcript))
    if kind(transcript) == DocumentKind.INCOMING:
        return incoming.render(transcript, language=language)
    return recognition.render(transcript, language=language)


# The copies kept before the documents had a language choice were printed in Russian and English.
KEPT_BEFORE_CHOICE = DocumentLanguage.RU_EN


def kept_language(content: bytes) -> str:
    """The language choice a kept PDF was printed in (its keywords hold it)."""
    keywords = (PdfReader(io.BytesIO(content)).metadata or {}).get("/Keywords") or ""
    return keywords if keywords in DocumentLanguage.values else KEPT_BEFORE_CHOICE


def document(transcript: Transcript, language: str | None = None) -> bytes:
    """The PDF to hand out: while the transcript is in force, the copy kept when it was approved
    (byte for byte what was issued) when no other language is asked for than the one it was
    issued in; a superseded or revoked one is rendered now, so that it prints its state, as is one
    approved before copies were kept, and one asked for in another language."""
    if transcript.state == Transcript.State.APPROVED:
        kept = IssuedPdf.objects.filter(transcript=transcript).values_list("content", flat=True)
        for content in kept:
            content = bytes(content)
            if language is None or kept_language(content) == language:
                return content
    return render(transcript, language)


def filename(transcript: Transcript) -> str:
    """ASCII only, safe in any header and any ZIP tool: "CR-2026-0001-AB12CD34EF.pdf"."""
    number = re.sub(r"[^A-Za-z0-9-]", "", transcript.number) or f"v{transcript.version}"
    reference = re.sub(r"[^A-Za-z0-9]", "", transcript.application.reference)
    return f"{number}-{reference}.pdf"
