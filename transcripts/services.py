"""State changes of grading scales, conversion tables and transcripts."""

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import partial
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import ProtectedError
from django.tasks import task
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agreements.models import Direction, Institution
from applications.models import Application, ApplicationState, ParticipantKind
from applications.selectors import current_curriculum
from applications.services import application_complete
from core import history
from core.three_names import LANGUAGES, column, names_of
from core.uploads import upload_facts, validate_upload

from . import pdfs as transcript_pdfs
from . import selectors
from .models import (
    ConversionRow,
    ConversionTable,
    CreditSystem,
    DocumentSequence,
    Grade,
    GradingScale,
    IssuedPdf,
    PartnerGrading,
    Transcript,
    TranscriptLine,
    TranscriptScan,
)

# --- Grading scales, conversion tables and credit systems ---------------------------------


def _labels(grades: Iterable[Grade]) -> str:
    return ", ".join(grade.label for grade in grades)


@transaction.atomic
def scale_save(
    *,
    scale: GradingScale,
    grades: Iterable[Grade],
    removed: Iterable[Grade] = (),
    by: AbstractBaseUser | None,
    reason: str = "",
) -> GradingScale:
    """Saves a scale and every grade it keeps, best first: positions follow that order.

    Removed grades go first, so that a label can move to another row in the same save. A grade
    that a transcript line or a conversion row uses as a home grade cannot be removed. The
    history records each grade added, changed or removed, with `by` and the `reason` given;
    what did not change records nothing.
    """
    grades = list(grades)
    removed = [grade for grade in removed if grade.pk]
    if not grades:
        raise ValidationError(_("A grading scale needs at least one grade."))
    labels = [grade.label for grade in grades]
    repeated = sorted({label for label in labels if labels.count(label) > 1})
    if repeated:
        raise ValidationError(
            _("Each grade appears once in a scale; %(labels)s appear more than once.")
            % {"labels": ", ".join(repeated)}
        )
    if not any(grade.passing for grade in grades):
        raise ValidationError(_("A grading scale needs at least one passing grade."))
    if scale.is_home:
        without_points = [g for g in grades if not g.pass_fail_only and g.gpa_points is None]
        if without_points:
            raise ValidationError(
                _("Every grade of our scale needs its GPA points; %(labels)s have none.")
                % {"labels": _labels(without_points)}
            )
    scale.full_clean()
    history.save(scale, by=by, reason=reason)
    for grade in removed:
        if grade.scale_id != scale.pk:
            raise ValidationError(
                _("%(grade)s is not a grade of %(scale)s.") % {"grade": grade.label, "scale": scale}
            )
        try:
            history.delete(grade, by=by, reason=reason)
        except ProtectedError:
            raise ValidationError(
                _("%(grade)s cannot be removed: transcripts or conversion tables use it.")
                % {"grade": grade.label}
            ) from None
    stored = history.stored_versions(Grade, grades)
    for position, grade in enumerate(grades, start=1):
        grade.scale = scale
        grade.position = position
        grade.full_clean()
        history.save(grade, by=by, reason=reason, stored=stored.get(grade.pk))
    return scale


def _row_errors(scale: GradingScale, rows: list[ConversionRow]) -> list[str]:
    errors: list[str] = []
    mapped: set[int] = set()
    for row in rows:
        grade, home_grade = row.grade, row.home_grade
        if grade.scale_id != scale.pk:
            errors.append(
                _("%(grade)s is not a grade of %(scale)s.") % {"grade": grade.label, "scale": scale}
            )
            continue
        if grade.pk in mapped:
            errors.append(_("%(grade)s has two rows; keep one.") % {"grade": grade.label})
        mapped.add(grade.pk)
        if not home_grade.scale.is_home:
            errors.append(
                _("%(grade)s is mapped to %(home)s, which is not a grade of our scale.")
                % {"grade": grade.label, "home": home_grade}
            )
        elif grade.pass_fail_only:
            errors.append(
                _("%(grade)s is a pass/fail result: it counts credits without a grade, no row.")
                % {"grade": grade.label}
            )
        elif grade.passing and not home_grade.passing:
            errors.append(
                _("%(grade)s is a passing grade and cannot become %(home)s, a failing one.")
                % {"grade": grade.label, "home": home_grade.label}
            )
        elif not grade.passing and home_grade.passing:
            errors.append(
                _("%(grade)s is a failing grade and cannot become %(home)s, a passing one.")
                % {"grade": grade.label, "home": home_grade.label}
            )
    unmapped = [
        grade
        for grade in scale.grades.filter(passing=True, pass_fail_only=False)
        if grade.pk not in mapped
    ]
    if unmapped:
        errors.insert(
            0,
            ngettext(
                "The passing grade %(labels)s has no home grade; every passing grade needs one.",
                "The passing grades %(labels)s have no home grade; every passing grade needs one.",
                len(unmapped),
            )
            % {"labels": _labels(unmapped)},
        )
    return errors


@transaction.atomic
def conversion_table_save(
    *,
    table: ConversionTable,
    rows: Iterable[ConversionRow],
    by: AbstractBaseUser | None,
    reason: str = "",
) -> ConversionTable:
    """Saves a table and its rows, which replace the rows it had.

    Refused, with nothing saved, when a passing grade of the scale is left without a home grade,
    when a row maps a grade of another scale or to a grade that is not ours, or when a passing
    grade would become a failing one or the reverse. Pass/fail results take no row. The history
    records each row added, changed or removed, with `by` and the `reason` given.
    """
    rows = list(rows)
    scale = table.scale
    if scale.is_home:
        raise ValidationError(_("Our own scale needs no conversion table."))
    errors = _row_errors(scale, rows)
    if errors:
        raise ValidationError(errors)
    same = ConversionTable.objects.filter(scale=scale, partner=table.partner).exclude(pk=table.pk)
    if same.exists():
        if table.partner is None:
            message = _("%(scale)s already has its general table; edit that one.")
        else:
            message = _("%(partner)s already has its own table for %(scale)s; edit that one.")
        raise ValidationError(message % {"scale": scale, "partner": table.partner})
    table.full_clean()
    history.save(table, by=by, reason=reason)
    existing = {row.grade_id: row for row in table.rows.all()}
    for row in rows:
        stored = existing.pop(row.grade_id, None)
        if stored is None:
            row.table = table
            row.full_clean()
            history.save(row, by=by, reason=reason, stored=None)
        elif stored.home_grade_id != row.home_grade_id:
            stored.home_grade = row.home_grade
            history.author(stored, by=by, reason=reason)
            stored.save(update_fields=["home_grade"])
    for stale in existing.values():
        history.delete(stale, by=by, reason=reason)
    return table


@transaction.atomic
def names_save(
    *,
    record: GradingScale | Grade | ConversionTable | CreditSystem,
    names: Mapping[str, Mapping[str, str]],
    by: AbstractBaseUser | None,
    reason: str = "",
):
    """Gives a record's names in the languages given, e.g. {"name": {"kk": …, "ru": …}}; a
    language not given keeps its name, an empty one removes it. The history keeps the change."""
    for field, by_language in names.items():
        for language, value in by_language.items():
            setattr(record, column(field, language), value.strip() or None)
    record.full_clean()
    history.save(record, by=by, reason=reason)
    return record


@transaction.atomic
def credit_system_save(
    *, credit_system: CreditSystem, by: AbstractBaseUser | None, reason: str = ""
) -> CreditSystem:
    """Saves a credit system; its history keeps every change of the factor, who and why."""
    credit_system.full_clean()
    history.save(credit_system, by=by, reason=reason)
    return credit_system


@transaction.atomic
def partner_grading_save(*, grading: PartnerGrading, by: AbstractBaseUser | None) -> PartnerGrading:
    """Sets the scale and credit system a partner uses instead of its country's."""
    if grading.partner.is_home:
        raise ValidationError(_("Our own university uses our scale and Kazakhstani credits."))
    grading.full_clean()
    history.save(grading, by=by)
    return grading


@transaction.atomic
def partner_grading_clear(*, partner: Institution, by: AbstractBaseUser | None) -> None:
    """The partner goes back to its country's scale and credit system; the history keeps the
    partner's own, as removed by `by`."""
    for grading in PartnerGrading.objects.filter(partner=partner):
        history.delete(grading, by=by)


# --- Transcripts and recognition ----------------------------------------------------------
NUMBER_PREFIX = {Direction.OUTGOING: "CR", Direction.INCOMING: "TR"}
HOME_CREDITS_PLACES = Decimal("0.01")
# The form's field names, for errors reported at a line.
LINE_FIELDS = {"host_grade": "grade"}


@dataclass(frozen=True)
class LineData:
    """One line as the registrar enters it: the host's discipline, credits and grade as the host
    wrote them (a label of the transcript's scale, or the Grade), and the home discipline."""

    host_title: str
    host_credits: Decimal | int | str | None
    grade: Grade | str | None
    home_title: str = ""
    host_code: str = ""
    home_code: str = ""
    # Where the host's credits differ from the curriculum's: what counts ("agreed" or "factor").
    credit_basis: str = ""


class TranscriptLinesInvalid(ValidationError):
    """Some lines are wrong and nothing was saved.

    `line_errors` maps a line's index (from 0, in the order given) to its errors by field name
    (host_code, host_title, host_credits, grade, home_code, home_title, or __all__); `general`
    holds the errors of the transcript as a whole, such as a discipline without a line.
    """

    def __init__(self, line_errors: dict[int, dict[str, list[str]]], general: list[str]):
        self.line_errors = line_errors
        self.general = general
        messages = list(general)
        for index in sorted(line_errors):
            for problems in line_errors[index].values():
                messages += [
                    _("Line %(number)d: %(problem)s") % {"number": index + 1, "problem": problem}
                    for problem in problems
                ]
        super().__init__(messages)


def _line_data(line: LineData | Mapping[str, Any]) -> LineData:
    if isinstance(line, LineData):
        return line
    return LineData(
        host_title=line.get("host_title") or "",
        host_credits=line.get("host_credits"),
        grade=line.get("grade"),
        home_title=line.get("home_title") or "",
        host_code=line.get("host_code") or "",
        home_code=line.get("home_code") or "",
        credit_basis=line.get("credit_basis") or "",
    )


def parse_credits(value: Decimal | int | str | None) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        credits = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        return None
    return credits if credits.is_finite() else None


def _grade_in_scale(value: Grade | str | None, *, scale: GradingScale, grades: dict) -> Grade:
    """The grade of the scale the registrar gave; any other grade is an error, never a guess."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError(_("Give the grade as the host wrote it."))
    label = value.label if isinstance(value, Grade) else str(value).strip()
    grade = grades.get(label)
    if grade is None or (isinstance(value, Grade) and value.pk != grade.pk):
        raise ValidationError(
            _('Grade "%(grade)s" is not in the scale %(scale)s; choose one of its grades.')
            % {"grade": label, "scale": scale}
        )
    return grade


def _lock_transcript(transcript: Transcript) -> Transcript:
    return (
        Transcript.objects.select_for_update(of=("self",))
        .select_related("scale", "application", "application__partner")
        .get(pk=transcript.pk)
    )


def _refuse_if_locked(transcript: Transcript) -> None:
    if transcript.is_locked:
        raise ValidationError(
            _(
                "Version %(version)d of this transcript is %(state)s and cannot change; "
                "correct it with a new version."
            )
            % {"version": transcript.version, "state": transcript.get_state_display()}
        )


@transaction.atomic
def transcript_start(*, application: Application, by: AbstractBaseUser) -> Transcript:
    """Opens version 1 of a mobility's transcript, as a draft without lines.

    The scale is the partner's (ours for an incoming student, whose grades are given here); the
    credit factor and the credit system's name are copied onto the transcript, so a later change
    of the system never rewrites an approved document. The lines are entered in
    `transcript_save_lines`, the form starting from the individual curriculum.
    """
    locked = (
        Application.objects.select_for_update().select_related("partner").get(pk=application.pk)
    )
    if locked.participant_kind != ParticipantKind.STUDENT:
        raise ValidationError(_("Transcripts are kept for students' mobilities only."))
    if locked.state not in ApplicationState.TRANSCRIPT_STATES:
        raise ValidationError(
            _(
                "The application is %(state)s; a transcript is recorded once the mobility is "
                "under way or completed."
            )
            % {"state": locked.get_state_display()}
        )
    if locked.transcripts.exists():
        raise ValidationError(
            _("This mobility has a transcript already; open it, or correct it with a new version.")
        )
    if locked.direction == Direction.INCOMING:
        scale = GradingScale.objects.filter(is_home=True).first()
        if scale is None:
            raise ValidationError(
                _("Our own grading scale is not set up yet; add the home scale first.")
            )
        factor = Decimal(1)
        system = CreditSystem.objects.filter(name_en=selectors.KAZAKHSTANI_CREDITS).first()
        system_names = names_of(system, "name") if system else {"en": selectors.KAZAKHSTANI_CREDITS}
    else:
        partner = locked.partner
        scale = selectors.scale_for(partner)
        if scale is None:
            raise ValidationError(
                _(
                    "No grading scale is set for %(partner)s or for %(country)s. Add the "
                    "country's scale, or set the partner's own, before recording its transcript."
                )
                % {"partner": partner.name, "country": partner.country.name}
            )
        try:
            system = selectors.credit_system_for(partner)
        except CreditSystem.DoesNotExist:
            raise ValidationError(
                _("No credit system is set for %(partner)s; set the partner's credit system.")
                % {"partner": partner.name}
            ) from None
        factor, system_names = system.factor, names_of(system, "name")
    transcript = Transcript(
        application=locked,
        version=1,
        scale=scale,
        credit_factor=factor,
        created_by=by,
        # The credit system's name in the three languages as it is today.
        **{
            column("credit_system_name", language): system_names.get(language) or None
            for language in LANGUAGES
        },
    )
    transcript.full_clean()
    transcript.save()
    return transcript


def _decision_key(line: TranscriptLine) -> tuple:
    return (
        line.host_code,
        line.host_title,
        line.host_credits,
        line.agreed_host_credits,
        line.agreed_home_credits,
        line.credit_basis,
    )


def _decide_credit_basis(
    line: TranscriptLine, *, choice: str, earlier: dict, by: AbstractBaseUser, now
) -> str:
    """Sets what the line's credits follow; returns the error when the registrar must decide.

    The agreed home credits where the host's credits are the ones agreed; the registrar's choice
    where they differ (kept with who and when); host credits × factor where nothing is agreed.
    """
    basis = TranscriptLine.CreditBasis
    if not line.has_agreement:
        line.credit_basis = basis.FACTOR
        return ""
    if not line.credits_differ:
        line.credit_basis = basis.AGREED
        return ""
    if choice not in basis.values:
        return _(
            "The host gives %(host)s credits, but the individual curriculum agreed %(agreed_host)s "
            "host credits for %(agreed_home)s home credits; choose which credits count."
        ) % {
            "host": plain_number(line.host_credits),
            "agreed_host": plain_number(line.agreed_host_credits),
            "agreed_home": plain_number(line.agreed_home_credits),
        }
    line.credit_basis = choice
    line.credit_decided_by_id, line.credit_decided_at = earlier.get(
        _decision_key(line), (by.pk, now)
    )
    return ""


def plain_number(value: Decimal) -> str:
    """A number of credits as people write it, with the reader's decimal separator: 6, 4,5 in
    Kazakh and Russian, 4.5 in English (not 6.0, 4.50)."""
    text = f"{value:f}"
    return number_format(Decimal(text.rstrip("0").rstrip(".") if "." in text else text))


@transaction.atomic
def transcript_save_lines(
    *,
    transcript: Transcript,
    lines: Sequence[LineData | Mapping[str, Any]],
    by: AbstractBaseUser,
    host_number: str | None = None,
    host_issued_on: date | None = None,
) -> Transcript:
    """Replaces the lines of a draft and recognises each one, or saves nothing at all.

    Each line's grade must be a grade of the transcript's scale, its credits more than zero; the
    individual curriculum's every discipline needs a line. The home grade and its source come
    from `selectors.convert` (a pass/fail result has none); a failed line counts no credits.

    Home credits of an outgoing mobility follow the approved individual curriculum: a line that
    records one of its disciplines counts the home credits agreed for it. Where the host's
    credits differ from the host credits agreed, the registrar's `credit_basis` decides ("agreed":
    the agreed home credits; "factor": host credits × the transcript's factor), and the line
    keeps who decided and when (an unchanged decision keeps its first author and date); without a
    decision the line is refused. A line the curriculum does not agree, and every line of an
    incoming student, counts host credits × the factor.

    All errors are gathered, each at its line, into one `TranscriptLinesInvalid`. The host's
    number and date are saved with the lines when given; a date after today is refused.
    """
    locked = _lock_transcript(transcript)
    _refuse_if_locked(locked)
    application = locked.application
    incoming = application.direction == Direction.INCOMING
    grades = {grade.label: grade for grade in locked.scale.grades.all()}
    built: list[TranscriptLine] = []
    line_errors: dict[int, dict[str, list[str]]] = {}
    general: list[str] = []
    entries = [_line_data(line) for line in lines]
    if not entries:
        general.append(_("Enter the disciplines of the transcript: there is none."))
    if host_issued_on is not None and host_issued_on > timezone.localdate():
        general.append(Transcript.future_date_message(host_issued_on))
    agreed_curriculum = None if incoming else selectors.approved_curriculum(application)
    agreed_lines = list(agreed_curriculum.lines.all()) if agreed_curriculum is not None else []
    earlier_decisions = {
        _decision_key(line): (line.credit_decided_by_id, line.credit_decided_at)
        for line in locked.lines.filter(credit_decided_by__isnull=False)
    }
    now = timezone.now()
    for index, entry in enumerate(entries):
        errors: dict[str, list[str]] = {}
        host_title = " ".join(str(entry.host_title).split())
        home_title = " ".join(str(entry.home_title).split()) or (host_title if incoming else "")
        line = TranscriptLine(
            transcript=locked,
            position=index + 1,
            host_code=str(entry.host_code).strip(),
            host_title=host_title,
            home_code=str(entry.home_code).strip()
            or (str(entry.host_code).strip() if incoming else ""),
            home_title=home_title,
        )
        if not host_title:
            errors["host_title"] = [_("Give the discipline's title as the host wrote it.")]
        if not home_title:
            errors["home_title"] = [_("Say which home discipline it counts as.")]
        credits = parse_credits(entry.host_credits)
        if credits is None:
            errors["host_credits"] = [_("Give the credits as a number, for example 6 or 4.5.")]
        elif credits <= 0:
            errors["host_credits"] = [_("Credits must be more than zero.")]
        else:
            line.host_credits = credits
        agreed = selectors.agreed_discipline(
            agreed_lines, host_code=line.host_code, host_title=line.host_title
        )
        if agreed is not None:
            line.agreed_host_credits = agreed.host_credits
            line.agreed_home_credits = agreed.home_credits
            line.curriculum_version = agreed_curriculum.number
        if credits is not None and credits > 0:
            basis_error = _decide_credit_basis(
                line, choice=entry.credit_basis, earlier=earlier_decisions, by=by, now=now
            )
            if basis_error:
                errors["credit_basis"] = [basis_error]
        try:
            grade = _grade_in_scale(entry.grade, scale=locked.scale, grades=grades)
            home_grade, source = selectors.convert(grade, partner=application.partner)
        except ValidationError as error:
            errors["grade"] = list(error.messages)
        else:
            line.host_grade = grade
            line.home_grade = home_grade
            line.conversion_source = str(source)[:200]
            if credits is not None and credits > 0 and "credit_basis" not in errors:
                if not selectors.line_passed(line):
                    home_credits = Decimal(0)
                elif line.credit_basis == TranscriptLine.CreditBasis.AGREED:
                    home_credits = line.agreed_home_credits
                else:
                    home_credits = credits * locked.credit_factor
                line.home_credits = home_credits.quantize(
                    HOME_CREDITS_PLACES, rounding=ROUND_HALF_UP
                )
        try:
            excluded = [
                name
                for name in ("host_title", "home_title", "host_credits", "credit_basis")
                if name in errors
            ]
            line.full_clean(exclude=[*excluded, *(["host_grade"] if "grade" in errors else [])])
        except ValidationError as error:
            for name, problems in error.message_dict.items():
                field = LINE_FIELDS.get(name, name)
                errors.setdefault(field, []).extend(problems)
        if errors:
            line_errors[index] = errors
        built.append(line)
    curriculum = agreed_curriculum or current_curriculum(application)
    if curriculum is not None:
        for discipline in curriculum.lines.all():
            if not any(selectors.same_discipline(discipline, line) for line in built):
                general.append(
                    _(
                        "The individual curriculum's discipline %(discipline)s has no line; add "
                        "it, with a failing grade if it was not passed."
                    )
                    % {
                        "discipline": " ".join(
                            filter(None, [discipline.host_code, discipline.host_title])
                        )
                    }
                )
    if line_errors or general:
        raise TranscriptLinesInvalid(line_errors, general)
    locked.lines.all().delete()
    TranscriptLine.objects.bulk_create(built)
    if host_number is not None:
        locked.host_number = host_number.strip()
    if host_issued_on is not None:
        locked.host_issued_on = host_issued_on
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def transcript_attach_scan(
    *, transcript: Transcript, upload: UploadedFile, by: AbstractBaseUser
) -> TranscriptScan:
    """Keeps the scanned original of the host's transcript (PDF, JPEG or PNG that opens,
    size-limited) as the version's newest scan; earlier scans stay. A refused file leaves no
    row and no file.
    """
    # Checked before anything is stored: a rollback takes back the rows, not a stored file.
    kind = validate_upload(upload, kinds=("pdf", "jpeg", "png"))
    locked = _lock_transcript(transcript)
    _refuse_if_locked(locked)
    scan = TranscriptScan(
        transcript=locked, content_kind=kind, uploaded_by=by, **upload_facts(upload)
    )
    scan.file.save("scan", upload, save=False)
    try:
        scan.full_clean()
        scan.save()
    except Exception:
        scan.file.storage.delete(scan.file.name)
        raise
    return scan


def _highest_number(stem: str) -> int:
    taken = Transcript.objects.filter(number__startswith=stem).values_list("number", flat=True)
    return max(
        (int(number[len(stem) :]) for number in taken if number[len(stem) :].isdigit()),
        default=0,
    )


def _next_number(*, prefix: str, year: int) -> str:
    """The next document number of the series, e.g. CR-2026-0001, taken inside the caller's
    transaction: the series' row stays locked until it commits (others wait, none draws the same
    number) and a rollback gives the number back, so the numbers have no gaps.
    """
    key = f"{prefix}-{year}"
    series = DocumentSequence.objects.select_for_update()
    try:
        sequence = series.get(key=key)
    except DocumentSequence.DoesNotExist:
        # The first number of a series. Two approvals may get here at once: the database keeps
        # one row and skips the other insert (it does not fail), and both then queue on its lock.
        # It starts after any number already given in the series, e.g. one restored from a copy.
        DocumentSequence.objects.bulk_create(
            [DocumentSequence(key=key, last=_highest_number(f"{key}-"))], ignore_conflicts=True
        )
        sequence = series.get(key=key)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{key}-{sequence.last:04d}"


@transaction.atomic
def transcript_approve(*, transcript: Transcript, by: AbstractBaseUser) -> Transcript:
    """Approves a draft: locks it, numbers it, supersedes the version it corrects, and completes
    a mobility still under way, all in one transaction (if completing fails, nothing is
    approved). Only the registrar may call it; the view checks the permission.
    """
    locked = _lock_transcript(transcript)
    if locked.state != Transcript.State.DRAFT:
        raise ValidationError(
            _("Version %(version)d is %(state)s already; there is nothing to approve.")
            % {"version": locked.version, "state": locked.get_state_display()}
        )
    if not locked.lines.exists():
        raise ValidationError(_("Record the lines of the transcript before approving it."))
    application = Application.objects.select_for_update().get(pk=locked.application_id)
    if application.state not in ApplicationState.TRANSCRIPT_STATES:
        raise ValidationError(
            _(
                "The application is %(state)s; a transcript is approved only for a mobility "
                "under way or completed."
            )
            % {"state": application.get_state_display()}
        )
    Transcript.objects.filter(
        application=application, state=Transcript.State.APPROVED, version__lt=locked.version
    ).update(state=Transcript.State.SUPERSEDED)
    if application.state == ApplicationState.IN_MOBILITY:
        application_complete(application=application, by=by)
    # The number is drawn last: every approval of the year waits on the series' lock until this
    # one commits, so it is held for as short a time as possible, and the transaction already
    # holds every other row it writes (the transcript, the application), so no deadlock.
    now = timezone.now()
    locked.number = _next_number(
        prefix=NUMBER_PREFIX.get(application.direction, "CR"), year=timezone.localdate(now).year
    )
    locked.state = Transcript.State.APPROVED
    locked.credits_counted, locked.disciplines_counted = locked.counted_at_home()
    locked.approved_by = by
    locked.approved_at = now
    locked.full_clean()
    locked.save()
    # The PDF is kept as issued by the background worker once the approval has committed:
    # rendering it here would hold the number series' lock meanwhile, and keep the registrar
    # waiting. Until it is kept, or should keeping fail, the PDF is rendered when asked for
    # (`manage.py keep_issued_pdfs` keeps any left out).
    transaction.on_commit(partial(_keep_issued_pdf, locked.pk), robust=True)
    return locked


def _keep_issued_pdf(pk: int) -> None:
    keep_issued_pdf.enqueue(pk)


@task()
def keep_issued_pdf(transcript_id: int) -> str:
    """Keeps the PDF of an approved transcript as it is issued, unless it was superseded or
    revoked before the worker got to it (then there is nothing in force to keep)."""
    try:
        issued_pdf_keep(transcript=Transcript.objects.get(pk=transcript_id))
    except ValidationError as error:
        return "; ".join(error.messages)
    return "kept"


@transaction.atomic
def issued_pdf_keep(*, transcript: Transcript) -> IssuedPdf:
    """Keeps the PDF of a transcript in force as it is issued; a copy once kept never changes."""
    locked = _lock_transcript(transcript)
    kept = IssuedPdf.objects.filter(transcript=locked).first()
    if kept is not None:
        return kept
    if locked.state != Transcript.State.APPROVED:
        raise ValidationError(
            _("Version %(version)d is %(state)s; only the version in force is issued.")
            % {"version": locked.version, "state": locked.get_state_display()}
        )
    content = transcript_pdfs.render(locked)
    issued = IssuedPdf(
        transcript=locked, content=content, sha256=hashlib.sha256(content).hexdigest()
    )
    issued.full_clean()
    issued.save()
    return issued


@transaction.atomic
def transcript_correct(*, transcript: Transcript, reason: str, by: AbstractBaseUser) -> Transcript:
    """Starts a correction of an approved transcript: a new draft version with the same lines.

    The approved version stays in force, readable and downloadable, until the correction is
    approved; then it is marked superseded.
    """
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the transcript is corrected.")})
    locked = _lock_transcript(transcript)
    if locked.state != Transcript.State.APPROVED:
        raise ValidationError(
            _("Only the approved version is corrected; version %(version)d is %(state)s.")
            % {"version": locked.version, "state": locked.get_state_display()}
        )
    latest = locked.application.transcripts.order_by("-version").first()
    if latest is not None and latest.pk != locked.pk:
        raise ValidationError(
            _("Version %(version)d is the correction already started; change that one.")
            % {"version": latest.version}
        )
    correction = Transcript(
        application=locked.application,
        version=locked.version + 1,
        host_number=locked.host_number,
        host_issued_on=locked.host_issued_on,
        scale=locked.scale,
        credit_factor=locked.credit_factor,
        correction_reason=reason.strip(),
        **{
            column("credit_system_name", language): getattr(
                locked, column("credit_system_name", language)
            )
            for language in LANGUAGES
        },
        created_by=by,
    )
    correction.full_clean()
    correction.save()
    TranscriptLine.objects.bulk_create(
        TranscriptLine(
            transcript=correction,
            position=line.position,
            host_code=line.host_code,
            host_title=line.host_title,
            host_credits=line.host_credits,
            host_grade_id=line.host_grade_id,
            home_code=line.home_code,
            home_title=line.home_title,
            home_credits=line.home_credits,
            home_grade_id=line.home_grade_id,
            conversion_source=line.conversion_source,
            agreed_host_credits=line.agreed_host_credits,
            agreed_home_credits=line.agreed_home_credits,
            curriculum_version=line.curriculum_version,
            credit_basis=line.credit_basis,
            credit_decided_by_id=line.credit_decided_by_id,
            credit_decided_at=line.credit_decided_at,
        )
        for line in locked.lines.all()
    )
    scan = locked.scan
    if scan is not None:
        # The correction starts from the same scanned original: the same stored file, still
        # credited to who uploaded it; a new upload on the correction leaves this one alone.
        carried = TranscriptScan(
            transcript=correction,
            file=scan.file.name,
            original_name=scan.original_name,
            content_kind=scan.content_kind,
            size=scan.size,
            sha256=scan.sha256,
            uploaded_by_id=scan.uploaded_by_id,
            uploaded_at=scan.uploaded_at,
        )
        carried.full_clean()
        carried.save()
    return correction


@transaction.atomic
def transcript_revoke(*, transcript: Transcript, reason: str, by: AbstractBaseUser) -> Transcript:
    """Withdraws an approved transcript issued in error; the verification page then says so.

    Nothing is deleted: the document and its PDF stay readable, marked revoked with the reason.
    """
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the transcript is revoked.")})
    locked = _lock_transcript(transcript)
    if locked.state != Transcript.State.APPROVED:
        raise ValidationError(
            _("Only an approved transcript can be revoked; version %(version)d is %(state)s.")
            % {"version": locked.version, "state": locked.get_state_display()}
        )
    locked.state = Transcript.State.REVOKED
    locked.revocation_reason = reason.strip()
    locked.revoked_by = by
    locked.revoked_at = timezone.now()
    locked.full_clean()
    locked.save()
    return locked
