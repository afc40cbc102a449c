import uuid
from datetime import date, timedelta
from typing import Any, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Count, F, Func, Q, Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from core.choices import label_of
from core.search import FIELD_SEPARATOR, fold, folded_search_q, folded_text
from core.three_names import LANGUAGES, at_least_one_given, localized

# Our university's country, the one place it is written: partners there are domestic.
HOME_COUNTRY = "KZ"

NAME_MISSING = _("Give the name in at least one language: Kazakh, Russian or English.")
CITY_MISSING = _("Give the city in at least one language: Kazakh, Russian or English.")


def any_language(path: str, lookup: str, value: str) -> Q:
    """Matches a translated field (`name`, `partner__city`) in any of its languages."""
    q = Q()
    for language in settings.MODELTRANSLATION_LANGUAGES:
        q |= Q(**{f"{path}_{language}__{lookup}": value})
    return q


schac_code_validator = RegexValidator(
    regex=r"^[a-z0-9-]+(\.[a-z0-9-]+)+$",
    message=_(
        "Write the SCHAC code as the institution's internet domain in small letters, for "
        "example turiba.lv; an Erasmus code such as LV RIGA27 goes in its own field."
    ),
)


def _columns(field: str) -> list[str]:
    """A translated field's columns (agreements/translation.py): name_kk, name_ru, name_en."""
    return [f"{field}_{language}" for language in settings.MODELTRANSLATION_LANGUAGES]


# What a search looks in: the columns themselves, since a generated column (search_fold) names
# every one it reads, every language of a translated field.
INSTITUTION_SEARCHED_FIELDS = [
    *_columns("name"),
    "name_local",
    *_columns("city"),
    "code",
    "erasmus_code",
]
AGREEMENT_SEARCHED_FIELDS = ["number", "signatories"]


def _joined(parts: list[Any]) -> Any:
    """The parts concatenated as a balanced tree of pairs: Concat nests one pair in the next, and
    SQLite's parser overflows on the 17 parts of an institution's fold (with the table's
    constraints) when it rebuilds the table."""
    if len(parts) == 1:
        return parts[0]
    middle = len(parts) // 2
    return Concat(_joined(parts[:middle]), _joined(parts[middle:]), output_field=models.TextField())


def _folded_text(fields: list[str]) -> Func:
    """core.search.folded_text, balanced (see _joined)."""
    parts: list[Any] = []
    for field in fields:
        if parts:
            parts.append(Value(FIELD_SEPARATOR))
        parts.append(F(field))
    return Func(_joined(parts), function="mo_fold", output_field=models.TextField())


class InstitutionQuerySet(models.QuerySet):
    def partners(self) -> Self:
        return self.filter(is_home=False)

    def domestic(self) -> Self:
        return self.filter(country=HOME_COUNTRY)

    def foreign(self) -> Self:
        return self.exclude(country=HOME_COUNTRY)

    def search(self, text: str) -> Self:
        # Any case, Cyrillic or Latin, every language of a name (core/search.py), read from the
        # fold the database keeps (search_fold; a trigram index serves it on PostgreSQL).
        return self.filter(folded_search_q(text, "search_fold", INSTITUTION_SEARCHED_FIELDS))

    def in_city(self, text: str) -> Self:
        """Partners in the city of that name, in any of its languages, whatever the case."""
        text = text.strip()
        condition = any_language("city", "iexact", text)
        if fold(text):  # Алматы, АЛМАТЫ, Almaty: core/search.py
            condition |= any_language("city", "fold", fold(text))
        return self.filter(condition)

    def with_agreement_count(self) -> Self:
        return self.annotate(
            agreement_count=Count("agreements", filter=Q(agreements__archived_at__isnull=True))
        )


class Institution(models.Model):
    # The fold of every searched column (core.search.fold), computed by the database on each
    # write: a search reads it instead of folding every name of every row again.
    search_fold = models.GeneratedField(
        expression=_folded_text(INSTITUTION_SEARCHED_FIELDS),
        output_field=models.TextField(),
        db_persist=True,
    )
    # Name and city are kept in Kazakh, Russian and English (agreements/translation.py): `name`
    # reads the reader's language with its fallback; at least one language must be given.
    name = models.CharField(_("name"), max_length=255, blank=True)
    name_local = models.CharField(
        _("name in the local language"),
        max_length=255,
        blank=True,
        help_text=_(
            "As the institution writes it, for example Туриба or Antalya Bilim Üniversitesi."
        ),
    )
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True)
    # The SCHAC code is how EWP and EMREX name an institution (its internet domain); documents
    # exchanged with partners carry it, and their transcripts are matched by it.
    code = models.CharField(
        _("SCHAC code"),
        max_length=64,
        blank=True,
        validators=[schac_code_validator],
        help_text=_(
            "The institution's internet domain as Erasmus Without Paper names it, for "
            "example turiba.lv."
        ),
    )
    erasmus_code = models.CharField(
        _("Erasmus code"),
        max_length=20,
        blank=True,
        help_text=_("Only for institutions in Erasmus+, for example LV RIGA27."),
    )
    notes = models.TextField(_("internal notes"), blank=True)
    is_home = models.BooleanField(
        _("our university"),
        default=False,
        help_text=_("Marks the one institution that is our own university."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "search_fold"])
    objects = InstitutionQuerySet.as_manager()

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_home"],
                condition=Q(is_home=True),
                name="one_home_institution",
                violation_error_message=_("Another institution is already marked as ours."),
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=~Q(code=""),
                name="unique_institution_code",
                violation_error_message=_("Another institution already has this code."),
            ),
            models.UniqueConstraint(
                fields=["erasmus_code"],
                condition=~Q(erasmus_code=""),
                name="unique_institution_erasmus_code",
                violation_error_message=_("Another institution already has this Erasmus code."),
            ),
            models.CheckConstraint(
                condition=at_least_one_given("name"),
                name="institution_name_given",
                violation_error_message=NAME_MISSING,
            ),
            models.CheckConstraint(
                condition=at_least_one_given("city"),
                name="institution_city_given",
                violation_error_message=CITY_MISSING,
            ),
            models.UniqueConstraint(
                fields=["name", "country", "city"],
                name="unique_institution_name_place",
                violation_error_message=_(
                    "An institution with this name already exists in this city and country."
                ),
            ),
        ]
        # Lists sort partners (and agreements by partner) by the name in the reader's language:
        # with an index of that expression a page reads its rows in order instead of sorting all.
        indexes = [
            models.Index(localized("name", language), name=f"institution_name_{language}")
            for language in LANGUAGES
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("agreements:institution_detail", args=[self.pk])

    @property
    def is_domestic(self) -> bool:
        return self.country.code == HOME_COUNTRY


class Contact(models.Model):
    institution = models.ForeignKey(
        Institution,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("institution"),
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AgreementState(models.TextChoices):
    NOT_YET_IN_FORCE = "not_yet", _("not yet in force")
    IN_FORCE = "in_force", _("in force")
    EXPIRING = "expiring", _("expiring")
    EXPIRED = "expired", _("expired")
    ARCHIVED = "archived", _("archived")


def expiring_days() -> int:
    return settings.AGREEMENT_EXPIRING_DAYS


def state_of(
    *, valid_from: date, valid_until: date | None, archived: bool, on: date
) -> AgreementState:
    """The state of an agreement with these dates on the day (Agreement.state; the list reads
    the dates as values, without building the agreement)."""
    if archived:
        return AgreementState.ARCHIVED
    if valid_from > on:
        return AgreementState.NOT_YET_IN_FORCE
    if valid_until is None:
        return AgreementState.IN_FORCE
    if valid_until < on:
        return AgreementState.EXPIRED
    if valid_until <= on + timedelta(days=expiring_days()):
        return AgreementState.EXPIRING
    return AgreementState.IN_FORCE


class AgreementQuerySet(models.QuerySet):
    def active(self) -> Self:
        return self.filter(archived_at__isnull=True)

    def archived(self) -> Self:
        return self.filter(archived_at__isnull=False)

    def in_force(self, *, on: date) -> Self:
        """In force on the day, expiring ones included."""
        return self.active().filter(
            Q(valid_from__lte=on) & (Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        )

    def expiring(self, *, on: date, within_days: int | None = None) -> Self:
        days = expiring_days() if within_days is None else within_days
        return self.in_force(on=on).filter(valid_until__lte=on + timedelta(days=days))

    def in_state(self, state: str, *, on: date) -> Self:
        if state == AgreementState.ARCHIVED:
            return self.archived()
        if state == AgreementState.NOT_YET_IN_FORCE:
            return self.active().filter(valid_from__gt=on)
        if state == AgreementState.EXPIRED:
            return self.active().filter(valid_until__lt=on)
        if state == AgreementState.EXPIRING:
            return self.expiring(on=on)
        if state == AgreementState.IN_FORCE:
            return self.in_force(on=on).exclude(
                valid_until__lte=on + timedelta(days=expiring_days())
            )
        raise ValueError(f"Unknown agreement state {state!r}")

    def covering(
        self, *, direction: str, mobility_type: str, starts_on: date, ends_on: date
    ) -> Self:
        """Agreements in force for the whole of a period that cover this kind of mobility."""
        return (
            self.active()
            .filter(valid_from__lte=starts_on)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=ends_on))
            .filter(conditions__direction=direction, conditions__mobility_type=mobility_type)
            .distinct()
        )

    def search(self, text: str) -> Self:
        """Every word in the agreement's number or signatories, or in its partner's names, city
        or codes: each side's fold read from its own search_fold column."""
        partner_fields = [f"partner__{field}" for field in INSTITUTION_SEARCHED_FIELDS]
        condition = Q()
        for word in text.split():
            condition &= folded_search_q(
                word, "search_fold", AGREEMENT_SEARCHED_FIELDS
            ) | folded_search_q(word, "partner__search_fold", partner_fields)
        return self.filter(condition)


def signed_copy_path(instance: "Agreement", filename: str) -> str:
    # The user's file name never becomes a path: the stored name is random.
    return f"agreements/{uuid.uuid4().hex}.pdf"


class Agreement(models.Model):
    class Kind(models.TextChoices):
        AGREEMENT = "agreement", _("agreement")
        CONTRACT = "contract", _("contract")
        MEMORANDUM = "memorandum", _("memorandum")

    partner = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("partner"),
    )
    # As Institution.search_fold, of the agreement's own searched fields.
    search_fold = models.GeneratedField(
        expression=folded_text(AGREEMENT_SEARCHED_FIELDS),
        output_field=models.TextField(),
        db_persist=True,
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.AGREEMENT)
    number = models.CharField(_("number"), max_length=64)
    date_signed = models.DateField(_("date signed"), null=True, blank=True)
    signatories = models.TextField(
        _("signatories"), blank=True, help_text=_("Who signed, for each side; one per line.")
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Leave empty if open-ended.")
    )
    signed_copy = models.FileField(
        _("signed copy (PDF)"), upload_to=signed_copy_path, blank=True, max_length=200
    )
    notes = models.TextField(_("internal notes"), blank=True)
    # How Erasmus Without Paper names this agreement: our own identifier, never reused, and the
    # partner's identifier of its copy where known (each side names its copy its own way).
    iia_id = models.UUIDField(_("IIA identifier"), default=uuid.uuid4, unique=True, editable=False)
    partner_iia_id = models.CharField(
        _("partner's IIA identifier"),
        max_length=64,
        blank=True,
        help_text=_("How the partner's system identifies its copy (EWP iia-id), where known."),
    )
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "search_fold"])
    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-valid_from", "number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="agreement_valid_until_after_valid_from",
                violation_error_message=_("Valid until must be on or after valid from."),
            ),
            models.UniqueConstraint(
                fields=["partner", "number"],
                name="unique_agreement_number_per_partner",
                violation_error_message=_(
                    "This partner already has an agreement with this number. "
                    "Check the number, or open the existing agreement."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number} — {self.partner}"

    def get_absolute_url(self) -> str:
        return reverse("agreements:agreement_detail", args=[self.pk])

    def get_kind_display(self) -> str:  # type: ignore[no-redef]  # replaces Django's, on purpose
        # One label translated, not every choice (core/choices.py): the list shows one a row.
        return label_of(self.Kind, self.kind)

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def is_in_force(self, *, on: date) -> bool:
        if self.is_archived or self.valid_from > on:
            return False
        return self.valid_until is None or self.valid_until >= on

    def covers(self, *, direction: str, mobility_type: str, starts_on: date, ends_on: date) -> bool:
        if not (self.is_in_force(on=starts_on) and self.is_in_force(on=ends_on)):
            return False
        return any(
            condition.direction == direction and condition.mobility_type == mobility_type
            for condition in self.conditions.all()
        )

    def places_for(self, *, direction: str, mobility_type: str) -> int | None:
        """Places a year for this kind of mobility; None when the agreement sets no limit."""
        for condition in self.conditions.all():
            if condition.direction == direction and condition.mobility_type == mobility_type:
                return condition.places_per_year
        return None

    def state(self, *, on: date | None = None) -> AgreementState:
        return state_of(
            valid_from=self.valid_from,
            valid_until=self.valid_until,
            archived=self.is_archived,
            on=on or timezone.localdate(),
        )

    @property
    def current_state(self) -> AgreementState:
        return self.state()

    def days_left(self, *, on: date | None = None) -> int | None:
        if self.valid_until is None:
            return None
        return (self.valid_until - (on or timezone.localdate())).days


class Direction(models.TextChoices):
    OUTGOING = "outgoing", _("outgoing")
    INCOMING = "incoming", _("incoming")


class MobilityType(models.TextChoices):
    STUDY = "study", _("student study")
    TEACHING = "teaching", _("staff teaching")
    RESEARCH = "research", _("research")
    TRAINING = "training", _("staff training")
    TRAINEESHIP = "traineeship", _("student traineeship")


class StudyLevel(models.TextChoices):
    BACHELOR = "bachelor", _("bachelor")
    MASTER = "master", _("master")
    DOCTORAL = "doctoral", _("doctoral")


class CefrLevel(models.TextChoices):
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"


language_skills_validator = RegexValidator(
    regex=r"^\s*([a-z]{2,3}(\s+(A1|A2|B1|B2|C1|C2))?(\s*,\s*[a-z]{2,3}(\s+(A1|A2|B1|B2|C1|C2))?)*)?\s*$",
    message=_(
        "Write each language as its two-letter code with its CEFR level, separated by commas, "
        "for example de B1, fr A2."
    ),
)

academic_year_validator = RegexValidator(
    r"^\d{4}-\d{4}$", _("Write the academic year as two years, for example 2022-2023.")
)

isced_codes_validator = RegexValidator(
    regex=r"^\s*(\d{2,4}(\s*,\s*\d{2,4})*)?\s*$",
    message=_(
        "Write ISCED-F codes of two to four digits separated by commas, for example 1015, 1013."
    ),
)


class CooperationCondition(models.Model):
    """One direction and mobility type of an agreement, as Erasmus agreements structure them."""

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="conditions",
        verbose_name=_("agreement"),
    )
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    mobility_type = models.CharField(
        _("mobility type"), max_length=12, choices=MobilityType.choices
    )
    places_per_year = models.PositiveSmallIntegerField(
        _("places per academic year"),
        null=True,
        blank=True,
        help_text=_("Leave empty if the agreement does not limit places."),
    )
    months_per_year = models.DecimalField(
        _("months per year"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("For student mobility."),
    )
    days_per_year = models.PositiveSmallIntegerField(
        _("days per year"), null=True, blank=True, help_text=_("For staff mobility.")
    )
    subject_areas = models.CharField(
        _("subject areas (ISCED-F)"),
        max_length=200,
        blank=True,
        validators=[isced_codes_validator],
        help_text=_("ISCED-F codes separated by commas, for example 1015, 1013."),
    )
    study_levels = models.CharField(
        _("study levels"),
        max_length=60,
        blank=True,
        help_text=_("Bachelor, master, doctoral; empty means any."),
    )
    language = models.CharField(_("language of instruction"), max_length=60, blank=True)
    language_level = models.CharField(
        _("language level (CEFR)"), max_length=2, choices=CefrLevel.choices, blank=True
    )
    other_language_skills = models.CharField(
        _("other recommended languages"),
        max_length=200,
        blank=True,
        validators=[language_skills_validator],
        help_text=_("Language codes with CEFR levels, for example de B1, fr A2."),
    )
    first_academic_year = models.CharField(
        _("first academic year"),
        max_length=9,
        blank=True,
        validators=[academic_year_validator],
        help_text=_("Empty: from the year the agreement comes into force."),
    )
    last_academic_year = models.CharField(
        _("last academic year"),
        max_length=9,
        blank=True,
        validators=[academic_year_validator],
        help_text=_("Empty: up to the year the agreement ends."),
    )
    blended = models.BooleanField(
        _("blended mobility"),
        default=False,
        help_text=_("Students may combine the physical stay with a virtual part."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cooperation condition")
        verbose_name_plural = _("cooperation conditions")
        ordering = ["direction", "mobility_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "direction", "mobility_type"],
                name="one_condition_per_direction_and_type",
                violation_error_message=_(
                    "This agreement already has conditions for this direction and mobility type."
                ),
            ),
            models.CheckConstraint(
                condition=Q(months_per_year__isnull=True) | Q(months_per_year__gt=0),
                name="condition_months_positive",
                violation_error_message=_("Months per year must be more than zero."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} · {self.get_mobility_type_display()}"

    @property
    def study_level_list(self) -> list[str]:
        return [level.strip() for level in self.study_levels.split(",") if level.strip()]

    def get_study_levels_display(self) -> str:
        labels = dict(StudyLevel.choices)
        return ", ".join(str(labels.get(level, level)) for level in self.study_level_list)

    def clean(self) -> None:
        staff_types = {MobilityType.TEACHING, MobilityType.TRAINING}
        if self.mobility_type in staff_types and self.months_per_year is not None:
            raise ValidationError(
                {"months_per_year": _("Staff mobility is counted in days; use days per year.")}
            )
        student_types = {MobilityType.STUDY, MobilityType.TRAINEESHIP}
        if self.mobility_type in student_types and self.days_per_year is not None:
            raise ValidationError(
                {"days_per_year": _("Student mobility is counted in months; use months per year.")}
            )


class AcademicPeriod(models.Model):
    class Term(models.TextChoices):
        AUTUMN = "autumn", _("autumn")
        SPRING = "spring", _("spring")
        FULL_YEAR = "full_year", _("full year")

    academic_year = models.CharField(
        _("academic year"),
        max_length=9,
        validators=[
            RegexValidator(
                r"^\d{4}-\d{4}$", _("Write the academic year as two years, for example 2022-2023.")
            )
        ],
    )
    term = models.CharField(_("term"), max_length=10, choices=Term.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("academic period")
        verbose_name_plural = _("academic periods")
        ordering = ["-academic_year", "starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["academic_year", "term"],
                name="unique_academic_period",
                violation_error_message=_("This academic year already has this term."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="academic_period_ends_after_start",
                violation_error_message=_("A period must end on or after the day it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.academic_year}, {self.get_term_display()}"

    def get_term_display(self) -> str:  # type: ignore[no-redef]  # replaces Django's, on purpose
        # One label translated, not every choice (core/choices.py): lists show a period a row.
        return label_of(self.Term, self.term)

    @property
    def first_year(self) -> int:
        return int(self.academic_year[:4])

    def clean(self) -> None:
        if self.academic_year and len(self.academic_year) == 9 and self.academic_year[4] == "-":
            try:
                first, second = (int(part) for part in self.academic_year.split("-"))
            except ValueError:
                return
            if second != first + 1:
                raise ValidationError(
                    {
                        "academic_year": _(
                            "The second year must follow the first, for example 2022-2023."
                        )
                    }
                )

    @staticmethod
    def default_dates(academic_year: str, term: str) -> tuple[date, date]:
        """The usual dates of a term, for forms and imports that do not give them."""
        first = int(academic_year[:4])
        if term == AcademicPeriod.Term.AUTUMN:
            return date(first, 9, 1), date(first + 1, 1, 31)
        if term == AcademicPeriod.Term.SPRING:
            return date(first + 1, 2, 1), date(first + 1, 6, 30)
        return date(first, 9, 1), date(first + 1, 6, 30)


class EducationalProgram(models.Model):
    # In Kazakh, Russian and English (agreements/translation.py); at least one must be given.
    name = models.CharField(_("name"), max_length=200, blank=True)
    code = models.CharField(
        _("code"), max_length=20, unique=True, help_text=_("For example 6B11101.")
    )
    level = models.CharField(
        _("level"), max_length=10, choices=StudyLevel.choices, default=StudyLevel.BACHELOR
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("educational program")
        verbose_name_plural = _("educational programs")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=at_least_one_given("name"),
                name="educational_program_name_given",
                violation_error_message=NAME_MISSING,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ReceivedIia(models.Model):
    """A partner's EWP IIA document as staff uploaded it, kept whole: the compare page reads it
    (agreements/iia_read.py), and nothing staff uploaded is lost."""

    content = models.BinaryField(_("document"), editable=False)
    sha256 = models.CharField(max_length=64, db_index=True, editable=False)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    # The partners the document names (SCHAC codes), for lists and the admin's search.
    hei_ids = models.CharField(_("institutions named"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    # The agreement its values were last taken into, or that was created from it.
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="received_iias",
        verbose_name=_("agreement"),
    )

    class Meta:
        verbose_name = _("partner's IIA document")
        verbose_name_plural = _("partners' IIA documents")
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"),
                name="received_iia_sha256_hex",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name or f"IIA #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("agreements:iia_received", args=[self.pk])
