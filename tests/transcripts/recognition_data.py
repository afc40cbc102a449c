"""Scales, credit systems and mobilities for the recognition tests, made here rather than read
from the shipped data (which may or may not be in the test database).

The host scale is a partner's own (PartnerGrading), so the country scales a migration ships never
stand in for it. The home scale is tests.factories.home_scale(): the shipped one when it exists
(only one may), made and completed otherwise.
"""

from decimal import Decimal

from agreements.models import Institution
from applications.models import Application, ApplicationState, CurriculumLine
from applications.selectors import current_curriculum
from tests.factories import (
    CreditSystemFactory,
    InstitutionFactory,
    UserFactory,
    covering_agreement,
    home_grade,  # noqa: F401  (the recognition tests read it from here)
    home_scale,
    make_application,
    scale_with_table,
)
from transcripts import services
from transcripts.models import (
    CreditSystem,
    GradingScale,
    PartnerGrading,
    Transcript,
)

D = Decimal

# A partner's 10-point scale: label, its home grade (None: pass/fail only), passing.
HOST_GRADES = [
    ("10", "A", True),
    ("9", "A-", True),
    ("8", "B", True),
    ("7", "C", True),
    ("6", "C-", True),
    ("5", "D+", True),
    ("4", "D", True),
    ("3", "F", False),
    ("2", "F", False),
    ("1", "F", False),
    ("ieskaitīts", None, True),
    ("neieskaitīts", None, False),
]
HOST_SCALE = "Turiba University — 10-point scale (test)"
HOST_TABLE = "Turiba University table (test)"

# The individual curriculum: host code, title, credits, home code, home title.
CURRICULUM = [
    ("TUR101", "Tourism Marketing", "6", "MT2201", "Маркетинг в туризме"),
    ("TUR102", "Hotel Management", "6", "HM2202", "Гостиничный менеджмент"),
    ("TUR103", "Latvian Language", "3", "LG2203", "Иностранный язык"),
    ("TUR104", "Event Management", "4", "EM2204", "Организация мероприятий"),
    ("TUR105", "Research Seminar", "2", "RS2205", "Научный семинар"),
]
# The grades the host wrote for them: 9 (A-, 3.67), 8 (B, 3.00), 7 (C, 2.00), 3 (fail),
# ieskaitīts (pass without a grade). Host credits 21; counted 6 + 6 + 3 + 0 + 2 = 17;
# GPA = (3.67 × 6 + 3.00 × 6 + 2.00 × 3) / 15 = 46.02 / 15 = 3.068 → 3.07.
GRADES = ["9", "8", "7", "3", "ieskaitīts"]
TOTAL_HOST = D("21")
TOTAL_HOME = D("17")
GPA = D("3.07")


def host_scale() -> GradingScale:
    """The partner's 10-point scale with its general conversion table."""
    return scale_with_table(HOST_SCALE, HOST_GRADES, table_name=HOST_TABLE)


def credit_system(*, name: str = "ECTS (test)", factor: str = "1") -> CreditSystem:
    return CreditSystemFactory(name=name, factor=D(factor))


def outgoing_mobility(
    *,
    first_name: str = "Гүлназ",
    last_name: str = "Жақыпова",
    factor: str = "1",
    participant=None,
    partner=None,
    state: str = ApplicationState.IN_MOBILITY,
) -> Application:
    """A student's outgoing mobility under way, its curriculum filled, its partner's grading set."""
    if partner is None:
        partner = Institution.objects.filter(name="Turiba University", country="LV").first()
        partner = partner or InstitutionFactory(name="Turiba University", country="LV", city="Riga")
    participant = participant or UserFactory(first_name=first_name, last_name=last_name)
    application = make_application(
        participant=participant,
        agreement=covering_agreement(partner=partner),
        first_name=first_name,
        last_name=last_name,
    )
    PartnerGrading.objects.update_or_create(
        partner=partner,
        defaults={
            "scale": host_scale(),
            "credit_system": credit_system(name=f"Credits ×{factor} (test)", factor=factor),
        },
    )
    version = current_curriculum(application)
    for position, (code, title, credits, home_code, home_title) in enumerate(CURRICULUM, 1):
        CurriculumLine.objects.create(
            version=version,
            position=position,
            host_code=code,
            host_title=title,
            host_credits=D(credits),
            home_code=home_code,
            home_title=home_title,
            home_credits=D(credits),
        )
    Application.objects.filter(pk=application.pk).update(state=state)
    application.refresh_from_db()
    return application


def incoming_mobility(*, first_name: str = "Ayşe", last_name: str = "Yılmaz") -> Application:
    home_scale()
    partner = InstitutionFactory(name="Antalya Bilim University", country="TR", city="Antalya")
    application = make_application(
        participant=None,
        agreement=covering_agreement(partner=partner, direction="incoming"),
        direction="incoming",
        first_name=first_name,
        last_name=last_name,
        email="",
    )
    Application.objects.filter(pk=application.pk).update(state=ApplicationState.IN_MOBILITY)
    application.refresh_from_db()
    return application


def lines(grades: list[str] | None = None) -> list[dict]:
    """The curriculum's lines with the host's grades, as the form posts them."""
    grades = GRADES if grades is None else grades
    return [
        {
            "host_code": code,
            "host_title": title,
            "host_credits": D(credits),
            "grade": grade,
            "home_code": home_code,
            "home_title": home_title,
        }
        for (code, title, credits, home_code, home_title), grade in zip(
            CURRICULUM, grades, strict=True
        )
    ]


def recorded(application: Application, by, *, grades: list[str] | None = None) -> Transcript:
    transcript = services.transcript_start(application=application, by=by)
    return services.transcript_save_lines(transcript=transcript, lines=lines(grades), by=by)


def approved(application: Application, by, *, grades: list[str] | None = None) -> Transcript:
    return services.transcript_approve(transcript=recorded(application, by, grades=grades), by=by)


def approve_curriculum(application: Application, by, *, home_credits: dict | None = None):
    """Approves the mobility's individual curriculum, as approving the application does, with
    the home credits agreed per host code where given (the host credits stay the curriculum's)."""
    from django.utils import timezone

    version = current_curriculum(application)
    for code, credits in (home_credits or {}).items():
        version.lines.filter(host_code=code).update(home_credits=D(credits))
    version.state = version.State.APPROVED
    version.approved_by = by
    version.approved_at = timezone.now()
    version.save()
    return version
