"""Transcripts of the demo mobilities, recorded by the demo registrar through the real services.

- The three Turiba University students of 2022: the host's transcripts on the Latvian 10-point
  scale, recognised and approved, so their credit-recognition transcripts print.
- The two Antalya Bilim University students of spring 2022-2023: their transcripts on the Turkish
  AA–FF scale, entered in full but not approved yet (drafts waiting for the registrar).
- The 43 incoming students of spring 2022-2023: their grades here on our letter scale, approved,
  so their transcripts and the period's batch print. Approving completes their mobility, as it
  does in the browser.

First the shipped scales, grade meanings, conversion tables and credit systems get their Kazakh
and Russian names (demo.scales; a name already given is kept), so the transcripts print them.

Every write goes through `transcripts.services` (start, save the lines, approve) as the demo
`registrar` user. The lines are each student's individual curriculum, as the form pre-fills
them; only the grades and the host's numbers are invented. A mobility that has version 1 of its
transcript already is left as it is, whatever its state, so loading twice changes nothing.
"""

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from agreements.models import AcademicPeriod, Direction
from applications.models import Application
from applications.selectors import current_curriculum
from demo import mobilities, scales
from transcripts import services
from transcripts.models import Transcript
from transcripts.services import LineData

TURIBA = "Turiba University"
ANTALYA = "Antalya Bilim University"

# The host's transcript number, its date, and the grades in the order of the curriculum's lines.
TURIBA_TRANSCRIPTS = {
    ("Kabanova", "Svetlana"): ("TU-2022/0412", date(2022, 6, 30), ["9", "8", "10", "8", "9"]),
    ("Karibaeva", "Nazerke"): ("TU-2022/0413", date(2022, 6, 30), ["8", "7", "9", "6", "8"]),
    ("Zhakupova", "Gulnaz"): ("TU-2022/0414", date(2022, 6, 30), ["10", "9", "8", "9", "7"]),
}
ANTALYA_TRANSCRIPTS = {
    ("Omarova", "Elmira"): ("ABU-2023/1187", date(2023, 6, 23), ["BA", "AA", "BB", "CB", "BA"]),
    ("Takambayeva", "Madina"): (
        "ABU-2023/1188",
        date(2023, 6, 23),
        ["AA", "BB", "BA", "CC", "BB"],
    ),
}

# Our letters from the best down to the lowest pass. An incoming student's grades scatter around
# a level of their own, most of them between A and C.
HOME_LETTERS = ["A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D"]
LEVEL_WEIGHTS = [3, 5, 7, 7, 5, 3, 2]  # the student's level: A … C
SPREAD = [-2, -1, -1, 0, 0, 0, 1, 1, 2]  # a discipline's grade around it


@dataclass
class Outcome:
    created: int = 0
    skipped: list[str] = field(default_factory=list)


def incoming_grades(last_name: str, first_name: str, count: int) -> list[str]:
    """The same letters on every run for the same student (seeded with the name)."""
    rng = random.Random(f"{last_name} {first_name}")
    level = rng.choices(range(len(LEVEL_WEIGHTS)), weights=LEVEL_WEIGHTS)[0]
    return [
        HOME_LETTERS[min(max(level + rng.choice(SPREAD), 0), len(HOME_LETTERS) - 1)]
        for _ in range(count)
    ]


class DemoTranscripts:
    def __init__(self, *, registrar: AbstractBaseUser) -> None:
        self.registrar = registrar
        self.outcome = Outcome()

    def load(self) -> Outcome:
        scales.load_names(by=self.registrar)
        for group in mobilities.REPORTED_MOBILITIES:
            if group["partner"] == TURIBA:
                transcripts, approve = TURIBA_TRANSCRIPTS, True
            elif group["partner"] == ANTALYA:
                transcripts, approve = ANTALYA_TRANSCRIPTS, False
            else:
                continue
            for data in group["participants"]:
                key = (data["last_name"], data["first_name"])
                if key not in transcripts:
                    continue
                host_number, issued_on, grades = transcripts[key]
                self.load_one(
                    *key,
                    partner=group["partner"],
                    period=group["period"],
                    direction=group["direction"],
                    grades=grades,
                    host_number=host_number,
                    issued_on=issued_on,
                    approve=approve,
                )
        for data in mobilities.incoming_students():
            self.load_one(
                data["last_name"],
                data["first_name"],
                partner=data["partner"],
                period=mobilities.INCOMING_PERIOD,
                direction=Direction.INCOMING,
                grades=None,
                approve=True,
            )
        return self.outcome

    def application(
        self, last_name: str, first_name: str, *, partner: str, period: tuple, direction: str
    ) -> Application | None:
        academic_year, term = period
        return (
            Application.objects.filter(
                last_name=last_name,
                first_name=first_name,
                partner__name_en=partner,
                period__academic_year=academic_year,
                period__term=term,
                direction=direction,
            )
            .order_by("pk")
            .first()
        )

    def load_one(
        self,
        last_name: str,
        first_name: str,
        *,
        partner: str,
        period: tuple[str, str],
        direction: str,
        grades: Sequence[str] | None,
        approve: bool,
        host_number: str = "",
        issued_on: date | None = None,
    ) -> None:
        who = f"{last_name} {first_name} ({partner}, {AcademicPeriod.Term(period[1]).label} "
        who += f"{period[0]})"
        application = self.application(
            last_name, first_name, partner=partner, period=period, direction=direction
        )
        if application is None:
            self.outcome.skipped.append(f"transcript of {who}: no such application")
            return
        # Matched on the application and the version: one the registrar began is never touched.
        if Transcript.objects.filter(application=application, version=1).exists():
            return
        curriculum = current_curriculum(application)
        disciplines = list(curriculum.lines.all()) if curriculum is not None else []
        if not disciplines:
            self.outcome.skipped.append(f"transcript of {who}: no individual curriculum")
            return
        if grades is None:
            grades = incoming_grades(last_name, first_name, len(disciplines))
        lines = [
            LineData(
                host_code=line.host_code,
                host_title=line.host_title,
                host_credits=line.host_credits,
                grade=grades[index % len(grades)],
                home_code=line.home_code,
                home_title=line.home_title,
            )
            for index, line in enumerate(disciplines)
        ]
        try:
            # All or nothing for this mobility; the others still load.
            with transaction.atomic():
                transcript = services.transcript_start(application=application, by=self.registrar)
                transcript = services.transcript_save_lines(
                    transcript=transcript,
                    lines=lines,
                    by=self.registrar,
                    host_number=host_number,
                    host_issued_on=issued_on,
                )
                if approve:
                    services.transcript_approve(transcript=transcript, by=self.registrar)
        except ValidationError as error:
            self.outcome.skipped.append(f"transcript of {who}: {' '.join(error.messages)}")
            return
        self.outcome.created += 1


def load(*, registrar: AbstractBaseUser) -> Outcome:
    return DemoTranscripts(registrar=registrar).load()
