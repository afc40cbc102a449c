"""Every page of transcripts with a POST form: the role that may save it sees the form and saves
it (through the form the page renders); a role that may not sees no form and is refused on POST.

Scales, conversion tables, credit systems and partners' grading: staff and the registrar keep
them; a student is refused. Transcripts: only the registrar records, approves, corrects and
revokes; staff read them; a student is refused. A locked version shows read-only with the reason.
"""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from agreements.models import Institution
from reports.periods import SCOPE_TERM, ReportPeriod
from tests.factories import PDF_BYTES, InstitutionFactory
from tests.transcripts import recognition_data as data
from transcripts import services
from transcripts.models import ConversionTable, CreditSystem, GradingScale, Transcript

pytestmark = pytest.mark.django_db


def refused(client: Client, url: str, payload: dict | None = None) -> bool:
    response = client.post(url, payload or {})
    return response.status_code in (403, 404)


# Scales and their tables: staff and the registrar save; a student sees no form and is refused.


@pytest.fixture
def scale_pages(db) -> dict[str, tuple[str, str]]:
    latvia = GradingScale.objects.get(name="Latvia — 10-point scale")
    table = latvia.conversion_tables.get(partner=None)
    partner = InstitutionFactory(country="LV", city="Riga")
    return {
        "scale_create": (reverse("transcripts:scale_create"), "scale-form"),
        "scale_edit": (reverse("transcripts:scale_edit", args=[latvia.pk]), "scale-form"),
        "table_create": (
            reverse("transcripts:table_create", args=[latvia.pk]) + f"?partner={partner.pk}",
            "table-form",
        ),
        "table_edit": (reverse("transcripts:table_edit", args=[table.pk]), "table-form"),
        "credit_system_create": (
            reverse("transcripts:credit_system_create"),
            "credit-system-form",
        ),
        "credit_system_edit": (
            reverse(
                "transcripts:credit_system_edit", args=[CreditSystem.objects.get(name="ECTS").pk]
            ),
            "credit-system-form",
        ),
        "partner_grading_edit": (
            reverse("transcripts:partner_grading_edit", args=[partner.pk]),
            "partner-grading-form",
        ),
    }


@pytest.mark.parametrize("role", ["staff", "registrar"])
def test_staff_and_the_registrar_save_every_scale_form(django_app, scale_pages, role, request):
    user = request.getfixturevalue(role)
    for name, (url, form_id) in scale_pages.items():
        form = django_app.get(url, user=user).forms[form_id]
        if name == "scale_create":
            form["name_en"] = f"New scale ({role})"
            form["grades-0-label"] = "P"
        if name == "credit_system_create":
            form["name_en"] = f"New credits ({role})"
            form["factor"] = "1"
        response = form.submit()
        assert response.status_code == 302, (name, response.text)
    assert GradingScale.objects.filter(name=f"New scale ({role})").exists()
    assert ConversionTable.objects.filter(partner__isnull=False).count() == 1


def test_a_student_sees_no_scale_form_and_is_refused(scale_pages, student_client):
    for name, (url, _form_id) in scale_pages.items():
        assert student_client.get(url).status_code == 403, name
        assert refused(student_client, url, {"name": "Hijacked", "factor": "9"}), name
    assert not CreditSystem.objects.filter(name="Hijacked").exists()
    assert not GradingScale.objects.filter(name="Hijacked").exists()


def test_a_student_cannot_clear_a_partners_grading(student_client, staff):
    partner = InstitutionFactory(country="LV", city="Riga")
    services.partner_grading_save(
        grading=services.PartnerGrading(
            partner=partner,
            scale=GradingScale.objects.get(name="Turkey — AA–FF letter scale"),
            credit_system=CreditSystem.objects.get(name="ECTS"),
        ),
        by=staff,
    )
    url = reverse("transcripts:partner_grading_clear", args=[partner.pk])

    assert refused(student_client, url)
    assert Institution.objects.get(pk=partner.pk).grading is not None


def test_the_scale_page_offers_editing_only_to_who_may_edit(django_app, staff, student_client):
    latvia = GradingScale.objects.get(name="Latvia — 10-point scale")
    assert "Edit the scale" in django_app.get(latvia.get_absolute_url(), user=staff).text
    assert student_client.get(latvia.get_absolute_url()).status_code == 403


# Transcripts: the registrar acts, staff read, a student is refused.


@pytest.fixture
def application(db):
    return data.outgoing_mobility()


@pytest.fixture
def draft(application, registrar):
    return data.recorded(application, registrar)


def test_the_registrar_records_a_transcript_through_the_pages(django_app, registrar, application):
    page = django_app.get(
        reverse("transcripts:for_application", args=[application.pk]), user=registrar
    )
    edit = page.forms["start-form"].submit().follow()
    form = edit.forms["transcript-form"]
    for index, grade in enumerate(data.GRADES):
        form[f"lines-{index}-grade"] = grade
    detail = form.submit().follow()

    transcript = application.transcripts.get()
    assert transcript.lines.count() == 5
    assert detail.html.select_one("#gpa").text == str(data.GPA)

    detail = (
        detail.forms["scan-form"]
        .submit(upload_files=[("file", "host.pdf", PDF_BYTES, "application/pdf")])
        .follow()
    )
    transcript.refresh_from_db()
    assert transcript.scan

    detail = detail.forms["approve-form"].submit().follow()
    transcript.refresh_from_db()
    assert transcript.state == Transcript.State.APPROVED
    # What it counts at home is kept with it, and the mobility report counts that.
    assert (transcript.credits_counted, transcript.disciplines_counted) == (data.TOTAL_HOME, 4)
    period = ReportPeriod(
        scope=SCOPE_TERM, year=application.period.academic_year, term=application.period.term
    )
    report = django_app.get(f"{reverse('reports:report')}?{period.querystring()}", user=registrar)
    total = report.html.select("#table-credits tfoot td")
    participants, disciplines, credits = (cell.text.strip() for cell in total[1:])
    assert (participants, disciplines, Decimal(credits)) == ("1", "4", data.TOTAL_HOME)
    assert "Version 1 is approved and locked" in detail.html.select_one("#read-only-reason").text
    assert "transcript-form" not in detail.text and "approve-form" not in detail.forms

    form = detail.forms["correct-form"]
    form["reason"] = "The host corrected a grade."
    edit = form.submit().follow()
    assert "transcript-form" in edit.forms
    correction = application.transcripts.get(version=2)
    assert correction.lines.count() == 5

    approved = django_app.get(transcript.get_absolute_url(), user=registrar)
    assert "a correction is already started" in approved.html.select_one("#read-only-reason").text
    assert not set(approved.forms) & {"correct-form", "revoke-form", "approve-form"}


def test_the_registrar_revokes_an_approved_transcript_from_its_page(django_app, registrar, draft):
    services.transcript_approve(transcript=draft, by=registrar)

    form = django_app.get(draft.get_absolute_url(), user=registrar).forms["revoke-form"]
    form["reason"] = "Issued to the wrong student."
    detail = form.submit().follow()

    draft.refresh_from_db()
    assert draft.state == Transcript.State.REVOKED
    assert "revoke-form" not in detail.forms


def test_staff_see_no_transcript_form_and_are_refused(django_app, staff, staff_client, draft):
    start_page = django_app.get(
        reverse(
            "transcripts:for_application",
            args=[data.outgoing_mobility(first_name="Әсел", last_name="Нұрланқызы").pk],
        ),
        user=staff,
    )
    assert "start-form" not in start_page.forms
    detail = django_app.get(draft.get_absolute_url(), user=staff)
    assert not set(detail.forms) & {"approve-form", "scan-form", "correct-form", "revoke-form"}
    assert "Only the registrar records" in detail.html.select_one("#read-only-reason").text
    assert staff_client.get(reverse("transcripts:edit", args=[draft.pk])).status_code == 403

    for name in ("edit", "approve", "scan_upload", "correct", "revoke"):
        assert refused(staff_client, reverse(f"transcripts:{name}", args=[draft.pk])), name
    assert refused(staff_client, reverse("transcripts:start", args=[draft.application_id]))
    draft.refresh_from_db()
    assert draft.state == Transcript.State.DRAFT
    assert draft.lines.count() == 5


def test_a_student_sees_no_transcript_page_and_is_refused(student_client, draft):
    for name in ("detail", "edit"):
        assert (
            student_client.get(reverse(f"transcripts:{name}", args=[draft.pk])).status_code == 403
        )
    for name in ("edit", "approve", "scan_upload", "correct", "revoke"):
        assert refused(student_client, reverse(f"transcripts:{name}", args=[draft.pk])), name
    assert refused(student_client, reverse("transcripts:start", args=[draft.application_id]))
    assert refused(student_client, reverse("transcripts:batch"))


def test_an_approved_transcript_is_read_only_with_its_reason(
    django_app, registrar, registrar_client, draft
):
    approved = services.transcript_approve(transcript=draft, by=registrar)
    edit_url = reverse("transcripts:edit", args=[approved.pk])

    response = django_app.get(edit_url, user=registrar).follow()
    assert "cannot change" in response.text
    assert "transcript-form" not in response.forms
    assert "Edit the lines" not in response.text

    registrar_client.post(edit_url, {"lines-TOTAL_FORMS": "0", "lines-INITIAL_FORMS": "0"})
    assert approved.lines.count() == 5


@pytest.mark.parametrize("role", ["staff", "registrar"])
def test_staff_and_the_registrar_print_a_periods_transcripts(
    django_app, draft, registrar, role, request
):
    services.transcript_approve(transcript=draft, by=registrar)
    user = request.getfixturevalue(role)

    page = django_app.get(
        reverse("transcripts:batch") + f"?period={draft.application.period_id}", user=user
    )
    response = page.forms["batch-form"].submit()

    assert response.status_code == 200
    assert response.content_type == "application/zip"
