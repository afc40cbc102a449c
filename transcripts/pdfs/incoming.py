"""Our transcript for an incoming student: the disciplines studied here, in our scale and ECTS."""

from decimal import Decimal

from ..models import CreditSystem, GradingScale, Transcript
from ..selectors import ECTS, ects_letter
from .common import render_transcript, transcript_context


def render(transcript: Transcript) -> bytes:
    context = transcript_context(transcript)
    ects = CreditSystem.objects.filter(name=ECTS).first()
    # Home credits = ECTS credits × the ECTS factor, so a discipline's ECTS credits divide by it.
    for line in context["lines"]:
        line.ects_credits = (
            (line.host_credits / ects.factor).quantize(Decimal("0.1")) if ects else None
        )
    home_scale = GradingScale.objects.filter(is_home=True).first()
    grades = list(home_scale.grades.all()) if home_scale else []
    context.update(
        ects_factor=ects.factor if ects else None,
        home_scale=home_scale,
        home_grades=[{"grade": grade, "ects": ects_letter(grade)} for grade in grades],
    )
    return render_transcript("transcripts/pdf/incoming.html", context)
