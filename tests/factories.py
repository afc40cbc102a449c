import datetime
from decimal import Decimal

import factory
from django.contrib.auth.models import Group, Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import EmailConfirmation
from agreements.models import (
    AcademicPeriod,
    Agreement,
    Contact,
    CooperationCondition,
    EducationalProgram,
    Institution,
)
from core import roles
from tests.files import jpeg_bytes, pdf_bytes, png_bytes
from transcripts.models import (
    ConversionRow,
    ConversionTable,
    CreditSystem,
    Grade,
    GradingScale,
    Transcript,
    TranscriptLine,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        # The role hook only adds groups; nothing to save again afterwards.
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.edu")
    password = factory.django.Password("demo-pass-123")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(role_group(extracted))

    @factory.post_generation
    def email_confirmed(self, create, extracted, **kwargs):
        # Confirmed unless the test says otherwise (email_confirmed=False): most tests are about
        # what a student does once their address is known.
        if create and extracted is not False and self.email:
            EmailConfirmation.objects.get_or_create(
                user=self, email=self.email, defaults={"confirmed_at": timezone.now()}
            )


def role_group(name: str) -> Group:
    """The role's group with its permissions, as the data migrations make it.

    A browser test's flush empties the groups (permissions come back by themselves), so the
    group is made again here rather than trusting what an earlier test left.
    """
    group, _created = Group.objects.get_or_create(name=name)
    for permission in roles.ROLE_PERMISSIONS[name]:
        app_label, codename = permission.split(".")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return group


def staff_user(**kwargs) -> User:
    return UserFactory(role=roles.STAFF, **kwargs)


def registrar_user(**kwargs) -> User:
    return UserFactory(role=roles.REGISTRAR, **kwargs)


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"Partner University {n}")
    country = "LV"
    city = "Riga"
    website = factory.Sequence(lambda n: f"https://partner{n}.example.edu")


class HomeInstitutionFactory(InstitutionFactory):
    """Our own university: only one may exist, so a second call returns the first."""

    class Meta:
        django_get_or_create = ("is_home",)

    name = "Our University"
    name_local = "Біздің университет"
    country = "KZ"
    city = "Almaty"
    is_home = True


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    institution = factory.SubFactory(InstitutionFactory)
    name = factory.Faker("name")
    position = "International relations officer"
    email = factory.Sequence(lambda n: f"contact{n}@partner.example.edu")
    phone = "+371 6700 0000"


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    partner = factory.SubFactory(InstitutionFactory)
    kind = Agreement.Kind.AGREEMENT
    number = factory.Sequence(lambda n: f"AM-{n:04d}")
    date_signed = datetime.date(2021, 5, 20)
    valid_from = datetime.date(2021, 6, 1)
    valid_until = datetime.date(2030, 5, 31)


class CooperationConditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CooperationCondition

    agreement = factory.SubFactory(AgreementFactory)
    direction = "outgoing"
    mobility_type = "study"
    places_per_year = 3
    months_per_year = 5
    subject_areas = "1015"
    study_levels = "bachelor"
    language = "English"
    language_level = "B2"


class AcademicPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AcademicPeriod
        django_get_or_create = ("academic_year", "term")

    academic_year = "2022-2023"
    term = AcademicPeriod.Term.SPRING
    starts_on = factory.LazyAttribute(
        lambda period: AcademicPeriod.default_dates(period.academic_year, period.term)[0]
    )
    ends_on = factory.LazyAttribute(
        lambda period: AcademicPeriod.default_dates(period.academic_year, period.term)[1]
    )


class EducationalProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EducationalProgram
        django_get_or_create = ("code",)

    name = "Tourism"
    code = factory.Sequence(lambda n: f"6B111{n:02d}")


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A student's outgoing application, saved directly: no checklist, signatures or curriculum."""

    class Meta:
        model = "applications.Application"

    participant = factory.SubFactory(UserFactory)
    first_name = factory.LazyAttribute(lambda application: application.participant.first_name)
    last_name = factory.LazyAttribute(lambda application: application.participant.last_name)
    email = factory.LazyAttribute(lambda application: application.participant.email)
    participant_kind = "student"
    direction = "outgoing"
    agreement = factory.SubFactory(AgreementFactory)
    partner = factory.LazyAttribute(lambda application: application.agreement.partner)
    period = factory.SubFactory(AcademicPeriodFactory)
    program = factory.SubFactory(EducationalProgramFactory)
    year_of_study = 2
    language_of_instruction = "English"
    created_by = factory.LazyAttribute(lambda application: application.participant)


class GradingScaleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GradingScale
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Test scale {n}")


class GradeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grade
        django_get_or_create = ("scale", "label")

    scale = factory.SubFactory(GradingScaleFactory)
    position = factory.Sequence(lambda n: n + 1)
    label = factory.Sequence(lambda n: f"G{n}")
    passing = True


class ConversionTableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConversionTable

    scale = factory.SubFactory(GradingScaleFactory)
    name = factory.LazyAttribute(lambda table: f"{table.scale.name} table")
    source = "test data"


class ConversionRowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConversionRow

    table = factory.SubFactory(ConversionTableFactory)
    grade = factory.SubFactory(GradeFactory, scale=factory.SelfAttribute("..table.scale"))
    home_grade = factory.LazyFunction(lambda: home_scale().grades.get(label="A"))


class CreditSystemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CreditSystem
        django_get_or_create = ("name",)

    name = "ECTS (test)"
    factor = Decimal(1)


# Our letter scale, as the migrations ship it: label, GPA points, percent band, meaning, passing.
HOME_GRADES = [
    ("A", "4.00", (95, 100), "excellent", True),
    ("A-", "3.67", (90, 94), "excellent", True),
    ("B+", "3.33", (85, 89), "good", True),
    ("B", "3.00", (80, 84), "good", True),
    ("B-", "2.67", (75, 79), "good", True),
    ("C+", "2.33", (70, 74), "good", True),
    ("C", "2.00", (65, 69), "satisfactory", True),
    ("C-", "1.67", (60, 64), "satisfactory", True),
    ("D+", "1.33", (55, 59), "satisfactory", True),
    ("D", "1.00", (50, 54), "satisfactory", True),
    ("FX", "0.50", (25, 49), "fail, re-sit allowed", False),
    ("F", "0.00", (0, 24), "fail", False),
]


def home_scale() -> GradingScale:
    """Our letter scale with every grade: the one the migrations ship when it is there (only one
    may be), made and completed otherwise (a browser test's flush empties it)."""
    scale = GradingScale.objects.filter(is_home=True).first() or GradingScaleFactory(
        name="Kazakhstan — letter scale", country="KZ", is_home=True
    )
    for position, (label, points, band, meaning, passing) in enumerate(HOME_GRADES, start=1):
        Grade.objects.get_or_create(
            scale=scale,
            label=label,
            defaults={
                "position": position,
                "description": meaning,
                "gpa_points": Decimal(points),
                "percent_min": Decimal(band[0]),
                "percent_max": Decimal(band[1]),
                "passing": passing,
            },
        )
    return scale


def home_grade(label: str) -> Grade:
    return home_scale().grades.get(label=label)


def scale_with_table(
    name: str, grades: list[tuple[str, str | None, bool]], *, table_name: str = ""
) -> GradingScale:
    """A partner's scale with its general conversion table: grades as (label, our grade or None
    for pass/fail only, passing), in order; made once, found again afterwards."""
    existing = GradingScale.objects.filter(name=name).first()
    if existing is not None:
        return existing
    home = home_scale()
    scale = GradingScaleFactory(name=name)
    table = ConversionTableFactory(scale=scale, name=table_name or f"{name} table")
    for position, (label, home_label, passing) in enumerate(grades, start=1):
        grade = GradeFactory(
            scale=scale,
            position=position,
            label=label,
            numeric_value=Decimal(label) if label.isdigit() else None,
            passing=passing,
            pass_fail_only=home_label is None,
        )
        if home_label is not None:
            ConversionRowFactory(
                table=table, grade=grade, home_grade=home.grades.get(label=home_label)
            )
    return scale


class TranscriptFactory(factory.django.DjangoModelFactory):
    """A transcript saved directly, without the service: for tests that only read one."""

    class Meta:
        model = Transcript

    application = factory.SubFactory(ApplicationFactory)
    version = factory.LazyAttribute(
        lambda transcript: Transcript.objects.filter(application=transcript.application).count() + 1
    )
    state = Transcript.State.APPROVED
    scale = factory.LazyFunction(home_scale)
    created_by = factory.SubFactory(UserFactory)


class TranscriptLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TranscriptLine

    transcript = factory.SubFactory(TranscriptFactory)
    position = factory.Sequence(lambda n: n)
    host_title = factory.LazyAttribute(lambda line: f"Discipline {line.position}")
    host_credits = Decimal(6)
    host_grade = factory.LazyAttribute(lambda line: passing_grade(line.transcript.scale))
    home_title = factory.LazyAttribute(lambda line: f"Home discipline {line.position}")
    home_credits = factory.SelfAttribute("host_credits")
    home_grade = factory.SelfAttribute("host_grade")


def passing_grade(scale: GradingScale) -> Grade:
    return scale.grades.filter(passing=True, pass_fail_only=False).first()


# Files and form data shared by the tests.

# Real files: uploads are opened to check them (tests/files.py has more, and broken ones).
PDF_BYTES = pdf_bytes()
PNG_BYTES = png_bytes()
JPEG_BYTES = jpeg_bytes()


def upload(name: str, content: bytes, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def formset_data(prefix: str, rows: list[dict], *, initial: int = 0) -> dict:
    """POST data of an inline formset: the management form and one block per row."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{index}-{name}"] = value
    return data


def covering_agreement(*, direction: str = "outgoing", mobility_type: str = "study", **kwargs):
    """An agreement in force for years that covers one direction and kind of mobility."""
    agreement = AgreementFactory(**kwargs)
    CooperationConditionFactory(
        agreement=agreement,
        direction=direction,
        mobility_type=mobility_type,
        months_per_year=5 if mobility_type == "study" else None,
        days_per_year=None if mobility_type == "study" else 10,
    )
    return agreement


def make_application(*, participant=None, by=None, agreement=None, period=None, **fields):
    """A registered application (documents, signatures and curriculum made by the service)."""
    from applications.models import Application
    from applications.services import application_create

    kind = fields.pop("participant_kind", "student")
    direction = fields.pop("direction", "outgoing")
    mobility_type = {"student": "study", "teacher": "teaching", "researcher": "research"}[kind]
    agreement = agreement or covering_agreement(direction=direction, mobility_type=mobility_type)
    period = period or AcademicPeriodFactory()
    by = by or participant or staff_user()
    application = Application(
        participant=participant,
        first_name=fields.pop("first_name", getattr(participant, "first_name", "") or "Aigul"),
        last_name=fields.pop("last_name", getattr(participant, "last_name", "") or "Omarova"),
        email=fields.pop("email", getattr(participant, "email", "") or "aigul@example.edu"),
        participant_kind=kind,
        direction=direction,
        agreement=agreement,
        partner=agreement.partner,
        period=period,
        program=fields.pop("program", None) or EducationalProgramFactory(),
        year_of_study=fields.pop("year_of_study", 2),
        **fields,
    )
    return application_create(application=application, by=by, on_behalf=True)


class QuestionnaireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applications.Questionnaire"

    date_of_birth = datetime.date(2003, 4, 5)
    citizenship = "KZ"
    phone = "+7 700 000 0000"
    address = "Almaty"
    id_document_number = "N1234567"
    id_document_valid_until = datetime.date(2031, 1, 1)
    languages = "English B2"
    emergency_contact_name = "Parent"
    emergency_contact_phone = "+7 700 000 0001"
    motivation = "To study hospitality abroad."


def bulk_register(rows: int, *, periods: int = 2) -> list:
    """`rows` applications in every state, both directions, every participant kind, at three
    partners (one at home, two abroad) over `periods` academic periods, in two programs and
    with none recorded, made at once by bulk_create: the register the counts kept by the
    database's triggers are checked against."""
    from agreements.models import HOME_COUNTRY
    from applications.models import Application, ApplicationState, ParticipantKind

    partners = [InstitutionFactory(country=country) for country in (HOME_COUNTRY, "LV", "TR")]
    agreements = [covering_agreement(partner=partner) for partner in partners]
    made = [
        AcademicPeriodFactory(academic_year=f"{2020 + year}-{2021 + year}")
        for year in range(periods)
    ]
    programs = [EducationalProgramFactory(), EducationalProgramFactory(), None]
    participant = UserFactory()
    states = [value for value, _label in ApplicationState.choices]
    kinds = ParticipantKind.values
    return Application.objects.bulk_create(
        ApplicationFactory.build(
            participant=participant,
            last_name=f"Surname{index}",
            agreement=agreements[index % 3],
            partner=agreements[index % 3].partner,
            period=made[index % periods],
            # Not in step with the partners, so that every program meets every partner.
            program=programs[index // 3 % 3],
            direction="incoming" if index % 4 == 0 else "outgoing",
            state=states[index % len(states)],
            participant_kind=kinds[index % len(kinds)],
        )
        for index in range(rows)
    )
