"""Who may see and do what with transcripts.

Only the registrar records, approves and corrects (staff read, 403 on acting; a student 403 on
the office's pages); a student downloads only their own approved transcript, and any other one
answers 404 as if it did not exist.
"""

import pytest
from django.test import Client
from django.urls import reverse

from agreements.models import AcademicPeriod
from tests.factories import PDF_BYTES, UserFactory, upload
from tests.transcripts import recognition_data as data
from transcripts import services
from transcripts.models import Transcript

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(db):
    return UserFactory(username="gulnaz", first_name="Гүлназ", last_name="Жақыпова")


@pytest.fixture
def owner_client(owner) -> Client:
    client = Client()
    client.force_login(owner)
    return client


@pytest.fixture
def application(owner):
    return data.outgoing_mobility(participant=owner)


@pytest.fixture
def draft(application, registrar):
    return data.recorded(application, registrar)


@pytest.fixture
def approved(draft, registrar):
    return services.transcript_approve(transcript=draft, by=registrar)


def office_pages(transcript):
    return [
        reverse("transcripts:list"),
        reverse("transcripts:batch"),
        reverse("transcripts:for_application", args=[transcript.application_id]),
        transcript.get_absolute_url(),
    ]


def acting_posts(transcript):
    return [
        reverse("transcripts:start", args=[transcript.application_id]),
        reverse("transcripts:approve", args=[transcript.pk]),
        reverse("transcripts:correct", args=[transcript.pk]),
        reverse("transcripts:scan_upload", args=[transcript.pk]),
    ]


def test_the_registrar_and_staff_read_every_page(draft, registrar_client, staff_client):
    for client in (registrar_client, staff_client):
        for url in office_pages(draft):
            assert client.get(url, follow=True).status_code == 200, url


def test_staff_may_not_record_approve_or_correct(draft, staff_client):
    assert staff_client.get(reverse("transcripts:edit", args=[draft.pk])).status_code == 403
    for url in acting_posts(draft):
        assert staff_client.post(url, {"reason": "x"}).status_code == 403, url
    draft.refresh_from_db()
    assert draft.state == Transcript.State.DRAFT
    detail = staff_client.get(draft.get_absolute_url()).content.decode()
    assert 'id="approve"' not in detail
    assert "Edit the lines" not in detail


def test_a_student_gets_403_on_the_office_pages_even_their_own(draft, owner_client):
    for url in [*office_pages(draft), reverse("transcripts:edit", args=[draft.pk])]:
        assert owner_client.get(url).status_code == 403, url
    for url in acting_posts(draft):
        assert owner_client.post(url).status_code == 403, url


def test_anonymous_visitors_go_to_the_login_page(approved):
    client = Client()
    for url in [*office_pages(approved), reverse("transcripts:pdf", args=[approved.pk])]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_only_the_registrar_sees_the_buttons_and_approves(draft, registrar_client):
    detail = registrar_client.get(draft.get_absolute_url()).content.decode()
    assert 'id="approve"' in detail
    assert registrar_client.get(reverse("transcripts:edit", args=[draft.pk])).status_code == 200

    registrar_client.post(reverse("transcripts:approve", args=[draft.pk]))

    draft.refresh_from_db()
    assert draft.state == Transcript.State.APPROVED


def test_a_student_downloads_their_own_approved_transcript(approved, owner_client):
    response = owner_client.get(reverse("transcripts:pdf", args=[approved.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert f'filename="{approved.number}-' in response["Content-Disposition"]


def test_another_students_transcript_is_404(approved, student_client):
    assert student_client.get(reverse("transcripts:pdf", args=[approved.pk])).status_code == 404


def test_a_draft_or_superseded_version_is_404_for_the_student_but_not_the_office(
    approved, owner_client, registrar, registrar_client, staff_client
):
    correction = services.transcript_correct(transcript=approved, reason="Typo", by=registrar)
    assert owner_client.get(reverse("transcripts:pdf", args=[correction.pk])).status_code == 404
    assert staff_client.get(reverse("transcripts:pdf", args=[correction.pk])).status_code == 404

    services.transcript_approve(transcript=correction, by=registrar)

    old = reverse("transcripts:pdf", args=[approved.pk])
    assert owner_client.get(old).status_code == 404
    assert registrar_client.get(old).status_code == 200  # the earlier version stays readable
    assert staff_client.get(old).status_code == 200
    assert owner_client.get(reverse("transcripts:pdf", args=[correction.pk])).status_code == 200


def test_a_missing_transcript_is_404(registrar_client):
    assert registrar_client.get(reverse("transcripts:pdf", args=[99999])).status_code == 404
    assert registrar_client.get(reverse("transcripts:detail", args=[99999])).status_code == 404


def test_the_application_page_links_the_office_to_the_transcript(
    application, approved, staff_client, registrar_client
):
    for client in (staff_client, registrar_client):
        content = client.get(application.get_absolute_url()).content.decode()
        assert f'href="{approved.get_absolute_url()}"' in content


def test_the_application_page_offers_the_participant_their_approved_pdf(
    application, draft, registrar, owner_client
):
    url = reverse("transcripts:pdf", args=[draft.pk])
    assert url not in owner_client.get(application.get_absolute_url()).content.decode()

    services.transcript_approve(transcript=draft, by=registrar)

    content = owner_client.get(application.get_absolute_url()).content.decode()
    assert url in content
    assert "Download your credit-recognition transcript (PDF)" in content


def test_the_registrar_starts_a_transcript_from_the_application(registrar_client):
    application = data.outgoing_mobility(first_name="Әсел", last_name="Нұрланқызы")
    page = registrar_client.get(reverse("transcripts:for_application", args=[application.pk]))
    assert "Record the transcript" in page.content.decode()

    response = registrar_client.post(reverse("transcripts:start", args=[application.pk]))

    transcript = application.transcripts.get()
    assert response.url == reverse("transcripts:edit", args=[transcript.pk])
    follow = registrar_client.get(application.get_absolute_url()).content.decode()
    assert transcript.get_absolute_url() in follow


def test_the_scanned_original_is_kept_and_only_the_office_reads_it(
    draft, registrar_client, staff_client, owner_client
):
    response = registrar_client.post(
        reverse("transcripts:scan_upload", args=[draft.pk]),
        {"file": upload("transcript.pdf", PDF_BYTES)},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.scan

    scan = reverse("transcripts:scan", args=[draft.pk])
    response = staff_client.get(scan)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert owner_client.get(scan).status_code == 403


def test_a_file_that_is_not_a_pdf_or_image_is_refused(draft, registrar_client, media_files):
    registrar_client.post(
        reverse("transcripts:scan_upload", args=[draft.pk]),
        {"file": upload("transcript.pdf", b"MZ\x90\x00 not a pdf")},
    )

    draft.refresh_from_db()
    assert not draft.scan
    assert media_files() == []


def test_the_list_filters_by_period(application, approved, registrar_client):
    other = data.outgoing_mobility(first_name="Әсел", last_name="Нұрланқызы")
    autumn = AcademicPeriod.objects.create(
        academic_year="2023-2024", term="autumn", starts_on="2023-09-01", ends_on="2024-01-31"
    )
    type(other).objects.filter(pk=other.pk).update(period=autumn)

    everything = registrar_client.get(reverse("transcripts:list")).content.decode()
    spring = registrar_client.get(
        reverse("transcripts:list"), {"period": application.period_id}
    ).content.decode()

    assert "Нұрланқызы" in everything and "Жақыпова" in everything
    assert "Жақыпова" in spring and "Нұрланқызы" not in spring
    assert approved.number in spring
