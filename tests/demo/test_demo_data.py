from collections import Counter

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from agreements.models import AcademicPeriod, Agreement, EducationalProgram, Institution
from applications.models import (
    Application,
    ApplicationEvent,
    ApplicationRound,
    CurriculumLine,
    CurriculumVersion,
    DocumentFile,
    DocumentState,
    Questionnaire,
    RoundPlace,
)
from core import roles
from tests.seed import SEED_CITIES, SEED_COUNTRIES
from transcripts import pdfs, selectors
from transcripts.models import (
    ConversionRow,
    ConversionTable,
    CreditSystem,
    Grade,
    GradingScale,
    Transcript,
    TranscriptLine,
)


def table_counts() -> dict[str, int]:
    return {
        "institutions": Institution.objects.count(),
        "agreements": Agreement.objects.count(),
        "programs": EducationalProgram.objects.count(),
        "periods": AcademicPeriod.objects.count(),
        "users": get_user_model().objects.count(),
        "rounds": ApplicationRound.objects.count(),
        "applications": Application.objects.count(),
        "events": ApplicationEvent.objects.count(),
        "files": DocumentFile.objects.count(),
        "questionnaires": Questionnaire.objects.count(),
        "curriculum lines": CurriculumLine.objects.count(),
        "transcripts": Transcript.objects.count(),
        "transcript lines": TranscriptLine.objects.count(),
        "history": sum(model.history.count() for model in HISTORY_KEPT),
    }


# The records that decide who goes and how grades count, each with its history.
HISTORY_KEPT = [
    ApplicationRound,
    RoundPlace,
    CurriculumVersion,
    CurriculumLine,
    GradingScale,
    Grade,
    ConversionTable,
    ConversionRow,
    CreditSystem,
]


def test_demo_holds_the_partners_in_11_countries_and_22_kazakhstani_universities(demo):
    partners = Institution.objects.partners()

    assert set(partners.foreign().values_list("country", flat=True)) == SEED_COUNTRIES
    assert partners.domestic().count() == 22
    assert set(partners.domestic().values_list("city", flat=True)) == SEED_CITIES
    assert Institution.objects.filter(is_home=True).count() == 1
    for name in [
        "Turiba University",
        "Antalya Bilim University",
        "Almaty Technological University",
        "Kazakh-American Free University",
        "Karaganda University of Kazpotrebsoyuz",
        "Toraigyrov University",
    ]:
        assert partners.filter(name=name).exists(), name


def test_demo_names_every_partner_city_and_program_in_kazakh_russian_and_english(demo):
    for partner in Institution.objects.all():
        names = [partner.name_kk, partner.name_ru, partner.name_en]
        cities = [partner.city_kk, partner.city_ru, partner.city_en]
        assert all(names) and all(cities), partner.name_en
    for program in EducationalProgram.objects.all():
        assert program.name_kk and program.name_ru and program.name_en, program.code
    east = Institution.objects.get(name_en="Kazakh-American Free University")
    assert (east.city_kk, east.city_ru, east.city_en) == (
        "Өскемен",
        "Усть-Каменогорск",
        "Ust-Kamenogorsk",
    )
    assert Institution.objects.get(name_en="Turiba University").name_ru == "Университет Туриба"
    hotel = EducationalProgram.objects.get(code="6B11101")
    assert hotel.name_ru == "Ресторанное дело и гостиничный бизнес"


def test_demo_has_agreements_in_every_state_programs_periods_and_accounts(demo):
    states = {agreement.current_state for agreement in Agreement.objects.all()}

    assert {"in_force", "expiring", "expired"} <= states
    assert set(EducationalProgram.objects.values_list("name", flat=True)) >= {
        "Restaurant and hotel business",
        "Tourism",
        "International Tourism",
    }
    years = set(AcademicPeriod.objects.values_list("academic_year", flat=True))
    assert years == {
        "2021-2022",
        "2022-2023",
        "2023-2024",
        "2024-2025",
        "2025-2026",
        "2026-2027",
    }
    # The login lockout watches every login, so authenticating needs the request it comes with.
    request = RequestFactory().post("/accounts/login/")
    staff = authenticate(request, username="staff", password="demo")
    registrar = authenticate(request, username="registrar", password="demo")
    student = authenticate(request, username="student", password="demo")
    assert staff.groups.filter(name=roles.STAFF).exists()
    assert registrar.groups.filter(name=roles.REGISTRAR).exists()
    assert not student.groups.exists()


def test_loading_the_demo_twice_changes_nothing(demo, capsys, media_files):
    before = table_counts()
    files = media_files()

    call_command("load_demo")

    assert table_counts() == before
    assert media_files() == files
    assert "nothing changed" in capsys.readouterr().out


def test_every_demo_record_that_decides_grades_or_places_has_a_history(demo):
    for model in HISTORY_KEPT:
        recorded = set(model.history.values_list("id", flat=True))
        missing = set(model.objects.values_list("pk", flat=True)) - recorded
        assert not missing, f"{model.__name__} without history: {sorted(missing)[:5]}"
    round_ = ApplicationRound.objects.get()
    created = round_.history.get(history_type="+")
    assert created.history_user.username == "staff"


def test_demo_holds_the_accounts_mobilities_walked_through_the_workflow(demo):
    applications = Application.objects.all()
    spring_2023 = applications.filter(period__academic_year="2022-2023", period__term="spring")

    turiba = applications.filter(partner__name="Turiba University", state="completed")
    assert sorted(turiba.values_list("last_name", "first_name")) == [
        ("Kabanova", "Svetlana"),
        ("Karibaeva", "Nazerke"),
        ("Zhakupova", "Gulnaz"),
    ]
    assert set(turiba.values_list("period__academic_year", "period__term")) == {
        ("2021-2022", "spring")
    }
    assert set(turiba.values_list("program__name", flat=True)) == {
        "Restaurant and hotel business",
        "Tourism",
        "International Tourism",
    }
    for application in turiba:
        assert application.questionnaire.citizenship == "KZ"
        version = application.curriculum_versions.get()
        assert version.state == "approved"
        assert version.totals() == {"host": 30, "home": 30}
        assert {document.state for document in application.documents.all()} == {
            DocumentState.ACCEPTED
        }
        assert application.signatures.filter(status="signed").count() == 3
        assert application.order_number
    # One rector's order lists the whole group, its signed scan kept on the order too.
    assert turiba.values("order").distinct().count() == 1
    order = turiba.first().order
    assert order.applications.count() == turiba.count() and order.scan

    antalya = spring_2023.filter(partner__name="Antalya Bilim University")
    assert sorted(antalya.values_list("last_name", "state", "program__name")) == [
        ("Omarova", "in_mobility", "Restaurant and hotel business"),
        ("Takambayeva", "in_mobility", "Tourism"),
    ]
    assert not antalya.filter(curriculum_versions__state="draft").exists()

    domestic = spring_2023.domestic().filter(direction="outgoing", state="in_mobility")
    assert Counter(domestic.values_list("partner__name", flat=True)) == {
        "Almaty Technological University": 5,
        "Kazakh-American Free University": 1,
        "Karaganda University of Kazpotrebsoyuz": 1,
        "Toraigyrov University": 1,
    }

    # Their transcripts are approved (see below), and approval completes the mobility.
    incoming = spring_2023.filter(direction="incoming", state="completed")
    assert incoming.count() == 43
    assert not incoming.filter(participant__isnull=False).exists()
    assert set(incoming.values_list("partner__city", flat=True)) == {
        "Almaty",
        "Uralsk",
        "Ust-Kamenogorsk",
    }
    assert sum(Counter(incoming.values_list("partner__city", flat=True)).values()) == 43


def test_demo_has_the_accounts_transcripts_approved_drafted_and_graded_here(demo):
    transcripts = Transcript.objects.filter(created_by__username="registrar")

    turiba = transcripts.filter(application__partner__name="Turiba University")
    assert turiba.count() == 3
    for transcript in turiba:
        assert transcript.state == Transcript.State.APPROVED
        assert transcript.approved_by.username == "registrar"
        assert transcript.scale.name == "Latvia — 10-point scale"
        assert transcript.number.startswith("CR-")
        assert transcript.host_number and transcript.host_issued_on
        assert transcript.application.state == "completed"
        totals = selectors.transcript_totals(transcript)
        assert (totals.host_credits, totals.home_credits, totals.lines) == (30, 30, 5)
        assert totals.gpa is not None
    assert pdfs.render(turiba.first()).startswith(b"%PDF-")

    antalya = transcripts.filter(application__partner__name="Antalya Bilim University")
    assert antalya.count() == 2
    for transcript in antalya:
        assert transcript.state == Transcript.State.DRAFT
        assert not transcript.number
        assert transcript.scale.name == "Turkey — AA–FF letter scale"
        assert (
            transcript.lines.count()
            == transcript.application.curriculum_versions.get().lines.count()
        )
        assert transcript.application.state == "in_mobility"

    incoming = transcripts.filter(
        application__direction="incoming",
        application__period__academic_year="2022-2023",
        application__period__term="spring",
    )
    assert incoming.count() == 43
    assert set(incoming.values_list("state", "scale__is_home")) == {("approved", True)}
    assert all(4 <= transcript.lines.count() <= 5 for transcript in incoming)
    letters = Counter(
        TranscriptLine.objects.filter(transcript__in=incoming).values_list(
            "home_grade__label", flat=True
        )
    )
    assert None not in letters and len(letters) >= 5
    assert sum(n for label, n in letters.items() if label[0] in "ABC") >= 0.9 * letters.total()
    period = incoming.first().application.period
    assert (
        selectors.batch_transcripts(period).filter(application__direction="incoming").count() == 43
    )


def test_demo_has_open_applications_in_every_state_one_of_them_the_students(demo):
    open_states = {
        "draft",
        "submitted",
        "under_review",
        "returned",
        "resubmitted",
        "approved",
        "order_issued",
        "agreement_signed",
        "rejected",
        "withdrawn",
    }
    current = Application.objects.filter(period__academic_year="2026-2027")
    assert set(current.values_list("state", flat=True)) == open_states

    mine = Application.objects.get(participant__username="student")
    assert mine.state == "returned"
    returned = mine.documents.get(state=DocumentState.RETURNED)
    assert returned.return_reason
    assert mine.events.filter(action="return_document", by__username="staff").exists()
    assert mine.events.filter(action="submit", by=mine.participant).exists()
    # The other demo students' accounts cannot be logged in to.
    others = (
        get_user_model()
        .objects.filter(mobility_applications__isnull=False)
        .exclude(username="student")
    )
    assert others.exists()
    assert not any(user.has_usable_password() for user in others)


def test_demo_data_refuses_to_load_with_debug_off(db, settings):
    settings.DEBUG = False
    # Other tests of this module may have the demo loaded around this one: nothing may change.
    before = table_counts()

    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("load_demo")

    assert table_counts() == before
