import secrets
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from agreements.models import Institution
from applications.models import Application
from core import files
from core.three_names import at_least_one_given, unique_per_language


class GradingScale(models.Model):
    """A scale of grades as an institution or a country writes them; data, never code.

    Its name is kept in Kazakh, Russian and English (name_kk, name_ru, name_en; see
    translation.py): at least one is given, and each is unique among the scales' names in its
    language. ``name`` reads the reader's language, falling back to the others.
    """

    name = models.CharField(_("name"), max_length=120, blank=True)
    country = CountryField(_("country"), blank=True)
    is_home = models.BooleanField(
        _("our scale"), default=False, help_text=_("The Kazakhstani letter scale used at home.")
    )
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("grading scale")
        verbose_name_plural = _("grading scales")
        ordering = ["-is_home", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_home"], condition=Q(is_home=True), name="one_home_scale"
            ),
            models.CheckConstraint(
                condition=at_least_one_given("name"),
                name="grading_scale_has_a_name",
                violation_error_message=_(
                    "Give the scale's name in at least one language: Kazakh, Russian or English."
                ),
            ),
            *unique_per_language(
                "name",
                prefix="grading_scale",
                message=_("Another grading scale has this name already; give a different one."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("transcripts:scale_detail", args=[self.pk])


class Grade(models.Model):
    """One grade of a scale, in the scale's order (best first)."""

    scale = models.ForeignKey(GradingScale, on_delete=models.CASCADE, related_name="grades")
    position = models.PositiveSmallIntegerField(pgettext_lazy("sequence", "position"), default=0)
    label = models.CharField(_("grade"), max_length=30)
    # In Kazakh, Russian and English (translation.py), each optional.
    description = models.CharField(_("meaning"), max_length=120, blank=True)
    numeric_value = models.DecimalField(
        _("numeric value"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    passing = models.BooleanField(_("passing"), default=True)
    pass_fail_only = models.BooleanField(
        _("pass/fail result"),
        default=False,
        help_text=_("A result without a grade (e.g. зачтено): credits count, the GPA does not."),
    )
    percent_min = models.DecimalField(
        _("from %"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    percent_max = models.DecimalField(
        _("to %"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    gpa_points = models.DecimalField(
        _("GPA points"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("For the home scale."),
    )

    # The order is how the scale lists its grades, not what they mean: moving a row is not a
    # change worth a history entry (a grade removed above would move every one below it).
    history = HistoricalRecords(excluded_fields=["position"])

    class Meta:
        verbose_name = _("grade")
        verbose_name_plural = _("grades")
        ordering = ["scale", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "label"], name="unique_grade_label_in_scale"),
            models.CheckConstraint(
                condition=Q(percent_min__isnull=True)
                | Q(percent_max__isnull=True)
                | Q(percent_max__gte=models.F("percent_min")),
                name="grade_percent_band_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.scale})"


class ConversionTable(models.Model):
    """How the grades of one scale become home grades; a partner may have its own table."""

    scale = models.ForeignKey(
        GradingScale,
        on_delete=models.PROTECT,
        related_name="conversion_tables",
        verbose_name=_("from scale"),
    )
    partner = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conversion_tables",
        verbose_name=_("partner"),
        help_text=_("Only for a table a partner agreed with us; empty for the country's table."),
    )
    # In Kazakh, Russian and English (translation.py); at least one is given.
    name = models.CharField(_("name"), max_length=160, blank=True)
    source = models.CharField(
        _("source"), max_length=255, blank=True, help_text=_("Where the correspondence comes from.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("conversion table")
        verbose_name_plural = _("conversion tables")
        ordering = ["scale", "partner", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["scale"],
                condition=Q(partner__isnull=True),
                name="one_general_table_per_scale",
            ),
            models.UniqueConstraint(
                fields=["scale", "partner"],
                condition=Q(partner__isnull=False),
                name="one_partner_table_per_scale",
            ),
            models.CheckConstraint(
                condition=at_least_one_given("name"),
                name="conversion_table_has_a_name",
                violation_error_message=_(
                    "Give the table's name in at least one language: Kazakh, Russian or English."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("transcripts:table_detail", args=[self.pk])


class ConversionRow(models.Model):
    table = models.ForeignKey(ConversionTable, on_delete=models.CASCADE, related_name="rows")
    grade = models.ForeignKey(
        Grade, on_delete=models.CASCADE, related_name="+", verbose_name=_("host grade")
    )
    home_grade = models.ForeignKey(
        Grade, on_delete=models.PROTECT, related_name="+", verbose_name=_("home grade")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("conversion row")
        verbose_name_plural = _("conversion rows")
        constraints = [
            models.UniqueConstraint(fields=["table", "grade"], name="one_row_per_grade"),
        ]

    def __str__(self) -> str:
        return f"{self.grade.label} → {self.home_grade.label}"


class CreditSystem(models.Model):
    """A credit system and the factor that turns its credits into home credits.

    Its name is kept in Kazakh, Russian and English (translation.py): at least one is given, each
    unique in its language. The shipped systems are found by their English name.
    """

    name = models.CharField(_("name"), max_length=80, blank=True)
    factor = models.DecimalField(
        _("factor to home credits"),
        max_digits=6,
        decimal_places=3,
        help_text=_("Home credits = host credits × factor. ECTS and Kazakhstani credits: 1."),
    )
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("credit system")
        verbose_name_plural = _("credit systems")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(factor__gt=0), name="credit_factor_positive"),
            models.CheckConstraint(
                condition=at_least_one_given("name"),
                name="credit_system_has_a_name",
                violation_error_message=_(
                    "Give the credit system's name in at least one language: Kazakh, Russian or "
                    "English."
                ),
            ),
            *unique_per_language(
                "name",
                prefix="credit_system",
                message=_("Another credit system has this name already; give a different one."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PartnerGrading(models.Model):
    """The scale and credit system a partner uses, where it differs from its country's."""

    partner = models.OneToOneField(
        Institution, on_delete=models.CASCADE, related_name="grading", verbose_name=_("partner")
    )
    scale = models.ForeignKey(
        GradingScale, on_delete=models.PROTECT, verbose_name=_("grading scale")
    )
    credit_system = models.ForeignKey(
        CreditSystem, on_delete=models.PROTECT, verbose_name=_("credit system")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partner's grading")
        verbose_name_plural = _("partners' grading")

    def __str__(self) -> str:
        return f"{self.partner}: {self.scale}, {self.credit_system}"


class DocumentSequence(models.Model):
    """The last number given to one series of documents, e.g. "CR-2026" (last 17: CR-2026-0017).

    An approval locks its series' row, takes the next number and commits or rolls back with it:
    concurrent approvals wait their turn rather than draw the same number, and a number is never
    skipped.
    """

    key = models.CharField(_("series"), max_length=40, unique=True)
    last = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("document number series")
        verbose_name_plural = _("document number series")

    def __str__(self) -> str:
        return f"{self.key}: {self.last}"


def new_verification_code() -> str:
    # 12 characters from an alphabet without look-alikes: about 60 bits, not guessable.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


def scan_path(instance: "TranscriptScan", filename: str) -> str:
    # The user's file name is kept only as a label; the stored name is random.
    return f"transcripts/{uuid.uuid4().hex}"


class Transcript(models.Model):
    """One version of a mobility's transcript and its recognition.

    For an outgoing mobility it is the host's transcript and how each line counts at home; for an
    incoming one it is our own record of what was studied here. A correction after approval is a
    new version; the earlier one stays readable, marked superseded.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", pgettext_lazy("transcript state", "approved")
        SUPERSEDED = "superseded", _("superseded")
        REVOKED = "revoked", _("revoked")

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="transcripts"
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    host_number = models.CharField(_("host transcript number"), max_length=60, blank=True)
    host_issued_on = models.DateField(_("issued by the host on"), null=True, blank=True)
    scale = models.ForeignKey(
        GradingScale, on_delete=models.PROTECT, related_name="+", verbose_name=_("grading scale")
    )
    credit_factor = models.DecimalField(
        _("credit factor"), max_digits=6, decimal_places=3, default=Decimal(1)
    )
    # The credit system's name when the transcript was made, in the three languages
    # (credit_system_name_kk/_ru/_en, translation.py): a later rename does not change it.
    credit_system_name = models.CharField(_("credit system"), max_length=80, blank=True)
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    number = models.CharField(_("document number"), max_length=40, blank=True)
    verification_code = models.CharField(
        max_length=16, unique=True, default=new_verification_code, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    revocation_reason = models.TextField(_("reason for revoking"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    # What the lines count at home, summed when the version is approved (its lines never change
    # after): the report's credits recognized then read one row per participant, not every line.
    credits_counted = models.DecimalField(
        _("credits counted"), max_digits=8, decimal_places=2, default=Decimal(0)
    )
    disciplines_counted = models.PositiveSmallIntegerField(_("disciplines counted"), default=0)

    class Meta:
        verbose_name = _("transcript")
        verbose_name_plural = _("transcripts")
        ordering = ["application", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "version"], name="unique_transcript_version"
            ),
            # Approving a correction supersedes the version it corrects in the same transaction:
            # a mobility has at most one transcript in force, so counting approved transcripts
            # counts participants.
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(state="approved"),
                name="one_approved_transcript_per_application",
            ),
            models.UniqueConstraint(
                fields=["number"], condition=~Q(number=""), name="unique_transcript_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application.reference} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("transcripts:detail", args=[self.pk])

    @property
    def is_locked(self) -> bool:
        return self.state != self.State.DRAFT

    @property
    def scan(self) -> "TranscriptScan | None":
        """The scanned original in use: the latest upload (the earlier ones are kept)."""
        return self.scans.first()

    @staticmethod
    def future_date_message(issued_on) -> str:
        return _(
            "The host cannot have issued its transcript on %(date)s, after today; give the date "
            "printed on the host's transcript."
        ) % {"date": date_format(issued_on, "SHORT_DATE_FORMAT")}

    def counted_at_home(self) -> tuple[Decimal, int]:
        """The home credits of the lines, and how many lines count any."""
        totals = self.lines.aggregate(
            credits=models.Sum("home_credits"),
            disciplines=models.Count("pk", filter=Q(home_credits__gt=0)),
        )
        return totals["credits"] or Decimal(0), totals["disciplines"]

    def clean(self) -> None:
        super().clean()
        if self.host_issued_on is not None and self.host_issued_on > timezone.localdate():
            raise ValidationError({"host_issued_on": self.future_date_message(self.host_issued_on)})


class TranscriptLine(models.Model):
    """A discipline as the host wrote it, and how it counts at home (computed, never typed).

    For an outgoing mobility, the home credits follow the approved individual curriculum: a line
    that records one of its disciplines counts the home credits agreed for it. Where the host's
    credits differ from the credits agreed, the registrar decides what counts (the agreed home
    credits, or the host's credits × the factor), and who decided and when is kept on the line.
    A line that records no agreed discipline counts the host's credits × the factor.
    """

    class CreditBasis(models.TextChoices):
        AGREED = "agreed", _("the home credits agreed in the individual curriculum")
        FACTOR = "factor", _("the host's credits × the factor")

    # A transcript is never deleted with its lines; only a draft's lines are replaced, by name.
    transcript = models.ForeignKey(Transcript, on_delete=models.PROTECT, related_name="lines")
    position = models.PositiveSmallIntegerField(default=0)
    host_code = models.CharField(_("code"), max_length=40, blank=True)
    host_title = models.CharField(_("discipline"), max_length=255)
    host_credits = models.DecimalField(_("credits"), max_digits=5, decimal_places=1)
    host_grade = models.ForeignKey(
        Grade, on_delete=models.PROTECT, related_name="+", verbose_name=_("grade")
    )
    home_code = models.CharField(_("home code"), max_length=40, blank=True)
    home_title = models.CharField(_("counts as"), max_length=255)
    # Computed by the recognition service from the grade, the table and the credit factor.
    home_credits = models.DecimalField(max_digits=6, decimal_places=2, default=Decimal(0))
    home_grade = models.ForeignKey(
        Grade, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    conversion_source = models.CharField(max_length=200, blank=True)
    # What the approved individual curriculum agreed for this discipline (empty: nothing agreed).
    agreed_host_credits = models.DecimalField(
        _("host credits agreed"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    agreed_home_credits = models.DecimalField(
        _("home credits agreed"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    curriculum_version = models.PositiveSmallIntegerField(
        _("curriculum version"), null=True, blank=True
    )
    credit_basis = models.CharField(
        _("credits counted"),
        max_length=10,
        choices=CreditBasis.choices,
        default=CreditBasis.FACTOR,
    )
    # The registrar's decision where the host's credits differ from the agreed ones.
    credit_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("credits decided by"),
    )
    credit_decided_at = models.DateTimeField(_("credits decided on"), null=True, blank=True)

    class Meta:
        verbose_name = _("transcript line")
        verbose_name_plural = _("transcript lines")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(host_credits__gt=0), name="transcript_line_credits_positive"
            ),
            models.CheckConstraint(
                condition=~Q(credit_basis="agreed") | Q(agreed_home_credits__isnull=False),
                name="transcript_line_agreed_basis_has_agreement",
            ),
            models.CheckConstraint(
                condition=Q(agreed_home_credits__isnull=True)
                | Q(agreed_host_credits__isnull=False, curriculum_version__isnull=False),
                name="transcript_line_agreement_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.host_title}: {self.host_grade.label}"

    @property
    def has_agreement(self) -> bool:
        """The approved individual curriculum agreed the credits of this discipline."""
        return self.agreed_home_credits is not None

    @property
    def credits_differ(self) -> bool:
        """The host's credits are not the host credits the curriculum agreed."""
        return self.has_agreement and self.host_credits != self.agreed_host_credits

    @property
    def source_label(self) -> str:
        if self.host_grade.pass_fail_only:
            return str(_("pass/fail: credits without a grade"))
        return self.conversion_source


class IssuedPdf(models.Model):
    """The PDF of a transcript exactly as it was issued, kept from its approval on.

    Rendering again later would not give the same document: names, grade labels and conversion
    tables can be edited after the approval. The public verification page offers this copy, so a
    reader compares a printed transcript with what was really issued. Kept in the database, it
    commits or rolls back with the approval and needs no file clean-up.
    """

    transcript = models.OneToOneField(
        Transcript, on_delete=models.PROTECT, primary_key=True, related_name="issued_pdf"
    )
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("issued PDF")
        verbose_name_plural = _("issued PDFs")
        constraints = [
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="issued_pdf_sha256_hex"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.transcript_id}: {self.sha256[:12]}"


class TranscriptScan(models.Model):
    """One upload of the scanned original of a transcript version.

    A new upload adds a scan and none is overwritten or deleted: the latest is the one in use,
    the earlier ones stay downloadable. A correction starts with the scan of the version it
    corrects (the same stored file, with who uploaded it and when).
    """

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        JPEG = "jpeg", "JPEG"
        PNG = "png", "PNG"

    transcript = models.ForeignKey(Transcript, on_delete=models.PROTECT, related_name="scans")
    file = models.FileField(_("file"), upload_to=scan_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_kind = models.CharField(_("kind"), max_length=4, choices=Kind.choices)
    size = models.PositiveBigIntegerField(_("size"))
    # Empty only for a scan stored before scans were versioned whose file was already gone.
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("scanned original")
        verbose_name_plural = _("scanned originals")
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(content_kind__in=["pdf", "jpeg", "png"]),
                name="transcript_scan_kind_known",
            ),
            models.CheckConstraint(
                condition=Q(sha256="") | Q(sha256__regex=r"^[0-9a-f]{64}$"),
                name="transcript_scan_sha256_hex",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name or self.file.name

    @property
    def content_type(self) -> str:
        return files.CONTENT_TYPES[self.content_kind]

    def download_name(self) -> str:
        transcript = self.transcript
        return (
            f"{transcript.application.reference}-host-transcript-v{transcript.version}"
            f"-scan{self.pk}.{files.extension(self.content_kind)}"
        )


def elmo_path(instance: "ElmoFile", filename: str) -> str:
    # As for scans: the partner's file name is kept only as a label; the stored name is random.
    return f"transcripts/{uuid.uuid4().hex}"


class ElmoFile(models.Model):
    """A partner's ELMO transcript of records as it was uploaded, kept with the transcript its
    courses filled (like the scanned original): every upload is kept, none is overwritten."""

    transcript = models.ForeignKey(Transcript, on_delete=models.PROTECT, related_name="elmo_files")
    file = models.FileField(_("file"), upload_to=elmo_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    # The registrar confirmed what did not match: the issuer as this mobility's partner, the
    # learner as its participant.
    issuer_confirmed = models.BooleanField(_("issuer confirmed by the registrar"), default=False)
    learner_confirmed = models.BooleanField(_("learner confirmed by the registrar"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("ELMO file")
        verbose_name_plural = _("ELMO files")
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="elmo_file_sha256_hex"
            ),
        ]

    def __str__(self) -> str:
        return self.original_name or str(self.file.name)

    def download_name(self) -> str:
        transcript = self.transcript
        return f"{transcript.application.reference}-elmo-v{transcript.version}-{self.pk}.xml"
