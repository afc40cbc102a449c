"""The whole-report PDF, made in the background: at 10,000 mobilities it takes seconds, too long
for a request. Asking for one records it and, once that commits, queues the `make_report_pdf`
task; the worker (`manage.py db_worker`) builds the figures, renders the pages and keeps the file,
recording each step done so the status page shows how far it got.
"""

import logging
from datetime import datetime
from functools import partial

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import BooleanField, Case, Count, Q, Value, When
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.models import HOME_COUNTRY, Direction, Institution
from applications.models import Application
from core import counts
from documents import doclang

from . import selectors
from .models import (
    COUNTED_STATES,
    PARTNER_COUNT_CELLS,
    REUSE_WITHIN,
    WORKER_LATE_AFTER,
    PartnerCount,
    PeriodCount,
    ProgramCount,
    ReportPdf,
    ReportPdfState,
    partner_count_column,
)
from .pdfs import report as report_pdf
from .pdfs.common import steps_for
from .periods import ReportPeriod

logger = logging.getLogger(__name__)

# What the worker is doing, by the step in progress (see reports.pdfs.common.render_report).
STEP_LABELS = {
    "data": _("Counting the figures and writing the text"),
    "html": _("Setting out the tables and charts"),
    "layout": _("Laying out the pages"),
    "pdf": _("Writing the PDF file"),
    "saving": _("Keeping the file"),
}

# The time a whole-report PDF takes in one language when none of a similar size was made yet:
# a fixed part and a part per mobility, from the bench's 10,000-mobility database (a spring term
# of 1,128 mobilities, 50 pages, took 4.6 to 8.5 s on a busy 2-core machine). Most of it is the
# pages laid out, which grow with the partners and participants named. A second language makes
# the report again.
BASE_SECONDS = 1.0
SECONDS_PER_MOBILITY = 0.004


def _steps(language: str) -> list[str]:
    codes = doclang.languages(language)
    keys = ["data"] * len(codes) + ["html", "layout", "pdf"]
    assert len(keys) == steps_for(codes)
    return keys


def step_label(key: str) -> str:
    return str(STEP_LABELS.get(key, ""))


def _same_request(period: ReportPeriod, language: str) -> Q:
    return Q(
        scope=period.scope,
        year=period.year,
        term=period.term,
        calendar_year=period.calendar_year,
        year_to=period.year_to,
        language=language,
    )


@transaction.atomic
def report_pdf_request(*, period: ReportPeriod, language: str, by: User) -> ReportPdf:
    """Asks for the whole report of `period` as a PDF in `language` (a DocumentLanguage value).

    The same PDF asked for in the last minutes, by anyone, is given again: one made, or one
    still being made (the figures could have changed since, by the minutes the office accepts
    for a printed report). A new one is queued once this commits.
    """
    now = timezone.now()
    recent = ReportPdf.objects.filter(_same_request(period, language))
    reusable = (
        recent.filter(state=ReportPdfState.DONE, finished_at__gte=now - REUSE_WITHIN)
        | recent.filter(
            state__in=[ReportPdfState.QUEUED, ReportPdfState.RUNNING],
            created_at__gte=now - REUSE_WITHIN,
        )
    ).first()
    if reusable is not None:
        return reusable
    pdf = ReportPdf(
        scope=period.scope,
        year=period.year,
        term=period.term,
        calendar_year=period.calendar_year,
        year_to=period.year_to,
        language=language,
        mobilities=selectors.mobilities(period).count(),
        requested_by=by,
        steps_total=len(_steps(language)),
        step=_steps(language)[0],
    )
    pdf.full_clean()
    pdf.save()
    transaction.on_commit(partial(_enqueue, pdf.pk), robust=True)
    return pdf


def _enqueue(pdf_id: int) -> None:
    make_report_pdf.enqueue(pdf_id)


@task()
def make_report_pdf(pdf_id: int) -> str:
    """Makes one asked-for PDF; a failure is recorded on it (and logged), not raised again, so a
    job is never tried twice with a half-shown error."""
    return report_pdf_make(pdf_id=pdf_id).state


def report_pdf_make(*, pdf_id: int) -> ReportPdf:
    """Renders the PDF asked for, recording each step as it ends, and keeps the file.

    Not one transaction: the steps are committed as they end so the status page sees them. The
    file and the "done" are kept together at the end; a failure keeps the error and no file.
    """
    with transaction.atomic():
        pdf = ReportPdf.objects.select_for_update().get(pk=pdf_id)
        if pdf.state != ReportPdfState.QUEUED:
            # Taken by another worker already, or finished.
            return pdf
        keys = _steps(pdf.language)
        pdf.state = ReportPdfState.RUNNING
        pdf.started_at = timezone.now()
        pdf.steps_done = 0
        pdf.steps_total = len(keys)
        pdf.step = keys[0]
        pdf.save(update_fields=["state", "started_at", "steps_done", "steps_total", "step"])

    done = 0

    def step(_key: str) -> None:
        nonlocal done
        done += 1
        following = keys[done] if done < len(keys) else "saving"
        ReportPdf.objects.filter(pk=pdf.pk).update(steps_done=done, step=following)

    try:
        with doclang.printing(pdf.language):
            content = report_pdf.render_period(pdf.period(), step=step)
        return _keep(pdf_id=pdf.pk, content=content)
    except Exception as error:
        logger.exception("The report PDF %s could not be made.", pdf.pk)
        ReportPdf.objects.filter(pk=pdf.pk).update(
            state=ReportPdfState.FAILED,
            error=f"{type(error).__name__}: {error}",
            finished_at=timezone.now(),
        )
        pdf.refresh_from_db()
        return pdf


@transaction.atomic
def _keep(*, pdf_id: int, content: bytes) -> ReportPdf:
    """Stores the file and marks the PDF done together: a row that fails to save takes its
    file away with it, so no half-kept PDF is ever offered."""
    pdf = ReportPdf.objects.select_for_update().get(pk=pdf_id)
    pdf.file.save("report.pdf", ContentFile(content), save=False)
    stored = pdf.file.name
    assert stored is not None  # FieldFile.save() has just named it
    try:
        pdf.state = ReportPdfState.DONE
        pdf.steps_done = pdf.steps_total
        pdf.step = ""
        pdf.finished_at = timezone.now()
        pdf.full_clean()
        pdf.save()
    except Exception:
        pdf.file.storage.delete(stored)
        raise
    return pdf


def estimate_seconds(*, mobilities: int, language: str) -> int:
    """How long a PDF of this many mobilities will take: as long as the last one made of a
    similar size (half to twice as many, in as many languages) took, else a rough figure."""
    bilingual = "+" in language
    recent = ReportPdf.objects.filter(
        state=ReportPdfState.DONE,
        started_at__isnull=False,
        mobilities__gte=mobilities // 2,
        mobilities__lte=mobilities * 2 + 100,
    ).order_by("-finished_at")[:20]
    similar = next((pdf for pdf in recent if ("+" in pdf.language) == bilingual), None)
    if similar is not None and similar.seconds_taken is not None:
        return max(1, round(similar.seconds_taken))
    per_language = BASE_SECONDS + SECONDS_PER_MOBILITY * mobilities
    return max(1, round(per_language * len(doclang.languages(language))))


def worker_seems_down(*, now: datetime) -> bool:
    """True when work has waited for the worker far longer than it takes to pick it up: a PDF
    still waiting, or any task of the queue (the e-mails too) ready and not taken."""
    late = now - WORKER_LATE_AFTER
    if ReportPdf.objects.filter(state=ReportPdfState.QUEUED, created_at__lt=late).exists():
        return True
    from django_tasks_db.models import DBTaskResult

    return (
        DBTaskResult.objects.ready()
        .filter(enqueued_at__lt=late)
        # Ready for a while: queued to run at once (run_after is then the far future) or due
        # since long enough.
        .filter(Q(run_after__lt=late) | Q(run_after__gte=now))
        .exists()
    )


@transaction.atomic
def kept_counts_recount() -> dict[str, int]:
    """Counts the applications again per academic period (PeriodCount), period and partner
    (PartnerCount) and period and program (ProgramCount) as the triggers keep them, and
    replaces those counts; returns how many rows of each were wrong, by the model's name."""
    # A partner moving into or out of Kazakhstan moves the period counts: hold that off too.
    counts.lock_against_writes(Application, Institution)
    applications = Application.objects.order_by()
    by_period = (
        applications.filter(partner__isnull=False)
        .annotate(
            domestic=Case(
                When(partner__country=HOME_COUNTRY, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .values("period_id", "direction", "state", "domestic")
        .annotate(total=Count("pk"))
    )
    mobilities = applications.filter(state__in=COUNTED_STATES)
    by_partner = mobilities.values("period_id", "partner_id").annotate(
        **{
            partner_count_column(direction, state, kind): Count(
                "pk", filter=Q(direction=direction, state=state, participant_kind=kind)
            )
            for direction, state, kind in PARTNER_COUNT_CELLS
        }
    )
    by_program = mobilities.values("period_id", "program_id").annotate(
        outgoing=Count("pk", filter=Q(direction=Direction.OUTGOING)),
        incoming=Count("pk", filter=Q(direction=Direction.INCOMING)),
    )
    return {
        model.__name__: counts.replace_counts(model, counted)
        for model, counted in (
            (PeriodCount, by_period),
            (PartnerCount, by_partner),
            (ProgramCount, by_program),
        )
    }
