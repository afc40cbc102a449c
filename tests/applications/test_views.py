"""The application pages as people use them: what each person does, sees and is told.

The rules of each step are tested on the services (test_workflow.py); here the pages must carry
them: the forms, the messages, the e-mails and what is stored, or not stored, after each form is
sent. Forms are sent as the pages render them (django-webtest).
"""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from django_webtest import DjangoTestApp
from webtest import Upload

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
from tests.autocomplete import set_value
from tests.factories import (
    PDF_BYTES,
    PNG_BYTES,
    AcademicPeriodFactory,
    EducationalProgramFactory,
    InstitutionFactory,
    covering_agreement,
    make_application,
    upload,
)

pytestmark = pytest.mark.django_db

PARTICIPANT_DOCUMENTS = ["application", "transcript", "curriculum", "questionnaire"]


# Helpers: the pages and their forms.


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def page_text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def questionnaire_data(**changes) -> dict:
    data = {
        "date_of_birth": "2003-04-05",
        "citizenship": "KZ",
        "iin": "030405600125",
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


def fill(form, data: dict):
    for name, value in data.items():
        set_value(form, name, value)
    return form


def pdf(name: str, content: bytes = PDF_BYTES) -> Upload:
    return Upload(name, content, "application/pdf")


def upload_url(application: Application, kind: str) -> str:
    document = application.documents.get(kind=kind)
    return reverse("applications:upload", args=[application.pk, document.pk])


def step_url(application: Application, action: str) -> str:
    return reverse("applications:step", args=[application.pk, action])


def accept_documents(application: Application, *, by) -> None:
    """Staff accept the participant's documents, which approving needs."""
    for document in application.documents.filter(
        kind__in=application.participant_document_kinds(), state="uploaded"
    ):
        services.document_accept(document=document, by=by)


def detail_page(django_app, application: Application, user):
    return django_app.get(application.get_absolute_url(), user=user)


def upload_form(page, kind: str, file: Upload):
    form = page.forms[f"upload-{kind}"]
    form["file"] = file
    return form


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Sends a form as the page renders it and follows the redirect, running what waits for the
    commit (the e-mails)."""

    def submit(form, *args, follow: bool = True):
        with django_capture_on_commit_callbacks(execute=True):
            response = form.submit(*args)
        return response.follow() if follow else response

    return submit


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


def fill_everything(django_app, send, application, user):
    """The participant's side through the pages: questionnaire, curriculum, four scans."""
    url = reverse("applications:questionnaire", args=[application.pk])
    send(fill(django_app.get(url, user=user).forms["questionnaire-form"], questionnaire_data()))
    url = reverse("applications:curriculum", args=[application.pk])
    rows = [
        line("Hotel management", "15", "Hotel business", "15", code="HM101"),
        line("Tourism marketing", "15", "Marketing in tourism", "15", code="TM202"),
    ]
    for index, row in enumerate(rows):  # the page offers one empty row at a time
        form = django_app.get(url, user=user).forms["curriculum-form"]
        send(fill(form, {f"lines-{index}-{name}": value for name, value in row.items()}))
    for kind in PARTICIPANT_DOCUMENTS:
        page = detail_page(django_app, application, user)
        send(upload_form(page, kind, pdf(f"{kind}.pdf")))


@pytest.fixture
def submitted(draft, student):
    """Submitted through the services: the pages that do it are walked through below."""
    fill_participant_side(draft, by=student)
    return services.application_submit(application=draft, by=student)


@pytest.fixture
def under_review(submitted, staff):
    return services.application_start_review(application=submitted, by=staff)


# Applying, the questionnaire and the curriculum


def apply_form(django_app, student, open_round, agreement, program, **fields):
    page = django_app.get(reverse("applications:create") + f"?round={open_round.pk}", user=student)
    form = page.forms["application-form"]
    form["agreement"] = str(agreement.pk)
    form["program"].force_value(str(program.pk))
    return fill(form, fields)


def test_a_student_applies_in_an_open_round_and_sees_the_new_application(
    django_app, student, open_round, agreement, program, send
):
    mine = django_app.get(reverse("applications:mine"), user=student)
    assert open_round.title in mine.text
    apply_url = reverse("applications:create") + f"?round={open_round.pk}"
    page = django_app.get(apply_url)
    assert list(page.context["form"].fields["agreement"].queryset) == [agreement]
    form = fill(
        page.forms["application-form"],
        {
            "agreement": str(agreement.pk),
            "program": str(program.pk),
            "year_of_study": "2",
            "language_of_instruction": "English",
            "phone": "+7 701 555 1234",
        },
    )

    redirect = send(form, follow=False)

    application = Application.objects.get()
    assert redirect.location == application.get_absolute_url()
    response = redirect.follow()
    assert any("Your application was created" in text for text in messages_of(response))
    assert application.participant == student
    assert application.partner.name == "Turiba University"
    assert application.round == open_round
    assert application.state == "draft"
    assert application.documents.count() == 6
    mine = django_app.get(reverse("applications:mine"))
    assert application.reference in mine.text
    assert "Turiba University" in mine.text


def test_a_student_cannot_apply_in_a_round_that_closed_while_the_form_was_open(
    django_app, student, open_round, agreement, program, send
):
    form = apply_form(django_app, student, open_round, agreement, program, year_of_study="2")
    open_round.closes_on = timezone.localdate() - timedelta(days=1)
    open_round.opens_on = open_round.closes_on - timedelta(days=10)
    open_round.save()

    response = send(form)

    assert not Application.objects.exists()
    assert any("round is closed" in text for text in messages_of(response))


def test_the_questionnaire_of_a_foreign_mobility_needs_the_passport_number(
    django_app, draft, student, send
):
    url = reverse("applications:questionnaire", args=[draft.pk])
    form = django_app.get(url, user=student).forms["questionnaire-form"]

    refused = send(fill(form, questionnaire_data(id_document_number="")), follow=False)

    assert refused.status_code == 200
    assert "passport" in " ".join(refused.context["form"].errors["id_document_number"])
    assert not Questionnaire.objects.exists()

    saved = send(fill(refused.forms["questionnaire-form"], questionnaire_data()), follow=False)

    assert saved.location == draft.get_absolute_url()
    assert Questionnaire.objects.get(application=draft).id_document_number == "N12345678"
    assert draft.events.filter(action="questionnaire").exists()


# Uploads


def test_the_student_uploads_each_of_their_documents(django_app, draft, student, send):
    page = detail_page(django_app, draft, student)
    for kind in PARTICIPANT_DOCUMENTS:
        redirect = send(upload_form(page, kind, pdf(f"{kind}.pdf")), follow=False)
        assert redirect.location == draft.get_absolute_url()
        page = redirect.follow()
        assert any("was uploaded" in text for text in messages_of(page))

    documents = {document.kind: document for document in draft.documents.all()}
    for kind in PARTICIPANT_DOCUMENTS:
        assert documents[kind].state == "uploaded"
        version = documents[kind].versions.get()
        assert version.uploaded_by == student
        assert version.original_name == f"{kind}.pdf"
    assert documents["order"].state == "missing"
    assert page.context["missing"] == []


def test_a_png_scan_is_accepted_too(django_app, draft, student, send):
    page = detail_page(django_app, draft, student)

    send(upload_form(page, "transcript", Upload("scan.png", PNG_BYTES, "image/png")))

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
    name, content, expected, django_app, draft, student, send, settings, media_files
):
    settings.MAX_UPLOAD_SIZE = 300
    page = detail_page(django_app, draft, student)

    response = send(upload_form(page, "transcript", pdf(name, content)))

    assert any(expected in text for text in messages_of(response)), messages_of(response)
    assert not DocumentFile.objects.exists()
    assert media_files() == []
    assert draft.documents.get(kind="transcript").state == "missing"
    assert not draft.events.filter(action="upload").exists()


def test_a_file_name_with_parent_folders_is_stored_under_a_random_name_inside_media(
    django_app, draft, student, send, settings, media_files, tmp_path
):
    page = detail_page(django_app, draft, student)
    form = upload_form(page, "transcript", pdf("../../etc/passwd.pdf"))

    response = send(form)

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

    download = django_app.get(reverse("applications:file", args=[draft.pk, stored.pk]))

    disposition = download["Content-Disposition"]
    assert ".." not in disposition
    assert "passwd" not in disposition
    assert f"{draft.reference}-transcript-{stored.pk}.pdf" in disposition
    assert download.body == PDF_BYTES


# The whole workflow, with the e-mail of each step


def test_the_whole_workflow_through_the_pages_with_an_email_at_each_step(
    django_app, student, staff, staff_client, open_round, agreement, program, send, mailoutbox
):
    def mailed(*, subject: str, contains: str = "") -> None:
        """Exactly one new e-mail to the student, whose subject says what happened."""
        to_student = [mail for mail in mailoutbox[sent:] if mail.to == [student.email]]
        assert len(to_student) == 1, [mail.subject for mail in mailoutbox[sent:]]
        mail = to_student[0]
        assert application.reference in mail.subject
        assert subject in mail.subject
        assert contains in mail.body

    def as_student():
        return detail_page(django_app, application, student)

    def as_staff():
        return detail_page(django_app, application, staff)

    send(apply_form(django_app, student, open_round, agreement, program, year_of_study="3"))
    application = Application.objects.get()
    fill_everything(django_app, send, application, student)
    assert mailoutbox == []  # filling the forms is not a step

    sent = len(mailoutbox)
    response = send(as_student().forms["step-submit"])
    assert any("now submitted" in text for text in messages_of(response))
    mailed(subject="was submitted")
    to_office = [mail for mail in mailoutbox[sent:] if mail.to == [staff.email]]
    assert [mail.subject for mail in to_office] == [
        f"Application {application.reference} of {application.full_name} was submitted"
    ]

    # Staff review it, return a document with a reason, and return the application.
    queue = django_app.get(reverse("applications:queue"), user=staff)
    assert application.reference in queue.text
    sent = len(mailoutbox)
    send(as_staff().forms["step-start_review"])
    mailed(subject="The office started to review your application")

    transcript = application.documents.get(kind="transcript")
    sent = len(mailoutbox)
    form = as_staff().forms["return-transcript"]
    form["reason"] = "The scan is unreadable; scan it again."
    send(form)
    mailed(subject="was returned: transcript", contains="The scan is unreadable")
    transcript.refresh_from_db()
    assert transcript.state == "returned"

    sent = len(mailoutbox)
    form = as_staff().forms["step-return"]
    form["comment"] = "Please fix the transcript."
    send(form)
    mailed(subject="was returned for changes", contains="Please fix the transcript.")

    # The student sees why, uploads the transcript again and resubmits.
    detail = as_student()
    text = page_text(detail)
    assert "The scan is unreadable; scan it again." in text
    assert "Please fix the transcript." in text
    assert [document.kind for document in detail.context["missing"]] == ["transcript"]
    refused = send(detail.forms["step-resubmit"])
    assert any("cannot be submitted yet" in t for t in messages_of(refused))
    assert 'data-document="transcript"' in refused.text
    send(upload_form(refused, "transcript", pdf("transcript-2.pdf")))
    transcript.refresh_from_db()
    assert transcript.state == "uploaded"
    assert transcript.versions.count() == 2
    sent = len(mailoutbox)
    send(as_student().forms["step-resubmit"])
    mailed(subject="was submitted again")

    # Staff approve and issue the order with the generated PDF.
    page = send(as_staff().forms["step-start_review"])
    for kind in PARTICIPANT_DOCUMENTS:
        page = send(page.forms[f"accept-{kind}"])
    assert set(application.documents.values_list("kind", "state")) >= {
        (kind, "accepted") for kind in PARTICIPANT_DOCUMENTS
    }
    sent = len(mailoutbox)
    page = send(page.forms["step-approve"])
    mailed(subject="was approved")

    sent = len(mailoutbox)
    response = send(fill(page.forms["order-form"], {"number": "145-AM", "issued_on": "2023-01-20"}))
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
    generated = response.click(href=reverse("applications:pdf", args=[application.pk, "order"]))
    assert generated.body.startswith(b"%PDF-")
    assert f"{application.reference}-order.pdf" in generated["Content-Disposition"]

    # Three signatures: the third moves it on and tells the student and the office.
    for position, party in enumerate(["participant", "home", "host"]):
        signature = application.signatures.get(party=party)
        sent = len(mailoutbox)
        url = reverse("applications:signature", args=[application.pk, signature.pk])
        form = django_app.get(url, user=staff).forms["signature-form"]
        send(fill(form, {"status": "signed", "method": "paper", "signed_on": "2023-01-25"}))
        application.refresh_from_db()
        if position < 2:
            assert application.state == "order_issued"
            assert len(mailoutbox) == sent
    assert application.state == "agreement_signed"
    assert len(mailoutbox) == sent + 2
    assert {tuple(mail.to) for mail in mailoutbox[-2:]} == {(student.email,), (staff.email,)}

    # The mobility starts once the signed scan of the agreement is uploaded: until then the page
    # offers no start and says why.
    page = as_staff()
    assert "step-start_mobility" not in page.forms
    assert "signed scan" in page.html.select_one("[data-blocked=start_mobility]").text
    # The page shows no form to send it with; a POST sent anyway is refused.
    refused = staff_client.post(
        step_url(application, "start_mobility"), {"version": application.version}, follow=True
    )
    assert any("signed scan" in text for text in messages_of(refused))
    assert Application.objects.get(pk=application.pk).state == "agreement_signed"
    for kind in ("order", "tripartite"):
        page = send(upload_form(page, kind, pdf(f"{kind}-signed.pdf")))
        page = send(page.forms[f"accept-{kind}"])
    sent = len(mailoutbox)
    page = send(page.forms["step-start_mobility"])
    mailed(subject="has started")
    sent = len(mailoutbox)
    send(page.forms["step-complete"])
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
    detail = as_student()
    assert 'data-state="completed"' in detail.text
    assert detail.context["actions"] == []


def test_staff_reject_with_a_reason_and_the_student_is_told(
    django_app, under_review, student, staff, send, mailoutbox
):
    page = detail_page(django_app, under_review, staff)
    refused = send(page.forms["step-reject"])
    assert any("reason for the rejection" in text for text in messages_of(refused))
    assert mailoutbox == []

    form = refused.forms["step-reject"]
    form["comment"] = "Not enough credits so far."
    send(form)

    under_review.refresh_from_db()
    assert under_review.state == "rejected"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [student.email]
    assert "Not enough credits so far." in mailoutbox[0].body


def test_the_student_withdraws_and_is_told(django_app, submitted, student, send, mailoutbox):
    form = detail_page(django_app, submitted, student).forms["step-withdraw"]
    form["comment"] = "I found a job."
    send(form)

    submitted.refresh_from_db()
    assert submitted.state == "withdrawn"
    assert len(mailoutbox) == 1
    assert "withdrawn" in mailoutbox[0].subject


def test_accepting_a_document_is_shown_and_it_cannot_be_replaced(
    django_app, under_review, staff, staff_client, send
):
    transcript = under_review.documents.get(kind="transcript")
    page = send(detail_page(django_app, under_review, staff).forms["accept-transcript"])

    transcript.refresh_from_db()
    assert transcript.state == "accepted"
    row = re.search(r'<tr data-kind="transcript">.*?</tr>', page.text, re.S)
    assert 'data-document-state="accepted"' in row.group(0)
    assert "upload-transcript" not in page.forms
    # The page shows no upload box for it; a POST sent anyway is refused.
    response = staff_client.post(
        upload_url(under_review, "transcript"), {"file": upload("x.pdf", PDF_BYTES)}, follow=True
    )
    assert any("accepted; it cannot be replaced" in text for text in messages_of(response))
    assert transcript.versions.count() == 1


# Double clicks and two members of staff at once


def test_the_same_step_form_sent_twice_is_refused_the_second_time(
    django_app, submitted, staff, send, mailoutbox
):
    form = detail_page(django_app, submitted, staff).forms["step-start_review"]

    first = send(form)
    second = send(form)

    assert any("now under review" in text for text in messages_of(first))
    assert any("changed this application" in text for text in messages_of(second))
    submitted.refresh_from_db()
    assert submitted.state == "under_review"
    assert submitted.events.filter(action="start_review").count() == 1
    assert len(mailoutbox) == 1


def test_two_staff_acting_at_once_the_second_is_told_and_nothing_is_lost(
    django_app, under_review, staff, send
):
    from tests.factories import staff_user

    accept_documents(under_review, by=staff)
    colleague = staff_user(username="colleague")
    other_browser = DjangoTestApp()
    mine = detail_page(django_app, under_review, staff).forms["step-approve"]
    theirs = detail_page(other_browser, under_review, colleague).forms["step-return"]
    theirs["comment"] = "Fix it"

    send(mine)
    late = send(theirs)

    assert any("changed this application" in text for text in messages_of(late))
    under_review.refresh_from_db()
    assert under_review.state == "approved"
    assert not under_review.events.filter(action="return").exists()


def test_a_double_click_on_submit_submits_once(django_app, draft, student, send, mailoutbox):
    fill_everything(django_app, send, draft, student)
    form = detail_page(django_app, draft, student).forms["step-submit"]

    send(form)
    second = send(form)

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
    django_app, one_place_left_taken, staff, send, mailoutbox
):
    application = one_place_left_taken
    page = detail_page(django_app, application, staff)
    assert "override_places" in page.forms["step-approve"].fields
    events = application.events.count()

    response = send(page.forms["step-approve"])

    assert any("All 1 places of this agreement" in text for text in messages_of(response))
    application.refresh_from_db()
    assert application.state == "under_review"
    assert application.events.count() == events
    assert mailoutbox == []


def test_approving_beyond_the_places_with_the_override_is_recorded(
    django_app, one_place_left_taken, staff, send
):
    application = one_place_left_taken
    form = detail_page(django_app, application, staff).forms["step-approve"]
    form["override_places"] = True
    form["comment"] = "The partner agreed to one more."

    page = send(form)

    application.refresh_from_db()
    assert application.state == "approved"
    comment = application.events.get(action="approve").comment
    assert "Places exceeded (1 of 1 taken)" in comment
    assert "The partner agreed to one more." in comment
    assert "Places exceeded (1 of 1 taken)" in page_text(page)


# The order


@pytest.fixture
def approved(under_review, staff):
    accept_documents(under_review, by=staff)
    return services.application_approve(application=under_review, by=staff)


def order_form(django_app, application, staff, **fields):
    return fill(detail_page(django_app, application, staff).forms["order-form"], fields)


def test_staff_issue_the_order_with_their_own_signed_pdf(
    django_app, approved, staff, send, mailoutbox
):
    scan = PDF_BYTES + b"% signed by the rector\n"
    form = order_form(
        django_app,
        approved,
        staff,
        number="77-AM",
        issued_on="2023-01-21",
        file=pdf("order-77.pdf", scan),
    )

    response = send(form)

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
    django_app, approved, staff, send, media_files
):
    before = set(media_files())

    no_number = send(order_form(django_app, approved, staff, number="", issued_on="2023-01-21"))
    bad_file = send(
        order_form(
            django_app,
            approved,
            staff,
            number="1",
            issued_on="2023-01-21",
            file=pdf("order.pdf", b"MZ\x90\x00 not a pdf"),
        )
    )

    assert any("Order number" in text for text in messages_of(no_number))
    assert any("not a PDF" in text for text in messages_of(bad_file))
    approved.refresh_from_db()
    assert approved.state == "approved"
    assert not approved.documents.get(kind="order").versions.exists()
    assert set(media_files()) == before


def test_an_order_for_an_application_not_yet_approved_leaves_no_file(
    django_app, under_review, staff, staff_client, media_files
):
    before = set(media_files())
    assert "order-form" not in detail_page(django_app, under_review, staff).forms

    # The page shows no order form before the approval; a POST sent anyway is refused.
    response = staff_client.post(
        reverse("applications:order", args=[under_review.pk]),
        {"version": under_review.version, "number": "1", "issued_on": "2023-01-21"},
        follow=True,
    )

    assert any("cannot be taken now" in text for text in messages_of(response))
    under_review.refresh_from_db()
    assert under_review.state == "under_review"
    assert not under_review.documents.get(kind="order").versions.exists()
    assert set(media_files()) == before


def test_a_refused_signature_needs_a_reason_on_the_form(django_app, approved, staff, send):
    issued = services.application_issue_order(
        application=approved,
        number="1",
        issued_on=date(2023, 1, 1),
        upload=upload("order.pdf", PDF_BYTES),
        by=staff,
    )
    host = issued.signatures.get(party="host")
    url = reverse("applications:signature", args=[issued.pk, host.pk])
    form = django_app.get(url, user=staff).forms["signature-form"]

    refused = send(fill(form, {"status": "refused"}), follow=False)
    assert refused.status_code == 200
    assert refused.context["form"].errors["reason"]
    form = refused.forms["signature-form"]
    detail = send(fill(form, {"status": "refused", "reason": "Wrong dates in the agreement"}))

    host.refresh_from_db()
    assert host.status == Signature.Status.REFUSED
    assert "Wrong dates in the agreement" in page_text(detail)


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
    return {row.reference for row in response.context["rows"]}


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
