"""A hand-built set of mobilities whose figures are known, for the report tests.

Spring 2022-2023 holds, counted: Riga in mobility and completed (with an approved transcript of
10 credits), a teacher's full-year mobility to Antalya (planned), an outgoing and an incoming
student at Almaty Technological University, and a researcher from Uralsk for the whole year
(completed); never counted: a withdrawn, a rejected, a draft and a submitted application. The
autumn of 2022-2023 and the spring of 2021-2022 each hold one completed mobility to Riga.
"""

from dataclasses import dataclass
from decimal import Decimal

from agreements.models import AcademicPeriod
from applications.models import Application
from tests.factories import (
    AcademicPeriodFactory,
    AgreementFactory,
    ApplicationFactory,
    EducationalProgramFactory,
    InstitutionFactory,
    TranscriptFactory,
    TranscriptLineFactory,
)
from transcripts.models import GradingScale, Transcript

Term = AcademicPeriod.Term


@dataclass
class Mobilities:
    riga: object
    antalya: object
    almaty: object
    uralsk: object
    tourism: object
    hotel: object
    counted: dict[str, Application]
    never: dict[str, Application]


def mobility(partner, period, *, state: str, direction: str = "outgoing", **kwargs) -> Application:
    agreement = partner.agreements.first() or AgreementFactory(partner=partner)
    return ApplicationFactory(
        agreement=agreement,
        partner=partner,
        period=period,
        state=state,
        direction=direction,
        **kwargs,
    )


def approved_transcript(application: Application, *credits: str, state=Transcript.State.APPROVED):
    transcript = TranscriptFactory(
        application=application, state=state, scale=GradingScale.objects.get(is_home=True)
    )
    for position, amount in enumerate(credits):
        TranscriptLineFactory(
            transcript=transcript, position=position, host_credits=Decimal(amount)
        )
    # What approving keeps (transcript_approve): this transcript is saved approved directly.
    transcript.credits_counted, transcript.disciplines_counted = transcript.counted_at_home()
    transcript.save(update_fields=["credits_counted", "disciplines_counted"])
    return transcript


def build() -> Mobilities:
    riga = InstitutionFactory(name="Turiba University", country="LV", city="Riga")
    antalya = InstitutionFactory(name="Antalya Bilim University", country="TR", city="Antalya")
    almaty = InstitutionFactory(name="Almaty Technological University", country="KZ", city="Almaty")
    uralsk = InstitutionFactory(name="West Kazakhstan University", country="KZ", city="Uralsk")
    spring = AcademicPeriodFactory(academic_year="2022-2023", term=Term.SPRING)
    autumn = AcademicPeriodFactory(academic_year="2022-2023", term=Term.AUTUMN)
    full_year = AcademicPeriodFactory(academic_year="2022-2023", term=Term.FULL_YEAR)
    earlier = AcademicPeriodFactory(academic_year="2021-2022", term=Term.SPRING)
    tourism = EducationalProgramFactory(name="Tourism", code="6B11102")
    hotel = EducationalProgramFactory(name="Restaurant and hotel business", code="6B11101")

    counted = {
        "riga_in_mobility": mobility(
            riga, spring, state="in_mobility", program=tourism, last_name="Omarova"
        ),
        "riga_completed": mobility(
            riga, spring, state="completed", program=hotel, last_name="Takambayeva"
        ),
        "antalya_teacher_full_year": mobility(
            antalya, full_year, state="agreement_signed", participant_kind="teacher", program=None
        ),
        "almaty_outgoing": mobility(almaty, spring, state="approved", program=tourism),
        "almaty_incoming": mobility(
            almaty,
            spring,
            state="in_mobility",
            direction="incoming",
            participant=None,
            first_name="Dana",
            email="",
            last_name="Incoming",
            program=tourism,
        ),
        "uralsk_researcher_full_year": mobility(
            uralsk,
            full_year,
            state="completed",
            direction="incoming",
            participant_kind="researcher",
            participant=None,
            first_name="Serik",
            email="",
            last_name="Researcher",
            program=None,
        ),
        "riga_autumn": mobility(riga, autumn, state="completed", program=tourism),
        "riga_earlier": mobility(riga, earlier, state="completed", program=tourism),
    }
    never = {
        state: mobility(riga, spring, state=state, program=tourism)
        for state in ("withdrawn", "rejected", "draft", "submitted", "under_review")
    }
    # Only the approved version counts: a superseded one and a draft elsewhere do not.
    approved_transcript(counted["riga_completed"], "99", state=Transcript.State.SUPERSEDED)
    approved_transcript(counted["riga_completed"], "6", "4")
    approved_transcript(counted["riga_in_mobility"], "30", state=Transcript.State.DRAFT)
    return Mobilities(riga, antalya, almaty, uralsk, tourism, hotel, counted, never)
