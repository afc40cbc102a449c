"""The application pages through the test client: what each person does, sees and is told.

The rules of each step are tested on the services (test_workflow.py); here the pages must carry
them: the forms, the messages, the e-mails and what is stored, or not stored, after each POST.
"""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from applications import services
from applications.models import (
    Application,
    ApplicationEvent,
    ApplicationRound,
    DocumentFile,
    Questionnaire,
    RoundPlace,
    Signature,
)
from tests.applications.test_workflow import fill_participant_side
from tests.factories import (
    PDF_BYTES,
    PNG_BYTES,
    AcademicPeriodFactory,
    EducationalProgramFactory,
    InstitutionFactory,
    covering_agreement,
    formset_data,
    make_application,
    upload,
)

pytestmark = pytest.mark.django_db

PARTICIPANT_DOCUMENTS = ["application", "transcript", "curriculum", "questionnaire"]


# Helpers: each does what one form of the pages does.


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def page_text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def questionnaire_data(**changes) -> dict:
    data = {
        "date_of_birth": "2003-04-05",
        "citizenship": "KZ",
        "phone": "+7 701 555 1234",
        "address": "Almaty, Abay avenue 10",
        "id_document_number": "N12345678",
        "id_document_valid_until": (timezone.localdate() + timedelta(days=900)).isoformat(),
        "languages": "English B2, Russian C2",
        "emergency_contact_name": "Gulnara Seitova",
        "emergency_contact_phone": "+7 701 555 0000",
        "motivation": "To study hospitality management abroad.",
    }
    data.update(changes)
    return data


def line(host: str, host_credits: str, home: str, home_credits: str, code: str = "") -> dict:
    return {
        "host_code": code,
        "host_title": host,
        "host_credits": host_credits,
        "term": "spring",
        "home_code": "",
        "home_title": home,
        "home_credits": home_credits,
    }


def upload_url(application: Application, kind: str) -> str:
    document = application.documents.get(kind=kind)
    return reverse("applications:upload", args=[application.pk, document.pk])


def step_url(application: Application, action: str) -> str:
    return reverse("applications:step", args=[application.pk, action])


def current_version(application: Application) -> int:
    return Application.objects.get(pk=application.pk).version


def accept_documents(application: Application, *, by) -> None:
    """Staff accept the participant's documents, which approving needs."""
    for document in application.documents.filter(
        kind__in=application.participant_document_kinds(), state="uploaded"
    ):
        services.document_accept(document=document, by=by)


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    """POSTs and follows the redirect, running what waits for the commit (the e-mails)."""

    def send(client, url, data=None, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data or {}, follow=True, **extra)

    return send


@pytest.fixture
def turiba(db):
    return InstitutionFactory(name="Turiba University", country="LV", city="Riga")


@pytest.fixture
def agreement(turiba):
    return covering_agreement(partner=turiba, number="TU-2021/05")


@pytest.fixture
def program(db):
    return EducationalProgramFactory(name="Tourism", code="6B11101")


@pytest.fixture
def open_round(agreement):
    today = timezone.localdate()
    round_ = ApplicationRound.objects.create(
        title="Spring semester abroad",
        period=AcademicPeriodFactory(),
        opens_on=today - timedelta(days=3),
        closes_on=today + timedelta(days=10),
    )
    RoundPlace.objects.create(round=round_, agreement=agreement, places=2)
    return round_


@pytest.fixture
def draft(student, open_round, agreement, program):
    """The student's draft, registered as the apply page registers it."""
    return make_application(
        participant=student,
        by=student,
        agreement=agreement,
        period=open_round.period,
        round=open_round,
        program=program,
    )


def fill_everything(client, post, application):
    """The participant's side through the pages: questionnaire, curriculum, four scans."""
    post(client, reverse("applications:questionnaire", args=[application.pk]), questionnaire_data())
    post(
        client,
        reverse("applications:curriculum", args=[application.pk]),
        formset_data(
            "lines",
            [
                line("Hotel management", "15", "Hotel business", "15", code="HM101"),
                line("Tourism marketing", "15", "Marketing in tourism", "15", code="TM202"),
            ],
        ),
    )
    for kind in PARTICIPANT_DOCUMENTS:
        post(client, upload_url(application, kind), {"file": upload(f"{kind}.pdf", PDF_BYTES)})


@pytest.fixture
def submitted(draft, student):
    """Submitted through the services: the pages that do it are walked through below."""
    fill_participant_side(draft, by=student)
    return services.application_submit(application=draft, by=student)


@pytest.fixture
def under_review(submitted, staff):
    return services.application_start_review(application=submitted, by=staff)


# Applying, the questionnaire and the curriculum


def test_a_student_applies_in_an_open_round_and_sees_the_new_application(
    student, student_client, open_round, agreement, program, post
):
    mine = student_client.get(reverse("applications:mine"))
    assert open_round.title in mine.content.decode()
    apply_url = reverse("applications:create") + f"?round={open_round.pk}"
    form = student_client.get(apply_url)
    assert list(form.context["form"].fields["agreement"].queryset) == [agreement]

    response = post(
        student_client,
        apply_url,
        {
            "agreement": agreement.pk,
            "program": program.pk,
            "year_of_study": "2",
            "language_of_instruction": "English",
            "phone": "+7 701 555 1234",
        },
    )

    application = Application.objects.get()
    assert response.redirect_chain[-1][0] == application.get_absolute_url()
    assert any("Your application was created" in text for text in messages_of(response))
    assert application.participant == student
    assert application.partner.name == "Turiba University"
    assert application.round == open_round
    assert application.state == "draft"
    assert application.documents.count() == 6
    mine = student_client.get(reverse("applications:mine"))
    assert application.reference in mine.content.decode()
    assert "Turiba University" in mine.content.decode()


def test_a_student_cannot_apply_in_a_closed_round(student_client, open_round, agreement, program):
    open_round.closes_on = timezone.localdate() - timedelta(days=1)
    open_round.opens_on = open_round.closes_on - timedelta(days=10)
    open_round.save()

    response = student_client.post(
        reverse("applications:create") + f"?round={open_round.pk}",
        {"agreement": agreement.pk, "program": program.pk, "year_of_study": "2"},
        follow=True,
    )

    assert not Application.objects.exists()
    assert any("round is closed" in text for text in messages_of(response))


def test_the_questionnaire_of_a_foreign_mobility_needs_the_passport_number(
    draft, student_client, post
):
    url = reverse("applications:questionnaire", args=[draft.pk])

    refused = post(student_client, url, questionnaire_data(id_document_number=""))

    assert refused.status_code == 200
    assert "passport" in " ".join(refused.context["form"].errors["id_document_number"])
    assert not Questionnaire.objects.exists()

    saved = post(student_client, url, questionnaire_data())

    assert saved.redirect_chain[-1][0] == draft.get_absolute_url()
    assert Questionnaire.objects.get(application=draft).id_document_number == "N12345678"
    assert draft.events.filter(action="questionnaire").exists()


# Uploads


def test_the_student_uploads_each_of_their_documents(draft, student, student_client, post):
    for kind in PARTICIPANT_DOCUMENTS:
        response = post(
            student_client, upload_url(draft, kind), {"file": upload(f"{kind}.pdf", PDF_BYTES)}
        )
        assert response.redirect_chain[-1][0] == draft.get_absolute_url()
        assert any("was uploaded" in text for text in messages_of(response))

    documents = {document.kind: document for document in draft.documents.all()}
    for kind in PARTICIPANT_DOCUMENTS:
        assert documents[kind].state == "uploaded"
        version = documents[kind].versions.get()
        assert version.uploaded_by == student
        assert version.original_name == f"{kind}.pdf"
    assert documents["order"].state == "missing"
    assert response.context["missing"] == []


def test_a_png_scan_is_accepted_too(draft, student_client, post):
    post(
        student_client,
        upload_url(draft, "transcript"),
        {"file": upload("scan.png", PNG_BYTES, "image/png")},
    )

    assert DocumentFile.objects.get().content_kind == "png"


@pytest.mark.parametrize(
    "name,content,expected",
    [
        ("transcript.pdf", b"#!/bin/sh\nrm -rf ~\n", "not a PDF / JPEG / PNG file"),
        ("transcript.pdf", b"", "empty"),
        ("transcript.pdf", b"%PDF-1.7\n" + b"0" * 400, "the limit is"),
    ],
    ids=["script-renamed-pdf", "empty", "over-size"],
)
def test_a_bad_upload_is_refused_with_a_message_and_leaves_no_row_and_no_file(
    name, content, expected, draft, student_client, post, settings, media_files
):
    settings.MAX_UPLOAD_SIZE = 300

    response = post(
        student_client, upload_url(draft, "transcript"), {"file": upload(name, content)}
    )

    assert any(expected in text for text in messages_of(response)), messages_of(response)
    assert not DocumentFile.objects.exists()
    assert media_files() == []
    assert draft.documents.get(kind="transcript").state == "missing"
    assert not draft.events.filter(action="upload").exists()


def test_a_file_name_with_parent_folders_is_stored_under_a_random_name_inside_media(
    draft, student_client, settings, media_files, tmp_path
):
    # The test client would strip the folders itself; send the name as a browser could.
    boundary = "----mobility-boundary"
    body = (
        (
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="file"; filename="../../etc/passwd.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + PDF_BYTES
        + f"\r\n--{boundary}--\r\n".encode()
    )

    response = student_client.post(
        upload_url(draft, "transcript"),
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
        follow=True,
    )

    assert any("was uploaded" in text for text in messages_of(response))
    stored = DocumentFile.objects.get()
    assert re.fullmatch(r"documents/[0-9a-f]{32}", stored.file.name)
    assert "/" not in stored.original_name
    assert ".." not in stored.original_name
    media = Path(settings.MEDIA_ROOT).resolve()
    assert Path(stored.file.path).resolve().parent == media / "documents"
    assert media_files() == [stored.file.name]
    assert not (tmp_path / "etc").exists()
    assert Path(stored.file.path).read_bytes() == PDF_BYTES

    download = student_client.get(reverse("applications:file", args=[draft.pk, stored.pk]))

    disposition = download["Content-Disposition"]
    assert ".." not in disposition
    assert "passwd" not in disposition
    assert f"{draft.reference}-transcript-{stored.pk}.pdf" in disposition
    assert b"".join(download.streaming_content) == PDF_BYTES


# The whole workflow, with the e-mail of each step


def test_the_whole_workflow_through_the_pages_with_an_email_at_each_step(
    student, student_client, staff, staff_client, open_round, agreement, program, post, mailoutbox
):
    def mailed(*, subject: str, contains: str = "") -> None:
        """Exactly one new e-mail to the student, whose subject says what happened."""
        to_student = [mail for mail in mailoutbox[sent:] if mail.to == [student.email]]
        assert len(to_student) == 1, [mail.subject for mail in mailoutbox[sent:]]
        mail = to_student[0]
        assert application.reference in mail.subject
        assert subject in mail.subject
        assert contains in mail.body

    apply_url = reverse("applications:create") + f"?round={open_round.pk}"
    post(
        student_client,
        apply_url,
        {"agreement": agreement.pk, "program": program.pk, "year_of_study": "3"},
    )
    application = Application.objects.get()
    fill_everything(student_client, post, application)
    assert mailoutbox == []  # filling the forms is not a step

    sent = len(mailoutbox)
    response = post(student_client, step_url(application, "submit"), {"version": 1})
    assert any("now submitted" in text for text in messages_of(response))
    mailed(subject="was submitted")
    to_office = [mail for mail in mailoutbox[sent:] if mail.to == [staff.email]]
    assert [mail.subject for mail in to_office] == [
        f"Application {application.reference} of {application.full_name} was submitted"
    ]

    # Staff review it, return a document with a reason, and return the application.
    queue = staff_client.get(reverse("applications:queue"))
    assert application.reference in queue.content.decode()
    sent = len(mailoutbox)
    post(staff_client, step_url(application, "start_review"), {"version": 2})
    mailed(subject="The office started to review your application")

    transcript = application.documents.get(kind="transcript")
    sent = len(mailoutbox)
    post(
        staff_client,
        reverse("applications:document_decide", args=[application.pk, transcript.pk]),
        {"decision": "return", "reason": "The scan is unreadable; scan it again."},
    )
    mailed(subject="was returned: transcript", contains="The scan is unreadable")
    transcript.refresh_from_db()
    assert transcript.state == "returned"

    sent = len(mailoutbox)
    post(
        staff_client,
        step_url(application, "return"),
        {"version": current_version(application), "comment": "Please fix the transcript."},
    )
    mailed(subject="was returned for changes", contains="Please fix the transcript.")

    # The student sees why, uploads the transcript again and resubmits.
    detail = student_client.get(application.get_absolute_url())
    text = page_text(detail)
    assert "The scan is unreadable; scan it again." in text
    assert "Please fix the transcript." in text
    assert [document.kind for document in detail.context["missing"]] == ["transcript"]
    refused = post(
        student_client, step_url(application, "resubmit"), {"version": current_version(application)}
    )
    assert any("cannot be submitted yet" in t for t in messages_of(refused))
    assert 'data-document="transcript"' in refused.content.decode()
    post(
        student_client,
        upload_url(application, "transcript"),
        {"file": upload("transcript-2.pdf", PDF_BYTES)},
    )
    transcript.refresh_from_db()
    assert transcript.state == "uploaded"
    assert transcript.versions.count() == 2
    sent = len(mailoutbox)
    post(
        student_client, step_url(application, "resubmit"), {"version": current_version(application)}
    )
    mailed(subject="was submitted again")

    # Staff approve and issue the order with the generated PDF.
    post(
        staff_client,
        step_url(application, "start_review"),
        {"version": current_version(application)},
    )
    for document in application.documents.filter(kind__in=PARTICIPANT_DOCUMENTS):
        post(
            staff_client,
            reverse("applications:document_decide", args=[application.pk, document.pk]),
            {"decision": "accept"},
        )
    assert set(application.documents.values_list("kind", "state")) >= {
        (kind, "accepted") for kind in PARTICIPANT_DOCUMENTS
    }
    sent = len(mailoutbox)
    post(staff_client, step_url(application, "approve"), {"version": current_version(application)})
    mailed(subject="was approved")

    sent = len(mailoutbox)
    response = post(
        staff_client,
        reverse("applications:order", args=[application.pk]),
        {"version": current_version(application), "number": "145-AM", "issued_on": "2023-01-20"},
    )
    assert any("order is issued" in text for text in messages_of(response))
    mailed(subject="The order for your mobility", contains="145-AM")
    application.refresh_from_db()
    assert application.order_number == "145-AM"
    assert application.order_date == date(2023, 1, 20)
    # Issued without a file: the order the system fills in is there to download and sign, and
    # the document waits for its signed scan; it is not accepted before that.
    order = application.documents.get(kind="order")
    assert order.state == "missing"
    assert not order.versions.exists()
    generated = staff_client.get(reverse("applications:pdf", args=[application.pk, "order"]))
    assert generated.content.startswith(b"%PDF-")
    assert f"{application.reference}-order.pdf" in generated["Content-Disposition"]

    # Three signatures: the third moves it on and tells the student and the office.
    for position, party in enumerate(["participant", "home", "host"]):
        signature = application.signatures.get(party=party)
        sent = len(mailoutbox)
        post(
            staff_client,
            reverse("applications:signature", args=[application.pk, signature.pk]),
            {"status": "signed", "method": "paper", "signed_on": "2023-01-25", "reason": ""},
        )
        application.refresh_from_db()
        if position < 2:
            assert application.state == "order_issued"
            assert len(mailoutbox) == sent
    assert application.state == "agreement_signed"
    assert len(mailoutbox) == sent + 2
    assert {tuple(mail.to) for mail in mailoutbox[-2:]} == {(student.email,), (staff.email,)}

    # The mobility starts once the signed scan of the agreement is uploaded.
    refused = post(
        staff_client, step_url(application, "start_mobility"), {"version": application.version}
    )
    assert any("signed scan" in text for text in messages_of(refused))
    for kind in ("order", "tripartite"):
        post(
            staff_client,
            upload_url(application, kind),
            {"file": upload(f"{kind}-signed.pdf", PDF_BYTES)},
        )
        document = application.documents.get(kind=kind)
        post(
            staff_client,
            reverse("applications:document_decide", args=[application.pk, document.pk]),
            {"decision": "accept"},
        )
    sent = len(mailoutbox)
    post(staff_client, step_url(application, "start_mobility"), {"version": application.version})
    mailed(subject="has started")
    sent = len(mailoutbox)
    post(staff_client, step_url(application, "complete"), {"version": current_version(application)})
    mailed(subject="is completed")

    application.refresh_from_db()
    assert application.state == "completed"
    steps = list(
        application.events.exclude(to_state="")
        .order_by("at", "pk")
        .values_list("to_state", flat=True)
    )
    assert steps == [
        "draft",
        "submitted",
        "under_review",
        "returned",
        "resubmitted",
        "under_review",
        "approved",
        "order_issued",
        "agreement_signed",
        "in_mobility",
        "completed",
    ]
    detail = student_client.get(application.get_absolute_url())
    assert 'data-state="completed"' in detail.content.decode()
    assert detail.context["actions"] == []


def test_staff_reject_with_a_reason_and_the_student_is_told(
    under_review, student, staff_client, post, mailoutbox
):
    refused = post(
        staff_client, step_url(under_review, "reject"), {"version": under_review.version}
    )
    assert any("reason for the rejection" in text for text in messages_of(refused))
    assert mailoutbox == []

    post(
        staff_client,
        step_url(under_review, "reject"),
        {"version": under_review.version, "comment": "Not enough credits so far."},
    )

    under_review.refresh_from_db()
    assert under_review.state == "rejected"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [student.email]
    assert "Not enough credits so far." in mailoutbox[0].body


def test_the_student_withdraws_and_is_told(submitted, student, student_client, post, mailoutbox):
    post(
        student_client,
        step_url(submitted, "withdraw"),
        {"version": submitted.version, "comment": "I found a job."},
    )

    submitted.refresh_from_db()
    assert submitted.state == "withdrawn"
    assert len(mailoutbox) == 1
    assert "withdrawn" in mailoutbox[0].subject


def test_accepting_a_document_is_shown_and_it_cannot_be_replaced(
    under_review, staff_client, student_client, post
):
    transcript = under_review.documents.get(kind="transcript")
    post(
        staff_client,
        reverse("applications:document_decide", args=[under_review.pk, transcript.pk]),
        {"decision": "accept"},
    )

    transcript.refresh_from_db()
    assert transcript.state == "accepted"
    row = re.search(
        r'<tr data-kind="transcript">.*?</tr>',
        staff_client.get(under_review.get_absolute_url()).content.decode(),
        re.S,
    )
    assert 'data-document-state="accepted"' in row.group(0)
    response = post(
        staff_client, upload_url(under_review, "transcript"), {"file": upload("x.pdf", PDF_BYTES)}
    )
    assert any("accepted; it cannot be replaced" in text for text in messages_of(response))
    assert transcript.versions.count() == 1


# Double clicks and two members of staff at once


def test_the_same_step_form_sent_twice_is_refused_the_second_time(
    submitted, staff_client, post, mailoutbox
):
    form = {"version": submitted.version}

    first = post(staff_client, step_url(submitted, "start_review"), form)
    second = post(staff_client, step_url(submitted, "start_review"), form)

    assert any("now under review" in text for text in messages_of(first))
    assert any("changed this application" in text for text in messages_of(second))
    submitted.refresh_from_db()
    assert submitted.state == "under_review"
    assert submitted.events.filter(action="start_review").count() == 1
    assert len(mailoutbox) == 1


def test_two_staff_acting_at_once_the_second_is_told_and_nothing_is_lost(
    under_review, staff, staff_client, post
):
    from tests.factories import staff_user

    accept_documents(under_review, by=staff)
    colleague = staff_user(username="colleague")
    other_client = type(staff_client)()
    other_client.force_login(colleague)
    seen = under_review.version

    post(staff_client, step_url(under_review, "approve"), {"version": seen})
    late = post(
        other_client, step_url(under_review, "return"), {"version": seen, "comment": "Fix it"}
    )

    assert any("changed this application" in text for text in messages_of(late))
    under_review.refresh_from_db()
    assert under_review.state == "approved"
    assert not under_review.events.filter(action="return").exists()


def test_a_double_click_on_submit_submits_once(draft, student_client, post, mailoutbox):
    fill_everything(student_client, post, draft)
    form = {"version": current_version(draft)}

    post(student_client, step_url(draft, "submit"), form)
    second = post(student_client, step_url(draft, "submit"), form)

    assert any("changed this application" in text for text in messages_of(second))
    assert draft.events.filter(action="submit").count() == 1
    assert len(mailoutbox) == 1


# The places of the agreement


@pytest.fixture
def one_place_left_taken(under_review, agreement, staff):
    """The agreement has one place a year, already held by another approved application."""
    agreement.conditions.update(places_per_year=1)
    holder = make_application(agreement=agreement, period=under_review.period, by=staff)
    Application.objects.filter(pk=holder.pk).update(state="approved")
    accept_documents(under_review, by=staff)
    return under_review


def test_approving_beyond_the_places_without_the_override_changes_nothing(
    one_place_left_taken, staff_client, post, mailoutbox
):
    application = one_place_left_taken
    page = staff_client.get(application.get_absolute_url())
    assert 'name="override_places"' in page.content.decode()
    events = application.events.count()

    response = post(
        staff_client, step_url(application, "approve"), {"version": application.version}
    )

    assert any("All 1 places of this agreement" in text for text in messages_of(response))
    application.refresh_from_db()
    assert application.state == "under_review"
    assert application.events.count() == events
    assert mailoutbox == []


def test_approving_beyond_the_places_with_the_override_is_recorded(
    one_place_left_taken, staff_client, post
):
    application = one_place_left_taken

    post(
        staff_client,
        step_url(application, "approve"),
        {
            "version": application.version,
            "override_places": "on",
            "comment": "The partner agreed to one more.",
        },
    )

    application.refresh_from_db()
    assert application.state == "approved"
    comment = application.events.get(action="approve").comment
    assert "Places exceeded (1 of 1 taken)" in comment
    assert "The partner agreed to one more." in comment
    history = page_text(staff_client.get(application.get_absolute_url()))
    assert "Places exceeded (1 of 1 taken)" in history


# The order


@pytest.fixture
def approved(under_review, staff):
    accept_documents(under_review, by=staff)
    return services.application_approve(application=under_review, by=staff)


def test_staff_issue_the_order_with_their_own_signed_pdf(approved, staff_client, post, mailoutbox):
    scan = PDF_BYTES + b"% signed by the rector\n"

    response = post(
        staff_client,
        reverse("applications:order", args=[approved.pk]),
        {
            "version": approved.version,
            "number": "77-AM",
            "issued_on": "2023-01-21",
            "file": upload("order-77.pdf", scan),
        },
    )

    assert any("order is issued" in text for text in messages_of(response))
    approved.refresh_from_db()
    assert approved.state == "order_issued"
    order = approved.documents.get(kind="order")
    assert order.state == "accepted"
    stored = order.versions.get()
    assert stored.original_name == "order-77.pdf"
    assert stored.file.read() == scan
    assert "No. 77-AM" in page_text(response)
    assert len(mailoutbox) == 1


def test_an_order_without_a_number_or_with_a_bad_file_is_refused_and_leaves_nothing(
    approved, staff_client, post, media_files
):
    before = set(media_files())
    url = reverse("applications:order", args=[approved.pk])

    no_number = post(staff_client, url, {"version": approved.version, "issued_on": "2023-01-21"})
    bad_file = post(
        staff_client,
        url,
        {
            "version": approved.version,
            "number": "1",
            "issued_on": "2023-01-21",
            "file": upload("order.pdf", b"MZ\x90\x00 not a pdf"),
        },
    )

    assert any("Order number" in text for text in messages_of(no_number))
    assert any("not a PDF" in text for text in messages_of(bad_file))
    approved.refresh_from_db()
    assert approved.state == "approved"
    assert not approved.documents.get(kind="order").versions.exists()
    assert set(media_files()) == before


def test_an_order_for_an_application_not_yet_approved_leaves_no_file(
    under_review, staff_client, post, media_files
):
    before = set(media_files())

    response = post(
        staff_client,
        reverse("applications:order", args=[under_review.pk]),
        {"version": under_review.version, "number": "1", "issued_on": "2023-01-21"},
    )

    assert any("cannot be taken now" in text for text in messages_of(response))
    under_review.refresh_from_db()
    assert under_review.state == "under_review"
    assert not under_review.documents.get(kind="order").versions.exists()
    assert set(media_files()) == before


def test_a_refused_signature_needs_a_reason_on_the_form(approved, staff, staff_client, post):
    issued = services.application_issue_order(
        application=approved,
        number="1",
        issued_on=date(2023, 1, 1),
        upload=upload("order.pdf", PDF_BYTES),
        by=staff,
    )
    host = issued.signatures.get(party="host")
    url = reverse("applications:signature", args=[issued.pk, host.pk])

    refused = post(staff_client, url, {"status": "refused"})
    assert refused.status_code == 200
    assert refused.context["form"].errors["reason"]
    post(staff_client, url, {"status": "refused", "reason": "Wrong dates in the agreement"})

    host.refresh_from_db()
    assert host.status == Signature.Status.REFUSED
    detail = page_text(staff_client.get(issued.get_absolute_url()))
    assert "Wrong dates in the agreement" in detail


# The applications list: filters and counts


@pytest.fixture
def register(staff, program):
    """Applications that differ in one respect each from the first."""
    spring = AcademicPeriodFactory(academic_year="2022-2023", term="spring")
    autumn = AcademicPeriodFactory(academic_year="2023-2024", term="autumn")
    restaurant = EducationalProgramFactory(name="Restaurant and hotel business", code="6B11102")
    turiba = covering_agreement(partner=InstitutionFactory(name="Turiba University", country="LV"))
    antalya = covering_agreement(
        partner=InstitutionFactory(name="Antalya Bilim University", country="TR", city="Antalya")
    )
    atu = covering_agreement(
        partner=InstitutionFactory(
            name="Almaty Technological University", country="KZ", city="Almaty"
        )
    )
    uralsk = covering_agreement(
        direction="incoming",
        partner=InstitutionFactory(name="Uralsk University", country="KZ", city="Uralsk"),
    )
    teaching = covering_agreement(
        mobility_type="teaching",
        partner=InstitutionFactory(name="Lodz University", country="PL", city="Lodz"),
    )

    def make(last_name, *, agreement, period=spring, state="draft", **fields):
        application = make_application(
            agreement=agreement,
            period=period,
            by=staff,
            last_name=last_name,
            program=fields.pop("program", program),
            **fields,
        )
        Application.objects.filter(pk=application.pk).update(state=state)
        return application.reference

    return {
        "kabanova": make("Kabanova", agreement=turiba, state="completed"),
        "karibaeva": make("Karibaeva", agreement=turiba, state="completed"),
        "omarova": make("Omarova", agreement=antalya, period=autumn, state="submitted"),
        "domestic": make("Domestic", agreement=atu, program=restaurant, state="approved"),
        "incoming": make("Incoming", agreement=uralsk, direction="incoming"),
        "teacher": make("Teacher", agreement=teaching, participant_kind="teacher"),
        "ids": {
            "spring": spring.pk,
            "autumn": autumn.pk,
            "restaurant": restaurant.pk,
        },
    }


def listed(client, **params) -> set[str]:
    response = client.get(reverse("applications:list"), params)
    assert response.status_code == 200
    return {application.reference for application in response.context["page"]}


@pytest.mark.parametrize(
    "params,expected",
    [
        ({}, ["kabanova", "karibaeva", "omarova", "domestic", "incoming", "teacher"]),
        ({"period": "autumn"}, ["omarova"]),
        ({"direction": "incoming"}, ["incoming"]),
        ({"scope": "domestic"}, ["domestic", "incoming"]),
        ({"scope": "foreign"}, ["kabanova", "karibaeva", "omarova", "teacher"]),
        ({"country": "LV"}, ["kabanova", "karibaeva"]),
        ({"partner": "Antalya Bilim"}, ["omarova"]),
        ({"program": "restaurant"}, ["domestic"]),
        ({"participant_kind": "teacher"}, ["teacher"]),
        ({"state": "completed"}, ["kabanova", "karibaeva"]),
        ({"q": "Omarova"}, ["omarova"]),
        ({"country": "KZ", "direction": "outgoing"}, ["domestic"]),
    ],
)
def test_the_list_filters(params, expected, register, staff_client):
    ids = register["ids"]
    query = {key: ids.get(value, value) for key, value in params.items()}

    assert listed(staff_client, **query) == {register[name] for name in expected}


def test_the_list_counts_the_applications_in_each_state(register, staff_client):
    response = staff_client.get(reverse("applications:list"))

    counts = {row["state"]: row["total"] for row in response.context["counts"]}
    assert counts == {"draft": 2, "submitted": 1, "approved": 1, "completed": 2}
    html = response.content.decode()
    assert re.search(r'data-state="completed">completed: 2<', html)
    assert "6 applications" in html

    filtered = staff_client.get(reverse("applications:list"), {"country": "LV"})

    assert {row["state"]: row["total"] for row in filtered.context["counts"]} == {"completed": 2}
    assert "2 applications" in filtered.content.decode()


def test_the_queue_holds_only_what_waits_for_the_office(register, staff_client):
    response = staff_client.get(reverse("applications:queue"))

    shown = {application.reference for application in response.context["applications"]}
    assert shown == {register["omarova"], register["domestic"]}


def test_a_student_sees_only_their_own_applications(draft, student_client, staff):
    other = make_application(by=staff, last_name="Someone-Else")

    response = student_client.get(reverse("applications:mine"))

    html = response.content.decode()
    assert draft.reference in html
    assert other.reference not in html
    assert ApplicationEvent.objects.filter(application=other).exists()
