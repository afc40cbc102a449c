import uuid
from datetime import date
from decimal import Decimal
from typing import ClassVar, Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from agreements.models import (
    HOME_COUNTRY,
    AcademicPeriod,
    Agreement,
    Direction,
    EducationalProgram,
    Institution,
    MobilityType,
)
from core.choices import label_of
from core.search import folded_search_q, folded_text
from core.three_names import at_least_one_given
from documents.doclang import DocumentLanguage

from .iin import validate_iin
from .names import full_name_in, short_name_in, validate_cyrillic_name


class ParticipantKind(models.TextChoices):
    STUDENT = "student", _("student")
    TEACHER = "teacher", _("teacher")
    RESEARCHER = "researcher", _("researcher")


# The kind of mobility an agreement must cover for each kind of participant.
MOBILITY_TYPE_OF_KIND = {
    ParticipantKind.STUDENT: MobilityType.STUDY,
    ParticipantKind.TEACHER: MobilityType.TEACHING,
    ParticipantKind.RESEARCHER: MobilityType.RESEARCH,
}


class ApplicationRound(models.Model):
    """A call for applications: the period it is for, the dates it is open, who may apply.

    Its title is kept in Kazakh, Russian and English (title_kk, title_ru, title_en; see
    translation.py), at least one given; ``title`` reads the reader's language, falling back.
    """

    title = models.CharField(_("title"), max_length=200, blank=True)
    period = models.ForeignKey(
        AcademicPeriod,
        on_delete=models.PROTECT,
        related_name="rounds",
        verbose_name=_("academic period"),
    )
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.OUTGOING
    )
    participant_kinds = models.CharField(
        _("who may apply"),
        max_length=60,
        default=ParticipantKind.STUDENT,
        help_text=_("Students, teachers, researchers."),
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    notes = models.TextField(_("notes for applicants"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("application round")
        verbose_name_plural = _("application rounds")
        ordering = ["-opens_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="round_closes_after_it_opens",
                violation_error_message=_("A round must close on or after the day it opens."),
            ),
            models.CheckConstraint(
                condition=at_least_one_given("title"),
                name="round_has_a_title",
                violation_error_message=_(
                    "Give the round's title in at least one language: Kazakh, Russian or English."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.period})"

    def get_absolute_url(self) -> str:
        return reverse("applications:round_detail", args=[self.pk])

    @property
    def participant_kind_list(self) -> list[str]:
        return [kind.strip() for kind in self.participant_kinds.split(",") if kind.strip()]

    def get_participant_kinds_display(self) -> str:
        labels = dict(ParticipantKind.choices)
        return ", ".join(str(labels.get(kind, kind)) for kind in self.participant_kind_list)

    def is_open(self, *, on: date) -> bool:
        return self.opens_on <= on <= self.closes_on

    def mobility_types(self) -> list[str]:
        """The agreement's mobility types a partner must cover to take part in the round."""
        return [MOBILITY_TYPE_OF_KIND[kind] for kind in self.participant_kind_list]


class RoundPlace(models.Model):
    """A partner agreement taking part in a round, with the places it offers there."""

    round = models.ForeignKey(
        ApplicationRound, on_delete=models.CASCADE, related_name="places", verbose_name=_("round")
    )
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.PROTECT,
        related_name="round_places",
        verbose_name=_("agreement"),
    )
    places = models.PositiveSmallIntegerField(_("places"), null=True, blank=True)
    # A partner whose agreement does not qualify for the round takes part only by a recorded
    # decision of the office: why, who and when.
    override_reason = models.TextField(
        _("why it takes part although its agreement does not qualify"), blank=True
    )
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    override_at = models.DateTimeField(_("accepted on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partner in a round")
        verbose_name_plural = _("partners in a round")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "agreement"],
                name="one_place_row_per_agreement_and_round",
                violation_error_message=_("This agreement already takes part in the round."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement.partner} · {self.places or '—'}"

    @property
    def is_override(self) -> bool:
        return bool(self.override_reason)


class ApplicationState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    UNDER_REVIEW = "under_review", _("under review")
    RETURNED = "returned", _("returned for changes")
    RESUBMITTED = "resubmitted", _("resubmitted")
    APPROVED = "approved", _("approved")
    ORDER_ISSUED = "order_issued", _("order issued")
    AGREEMENT_SIGNED = "agreement_signed", _("agreement signed")
    IN_MOBILITY = "in_mobility", _("in mobility")
    COMPLETED = "completed", _("completed")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")

    # Groups of states, set below the class.
    NOT_STANDING_STATES: ClassVar[frozenset[str]]
    CLOSED_STATES: ClassVar[frozenset[str]]
    EDITABLE_BY_PARTICIPANT_STATES: ClassVar[frozenset[str]]
    UNDER_DECISION_STATES: ClassVar[frozenset[str]]
    WAITING_FOR_STAFF_STATES: ClassVar[frozenset[str]]
    PLANNED_STATES: ClassVar[frozenset[str]]
    PLACE_HOLDING_STATES: ClassVar[frozenset[str]]
    CURRICULUM_AGREED_STATES: ClassVar[frozenset[str]]
    AFTER_ORDER_STATES: ClassVar[frozenset[str]]
    TRANSCRIPT_STATES: ClassVar[frozenset[str]]


# The groups of states every rule about them reads; named once, here. Set after the class: its
# members exist only once it is made, and an enum would take a group set in its body for a member.
S = ApplicationState
# Rejected or withdrawn: the application no longer stands.
ApplicationState.NOT_STANDING_STATES = frozenset({S.REJECTED, S.WITHDRAWN})
ApplicationState.CLOSED_STATES = ApplicationState.NOT_STANDING_STATES | {S.COMPLETED}
ApplicationState.EDITABLE_BY_PARTICIPANT_STATES = frozenset({S.DRAFT, S.RETURNED})
# While the office decides, what it decides on must not move under it.
ApplicationState.UNDER_DECISION_STATES = frozenset({S.SUBMITTED, S.RESUBMITTED, S.UNDER_REVIEW})
ApplicationState.WAITING_FOR_STAFF_STATES = ApplicationState.UNDER_DECISION_STATES | {
    S.APPROVED,
    S.ORDER_ISSUED,
}
# Approved and not yet gone: the reports' planned mobilities.
ApplicationState.PLANNED_STATES = frozenset({S.APPROVED, S.ORDER_ISSUED, S.AGREEMENT_SIGNED})
# From approval on, an application holds one of the agreement's places; the reports count
# these as mobilities.
ApplicationState.PLACE_HOLDING_STATES = ApplicationState.PLANNED_STATES | {
    S.IN_MOBILITY,
    S.COMPLETED,
}
# From approval until the mobility ends, the approved curriculum is the agreed one.
ApplicationState.CURRICULUM_AGREED_STATES = ApplicationState.PLANNED_STATES | {S.IN_MOBILITY}
ApplicationState.AFTER_ORDER_STATES = frozenset({S.ORDER_ISSUED, S.AGREEMENT_SIGNED, S.IN_MOBILITY})
# Once the mobility has begun, the host's transcript can be recorded.
ApplicationState.TRANSCRIPT_STATES = frozenset({S.IN_MOBILITY, S.COMPLETED})
del S


def order_scan_path(instance: "Order", filename: str) -> str:
    # As for documents: the user's file name is kept only as a label; the stored name is random.
    return f"orders/{uuid.uuid4().hex}"


class Order(models.Model):
    """The rector's order sending (or admitting) a group of participants for academic mobility.

    It lists the approved applications it is issued for; each of them holds it from then on.
    """

    number = models.CharField(_("order number"), max_length=40)
    date = models.DateField(_("order date"))
    # The language the order is printed in unless another is chosen when printing.
    language = models.CharField(
        _("language of the order"), max_length=10, choices=DocumentLanguage.choices, blank=True
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # The scan of the signed order; each listed application's order document holds a copy.
    scan = models.FileField(
        _("scan of the signed order"), upload_to=order_scan_path, max_length=200, blank=True
    )
    scan_name = models.CharField(max_length=255, blank=True, editable=False)
    scan_content_kind = models.CharField(max_length=10, blank=True, editable=False)
    scan_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    scan_uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    scan_uploaded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"],
                name="unique_order_number",
                violation_error_message=_(
                    "An order with this number already exists; give the new order its own number."
                ),
            ),
        ]

    def __str__(self) -> str:
        return _("Order No. %(number)s") % {"number": self.number}

    def get_absolute_url(self) -> str:
        return reverse("applications:order_detail", args=[self.pk])

    @property
    def has_scan(self) -> bool:
        return bool(self.scan)


# What a search for applications looks in (core/search.py).
SEARCHED_FIELDS = (
    "last_name",
    "first_name",
    "last_name_cyrillic",
    "first_name_cyrillic",
    "patronymic",
    "email",
)


class ApplicationQuerySet(models.QuerySet):
    def for_list(self) -> Self:
        return self.select_related("partner", "period", "program", "participant")

    def owned_by(self, user) -> Self:
        return self.filter(participant=user)

    def search(self, text: str) -> Self:
        """Every word in a participant's name (Latin or Cyrillic, any case, transliterated) or
        e-mail; or the exact reference."""
        text = text.strip()
        if not text:
            return self
        # The names' fold is kept in a column of its own (a trigram index serves it on
        # PostgreSQL); references are stored in capitals, so the unique index finds one.
        return self.filter(
            folded_search_q(text, "search_fold", SEARCHED_FIELDS) | Q(reference=text.upper())
        )

    def open(self) -> Self:
        return self.exclude(state__in=ApplicationState.CLOSED_STATES)

    def active(self) -> Self:
        """Not archived: the office's working lists show these."""
        return self.filter(archived_at__isnull=True)

    def archived(self) -> Self:
        return self.filter(archived_at__isnull=False)

    def holding_places(self) -> Self:
        return self.filter(state__in=ApplicationState.PLACE_HOLDING_STATES)

    def domestic(self) -> Self:
        return self.filter(partner__country=HOME_COUNTRY)

    def foreign(self) -> Self:
        return self.exclude(partner__country=HOME_COUNTRY)

    def awaiting_order(self) -> Self:
        """Approved and in no order yet: what the rector's next order may list."""
        return self.filter(state=ApplicationState.APPROVED, order__isnull=True)

    def waiting_for_staff(self) -> Self:
        return self.filter(state__in=ApplicationState.WAITING_FOR_STAFF_STATES)

    def staff_not_told(self) -> Self:
        """Submitted (or resubmitted) since the office was last told by e-mail."""
        return self.filter(submitted_at__isnull=False).filter(
            Q(staff_notified_at__isnull=True) | Q(staff_notified_at__lt=models.F("submitted_at"))
        )


def new_reference() -> str:
    return uuid.uuid4().hex[:10].upper()


class Application(models.Model):
    # The fold of every searched name (core.search.fold), computed by the database on each write:
    # a search reads it instead of folding every name of every row again.
    search_fold = models.GeneratedField(
        expression=folded_text(SEARCHED_FIELDS), output_field=models.TextField(), db_persist=True
    )
    reference = models.CharField(
        _("reference"), max_length=20, unique=True, default=new_reference, editable=False
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="mobility_applications",
        null=True,
        blank=True,
        verbose_name=_("participant's account"),
        help_text=_("Empty for an incoming participant without an account here."),
    )
    # The name as in the passport, in Latin letters (older records may hold another script);
    # English documents use it. Kazakh and Russian documents use the name as in the national
    # ID, in Cyrillic, with the patronymic. `name_in(language)` chooses.
    first_name = models.CharField(
        _("first name (Latin letters)"),
        max_length=150,
        help_text=_("As in the passport; without a passport, as the name is written in Latin."),
    )
    last_name = models.CharField(
        _("last name (Latin letters)"),
        max_length=150,
        help_text=_("As in the passport; without a passport, as the name is written in Latin."),
    )
    first_name_cyrillic = models.CharField(
        _("first name (Cyrillic)"),
        max_length=150,
        blank=True,
        validators=[validate_cyrillic_name],
        help_text=_("As in the identity card, for documents in Kazakh and Russian."),
    )
    last_name_cyrillic = models.CharField(
        _("last name (Cyrillic)"),
        max_length=150,
        blank=True,
        validators=[validate_cyrillic_name],
        help_text=_("As in the identity card, for documents in Kazakh and Russian."),
    )
    patronymic = models.CharField(
        _("patronymic (Cyrillic)"),
        max_length=150,
        blank=True,
        validators=[validate_cyrillic_name],
        help_text=_("As in the identity card, where there is one."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    participant_kind = models.CharField(
        _("participant"),
        max_length=12,
        choices=ParticipantKind.choices,
        default=ParticipantKind.STUDENT,
    )
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    partner = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("partner"),
        help_text=_("The host for an outgoing mobility; the home institution for an incoming one."),
    )
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("agreement"),
    )
    period = models.ForeignKey(
        AcademicPeriod,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("academic period"),
    )
    round = models.ForeignKey(
        ApplicationRound,
        on_delete=models.PROTECT,
        related_name="applications",
        null=True,
        blank=True,
        verbose_name=_("round"),
    )
    program = models.ForeignKey(
        EducationalProgram,
        on_delete=models.PROTECT,
        related_name="applications",
        null=True,
        blank=True,
        verbose_name=_("educational program"),
    )
    year_of_study = models.PositiveSmallIntegerField(
        _("year of study"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(7)],
    )
    language_of_instruction = models.CharField(
        _("language of instruction"), max_length=60, blank=True
    )
    state = models.CharField(
        _("state"), max_length=20, choices=ApplicationState.choices, default=ApplicationState.DRAFT
    )
    # Raised by every workflow step: a step sent for an older version is refused, which makes a
    # double click or two staff acting at once harmless.
    version = models.PositiveIntegerField(default=1, editable=False)
    # The last time the participant (re)submitted it: the office's queue waits from here.
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    # When the office was last told of a submission; behind `submitted_at`, a digest is due.
    staff_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The language the participant uses the app in; their e-mails are written in it.
    language = models.CharField(
        _("language of the e-mails"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        editable=False,
    )
    # The rector's order that lists this application; an application is in at most one.
    order = models.ForeignKey(
        "Order",
        on_delete=models.PROTECT,
        related_name="applications",
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("order"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # A closed application is archived, never deleted: it leaves the office's working list and
    # stays whole (documents, history, transcripts), in the reports too.
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True, editable=False)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("archived by"),
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("mobility application")
        verbose_name_plural = _("mobility applications")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["state", "period"]),
            # The office's list: newest first, a page at a time, without sorting the register.
            models.Index(fields=["-created_at", "-id"], name="application_newest_first"),
            # Its counts by state (and direction) over the working, not archived, applications.
            models.Index(
                fields=["state", "direction"],
                condition=Q(archived_at__isnull=True),
                name="application_active_state",
            ),
            # The reports: a period's mobilities found by period and state, and every column
            # they count by (and the id, for the joins to transcripts) in the index itself, so
            # the figures are read from the index alone: the period's rows, not the register's.
            models.Index(
                fields=[
                    "period",
                    "state",
                    "direction",
                    "participant_kind",
                    "partner",
                    "program",
                    "id",
                ],
                name="application_report",
            ),
        ]
        # Reports read every mobility; staff and the registrar hold this, students never do.
        permissions = [("view_mobility_report", _("Can see the mobility reports"))]
        constraints = [
            models.CheckConstraint(
                # Sorted: Django compares conditions in iteration order, and a set's order may
                # change from one run to the next, which would ask for a new migration.
                condition=Q(archived_at__isnull=True)
                | Q(state__in=sorted(ApplicationState.CLOSED_STATES)),
                name="only_closed_applications_archived",
                violation_error_message=_(
                    "Only a completed, rejected or withdrawn application can be archived."
                ),
            ),
            models.CheckConstraint(
                condition=Q(archived_at__isnull=False) | Q(archived_by__isnull=True),
                name="archived_by_only_when_archived",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.full_name} → {self.partner}"

    def get_absolute_url(self) -> str:
        return reverse("applications:detail", args=[self.pk])

    # Each translates one label, not every choice (core/choices.py): the lists call them per row.
    # Django keeps a get_FOO_display the class defines; django-stubs' plugin declares its own
    # anyway, hence the ignores: the override is deliberate.
    def get_state_display(self) -> str:  # type: ignore[no-redef]
        return label_of(ApplicationState, self.state)

    def get_direction_display(self) -> str:  # type: ignore[no-redef]
        return label_of(Direction, self.direction)

    def get_participant_kind_display(self) -> str:  # type: ignore[no-redef]
        return label_of(ParticipantKind, self.participant_kind)

    def _names(self) -> dict[str, str]:
        return {
            "last_name": self.last_name,
            "first_name": self.first_name,
            "last_name_cyrillic": self.last_name_cyrillic,
            "first_name_cyrillic": self.first_name_cyrillic,
            "patronymic": self.patronymic,
        }

    def name_in(self, language: str | None) -> str:
        """The full name for a document in `language`: kk and ru in Cyrillic with the
        patronymic ("Омарова Эльмира Серикқызы"), en in Latin ("Omarova Elmira"); the other
        form when one is missing."""
        return full_name_in(language, **self._names())

    def short_name_in(self, language: str | None) -> str:
        """ "Омарова Э." or "Omarova E.", chosen as `name_in` chooses."""
        return short_name_in(language, **self._names())

    @property
    def full_name(self) -> str:
        """The name in the language the page or document is read in."""
        return self.name_in(get_language())

    @property
    def passport_name(self) -> str:
        """ "Omarova Elmira": the name as in the passport, as English documents write it."""
        return self.name_in("en")

    @property
    def order_number(self) -> str:
        return self.order.number if self.order_id else ""

    @property
    def order_date(self) -> date | None:
        return self.order.date if self.order_id else None

    @property
    def is_domestic(self) -> bool:
        return self.partner.country.code == HOME_COUNTRY

    @property
    def is_closed(self) -> bool:
        return self.state in ApplicationState.CLOSED_STATES

    @property
    def is_editable_by_participant(self) -> bool:
        return self.state in ApplicationState.EDITABLE_BY_PARTICIPANT_STATES

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def may_be_deleted(self) -> bool:
        """Only a draft may be deleted; once it has left draft (submitted, or withdrawn as a
        draft), it and everything it holds are kept, and archived when closed."""
        return self.state == ApplicationState.DRAFT

    def required_document_kinds(self) -> list[str]:
        return DocumentKind.required_for(self.participant_kind)

    def participant_document_kinds(self) -> list[str]:
        return DocumentKind.provided_by_participant(self.participant_kind)


class ApplicationStateCount(models.Model):
    """How many applications are in a state, per direction, archived or not.

    Kept by the database's own triggers on applications_application (migration
    0013_state_counts), in the transaction of the write, whatever makes it (a service, the admin,
    bulk_create, an import, raw SQL): the office's list shows its counts without counting the
    register on every request. Written from Python only by `manage.py recount`, which counts
    them again; a row may hold 0."""

    state = models.CharField(max_length=20, choices=ApplicationState.choices)
    direction = models.CharField(max_length=10, choices=Direction.choices)
    archived = models.BooleanField()
    total = models.IntegerField(default=0)

    class Meta:
        constraints = [
            # The triggers' upsert finds the row of a state through this index.
            models.UniqueConstraint(
                fields=["state", "direction", "archived"], name="one_count_per_state"
            )
        ]

    def __str__(self) -> str:
        return f"{self.state} {self.direction} {self.archived}: {self.total}"


class DocumentKind(models.TextChoices):
    APPLICATION = "application", _("application")
    TRANSCRIPT = "transcript", _("transcript")
    CURRICULUM = "curriculum", _("individual curriculum")
    QUESTIONNAIRE = "questionnaire", _("questionnaire")
    ORDER = "order", _("order")
    TRIPARTITE = "tripartite", _("tripartite agreement")
    WORK_PLAN = "work_plan", _("individual work plan")
    STAFF_AGREEMENT = "staff_agreement", _("mobility agreement")

    @classmethod
    def required_for(cls, participant_kind: str) -> list[str]:
        """The documents of a registration, in the order of docs/mobility-office-practice.md."""
        if participant_kind == ParticipantKind.STUDENT:
            return [
                cls.APPLICATION,
                cls.TRANSCRIPT,
                cls.CURRICULUM,
                cls.QUESTIONNAIRE,
                cls.ORDER,
                cls.TRIPARTITE,
            ]
        return [cls.APPLICATION, cls.WORK_PLAN, cls.ORDER, cls.STAFF_AGREEMENT]

    @classmethod
    def provided_by_participant(cls, participant_kind: str) -> list[str]:
        """What the participant uploads before submitting; the office issues the rest."""
        if participant_kind == ParticipantKind.STUDENT:
            return [cls.APPLICATION, cls.TRANSCRIPT, cls.CURRICULUM, cls.QUESTIONNAIRE]
        return [cls.APPLICATION, cls.WORK_PLAN]


class DocumentState(models.TextChoices):
    MISSING = "missing", _("missing")
    UPLOADED = "uploaded", _("uploaded")
    ACCEPTED = "accepted", _("accepted")
    RETURNED = "returned", _("returned")


class Document(models.Model):
    """One of an application's registration documents; its files are kept in `versions`."""

    # PROTECT here and on the other parts of an application: deleting an application never
    # takes them silently; only `application_delete_draft` removes a draft's parts, by name.
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("document"), max_length=20, choices=DocumentKind.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=DocumentState.choices, default=DocumentState.MISSING
    )
    return_reason = models.TextField(_("reason for returning"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind"], name="one_document_of_each_kind"
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def is_present(self) -> bool:
        return self.state in {DocumentState.UPLOADED, DocumentState.ACCEPTED}


def document_path(instance: "DocumentFile", filename: str) -> str:
    # The user's file name is kept only as a label; the stored name is random.
    return f"documents/{uuid.uuid4().hex}"


class DocumentFile(models.Model):
    """One uploaded version of a document; a new upload adds a version, none is overwritten."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="versions")
    file = models.FileField(upload_to=document_path, max_length=200)
    original_name = models.CharField(max_length=255)
    content_kind = models.CharField(max_length=10)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("uploaded file")
        verbose_name_plural = _("uploaded files")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.original_name


class ApplicationEvent(models.Model):
    """One step of the workflow, or another change worth keeping in the application's history."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("action"), max_length=40)
    from_state = models.CharField(max_length=20, choices=ApplicationState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=ApplicationState.choices, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)

    LABELS = {
        "create": _("registered the application"),
        "edit": _("changed the application"),
        "questionnaire": _("saved the questionnaire"),
        "curriculum": _("changed the individual curriculum"),
        "curriculum_version": _("started a new version of the curriculum"),
        "curriculum_proposed": _("proposed a new version of the curriculum for approval"),
        "curriculum_approved": _("approved the individual curriculum"),
        "upload": _("uploaded a document"),
        "accept_document": _("accepted a document"),
        "return_document": _("returned a document"),
        "signature": _("recorded a signature"),
        "archive": _("archived the application"),
        "restore": _("took the application out of the archive"),
    }

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.application.reference}: {self.action}"

    @property
    def action_label(self) -> str:
        return str(self.LABELS.get(self.action, self.action))

    @property
    def author(self) -> str:
        if self.by is None:
            return str(_("the system"))
        return self.by.get_full_name() or self.by.get_username()


class Questionnaire(models.Model):
    """What the office asks on paper today, filled online."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="questionnaire"
    )
    date_of_birth = models.DateField(_("date of birth"))
    citizenship = CountryField(_("citizenship"))
    iin = models.CharField(
        _("IIN"),
        max_length=12,
        blank=True,
        validators=[validate_iin],
        help_text=_(
            "The individual identification number: 12 digits, in the identity card. "
            "Citizens of Kazakhstan write it."
        ),
    )
    # Asked before the application held it; the phone is now the application's.
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    address = models.TextField(_("home address"))
    id_document_number = models.CharField(
        _("passport or ID card number"),
        max_length=40,
        blank=True,
        help_text=_("A passport is needed for a mobility abroad."),
    )
    id_document_valid_until = models.DateField(_("valid until"), null=True, blank=True)
    languages = models.TextField(
        _("languages"), help_text=_("Each language you know with its level, e.g. English B2.")
    )
    emergency_contact_name = models.CharField(_("emergency contact"), max_length=200)
    emergency_contact_phone = models.CharField(_("emergency contact's phone"), max_length=50)
    motivation = models.TextField(_("motivation"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")

    def __str__(self) -> str:
        return str(self.application)


class CurriculumVersion(models.Model):
    """One version of the individual curriculum; a change during the mobility is a new version."""

    class Reason(models.TextChoices):
        INITIAL = "initial", _("first version")
        NOT_OFFERED = "not_offered", _("a discipline is not offered")
        TIMETABLE = "timetable", _("timetable clash")
        LANGUAGE = "language", _("language mismatch")
        SUBSTITUTE = "substitute", _("substitute discipline")
        EXTENSION = "extension", _("extension of the mobility")
        OTHER = "other", pgettext_lazy("reason", "other")

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        PROPOSED = "proposed", _("proposed")
        APPROVED = "approved", _("approved")

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="curriculum_versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    reason = models.CharField(
        _("reason"), max_length=12, choices=Reason.choices, default=Reason.INITIAL
    )
    reason_note = models.TextField(_("explanation"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("individual curriculum")
        verbose_name_plural = _("individual curricula")
        ordering = ["application", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "number"], name="unique_curriculum_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application.reference} v{self.number}"

    def totals(self, lines: list["CurriculumLine"] | None = None) -> dict[str, Decimal]:
        """The credits summed; `lines`, when the caller has read them already, spare a query."""
        lines = list(self.lines.all()) if lines is None else lines
        return {
            "host": sum((line.host_credits for line in lines), Decimal(0)),
            "home": sum((line.home_credits for line in lines), Decimal(0)),
        }


class CurriculumLine(models.Model):
    version = models.ForeignKey(CurriculumVersion, on_delete=models.PROTECT, related_name="lines")
    position = models.PositiveSmallIntegerField(default=0)
    host_code = models.CharField(_("host code"), max_length=40, blank=True)
    host_title = models.CharField(_("host discipline"), max_length=255)
    host_credits = models.DecimalField(
        _("host credits"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5"))],
    )
    term = models.CharField(_("term"), max_length=40, blank=True)
    home_code = models.CharField(_("home code"), max_length=40, blank=True)
    home_title = models.CharField(_("home discipline it replaces"), max_length=255)
    home_credits = models.DecimalField(
        _("home credits"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5"))],
    )

    # Lines are numbered again on every save; a line moving up when one above it is removed is
    # not a change of the curriculum.
    history = HistoricalRecords(excluded_fields=["position"])

    class Meta:
        verbose_name = _("curriculum line")
        verbose_name_plural = _("curriculum lines")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(host_credits__gt=0) & Q(home_credits__gt=0),
                name="curriculum_credits_positive",
                violation_error_message=_("Credits must be more than zero."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.host_title} → {self.home_title}"


class Signature(models.Model):
    """A party's signature of the tripartite (or staff mobility) agreement."""

    class Party(models.TextChoices):
        PARTICIPANT = "participant", _("participant")
        HOME = "home", _("our university")
        HOST = "host", _("host institution")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        SIGNED = "signed", _("signed")
        REFUSED = "refused", _("refused")

    class Method(models.TextChoices):
        PAPER = "paper", _("on paper")
        SCAN = "scan", _("scanned")

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="signatures"
    )
    party = models.CharField(_("party"), max_length=12, choices=Party.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    method = models.CharField(_("signed"), max_length=10, choices=Method.choices, blank=True)
    signed_on = models.DateField(_("date"), null=True, blank=True)
    reason = models.TextField(_("reason for refusing"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "party"], name="one_signature_per_party"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_party_display()}: {self.get_status_display()}"
