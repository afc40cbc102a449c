"""The credit-recognition transcript: what an outgoing student's host disciplines count as here."""

from ..models import Transcript
from .common import render_transcript, transcript_context


def render(transcript: Transcript, *, language: str) -> bytes:
    context = transcript_context(transcript)
    lines = context["lines"]
    # The curriculum versions whose agreed credits count, and whether any line counts the host's
    # credits × the factor instead (marked with an asterisk where a curriculum was agreed).
    context["agreed_versions"] = sorted(
        {line.curriculum_version for line in lines if line.has_agreement}
    )
    context["factor_lines"] = any(line.credit_basis == line.CreditBasis.FACTOR for line in lines)
    return render_transcript("transcripts/pdf/recognition.html", context, language=language)
