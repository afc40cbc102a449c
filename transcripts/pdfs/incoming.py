"""Our transcript for an incoming student: the disciplines studied here, in our scale and ECTS."""

from collections.abc import Iterable
from decimal import Decimal

from ..models import CreditSystem, GradingScale, Transcript, TranscriptLine
from ..selectors import ECTS, ects_letter
from .common import render_transcript, transcript_context


def add_ects(lines: Iterable[TranscriptLine]) -> Decimal | None:
    """Gives each line its ECTS letter and credits, as the PDF prints them; returns the factor
    of ECTS credits (None when ECTS is not set up, and the lines then have no ECTS credits)."""
    ects = CreditSystem.objects.filter(name=ECTS).first()
    # Home credits = ECTS credits × the ECTS factor, so a discipline's ECTS credits divide by it.
    for line in lines:
        line.ects = ects_letter(line.home_grade)
        line.ects_credits = (
            (line.host_credits / ects.factor).quantize(Decimal("0.1")) if ects else None
        )
    return ects.factor if ects else None


def render(transcript: Transcript, *, language: str) -> bytes:
    context = transcript_context(transcript)
    ects_factor = add_ects(context["lines"])
    home_scale = GradingScale.objects.filter(is_home=True).first()
    grades = list(home_scale.grades.all()) if home_scale else []
    context.update(
        ects_factor=ects_factor,
        home_scale=home_scale,
        home_grades=[{"grade": grade, "ects": ects_letter(grade)} for grade in grades],
    )
    return render_transcript("transcripts/pdf/incoming.html", context, language=language)
