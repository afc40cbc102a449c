"""Which scale, table and credit system apply, and what a grade becomes at home."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from agreements.models import HOME_COUNTRY, AcademicPeriod, Institution
from applications.models import Application, CurriculumLine
from applications.selectors import approved_curriculum
from core import history
from core.three_names import localized

from .models import (
    ConversionRow,
    ConversionTable,
    CreditSystem,
    Grade,
    GradingScale,
    PartnerGrading,
    Transcript,
    TranscriptLine,
)

# The shipped credit systems, found by their English names (name_en).
ECTS = "ECTS"
KAZAKHSTANI_CREDITS = "Kazakhstani credits"


def home_scale() -> GradingScale:
    return GradingScale.objects.get(is_home=True)


def scale_for(partner: Institution) -> GradingScale | None:
    """The partner's own scale where one is set, else the first scale of its country."""
    own = getattr(partner, "grading", None)
    if own is not None:
        return own.scale
    if partner.country.code == HOME_COUNTRY:
        return home_scale()
    # By the English name, so that the scale a partner gets never depends on who reads it.
    return (
        GradingScale.objects.filter(country=partner.country.code)
        .order_by(localized("name", "en"), "pk")
        .first()
    )


def credit_system_for(partner: Institution) -> CreditSystem:
    own = getattr(partner, "grading", None)
    if own is not None:
        return own.credit_system
    name = KAZAKHSTANI_CREDITS if partner.country.code == HOME_COUNTRY else ECTS
    return CreditSystem.objects.get(name_en=name)


def conversion_table_for(scale: GradingScale, partner: Institution) -> ConversionTable | None:
    """The partner's own table where it agreed one, else the scale's general table."""
    tables = {table.partner_id: table for table in scale.conversion_tables.all()}
    return tables.get(partner.pk) or tables.get(None)


def conversion_tables() -> QuerySet[ConversionTable]:
    """Conversion tables with their partner, the general table of a scale first."""
    return ConversionTable.objects.select_related("partner").order_by(
        localized("partner__name").asc(nulls_first=True), localized("name")
    )


def unmapped_grades(scale: GradingScale, tables: Iterable[ConversionTable]) -> dict[int, list[str]]:
    """For each table, the passing grades of its scale it leaves without a home grade."""
    tables = list(tables)
    mapped: dict[int, set[int]] = {table.pk: set() for table in tables}
    for table_id, grade_id in ConversionRow.objects.filter(table__in=tables).values_list(
        "table_id", "grade_id"
    ):
        mapped[table_id].add(grade_id)
    passing = [grade for grade in scale.grades.all() if grade.passing and not grade.pass_fail_only]
    return {
        table.pk: [grade.label for grade in passing if grade.pk not in mapped[table.pk]]
        for table in tables
    }


def country_default_scales() -> tuple[dict[str, GradingScale], GradingScale | None]:
    """What `scale_for` gives a partner without its own, by country code, and our own scale:
    one query for all countries."""
    by_country: dict[str, GradingScale] = {}
    home = None
    # By the English name, as scale_for: the scale never depends on the reader.
    for scale in GradingScale.objects.order_by(localized("name", "en"), "pk"):
        if scale.is_home:
            home = scale
        elif scale.country:
            by_country.setdefault(scale.country.code, scale)
    return by_country, home


def _default_credit_system_name(partner: Institution) -> str:
    return KAZAKHSTANI_CREDITS if partner.country.code == HOME_COUNTRY else ECTS


def partner_gradings(partners: Iterable[Institution]) -> list[dict[str, Any]]:
    """Each partner with the scale and credit system its transcripts use: its own (`own`) where
    set, else its country's defaults. Partners come with `grading__scale` and
    `grading__credit_system` joined; two queries whatever their number."""
    by_country, home = country_default_scales()
    credit_systems = {system.name_en: system for system in CreditSystem.objects.all()}
    rows = []
    for partner in partners:
        own = getattr(partner, "grading", None)
        if own is not None:
            scale, credit_system = own.scale, own.credit_system
        else:
            domestic = partner.country.code == HOME_COUNTRY
            scale = home if domestic else by_country.get(partner.country.code)
            credit_system = credit_systems.get(_default_credit_system_name(partner))
        rows.append(
            {"partner": partner, "own": own, "scale": scale, "credit_system": credit_system}
        )
    return rows


def default_grading(partner: Institution) -> dict[str, Any]:
    """The scale and credit system a partner without its own uses: where its form starts."""
    return {
        "scale": scale_for(partner),
        "credit_system": CreditSystem.objects.filter(
            name_en=_default_credit_system_name(partner)
        ).first(),
    }


def convert(grade: Grade, *, partner: Institution) -> tuple[Grade | None, str]:
    """The home grade and where it came from; a pass/fail result has no home grade.

    A grade outside the partner's scale, or one its table does not map, is an error: never a
    guess.
    """
    if grade.scale.is_home:
        return grade, str(grade.scale)
    if grade.pass_fail_only:
        # No table is involved; pages and PDFs say "pass/fail" in the reader's language.
        return None, ""
    table = conversion_table_for(grade.scale, partner)
    if table is None:
        raise ValidationError(
            _("There is no conversion table for %(scale)s; add one before recognising grades.")
            % {"scale": grade.scale}
        )
    row = (
        ConversionRow.objects.filter(table=table, grade=grade).select_related("home_grade").first()
    )
    if row is None:
        raise ValidationError(
            _("The table %(table)s does not say what %(grade)s becomes; complete the table.")
            % {"table": table, "grade": grade.label}
        )
    return row.home_grade, table.name


# --- Transcripts and recognition ----------------------------------------------------------

CENT = Decimal("0.01")
# ECTS letters of a home grade, from the lower bound of its percent band.
ECTS_BANDS = ((Decimal(90), "A"), (Decimal(80), "B"), (Decimal(70), "C"), (Decimal(60), "D"))
ECTS_PASS = (Decimal(50), "E")


@dataclass(frozen=True)
class TranscriptTotals:
    """What a transcript adds up to; computed from its lines, never typed."""

    host_credits: Decimal
    home_credits: Decimal
    graded_credits: Decimal
    gpa: Decimal | None
    lines: int


def line_passed(line: TranscriptLine) -> bool:
    """A line counts when the host's grade is a pass and it does not become a home fail."""
    return line.host_grade.passing and (line.home_grade is None or line.home_grade.passing)


def line_in_gpa(line: TranscriptLine) -> bool:
    """Only graded, passed lines weigh in the GPA: pass/fail results and fails stay out."""
    return (
        line_passed(line)
        and line.home_grade is not None
        and line.home_grade.gpa_points is not None
        and line.home_credits > 0
    )


def transcript_lines(transcript: Transcript) -> list[TranscriptLine]:
    return list(transcript.lines.select_related("host_grade", "home_grade", "credit_decided_by"))


def annotated_lines(transcript: Transcript) -> list[TranscriptLine]:
    """The transcript's lines, each marked `passed` and `in_gpa` for the pages that list them."""
    lines = transcript_lines(transcript)
    for line in lines:
        line.passed = line_passed(line)
        line.in_gpa = line_in_gpa(line)
    return lines


def transcript_totals(
    transcript: Transcript, *, lines: Iterable[TranscriptLine] | None = None
) -> TranscriptTotals:
    """Host credits of every line, home credits of the passed ones, and the mobility GPA.

    GPA = Σ(GPA points × home credits) / Σ(home credits) over the graded, passed lines, rounded
    half up to two decimals; None when no line is graded.
    """
    lines = transcript_lines(transcript) if lines is None else list(lines)
    host = sum((line.host_credits for line in lines), Decimal(0))
    home = sum((line.home_credits for line in lines if line_passed(line)), Decimal(0))
    graded = [line for line in lines if line_in_gpa(line)]
    weight = sum((line.home_credits for line in graded), Decimal(0))
    points = sum((line.home_grade.gpa_points * line.home_credits for line in graded), Decimal(0))
    gpa = (points / weight).quantize(CENT, rounding=ROUND_HALF_UP) if weight else None
    return TranscriptTotals(
        host_credits=host, home_credits=home, graded_credits=weight, gpa=gpa, lines=len(lines)
    )


def ects_letter(grade: Grade | None) -> str:
    """The ECTS letter of a home grade, from its percent band: A ≥ 90 … E ≥ 50, else FX or F."""
    if grade is None:
        return ""
    failing = "FX" if grade.label.strip().upper() == "FX" else "F"
    if not grade.passing:
        return failing
    if grade.percent_min is None:
        return ""
    for threshold, letter in (*ECTS_BANDS, ECTS_PASS):
        if grade.percent_min >= threshold:
            return letter
    return failing


def scale_legend(transcript: Transcript) -> list[dict]:
    """Each grade of the transcript's scale with what it becomes at home (for the PDFs)."""
    partner = transcript.application.partner
    rows = []
    for grade in transcript.scale.grades.all():
        try:
            home, _source = convert(grade, partner=partner)
        except ValidationError:
            home = None
        rows.append(
            {
                "grade": grade,
                "home": home,
                "ects": ects_letter(home if home is not None and home.scale.is_home else None),
                "pass_fail": grade.pass_fail_only,
            }
        )
    return rows


def latest_transcript(application: Application) -> Transcript | None:
    return application.transcripts.order_by("-version").first()


def approved_transcript(application: Application) -> Transcript | None:
    """The version in force: the approved one (earlier ones are superseded)."""
    approved = application.transcripts.filter(state=Transcript.State.APPROVED)
    return approved.order_by("-version").first()


def _discipline_key(text: str) -> str:
    return " ".join(text.split()).casefold()


def same_discipline(curriculum_line: CurriculumLine, line: TranscriptLine) -> bool:
    """A transcript line records a curriculum discipline when the code or the title match."""
    code = _discipline_key(curriculum_line.host_code)
    if code and code == _discipline_key(line.host_code):
        return True
    return _discipline_key(curriculum_line.host_title) == _discipline_key(line.host_title)


def agreed_discipline(
    curriculum_lines: Iterable[CurriculumLine], *, host_code: str, host_title: str
) -> CurriculumLine | None:
    """The discipline of the curriculum a transcript line records: its code, else its title."""
    code, title = _discipline_key(host_code or ""), _discipline_key(host_title or "")
    if code:
        for discipline in curriculum_lines:
            if _discipline_key(discipline.host_code) == code:
                return discipline
    if title:
        for discipline in curriculum_lines:
            if _discipline_key(discipline.host_title) == title:
                return discipline
    return None


def transcript_prefill(transcript: Transcript) -> list[dict]:
    """The lines the form starts from: the saved ones (with the registrar's decision on their
    credits), or else the individual curriculum's disciplines (host code, title and credits, the
    home discipline; the approved version where there is one), the grade left to fill."""
    saved = transcript_lines(transcript)
    if saved:
        return [
            {
                "host_code": line.host_code,
                "host_title": line.host_title,
                "host_credits": line.host_credits,
                "grade": line.host_grade.label,
                "home_code": line.home_code,
                "home_title": line.home_title,
                "credit_basis": line.credit_basis if line.credits_differ else "",
            }
            for line in saved
        ]
    application = transcript.application
    curriculum = approved_curriculum(application)
    if curriculum is None:
        curriculum = application.curriculum_versions.order_by("-number").first()
    if curriculum is None:
        return []
    return [
        {
            "host_code": line.host_code,
            "host_title": line.host_title,
            "host_credits": line.host_credits,
            "grade": "",
            "home_code": line.home_code,
            "home_title": line.home_title,
        }
        for line in curriculum.lines.all()
    ]


def batch_transcripts(period: AcademicPeriod) -> QuerySet[Transcript]:
    """The transcripts in force of a period, outgoing and incoming, in print order."""
    return (
        Transcript.objects.filter(state=Transcript.State.APPROVED, application__period=period)
        .select_related("application", "application__partner")
        .order_by("application__direction", "application__last_name", "application__first_name")
    )


# --- History of scales, tables and credit systems -----------------------------------------


def _grade_label(grade: Any) -> str:
    return grade.label


def scale_history(scale: GradingScale) -> list[dict[str, Any]]:
    """The scale's versions and its grades added, changed and removed, newest first."""
    return history.entries(
        scale.history.all(),
        rows=[history.Rows(Grade.history.filter(scale_id=scale.pk), subject=("label",))],
    )


def table_history(table: ConversionTable) -> list[dict[str, Any]]:
    """The table's versions and its rows (host grade → home grade) added, changed and removed."""
    return history.entries(
        table.history.all(),
        rows=[
            history.Rows(
                ConversionRow.history.filter(table_id=table.pk),
                subject=("grade", "home_grade"),
                joiner=" → ",
            )
        ],
        labels={Grade: _grade_label},
    )


def credit_system_history(credit_system: CreditSystem) -> list[dict[str, Any]]:
    return history.entries(credit_system.history.all())


def partner_grading_history(partner: Institution) -> list[dict[str, Any]]:
    """When the partner was given its own scale and credit system, changed, or sent back to its
    country's (removed)."""
    return history.entries(PartnerGrading.history.filter(partner_id=partner.pk))


def transcript_mobilities(text: str = "") -> QuerySet[Application]:
    """The rows of the transcript list: students' mobilities under way or completed, each with
    its transcripts newest first (`transcript_versions`); two queries. With a text, those whose
    participant's name (core/search.py), reference or transcript number matches."""
    from django.db.models import Exists, OuterRef, Prefetch

    from applications.models import ApplicationState, ParticipantKind

    mobilities = (
        Application.objects.for_list()
        .filter(
            participant_kind=ParticipantKind.STUDENT, state__in=ApplicationState.TRANSCRIPT_STATES
        )
        .prefetch_related(
            Prefetch(
                "transcripts",
                queryset=Transcript.objects.order_by("-version"),
                to_attr="transcript_versions",
            )
        )
        .order_by("-period__academic_year", "period__starts_on", "last_name", "first_name")
    )
    text = text.strip()
    if text:
        numbered = Transcript.objects.filter(application=OuterRef("pk"), number__iexact=text)
        mobilities = mobilities.search(text) | mobilities.filter(Exists(numbered))
    return mobilities
