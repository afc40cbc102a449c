"""The credit-recognition transcript: what an outgoing student's host disciplines count as here."""

from ..models import Transcript
from .common import render_transcript, transcript_context


def render(transcript: Transcript) -> bytes:
    return render_transcript("transcripts/pdf/recognition.html", transcript_context(transcript))
