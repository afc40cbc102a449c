"""Documents on the application page, through the forms the page renders (django-webtest).

Who sees an upload box, and for which document, is what the page must get right: the office
uploads the signed order and agreement once the order is issued, the student the signed
agreement where the office allows it, and a document the office returned at any time until the
application closes. Whoever sees no box is refused when they post anyway.
"""

from datetime import date

import pytest
from django.urls import reverse
from webtest import Upload

from applications import services
from applications.models import Application, DocumentFile
from tests.applications.test_workflow import fill_participant_side
from tests.factories import (
    JPEG_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    UserFactory,
    make_application,
    upload,
)

pytestmark = pytest.mark.django_db

PARTICIPANT_DOCUMENTS = ["application", "transcript", "curriculum", "questionnaire"]


# The states an application is walked to through the services; the pages are tested below.


def submitted_application(student, **fields) -> Application:
    application = make_application(participant=student, by=student, **fields)
    fill_participant_side(application, by=student)
    return services.application_submit(application=application, by=student)


def under_review_application(student, staff, **fields) -> Application:
    return services.application_start_review(
        application=submitted_application(student, **fields), by=staff
    )


def approved_application(student, staff, **fields) -> Application:
    application = under_review_application(student, staff, **fields)
    for document in application.documents.filter(kind__in=PARTICIPANT_DOCUMENTS):
        services.document_accept(document=document, by=staff)
    return services.application_approve(application=application, by=staff)


def order_issued_application(student, staff, **fields) -> Application:
    return services.application_issue_order(
        application=approved_application(student, staff, **fields),
        number="145-AM",
        issued_on=date(2023, 1, 20),
        upload=None,
        by=staff,
    )


def agreement_signed_application(student, staff, **fields) -> Application:
    application = order_issued_application(student, staff, **fields)
    for signature in application.signatures.all():
        services.signature_record(
            signature=signature, status="signed", signed_on=date(2023, 1, 25), by=staff
        )
    application.refresh_from_db()
    return application


def detail_page(django_app, application, user):
    return django_app.get(application.get_absolute_url(), user=user)


def document_state(application, kind: str) -> str:
    return application.documents.get(kind=kind).state


def pdf(name: str = "signed.pdf") -> Upload:
    return Upload(name, PDF_BYTES, "application/pdf")


@pytest.fixture
def applicant(db):
    return UserFactory(username="applicant", first_name="Aigerim", last_name="Zhakupova")


# The signed agreement and the signed order, after the order


def test_staff_upload_the_signed_tripartite_scan_from_the_page_and_accept_it(
    django_app, applicant, staff
):
    application = agreement_signed_application(applicant, staff)

    form = detail_page(django_app, application, staff).forms["upload-tripartite"]
    form["file"] = pdf("tripartite-signed.pdf")
    page = form.submit().follow()

    assert "Tripartite agreement was uploaded." in page.text
    assert document_state(application, "tripartite") == "uploaded"
    page = page.forms["accept-tripartite"].submit().follow()
    assert "Tripartite agreement is accepted." in page.text
    assert document_state(application, "tripartite") == "accepted"
    assert "upload-tripartite" not in page.forms


def test_the_student_uploads_the_signed_agreement_where_the_office_allows_it(
    django_app, applicant, staff, settings
):
    settings.PARTICIPANT_UPLOADS_SIGNED_AGREEMENT = True
    application = order_issued_application(applicant, staff)

    page = detail_page(django_app, application, applicant)
    assert "upload-order" not in page.forms  # the office uploads the signed order
    form = page.forms["upload-tripartite"]
    form["file"] = Upload("tripartite.png", PNG_BYTES, "image/png")
    page = form.submit().follow()

    assert "Tripartite agreement was uploaded." in page.text
    stored = application.documents.get(kind="tripartite").versions.get()
    assert stored.uploaded_by == applicant
    assert stored.content_kind == "png"
    # Staff see it uploaded and can accept it.
    staff_page = detail_page(django_app, application, staff)
    assert "accept-tripartite" in staff_page.forms


def test_where_the_office_does_not_allow_it_the_student_sees_no_box_and_is_refused(
    django_app, applicant, staff, settings, client
):
    settings.PARTICIPANT_UPLOADS_SIGNED_AGREEMENT = False
    application = order_issued_application(applicant, staff)
    tripartite = application.documents.get(kind="tripartite")

    page = detail_page(django_app, application, applicant)
    assert "upload-tripartite" not in page.forms

    client.force_login(applicant)
    response = client.post(
        reverse("applications:upload", args=[application.pk, tripartite.pk]),
        {"file": upload("tripartite.pdf", PDF_BYTES)},
        follow=True,
    )
    assert "The mobility office uploads the signed tripartite agreement." in response.text
    assert not tripartite.versions.exists()


def test_the_signed_agreement_and_order_have_no_upload_box_before_the_order(
    django_app, applicant, staff
):
    application = approved_application(applicant, staff)

    page = detail_page(django_app, application, staff)

    assert "upload-tripartite" not in page.forms
    assert "upload-order" not in page.forms
    assert "order-form" in page.forms


# The order


def test_the_order_form_says_and_accepts_the_same_file_kinds(django_app, applicant, staff):
    application = approved_application(applicant, staff)

    page = detail_page(django_app, application, staff)

    field = page.html.select_one("#order-form input[type=file]")
    assert field["accept"] == "application/pdf,image/jpeg,image/png"
    label = page.html.select_one(f"#order-form label[for={field['id']}]").text
    assert "PDF, JPEG or PNG" in label


def test_an_order_issued_without_a_file_waits_for_its_signed_scan(django_app, applicant, staff):
    application = approved_application(applicant, staff)

    form = detail_page(django_app, application, staff).forms["order-form"]
    form["number"] = "145-AM"
    form["issued_on"] = "2023-01-20"
    page = form.submit().follow()

    assert "The order is issued." in page.text
    application.refresh_from_db()
    assert application.state == "order_issued"
    order = application.documents.get(kind="order")
    assert order.state == "missing"
    assert not order.versions.exists()
    # The generated order, with its number, is there to download and sign.
    assert "Download the order to sign (PDF)" in page.text
    download = page.click(href=reverse("applications:pdf", args=[application.pk, "order"]))
    assert download.body.startswith(b"%PDF-")
    assert "accept-order" not in page.forms

    # Staff upload the signed order and accept it.
    form = page.forms["upload-order"]
    form["file"] = pdf("order-145-signed.pdf")
    page = form.submit().follow()
    assert document_state(application, "order") == "uploaded"
    page.forms["accept-order"].submit().follow()
    assert document_state(application, "order") == "accepted"


def test_an_order_issued_with_its_signed_scan_is_accepted_at_once(django_app, applicant, staff):
    application = approved_application(applicant, staff)

    form = detail_page(django_app, application, staff).forms["order-form"]
    form["number"] = "77-AM"
    form["issued_on"] = "2023-01-21"
    form["file"] = Upload("order-77.jpg", JPEG_BYTES, "image/jpeg")
    page = form.submit().follow()

    assert "its signed scan is accepted" in page.text
    order = application.documents.get(kind="order")
    assert order.state == "accepted"
    assert order.versions.get().content_kind == "jpeg"
    assert application.events.filter(action="issue_order", comment__contains="77-AM").exists()


def test_the_student_and_the_registrar_see_no_order_form_and_are_refused(
    django_app, applicant, staff, registrar, client
):
    application = approved_application(applicant, staff)
    url = reverse("applications:order", args=[application.pk])

    for user in (applicant, registrar):
        page = detail_page(django_app, application, user)
        assert "order-form" not in page.forms
        client.force_login(user)
        response = client.post(url, {"version": application.version, "number": "1"})
        assert response.status_code == 403

    application.refresh_from_db()
    assert application.state == "approved"


# A returned document, uploaded again while the application is under review


def test_the_student_uploads_a_returned_document_again_while_under_review(
    django_app, applicant, staff, mailoutbox
):
    application = under_review_application(applicant, staff)

    # Staff return the transcript with a reason, from its row.
    form = detail_page(django_app, application, staff).forms["return-transcript"]
    form["reason"] = "The scan is unreadable; scan it again at 300 dpi."
    page = form.submit().follow()
    assert "Transcript is returned" in page.text
    assert document_state(application, "transcript") == "returned"

    # The student sees why, and the upload box in the returned document's row only.
    page = detail_page(django_app, application, applicant)
    assert "The scan is unreadable; scan it again at 300 dpi." in page.text
    assert "upload-transcript" in page.forms
    assert {"upload-application", "upload-curriculum", "upload-questionnaire"}.isdisjoint(
        page.forms
    )
    form = page.forms["upload-transcript"]
    form["file"] = pdf("transcript-again.pdf")
    page = form.submit().follow()

    assert "Transcript was uploaded." in page.text
    application.refresh_from_db()
    assert application.state == "under_review"  # no need to return the whole application
    transcript = application.documents.get(kind="transcript")
    assert transcript.state == "uploaded"
    assert transcript.return_reason == ""
    assert transcript.versions.count() == 2

    # Staff see it uploaded again and accept it.
    page = detail_page(django_app, application, staff)
    assert 'data-kind="transcript"' in page.text
    page.forms["accept-transcript"].submit().follow()
    assert document_state(application, "transcript") == "accepted"


def test_while_under_review_the_student_cannot_replace_a_document_that_was_not_returned(
    django_app, applicant, staff, client
):
    application = under_review_application(applicant, staff)
    transcript = application.documents.get(kind="transcript")

    page = detail_page(django_app, application, applicant)
    assert "upload-transcript" not in page.forms

    client.force_login(applicant)
    response = client.post(
        reverse("applications:upload", args=[application.pk, transcript.pk]),
        {"file": upload("transcript.pdf", PDF_BYTES)},
        follow=True,
    )
    assert "you can upload again only a document the office returned" in response.text
    assert transcript.versions.count() == 1


def test_the_registrar_sees_no_document_forms_and_is_refused(
    django_app, applicant, staff, registrar, client
):
    application = under_review_application(applicant, staff)
    transcript = application.documents.get(kind="transcript")

    page = detail_page(django_app, application, registrar)

    assert not [name for name in page.forms if str(name).startswith(("upload-", "accept-"))]
    assert not [name for name in page.forms if str(name).startswith(("return-", "step-"))]
    client.force_login(registrar)
    upload_url = reverse("applications:upload", args=[application.pk, transcript.pk])
    decide_url = reverse("applications:document_decide", args=[application.pk, transcript.pk])
    assert client.post(upload_url, {"file": upload("x.pdf", PDF_BYTES)}).status_code == 403
    assert client.post(decide_url, {"decision": "accept"}).status_code == 403
    assert transcript.versions.count() == 1
    assert document_state(application, "transcript") == "uploaded"


def test_another_student_cannot_see_or_upload_to_an_application(django_app, applicant, staff):
    application = under_review_application(applicant, staff)
    other = UserFactory(username="someone-else")

    django_app.get(application.get_absolute_url(), user=other, status=404)
    assert DocumentFile.objects.filter(uploaded_by=other).count() == 0


def test_nothing_is_uploaded_or_decided_once_the_application_is_closed(
    django_app, applicant, staff
):
    application = submitted_application(applicant)
    services.application_withdraw(application=application, by=applicant)

    for user in (applicant, staff):
        page = detail_page(django_app, application, user)
        assert not [
            name for name in page.forms if str(name).startswith(("upload-", "accept-", "return-"))
        ]
