"""The reports read their figures from agreements, applications and transcripts. Tables of their
own keep the whole-report PDFs made in the background (a large one takes seconds) and the
mobilities counted per academic period (PeriodCount), per academic period and partner
(PartnerCount) and per academic period and educational program (ProgramCount), which the
database keeps itself.

Who may see reports is the `applications.view_mobility_report` permission, held by the office's
staff and the registrar.
"""

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from agreements.models import AcademicPeriod, Direction, EducationalProgram, Institution
from applications.models import ApplicationState, ParticipantKind
from documents.doclang import DocumentLanguage

from .periods import SCOPE_CHOICES, TERM_CHOICES, ReportPeriod

# A PDF asked for again within this time is the one already made (or being made), not a new one.
REUSE_WITHIN = timedelta(minutes=10)
# A PDF still waiting this long was never picked up: the worker is not running.
WORKER_LATE_AFTER = timedelta(minutes=2)
# The largest report took under a minute to make on a busy 2-core machine: one still being made
# after this long was left by a worker that stopped (a restart, a crash) and will not finish.
RUNNING_TOO_LONG = timedelta(minutes=15)


class PeriodCount(models.Model):
    """How many applications of an academic period are in a state, per direction, with a partner
    in Kazakhstan or abroad.

    Kept by the database's own triggers (migration 0002_period_counts) on applications_application
    and on agreements_institution (a partner that moves into or out of Kazakhstan moves its
    applications' counts), in the transaction of the write, whatever makes it: the trend across
    academic years reads a few hundred rows instead of every mobility of five years. Written from
    Python only by `manage.py recount`, which counts them again; a row may hold 0.
    """

    # No foreign key constraint: a count row outlives nothing it needs, and a period whose
    # applications are all gone may be deleted without touching the counts first.
    period = models.ForeignKey(
        AcademicPeriod, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    direction = models.CharField(max_length=10, choices=Direction.choices)
    state = models.CharField(max_length=20, choices=ApplicationState.choices)
    domestic = models.BooleanField()
    total = models.IntegerField(default=0)

    class Meta:
        constraints = [
            # The triggers' upsert finds the row of a key through this index.
            models.UniqueConstraint(
                fields=["period", "direction", "state", "domestic"], name="one_count_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period_id} {self.direction} {self.state} {self.domestic}: {self.total}"


# What PartnerCount counts: the mobilities (the applications holding a place), one column per
# direction, state and participant kind. Sorted, so that the columns keep their order.
COUNTED_STATES = sorted(str(state) for state in ApplicationState.PLACE_HOLDING_STATES)
PARTNER_COUNT_CELLS = [
    (direction, state, kind)
    for direction in Direction.values
    for state in COUNTED_STATES
    for kind in ParticipantKind.values
]


def partner_count_column(direction: str, state: str, kind: str) -> str:
    return f"{direction}_{state}_{kind}"


class PartnerCount(models.Model):
    """How many mobilities an academic period has at a partner, one column per direction, state
    and participant kind.

    Kept by the database's own triggers (migration 0003_partner_counts) on applications_application,
    in the transaction of the write, whatever makes it: the report's figures by partner read one
    row per period and partner (14,482 at 100,000 mobilities) instead of every mobility of the
    period. Written from Python only by `manage.py recount`; a row may hold only zeros.
    """

    # No foreign key constraints, as PeriodCount: the counts outlive nothing they need.
    period = models.ForeignKey(
        AcademicPeriod, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    partner = models.ForeignKey(
        Institution, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )

    class Meta:
        constraints = [
            # The triggers' upsert finds the row of a period and partner through this index.
            models.UniqueConstraint(
                fields=["period", "partner"], name="one_count_per_period_and_partner"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period_id} {self.partner_id}"


for _cell in PARTNER_COUNT_CELLS:
    PartnerCount.add_to_class(partner_count_column(*_cell), models.IntegerField(default=0))


class ProgramCount(models.Model):
    """How many mobilities an academic period has in an educational program (or with none
    recorded), by direction.

    Kept by the database's own triggers (migration 0004_program_counts) like PartnerCount: the
    report's table by program reads one row per period and program instead of every mobility
    of the period (five academic years at 100,000 mobilities read all 100,000 in 30-75 ms).
    Written from Python only by `manage.py recount`; a row may hold only zeros.
    """

    period = models.ForeignKey(
        AcademicPeriod, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    # Null for the mobilities with no program recorded, as on the application.
    program = models.ForeignKey(
        EducationalProgram,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    outgoing = models.IntegerField(default=0)
    incoming = models.IntegerField(default=0)

    class Meta:
        constraints = [
            # The triggers' upsert finds the row of a period and program through this index;
            # a plain unique (period, program) would let the rows without a program multiply.
            models.UniqueConstraint(
                F("period"),
                Coalesce(F("program"), Value(0)),
                name="one_count_per_period_and_program",
            )
        ]

    def __str__(self) -> str:
        return f"{self.period_id} {self.program_id}: {self.outgoing} {self.incoming}"


def report_pdf_path(instance: "ReportPdf", filename: str) -> str:
    # Generated files are private like the uploads: a random name, served only through a view.
    return f"reports/{uuid.uuid4().hex}.pdf"


class ReportPdfState(models.TextChoices):
    QUEUED = "queued", _("waiting for the worker")
    RUNNING = "running", _("being made")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")


class ReportPdf(models.Model):
    """One whole-report PDF asked for: its period and language, how far the worker got, and the
    file once it is made (or the error when making it failed)."""

    State = ReportPdfState

    # The period, as the report page's form has it (reports.periods.ReportPeriod).
    scope = models.CharField(_("report on"), max_length=10, choices=SCOPE_CHOICES)
    year = models.CharField(_("academic year"), max_length=9, blank=True)
    term = models.CharField(_("term"), max_length=10, choices=TERM_CHOICES, blank=True)
    calendar_year = models.PositiveSmallIntegerField(_("calendar year"), null=True, blank=True)
    year_to = models.CharField(_("to academic year"), max_length=9, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=DocumentLanguage.choices)
    # The mobilities in the period when it was asked for: what the time a PDF takes grows with.
    mobilities = models.PositiveIntegerField(_("mobilities"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("asked for by"),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=ReportPdfState.choices, default=ReportPdfState.QUEUED
    )
    steps_done = models.PositiveSmallIntegerField(_("steps done"), default=0)
    steps_total = models.PositiveSmallIntegerField(_("steps"), default=0)
    step = models.CharField(_("step"), max_length=100, blank=True)
    file = models.FileField(_("file"), upload_to=report_pdf_path, max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("asked for at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report PDF")
        verbose_name_plural = _("report PDFs")
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=ReportPdfState.values), name="report_pdf_state_known"
            ),
            # A finished PDF has its file; no other state has one (no half-written file).
            models.CheckConstraint(
                condition=Q(state=ReportPdfState.DONE, file__gt="")
                | (~Q(state=ReportPdfState.DONE) & Q(file="")),
                name="report_pdf_file_only_when_done",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period().slug} {self.language} ({self.state})"

    def period(self) -> ReportPeriod:
        return ReportPeriod(
            scope=self.scope,
            year=self.year,
            term=self.term,
            calendar_year=self.calendar_year,
            year_to=self.year_to,
        )

    @property
    def finished(self) -> bool:
        return self.state in (ReportPdfState.DONE, ReportPdfState.FAILED)

    @property
    def seconds_taken(self) -> float | None:
        if self.started_at is None or self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()

    def percent(self) -> int:
        if self.state == ReportPdfState.DONE:
            return 100
        if not self.steps_total:
            return 0
        return min(100, round(100 * self.steps_done / self.steps_total))

    def waiting_too_long(self, *, now: datetime) -> bool:
        return self.state == ReportPdfState.QUEUED and self.created_at < now - WORKER_LATE_AFTER

    def running_too_long(self, *, now: datetime) -> bool:
        return (
            self.state == ReportPdfState.RUNNING
            and self.started_at is not None
            and self.started_at < now - RUNNING_TOO_LONG
        )

    def download_name(self) -> str:
        return f"mobility-report-{self.period().slug}-{self.language.replace('+', '-')}.pdf"
