"""The rector's order for a group: staff tick approved applications on the order page and issue
one order (number, date, language, scan); each application moves on and holds it; its PDF lists
every participant with host, period and program in the language chosen."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader
from webtest import Upload

from applications import services
from applications.models import Application, ApplicationEvent, DocumentFile, Order
from tests.applications.test_documents import approved_application
from tests.factories import (
    PDF_BYTES,
    AgreementFactory,
    EducationalProgramFactory,
    InstitutionFactory,
    UserFactory,
    covering_agreement,
    make_application,
    upload,
)

pytestmark = pytest.mark.django_db

# (last name, first name, Cyrillic last name, Cyrillic first name, partner, program)
PEOPLE = [
    ("Omarova", "Elmira", "Омарова", "Эльмира", "Turiba University", "Tourism"),
    ("Takambayeva", "Madina", "Такамбаева", "Мадина", "Antalya Bilim University", "Hospitality"),
    ("Nurlanov", "Arman", "Нурланов", "Арман", "Daugavpils University", "Ecology"),
]


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def approved_group(staff) -> list[Application]:
    """Three applications approved through the workflow, each with its own host and program."""
    applications = []
    for last, first, last_cyr, first_cyr, partner, program in PEOPLE:
        student = UserFactory(first_name=first, last_name=last)
        agreement = covering_agreement(partner=InstitutionFactory(name=partner))
        application = approved_application(
            student,
            staff,
            agreement=agreement,
            program=EducationalProgramFactory(name=program),
            last_name=last,
            first_name=first,
        )
        Application.objects.filter(pk=application.pk).update(
            last_name_cyrillic=last_cyr, first_name_cyrillic=first_cyr
        )
        applications.append(Application.objects.get(pk=application.pk))
    return applications


def quick_approved(**fields) -> Application:
    """An application put straight into the approved state: enough for the order's checks."""
    application = make_application(**fields)
    Application.objects.filter(pk=application.pk).update(state="approved")
    return Application.objects.get(pk=application.pk)


def tick(form, *applications) -> None:
    """Ticks the rows of the applications in the order page's list, as a user would."""
    wanted = {str(application.pk) for application in applications}
    for box in form.fields["applications"]:
        if box._value in wanted:
            box.checked = True


def order_page(django_app, user, **params):
    return django_app.get(reverse("applications:order_create"), params, user=user)


def test_staff_issue_one_order_for_three_approved_applications_from_the_page(
    django_app, staff, home
):
    group = approved_group(staff)
    page = order_page(django_app, staff)
    form = page.forms["group-order-form"]
    tick(form, *group)
    form["number"] = "AM-011/2023"
    form["issued_on"] = "2023-01-23"
    form["language"] = "ru"
    page = form.submit().follow()

    order = Order.objects.get(number="AM-011/2023")
    assert page.request.path == order.get_absolute_url()
    assert "AM-011/2023" in page.text
    assert order.date == date(2023, 1, 23)
    assert order.language == "ru"
    assert order.issued_by == staff
    for application in group:
        application.refresh_from_db()
        assert application.state == "order_issued"
        assert application.order == order
        assert application.order_number == "AM-011/2023"
        assert application.events.filter(
            action="issue_order", to_state="order_issued", comment__contains="AM-011/2023"
        ).exists()
        assert application.reference in page.text
        detail = django_app.get(application.get_absolute_url(), user=staff)
        assert "AM-011/2023" in detail.text
        assert order.get_absolute_url() in detail.text
        # Without the scan, the order document waits for it.
        assert application.documents.get(kind="order").state == "missing"


def test_the_order_pdf_lists_every_participant_with_host_period_and_program(staff, home):
    group = approved_group(staff)
    order = services.order_issue(
        applications=group, number="AM-011/2023", issued_on=date(2023, 1, 23), by=staff
    )

    russian = pdf_text(services.order_render_pdf(order=order, language="ru"))
    english = pdf_text(services.order_render_pdf(order=order, language="en"))

    assert "Rector's order" in english
    assert "AM-011/2023" in russian and "23.01.2023" in russian
    for last, first, last_cyr, first_cyr, partner, program in PEOPLE:
        assert f"{last_cyr} {first_cyr}" in russian
        assert f"{last} {first}" in english
        assert f"{last} {first}" not in russian
        for text in (russian, english):
            assert partner in text
            assert program in text
    period = group[0].period
    assert f"{period.starts_on:%d.%m.%Y} – {period.ends_on:%d.%m.%Y}" in english


def test_the_service_prints_the_order_in_its_language_and_refuses_an_unknown_one(staff, home):
    order = services.order_issue(
        applications=approved_group(staff),
        number="AM-012/2023",
        issued_on=date(2023, 1, 23),
        language="en",
        by=staff,
    )

    assert "Rector's order" in pdf_text(services.order_render_pdf(order=order))
    with pytest.raises(ValidationError, match="is not a document language"):
        services.order_render_pdf(order=order, language="de")


def test_the_order_page_prints_the_pdf_in_the_language_chosen(django_app, staff, home):
    application = quick_approved(last_name="Omarova", first_name="Elmira")
    Application.objects.filter(pk=application.pk).update(
        last_name_cyrillic="Омарова", first_name_cyrillic="Эльмира"
    )
    order = services.order_issue(
        applications=[application],
        number="7-AM",
        issued_on=date(2023, 1, 20),
        language="ru",
        by=staff,
    )
    page = django_app.get(order.get_absolute_url(), user=staff)
    form = next(form for form in page.forms.values() if "lang" in form.fields)
    assert form["lang"].value == "ru"
    form["lang"] = "ru+en"
    response = form.submit()

    assert response.content_type == "application/pdf"
    text = pdf_text(response.body)
    assert "Омарова Эльмира" in text and "Omarova Elmira" in text
    bad = django_app.get(
        reverse("applications:order_pdf", args=[order.pk]), {"lang": "de"}, user=staff, status=400
    )
    assert "ru+en" in bad.text


def test_an_application_not_approved_cannot_be_in_the_order_and_nothing_changes(staff):
    approved = quick_approved()
    under_review = make_application()
    Application.objects.filter(pk=under_review.pk).update(state="under_review")

    with pytest.raises(ValidationError) as error:
        services.order_issue(
            applications=[approved, under_review],
            number="12-AM",
            issued_on=date(2023, 1, 20),
            upload=upload("order.pdf", PDF_BYTES),
            by=staff,
        )

    assert under_review.reference in str(error.value)
    assert "only an approved application" in str(error.value)
    assert not Order.objects.exists()
    approved.refresh_from_db()
    assert approved.state == "approved" and approved.order is None
    assert not ApplicationEvent.objects.filter(action="issue_order").exists()
    assert not DocumentFile.objects.filter(document__kind="order").exists()


def test_an_application_no_longer_approved_is_refused_on_the_page_with_nothing_changed(
    django_app, staff
):
    first, second = quick_approved(), quick_approved()
    form = order_page(django_app, staff).forms["group-order-form"]
    tick(form, first, second)
    form["number"] = "13-AM"
    # Someone withdraws the second one while the page is open.
    Application.objects.filter(pk=second.pk).update(state="withdrawn")
    page = form.submit()

    assert page.status_code == 200
    assert "no longer approved" in page.text
    assert not Order.objects.exists()
    first.refresh_from_db()
    assert first.state == "approved"
    # What was entered stays.
    assert page.forms["group-order-form"]["number"].value == "13-AM"


def test_a_duplicate_order_number_is_refused_with_a_clear_error(django_app, staff):
    services.order_issue(
        applications=[quick_approved()], number="AM-9", issued_on=date(2023, 1, 1), by=staff
    )
    waiting = quick_approved()
    form = order_page(django_app, staff).forms["group-order-form"]
    tick(form, waiting)
    form["number"] = "AM-9"
    page = form.submit()

    assert "Order No. AM-9 already exists" in page.text
    waiting.refresh_from_db()
    assert waiting.state == "approved" and waiting.order is None
    assert Order.objects.count() == 1


def test_the_signed_scan_uploaded_on_the_order_page_is_accepted_for_each_participant(
    django_app, staff
):
    group = [quick_approved(), quick_approved()]
    order = services.order_issue(
        applications=group, number="5-AM", issued_on=date(2023, 1, 20), by=staff
    )
    form = django_app.get(order.get_absolute_url(), user=staff).forms["order-scan-form"]
    form["file"] = Upload("order-signed.pdf", PDF_BYTES, "application/pdf")
    page = form.submit().follow()

    assert "order documents accepted with it: 2" in page.text
    order.refresh_from_db()
    assert order.scan and order.scan_name == "order-signed.pdf"
    for application in group:
        document = application.documents.get(kind="order")
        assert document.state == "accepted"
        assert document.versions.get().original_name == "order-signed.pdf"
    assert "order-scan-form" not in page.forms
    scan = django_app.get(reverse("applications:order_scan", args=[order.pk]), user=staff)
    assert scan.body == PDF_BYTES


def test_a_scan_given_when_issuing_is_accepted_for_each_participant(staff):
    group = [quick_approved(), quick_approved()]

    order = services.order_issue(
        applications=group,
        number="6-AM",
        issued_on=date(2023, 1, 20),
        upload=upload("signed.pdf", PDF_BYTES),
        by=staff,
    )

    assert order.scan
    for application in group:
        assert application.documents.get(kind="order").state == "accepted"


def test_the_single_application_step_issues_a_group_of_one(staff):
    application = quick_approved()

    issued = services.application_issue_order(
        application=application,
        number="1-AM",
        issued_on=date(2023, 1, 2),
        upload=None,
        by=staff,
    )

    assert issued.state == "order_issued"
    assert list(issued.order.applications.all()) == [issued]


@pytest.mark.parametrize("role", ["registrar", "student"])
def test_registrar_and_student_are_refused_the_order_pages(django_app, staff, role, request):
    user = request.getfixturevalue(role)
    order = services.order_issue(
        applications=[quick_approved()], number="3-AM", issued_on=date(2023, 1, 1), by=staff
    )
    for url in (
        reverse("applications:order_list"),
        reverse("applications:order_create"),
        order.get_absolute_url(),
        reverse("applications:order_pdf", args=[order.pk]),
    ):
        django_app.get(url, user=user, status=403)
    django_app.post(
        reverse("applications:order_scan_upload", args=[order.pk]), user=user, status=403
    )
    django_app.post(reverse("applications:order_create"), user=user, status=403)


def test_the_order_page_lists_approved_applications_in_constant_queries(
    staff_client, django_assert_max_num_queries
):
    period = make_application().period
    for n in range(6):
        agreement = covering_agreement(partner=InstitutionFactory(name=f"Host {n}"))
        quick_approved(agreement=agreement, period=period)
    make_application()  # not approved: not listed

    with django_assert_max_num_queries(12) as few:
        response = staff_client.get(reverse("applications:order_create"))
    assert len(response.context["applications"]) == 6
    for _ in range(6):
        quick_approved(agreement=covering_agreement(partner=AgreementFactory().partner))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = staff_client.get(reverse("applications:order_create"), {"direction": "outgoing"})
    assert len(response.context["applications"]) == 12
