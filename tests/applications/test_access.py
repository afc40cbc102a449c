"""Who may open which page of an application, and who may act on it.

Another student's application, its files and its PDFs answer 404, as if they did not exist, also
when the address is guessed; anonymous visitors go to the login page; the office's pages answer
403 to a student; the registrar reads applications but takes no step.
"""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications import selectors, services
from applications.models import (
    Application,
    ApplicationEvent,
    ApplicationRound,
    CurriculumLine,
    DocumentFile,
    Questionnaire,
    RoundPlace,
)
from tests.factories import (
    PDF_BYTES,
    AcademicPeriodFactory,
    QuestionnaireFactory,
    UserFactory,
    covering_agreement,
    formset_data,
    make_application,
    upload,
)

pytestmark = pytest.mark.django_db

STAFF_STEPS = ["start_review", "return", "approve", "reject", "start_mobility", "complete"]
PDF_NAMES = ["application", "questionnaire", "curriculum", "tripartite", "order"]


@pytest.fixture
def owner(db):
    return UserFactory(username="owner-student", first_name="Dana", last_name="Seitova")


@pytest.fixture
def owner_client(owner) -> Client:
    client = Client()
    client.force_login(owner)
    return client


@pytest.fixture
def application(owner):
    """The owner's draft in an open round: questionnaire, one curriculum line, a transcript."""
    agreement = covering_agreement()
    period = AcademicPeriodFactory()
    today = timezone.localdate()
    round_ = ApplicationRound.objects.create(
        title="Spring call",
        period=period,
        opens_on=today - timedelta(days=5),
        closes_on=today + timedelta(days=5),
    )
    RoundPlace.objects.create(round=round_, agreement=agreement, places=3)
    application = make_application(
        participant=owner, by=owner, agreement=agreement, period=period, round=round_
    )
    QuestionnaireFactory(application=application)
    services.curriculum_save_lines(
        version=selectors.current_curriculum(application),
        lines=[
            CurriculumLine(host_title="Marketing", host_credits=6, home_title="Mkt", home_credits=6)
        ],
        by=owner,
    )
    transcript = application.documents.get(kind="transcript")
    services.document_upload(document=transcript, upload=upload("t.pdf", PDF_BYTES), by=owner)
    return application


@pytest.fixture
def stored_file(application) -> DocumentFile:
    return DocumentFile.objects.get(document__application=application, document__kind="transcript")


def urls_of(application: Application, stored_file: DocumentFile) -> dict[str, str]:
    pk = application.pk
    document = application.documents.get(kind="transcript")
    order = application.documents.get(kind="order")
    version = selectors.current_curriculum(application)
    signature = application.signatures.get(party="participant")
    return {
        "detail": reverse("applications:detail", args=[pk]),
        "edit": reverse("applications:edit", args=[pk]),
        "questionnaire": reverse("applications:questionnaire", args=[pk]),
        "curriculum": reverse("applications:curriculum", args=[pk]),
        "curriculum_new": reverse("applications:curriculum_new", args=[pk]),
        "curriculum_approve": reverse("applications:curriculum_approve", args=[pk, version.pk]),
        "upload": reverse("applications:upload", args=[pk, document.pk]),
        "upload_order": reverse("applications:upload", args=[pk, order.pk]),
        "document_decide": reverse("applications:document_decide", args=[pk, document.pk]),
        "file": reverse("applications:file", args=[pk, stored_file.pk]),
        "order": reverse("applications:order", args=[pk]),
        "signature": reverse("applications:signature", args=[pk, signature.pk]),
        **{f"pdf_{name}": reverse("applications:pdf", args=[pk, name]) for name in PDF_NAMES},
        **{
            f"step_{action}": reverse("applications:step", args=[pk, action])
            for action in services.STEPS
        },
    }


# Pages of one application that its participant uses, by method.
PARTICIPANT_GET = ["detail", "edit", "questionnaire", "curriculum", "file"] + [
    f"pdf_{name}" for name in PDF_NAMES
]
PARTICIPANT_POST = ["edit", "questionnaire", "curriculum", "curriculum_new", "upload"] + [
    f"step_{action}" for action in services.STEPS
]
# Pages of one application that only the office uses.
OFFICE_ONLY = ["curriculum_approve", "document_decide", "order", "signature"]


def snapshot(application: Application) -> tuple:
    application.refresh_from_db()
    return (
        application.state,
        application.version,
        ApplicationEvent.objects.filter(application=application).count(),
        DocumentFile.objects.filter(document__application=application).count(),
        Questionnaire.objects.get(application=application).phone,
        CurriculumLine.objects.filter(version__application=application).count(),
    )


def post_data(name: str, application: Application) -> dict:
    """What a real form would send, so that only the access check can stop it."""
    if name == "curriculum":
        return formset_data(
            "lines",
            [
                {
                    "host_title": "Intrusion",
                    "host_credits": "5",
                    "home_title": "X",
                    "home_credits": "5",
                }
            ],
        )
    if name == "questionnaire":
        return {"phone": "+7 999", "date_of_birth": "2000-01-01", "citizenship": "KZ"}
    if name == "curriculum_new":
        return {"reason": "timetable", "note": "Clash"}
    if name == "upload":
        return {"file": upload("x.pdf", PDF_BYTES)}
    return {"version": application.version, "comment": "Because", "override_places": "on"}


# The owner and the office see it.


@pytest.mark.parametrize("name", PARTICIPANT_GET)
def test_the_owner_opens_every_page_and_download_of_their_application(
    name, application, stored_file, owner_client
):
    response = owner_client.get(urls_of(application, stored_file)[name])

    assert response.status_code == 200


def test_the_owner_downloads_their_file_under_a_safe_name(application, stored_file, owner_client):
    response = owner_client.get(urls_of(application, stored_file)["file"])

    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert (
        f"{application.reference}-transcript-{stored_file.pk}.pdf"
        in (response["Content-Disposition"])
    )


@pytest.mark.parametrize("name", ["detail", "curriculum", "file", "pdf_application"])
def test_the_registrar_reads_an_application(name, application, stored_file, registrar_client):
    response = registrar_client.get(urls_of(application, stored_file)[name])

    assert response.status_code == 200


def test_the_registrar_sees_the_list_but_no_step_to_take(
    application, stored_file, registrar_client
):
    Application.objects.filter(pk=application.pk).update(state="submitted")

    listing = registrar_client.get(reverse("applications:list"))
    detail = registrar_client.get(urls_of(application, stored_file)["detail"])

    assert listing.status_code == 200
    assert application.reference in listing.content.decode()
    assert detail.context["actions"] == []
    assert b"data-step=" not in detail.content


# A second student: 404 for everything of another's application.


@pytest.mark.parametrize("name", PARTICIPANT_GET)
def test_another_student_gets_404_for_every_page_and_download(
    name, application, stored_file, student_client
):
    response = student_client.get(urls_of(application, stored_file)[name])

    assert response.status_code == 404


@pytest.mark.parametrize("name", PARTICIPANT_POST)
def test_another_student_gets_404_for_every_change_and_nothing_changes(
    name, application, stored_file, student_client
):
    before = snapshot(application)

    response = student_client.post(
        urls_of(application, stored_file)[name], post_data(name, application)
    )

    assert response.status_code == 404
    assert snapshot(application) == before


def test_another_student_cannot_reach_a_file_by_guessing_its_address(
    application, stored_file, student, student_client
):
    mine = make_application(participant=student, by=student)
    guesses = [
        # Another's file under one's own application…
        reverse("applications:file", args=[mine.pk, stored_file.pk]),
        # …and every neighbour of it under the other application.
        *(
            reverse("applications:file", args=[application.pk, stored_file.pk + offset])
            for offset in (-1, 0, 1)
        ),
    ]

    for guess in guesses:
        assert student_client.get(guess).status_code == 404, guess


def test_another_students_own_application_pages_still_work(student, student_client):
    mine = make_application(participant=student, by=student)

    assert student_client.get(mine.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("name", OFFICE_ONLY)
def test_another_student_gets_403_for_the_office_pages(
    name, application, stored_file, student_client
):
    before = snapshot(application)
    url = urls_of(application, stored_file)[name]

    response = student_client.post(url, {"decision": "accept", "version": application.version})

    assert response.status_code == 403
    assert snapshot(application) == before


# Anonymous visitors go to the login page.


@pytest.mark.parametrize(
    "method,name",
    [("get", name) for name in PARTICIPANT_GET]
    + [("post", name) for name in PARTICIPANT_POST + OFFICE_ONLY],
)
def test_anonymous_visitors_are_sent_to_log_in(
    method, name, application, stored_file, anonymous_client
):
    before = snapshot(application)
    url = urls_of(application, stored_file)[name]

    response = getattr(anonymous_client, method)(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")
    assert snapshot(application) == before


@pytest.mark.parametrize(
    "path",
    [
        "/applications/",
        "/applications/mine/",
        "/applications/queue/",
        "/applications/new/",
        "/applications/rounds/",
        "/applications/rounds/new/",
        "/applications/incoming/new/",
        "/applications/incoming/import/",
    ],
)
def test_anonymous_visitors_are_sent_to_log_in_from_the_lists(path, anonymous_client):
    response = anonymous_client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


# The office's pages: 403 to a student, and to the registrar where they would act.

OFFICE_PAGES = [
    "/applications/",
    "/applications/queue/",
    "/applications/rounds/",
    "/applications/rounds/new/",
    "/applications/incoming/new/",
    "/applications/incoming/import/",
]
REGISTRAR_MAY_READ = {"/applications/", "/applications/rounds/"}


@pytest.mark.parametrize("path", OFFICE_PAGES)
def test_a_student_gets_403_from_the_office_pages(path, student_client):
    assert student_client.get(path).status_code == 403


def test_a_student_gets_403_from_a_rounds_pages(student_client):
    round_ = ApplicationRound.objects.create(
        title="Call", period=AcademicPeriodFactory(), opens_on=date.today(), closes_on=date.today()
    )

    assert student_client.get(round_.get_absolute_url()).status_code == 403
    assert student_client.get(f"/applications/rounds/{round_.pk}/edit/").status_code == 403


@pytest.mark.parametrize("path", OFFICE_PAGES)
def test_the_registrar_reads_the_lists_but_not_the_office_desk(path, registrar_client):
    expected = 200 if path in REGISTRAR_MAY_READ else 403

    assert registrar_client.get(path).status_code == expected


def test_the_registrar_cannot_confirm_an_import(registrar_client):
    response = registrar_client.post("/applications/incoming/import/confirm/", {"token": "x"})

    assert response.status_code == 403


@pytest.mark.parametrize(
    "name", [f"step_{action}" for action in services.STEPS] + OFFICE_ONLY + ["curriculum"]
)
def test_the_registrar_takes_no_step_and_changes_nothing(
    name, application, stored_file, registrar_client
):
    before = snapshot(application)

    response = registrar_client.post(
        urls_of(application, stored_file)[name],
        {**post_data(name, application), "decision": "accept"},
    )

    assert response.status_code == 403
    assert snapshot(application) == before


def test_the_registrar_cannot_start_a_curriculum_version(
    application, stored_file, registrar_client, staff
):
    services.curriculum_approve(version=selectors.current_curriculum(application), by=staff)
    before = application.curriculum_versions.count()

    response = registrar_client.post(
        urls_of(application, stored_file)["curriculum_new"],
        post_data("curriculum_new", application),
    )

    assert response.status_code == 403
    assert application.curriculum_versions.count() == before


@pytest.mark.parametrize("name", ["upload", "upload_order"])
def test_the_registrar_cannot_upload_a_document(name, application, stored_file, registrar_client):
    before = snapshot(application)

    response = registrar_client.post(
        urls_of(application, stored_file)[name], {"file": upload("x.pdf", PDF_BYTES)}
    )

    assert response.status_code in {302, 403}
    assert snapshot(application) == before


# A student on their own application: only the participant's steps.


@pytest.fixture
def submitted(application, owner):
    for document in application.documents.filter(
        kind__in=application.participant_document_kinds(), state="missing"
    ):
        services.document_upload(document=document, upload=upload("s.pdf", PDF_BYTES), by=owner)
    return services.application_submit(application=application, by=owner)


@pytest.mark.parametrize("action", STAFF_STEPS)
def test_a_student_cannot_take_the_offices_steps_on_their_own_application(
    action, submitted, stored_file, owner_client
):
    before = snapshot(submitted)

    response = owner_client.post(
        urls_of(submitted, stored_file)[f"step_{action}"],
        {"version": submitted.version, "comment": "Myself", "override_places": "on"},
    )

    assert response.status_code == 403
    assert snapshot(submitted) == before


@pytest.mark.parametrize("name", OFFICE_ONLY)
def test_a_student_cannot_use_the_offices_pages_on_their_own_application(
    name, submitted, stored_file, owner_client
):
    before = snapshot(submitted)

    response = owner_client.post(
        urls_of(submitted, stored_file)[name],
        {"decision": "accept", "version": submitted.version, "number": "1"},
    )

    assert response.status_code == 403
    assert snapshot(submitted) == before


def test_a_student_cannot_upload_the_order_the_office_issues(
    application, stored_file, owner_client
):
    before = snapshot(application)

    owner_client.post(
        urls_of(application, stored_file)["upload_order"], {"file": upload("o.pdf", PDF_BYTES)}
    )

    assert snapshot(application) == before
    assert application.documents.get(kind="order").state == "missing"


def test_the_student_may_withdraw_their_own_submitted_application(
    submitted, stored_file, owner_client
):
    response = owner_client.post(
        urls_of(submitted, stored_file)["step_withdraw"], {"version": submitted.version}
    )

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.state == "withdrawn"
