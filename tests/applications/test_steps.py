"""The workflow's steps taken from the application page, through the forms it renders.

Staff take every step from the page; a step that waits for something is not offered and the page
says what it waits for; a step whose date makes no sense (a start before the period begins, a
completion before it ends) is refused with the reason, or taken with an override whose reason
the history keeps.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from webtest import Upload

from applications import services
from tests.applications.test_documents import (
    PARTICIPANT_DOCUMENTS,
    agreement_signed_application,
    approved_application,
    detail_page,
    order_issued_application,
    submitted_application,
    under_review_application,
)
from tests.factories import (
    PDF_BYTES,
    AcademicPeriodFactory,
    UserFactory,
    covering_agreement,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(db):
    return UserFactory(username="applicant", first_name="Madina", last_name="Takambayeva")


def ready_to_start(student, staff, **fields):
    """Signed by all three, with the signed order and agreement uploaded and accepted."""
    application = agreement_signed_application(student, staff, **fields)
    for kind in ("order", "tripartite"):
        document = application.documents.get(kind=kind)
        services.document_upload(
            document=document, upload=upload(f"{kind}-signed.pdf", PDF_BYTES), by=staff
        )
        services.document_accept(document=document, by=staff)
    return application


def dated_period(*, starts_in: int, ends_in: int):
    """A period that begins and ends so many days from today, with an agreement covering it."""
    today = timezone.localdate()
    period = AcademicPeriodFactory(
        academic_year="2090-2091",
        term="autumn",
        starts_on=today + timedelta(days=starts_in),
        ends_on=today + timedelta(days=ends_in),
    )
    agreement = covering_agreement(
        date_signed=today - timedelta(days=800),
        valid_from=today - timedelta(days=700),
        valid_until=today + timedelta(days=1500),
    )
    return {"period": period, "agreement": agreement}


def pdf(name: str) -> Upload:
    return Upload(name, PDF_BYTES, "application/pdf")


def state_of(application) -> str:
    application.refresh_from_db()
    return application.state


# Every step from the page


def test_staff_take_every_step_from_the_application_page(django_app, applicant, staff, mailoutbox):
    # Registered, filled (questionnaire, curriculum, four scans) and submitted by the student.
    application = submitted_application(applicant)

    page = detail_page(django_app, application, staff)
    page = page.forms["step-start_review"].submit().follow()
    assert "The application is now under review." in page.text

    # Approval is not offered until every document is accepted; the page says what waits.
    assert "step-approve" not in page.forms
    assert "not accepted yet" in page.html.select_one("[data-blocked=approve]").text
    for kind in PARTICIPANT_DOCUMENTS:
        page = page.forms[f"accept-{kind}"].submit().follow()
    page = page.forms["step-approve"].submit().follow()
    assert state_of(application) == "approved"

    form = page.forms["order-form"]
    form["number"] = "145-AM"
    form["issued_on"] = "2023-01-20"
    page = form.submit().follow()
    assert state_of(application) == "order_issued"
    form = page.forms["upload-order"]
    form["file"] = pdf("order-signed.pdf")
    page = form.submit().follow().forms["accept-order"].submit().follow()

    # Three signatures, each on its own page reached from the signatures table.
    for party in ("participant", "home", "host"):
        row = page.html.select_one(f"#signatures tr[data-party={party}] a")
        form = django_app.get(row["href"]).forms["signature-form"]
        form["status"] = "signed"
        form["method"] = "paper"
        form["signed_on"] = "2023-01-25"
        page = form.submit().follow()
    assert "The signature is recorded." in page.text
    assert state_of(application) == "agreement_signed"

    # The mobility starts once the signed agreement is uploaded and accepted.
    assert "step-start_mobility" not in page.forms
    assert "tripartite agreement" in page.html.select_one("[data-blocked=start_mobility]").text
    form = page.forms["upload-tripartite"]
    form["file"] = pdf("tripartite-signed.pdf")
    page = form.submit().follow().forms["accept-tripartite"].submit().follow()
    page = page.forms["step-start_mobility"].submit().follow()
    assert state_of(application) == "in_mobility"
    page = page.forms["step-complete"].submit().follow()
    assert "The application is now completed." in page.text
    assert state_of(application) == "completed"

    assert list(
        application.events.exclude(to_state="")
        .order_by("at", "pk")
        .values_list("to_state", flat=True)
    ) == [
        "draft",
        "submitted",
        "under_review",
        "approved",
        "order_issued",
        "agreement_signed",
        "in_mobility",
        "completed",
    ]
    assert {document.state for document in application.documents.all()} == {"accepted"}
    assert not [name for name in page.forms if str(name).startswith("step-")]


def test_only_the_steps_the_user_can_take_are_offered(django_app, applicant, staff):
    application = submitted_application(applicant)

    student_page = detail_page(django_app, application, applicant)
    staff_page = detail_page(django_app, application, staff)

    assert {name for name in student_page.forms if str(name).startswith("step-")} == {
        "step-withdraw"
    }
    assert {name for name in staff_page.forms if str(name).startswith("step-")} == {
        "step-start_review",
        "step-reject",
    }


def test_roles_that_see_no_step_form_are_refused(django_app, applicant, staff, registrar, client):
    application = under_review_application(applicant, staff)

    registrar_page = detail_page(django_app, application, registrar)
    assert not [name for name in registrar_page.forms if str(name).startswith("step-")]
    for user, action in ((registrar, "return"), (applicant, "approve"), (applicant, "return")):
        client.force_login(user)
        response = client.post(
            reverse("applications:step", args=[application.pk, action]),
            {"version": application.version, "comment": "x"},
        )
        assert response.status_code == 403
    assert state_of(application) == "under_review"


def test_allowed_actions_name_the_steps_each_user_may_take_now(applicant, staff, registrar):
    submitted = submitted_application(applicant)
    approved = approved_application(UserFactory(username="other"), staff)

    assert services.allowed_actions(submitted, applicant) == ["withdraw"]
    assert services.allowed_actions(submitted, staff) == ["start_review", "reject"]
    assert services.allowed_actions(submitted, registrar) == []
    assert services.allowed_actions(approved, staff) == ["issue_order"]
    assert services.allowed_actions(approved, applicant) == []


def test_the_order_form_and_the_signature_links_show_only_to_who_may_use_them(
    django_app, applicant, staff, registrar
):
    application = approved_application(applicant, staff)
    assert "order-form" in detail_page(django_app, application, staff).forms
    assert "order-form" not in detail_page(django_app, application, registrar).forms

    services.application_issue_order(
        application=application, number="1", issued_on=timezone.localdate(), upload=None, by=staff
    )
    signature_url = reverse(
        "applications:signature", args=[application.pk, application.signatures.first().pk]
    )
    assert signature_url in detail_page(django_app, application, staff).text
    assert signature_url not in detail_page(django_app, application, registrar).text
    assert signature_url not in detail_page(django_app, application, applicant).text


def test_the_office_hints_at_the_order_and_the_signatures(django_app, applicant, staff):
    application = approved_application(applicant, staff)
    assert "Issue the order below" in detail_page(django_app, application, staff).text

    services.application_issue_order(
        application=application, number="1", issued_on=timezone.localdate(), upload=None, by=staff
    )
    page = detail_page(django_app, application, staff)
    assert "Record the signature of each party below" in page.text


# Dates that make no sense


def test_a_start_before_the_period_begins_is_refused_with_the_reason(django_app, applicant, staff):
    application = ready_to_start(applicant, staff, **dated_period(starts_in=30, ends_in=150))

    page = detail_page(django_app, application, staff)
    warning = page.html.select_one("[data-date-problem=start_mobility]").text
    assert "begins on" in warning
    page = page.forms["step-start_mobility"].submit().follow()

    assert "cannot have started today" in page.text
    assert "tick the override and say why" in page.text
    assert state_of(application) == "agreement_signed"
    assert not application.events.filter(action="start_mobility").exists()


def test_an_override_without_a_reason_is_refused(django_app, applicant, staff):
    application = ready_to_start(applicant, staff, **dated_period(starts_in=30, ends_in=150))

    form = detail_page(django_app, application, staff).forms["step-start_mobility"]
    form["override_date"] = True
    page = form.submit().follow()

    assert "Say why the date is right" in page.text
    assert state_of(application) == "agreement_signed"


def test_a_start_before_the_period_with_the_override_records_the_reason(
    django_app, applicant, staff
):
    application = ready_to_start(applicant, staff, **dated_period(starts_in=30, ends_in=150))

    form = detail_page(django_app, application, staff).forms["step-start_mobility"]
    form["override_date"] = True
    form["override_reason"] = "The host's orientation week starts a month early."
    page = form.submit().follow()

    assert state_of(application) == "in_mobility"
    comment = application.events.get(action="start_mobility").comment
    assert comment.startswith("Date override:")
    assert "The host's orientation week starts a month early." in comment
    assert "orientation week starts a month early" in page.html.select_one("#history").text


def test_a_completion_before_the_period_ends_needs_the_override(django_app, applicant, staff):
    application = ready_to_start(applicant, staff, **dated_period(starts_in=-30, ends_in=60))
    services.application_start_mobility(application=application, by=staff)

    page = detail_page(django_app, application, staff)
    assert "ends on" in page.html.select_one("[data-date-problem=complete]").text
    refused = page.forms["step-complete"].submit().follow()
    assert "cannot be completed today" in refused.text
    assert state_of(application) == "in_mobility"

    form = refused.forms["step-complete"]
    form["override_date"] = True
    form["override_reason"] = "The student came home early for health reasons."
    form.submit().follow()

    assert state_of(application) == "completed"
    comment = application.events.get(action="complete").comment
    assert "The student came home early for health reasons." in comment


def test_steps_on_sensible_dates_show_no_override(django_app, applicant, staff):
    application = ready_to_start(applicant, staff)  # the period is over

    page = detail_page(django_app, application, staff)

    assert "override_date" not in page.forms["step-start_mobility"].fields
    page = page.forms["step-start_mobility"].submit().follow()
    assert "override_date" not in page.forms["step-complete"].fields
    assert application.events.get(action="start_mobility").comment == ""


# The signature page


def test_the_signature_page_shows_no_form_outside_the_signing_and_refuses_a_post(
    django_app, applicant, staff, client
):
    application = approved_application(applicant, staff)
    host = application.signatures.get(party="host")
    url = reverse("applications:signature", args=[application.pk, host.pk])

    page = django_app.get(url, user=staff)
    assert "signature-form" not in page.forms
    assert "signatures are recorded after the order is issued" in page.text

    client.force_login(staff)
    response = client.post(url, {"status": "signed", "signed_on": "2023-01-25"}, follow=True)
    assert "signatures are recorded after the order is issued" in response.text
    host.refresh_from_db()
    assert host.status == "pending"


def test_only_the_office_records_signatures(django_app, applicant, staff, registrar, client):
    application = order_issued_application(applicant, staff)
    host = application.signatures.get(party="host")
    url = reverse("applications:signature", args=[application.pk, host.pk])

    for user in (applicant, registrar):
        page = detail_page(django_app, application, user)
        assert not page.html.select("#signatures a")
        django_app.get(url, user=user, status=403)
        client.force_login(user)
        assert client.post(url, {"status": "signed", "signed_on": "2023-01-25"}).status_code == 403
    host.refresh_from_db()
    assert host.status == "pending"
