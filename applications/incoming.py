"""Incoming participants from a CSV or XLSX file.

The file is read with `core.spreadsheets.read_table`, checked whole by `check_incoming_rows`
(every bad row named with its reason), and only a file without a single error reaches
`services.incoming_import`, which registers every row or none. Export writes the same columns,
so a list can go out, be completed in a spreadsheet and come back.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from agreements.models import (
    AcademicPeriod,
    Agreement,
    Direction,
    EducationalProgram,
    Institution,
    MobilityType,
)
from agreements.spreadsheets import PartnerIndex
from core.spreadsheets import CheckedRows, row_number, validation_messages

from .models import MOBILITY_TYPE_OF_KIND, Application, ApplicationState, ParticipantKind
from .names import validate_latin_name

INCOMING_COLUMNS = [
    "last_name",
    "first_name",
    "email",
    "phone",
    "home_institution",
    "program",
    "academic_year",
    "term",
    "participant_kind",
    # The name as in the national ID; last, so older files without them still import.
    "last_name_cyrillic",
    "first_name_cyrillic",
    "patronymic",
]
INCOMING_REQUIRED = ["last_name", "first_name", "home_institution", "academic_year", "term"]

ACADEMIC_YEAR = re.compile(r"^(\d{4})-(\d{4})$")


def parse_choice(text: str, choices: list[tuple[str, str]]) -> str | None:
    """The value of a choice written as its value or its label in English, Russian or Kazakh."""
    wanted = " ".join(text.strip().lower().replace("_", " ").split())
    for value, label in choices:
        if wanted == value.replace("_", " "):
            return value
        for language in ("en", "ru", "kk"):
            with translation.override(language):
                if wanted == str(label).lower():
                    return value
    return None


def person_key(last_name: str, first_name: str) -> tuple[str, str]:
    """A person's name as compared: case and spacing do not matter (Cyrillic included)."""
    return (" ".join(last_name.split()).casefold(), " ".join(first_name.split()).casefold())


class IncomingLookup:
    """Partners, programs and periods loaded once; agreements looked up once per combination."""

    def __init__(self) -> None:
        self.partners = PartnerIndex()
        self.programs_by_code: dict[str, EducationalProgram] = {}
        self.programs_by_name: dict[str, list[EducationalProgram]] = {}
        for program in EducationalProgram.objects.all():
            self.programs_by_code[program.code.casefold()] = program
            self.programs_by_name.setdefault(program.name.casefold(), []).append(program)
        self.periods = {
            (period.academic_year, period.term): period for period in AcademicPeriod.objects.all()
        }
        self._agreements: dict[tuple[int, str, int], Agreement | None] = {}

    def program(self, text: str) -> tuple[EducationalProgram | None, str]:
        wanted = text.strip().casefold()
        if wanted in self.programs_by_code:
            return self.programs_by_code[wanted], ""
        named = self.programs_by_name.get(wanted, [])
        if len(named) == 1:
            return named[0], ""
        if named:
            codes = ", ".join(sorted(program.code for program in named))
            return None, _(
                "more than one educational program is named %(value)r; use its code (%(codes)s)"
            ) % {"value": text, "codes": codes}
        return None, _("no educational program with the code or name %(value)r") % {"value": text}

    def period(self, academic_year: str, term: str) -> tuple[AcademicPeriod | None, str]:
        match = ACADEMIC_YEAR.match(academic_year.strip())
        if not match or int(match[2]) != int(match[1]) + 1:
            return None, _(
                "academic year %(value)r: write it as two years, for example 2022-2023"
            ) % {"value": academic_year}
        period = self.periods.get((academic_year.strip(), term))
        if period is None:
            return None, _("no academic period %(year)s, %(term)s; add it first") % {
                "year": academic_year.strip(),
                "term": AcademicPeriod.Term(term).label,
            }
        return period, ""

    def agreement(
        self, *, partner: Institution, participant_kind: str, period: AcademicPeriod
    ) -> Agreement | None:
        """The partner's latest agreement in force for the whole period covering this mobility."""
        key = (partner.pk, participant_kind, period.pk)
        if key not in self._agreements:
            self._agreements[key] = (
                Agreement.objects.covering(
                    direction=Direction.INCOMING,
                    mobility_type=MOBILITY_TYPE_OF_KIND[participant_kind],
                    starts_on=period.starts_on,
                    ends_on=period.ends_on,
                )
                .filter(partner=partner)
                .order_by("-valid_from", "-pk")
                .first()
            )
        return self._agreements[key]


@dataclass
class ResolvedRow:
    """What a row names, found in the database, and what is wrong with it."""

    values: dict[str, str]
    partner: Institution | None = None
    program: EducationalProgram | None = None
    period: AcademicPeriod | None = None
    participant_kind: str | None = None
    agreement: Agreement | None = None
    problems: list[str] = field(default_factory=list)

    def application(self) -> Application:
        return Application(
            direction=Direction.INCOMING,
            participant=None,
            last_name=self.values["last_name"],
            first_name=self.values["first_name"],
            last_name_cyrillic=self.values["last_name_cyrillic"],
            first_name_cyrillic=self.values["first_name_cyrillic"],
            patronymic=self.values["patronymic"],
            email=self.values["email"],
            phone=self.values["phone"],
            participant_kind=self.participant_kind,
            partner=self.partner,
            agreement=self.agreement,
            period=self.period,
            program=self.program,
        )


def _values(row: dict) -> dict[str, str]:
    # Rows from read_rows have every column; rows built in code may leave some out.
    return {column: " ".join(str(row.get(column) or "").split()) for column in INCOMING_COLUMNS}


def resolve(row: dict, *, lookup: IncomingLookup) -> ResolvedRow:
    values = _values(row)
    resolved = ResolvedRow(values=values)
    problems = resolved.problems
    for column in INCOMING_REQUIRED:
        if not values[column]:
            problems.append(_("%(column)s is empty") % {"column": column})
    for column in ("last_name", "first_name"):
        try:
            validate_latin_name(values[column])
        except ValidationError as error:
            problems.extend(f"{column}: {message}" for message in error.messages)
    if values["home_institution"]:
        resolved.partner, problem = lookup.partners.find(values["home_institution"])
        if problem:
            problems.append(problem)
    if values["program"]:
        resolved.program, problem = lookup.program(values["program"])
        if problem:
            problems.append(problem)
    term = None
    if values["term"]:
        term = parse_choice(values["term"], AcademicPeriod.Term.choices)
        if term is None:
            problems.append(
                _("unknown term %(value)r; write autumn, spring or full_year")
                % {"value": values["term"]}
            )
    if values["participant_kind"]:
        resolved.participant_kind = parse_choice(
            values["participant_kind"], ParticipantKind.choices
        )
        if resolved.participant_kind is None:
            problems.append(
                _("unknown participant kind %(value)r; write student, teacher or researcher")
                % {"value": values["participant_kind"]}
            )
    else:
        resolved.participant_kind = ParticipantKind.STUDENT
    if values["academic_year"] and term:
        resolved.period, problem = lookup.period(values["academic_year"], term)
        if problem:
            problems.append(problem)
    if resolved.partner and resolved.period and resolved.participant_kind:
        resolved.agreement = lookup.agreement(
            partner=resolved.partner,
            participant_kind=resolved.participant_kind,
            period=resolved.period,
        )
        if resolved.agreement is None:
            problems.append(
                _(
                    "no agreement with %(partner)s is in force for the whole of %(period)s and "
                    "covers incoming %(mobility)s"
                )
                % {
                    "partner": resolved.partner,
                    "period": resolved.period,
                    "mobility": MobilityType(
                        MOBILITY_TYPE_OF_KIND[resolved.participant_kind]
                    ).label,
                }
            )
    if values["last_name"] and values["first_name"] and resolved.participant_kind:
        # The fields' own rules: lengths, the e-mail address. Relations were checked above.
        try:
            resolved.application().full_clean(
                exclude=["partner", "agreement", "period", "program", "round", "created_by"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            problems.extend(validation_messages(error))
    return resolved


def _registered(resolved: list[ResolvedRow]) -> dict[tuple, str]:
    """References of the incoming applications that stand, keyed by person, partner and period."""
    partners = {row.partner.pk for row in resolved if row.partner}
    periods = {row.period.pk for row in resolved if row.period}
    if not partners or not periods:
        return {}
    existing = (
        Application.objects.filter(
            direction=Direction.INCOMING, partner__in=partners, period__in=periods
        )
        .exclude(state__in=ApplicationState.NOT_STANDING_STATES)
        .values_list("last_name", "first_name", "partner_id", "period_id", "reference")
    )
    return {
        (*person_key(last, first), partner, period): reference
        for last, first, partner, period, reference in existing
    }


def check_incoming_rows(
    rows: list[dict[str, str]], *, lookup: IncomingLookup | None = None
) -> CheckedRows:
    """Names every bad row with its reasons; a file is imported only when none is bad."""
    lookup = lookup or IncomingLookup()
    checked = CheckedRows(rows=rows)
    resolved = [resolve(row, lookup=lookup) for row in rows]
    registered = _registered(resolved)
    seen: dict[tuple, int] = {}
    for index, (row, found) in enumerate(zip(rows, resolved, strict=True), start=2):
        number = row_number(row, index)
        problems = found.problems
        if found.partner and found.period and found.values["last_name"]:
            key = (
                *person_key(found.values["last_name"], found.values["first_name"]),
                found.partner.pk,
                found.period.pk,
            )
            if key in seen:
                problems.append(
                    _("the same person, home institution and period are already in row %(row)d")
                    % {"row": seen[key]}
                )
            else:
                seen[key] = number
            if key in registered:
                problems.append(
                    _(
                        "%(name)s from %(partner)s is already registered for %(period)s "
                        "(application %(reference)s)"
                    )
                    % {
                        "name": f"{found.values['last_name']} {found.values['first_name']}",
                        "partner": found.partner,
                        "period": found.period,
                        "reference": registered[key],
                    }
                )
        for problem in problems:
            checked.errors.append((number, problem))
    return checked


def build_incoming(row: dict[str, str], *, lookup: IncomingLookup | None = None) -> Application:
    """An unsaved incoming application from a row that `check_incoming_rows` found valid."""
    resolved = resolve(row, lookup=lookup or IncomingLookup())
    if resolved.problems:
        raise ValidationError(resolved.problems)
    return resolved.application()


def incoming_rows(applications: Iterable[Application]) -> Iterable[list[str]]:
    """Export rows in the import's columns; give applications with partner, period and program
    selected (`Application.objects.for_list()`)."""
    for application in applications:
        yield [
            application.last_name,
            application.first_name,
            application.email,
            application.phone,
            application.partner.code or application.partner.name,
            application.program.code if application.program else "",
            application.period.academic_year,
            application.period.term,
            application.participant_kind,
            application.last_name_cyrillic,
            application.first_name_cyrillic,
            application.patronymic,
        ]
