"""The scanned original of a host's transcript: checked by what it contains, and kept in every
version. A new scan never replaces the earlier one on disk: the page lists each with who
uploaded it and when, and whoever may download the scan in use may download the earlier ones.
"""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from webtest import Upload

from tests.factories import JPEG_BYTES, PDF_BYTES, PNG_BYTES, UserFactory
from tests.files import BAD_FILE_IDS, BAD_FILES, pdf_bytes
from tests.transcripts import recognition_data as data
from transcripts import services
from transcripts.models import TranscriptScan

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(db):
    return UserFactory(username="gulnaz", first_name="Гүлназ", last_name="Жақыпова")


@pytest.fixture
def draft(owner, registrar):
    return data.recorded(data.outgoing_mobility(participant=owner), registrar)


def upload_scan(django_app, user, transcript, name: str, content: bytes, content_type: str):
    page = django_app.get(transcript.get_absolute_url(), user=user)
    form = page.forms["scan-form"]
    form["file"] = Upload(name, content, content_type)
    return form.submit().follow()


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("bad", BAD_FILES, ids=BAD_FILE_IDS)
def test_a_bad_scan_is_refused_with_the_reason_and_leaves_no_row_and_no_file(
    django_app, registrar, draft, media_files, bad
):
    page = upload_scan(django_app, registrar, draft, bad.name, bad.content, bad.content_type)

    assert bad.says in " ".join(alert.text for alert in page.html.select(".alert-danger"))
    assert not TranscriptScan.objects.exists()
    assert media_files() == []


def test_a_bad_scan_leaves_the_scan_in_use_and_its_file_alone(
    django_app, registrar, draft, media_files
):
    upload_scan(django_app, registrar, draft, "host.pdf", PDF_BYTES, "application/pdf")
    before = media_files()
    [bad] = [bad for bad in BAD_FILES if bad.key == "png-cut-in-half"]

    upload_scan(django_app, registrar, draft, bad.name, bad.content, bad.content_type)

    assert draft.scans.count() == 1
    assert media_files() == before


@pytest.mark.parametrize(
    ("name", "content", "content_type", "kind"),
    [
        ("host.pdf", PDF_BYTES, "application/pdf", "pdf"),
        ("host.jpg", JPEG_BYTES, "image/jpeg", "jpeg"),
        ("host.png", PNG_BYTES, "image/png", "png"),
    ],
)
def test_a_real_scan_of_each_kind_is_kept_and_served_as_it_was_uploaded(
    django_app, registrar, draft, media_files, name, content, content_type, kind
):
    page = upload_scan(django_app, registrar, draft, name, content, content_type)

    assert "The scanned original is kept with the transcript." in page.text
    scan = draft.scans.get()
    assert (scan.content_kind, scan.original_name, scan.uploaded_by) == (kind, name, registrar)
    assert media_files() == [scan.file.name]
    download = django_app.get(reverse("transcripts:scan", args=[draft.pk]), user=registrar)
    assert download.content_type == content_type
    assert download.body == content


def test_a_new_scan_keeps_the_earlier_one_listed_and_downloadable(
    django_app, registrar, draft, media_files
):
    other = UserFactory(username="second-registrar", first_name="Dana", last_name="Seitova")
    other.groups.set(registrar.groups.all())
    first, second = pdf_bytes("First scan"), pdf_bytes("Second scan")

    upload_scan(django_app, registrar, draft, "first.pdf", first, "application/pdf")
    page = upload_scan(django_app, other, draft, "second.pdf", second, "application/pdf")

    assert len(media_files()) == 2
    newest, earlier = draft.scans.all()
    items = page.html.select("#scans li")
    assert [item.a.text for item in items] == ["second.pdf", "first.pdf"]
    assert "Dana Seitova" in items[0].text and "in use" in items[0].text
    assert registrar.get_full_name() in items[1].text and "earlier" in items[1].text
    assert django_app.get(items[1].a["href"], user=other).body == first
    assert django_app.get(items[0].a["href"], user=other).body == second
    # The scan in use is the newest.
    assert django_app.get(reverse("transcripts:scan", args=[draft.pk]), user=other).body == second
    assert "The scan in use is kept, listed as an earlier scan." in page.text
    assert (newest.original_name, earlier.original_name) == ("second.pdf", "first.pdf")


def test_the_office_downloads_earlier_scans_and_a_student_cannot(
    draft, registrar, staff_client, registrar_client, student_client, anonymous_client, owner
):
    first = services.transcript_attach_scan(
        transcript=draft, upload=_file("first.pdf", pdf_bytes("First")), by=registrar
    )
    services.transcript_attach_scan(
        transcript=draft, upload=_file("second.pdf", pdf_bytes("Second")), by=registrar
    )
    earlier = reverse("transcripts:scan_file", args=[draft.pk, first.pk])
    current = reverse("transcripts:scan", args=[draft.pk])
    owner_client = _client(owner)

    for client in (staff_client, registrar_client):
        assert body(client.get(earlier)) == pdf_bytes("First")
        assert body(client.get(current)) == pdf_bytes("Second")
    for client in (student_client, owner_client):
        assert client.get(earlier).status_code == 403
        assert client.get(current).status_code == 403
    assert anonymous_client.get(earlier).status_code == 302


def test_a_scan_is_downloaded_only_through_its_own_transcript(draft, registrar, registrar_client):
    other = data.recorded(
        data.outgoing_mobility(first_name="Ерлан", last_name="Ахметов"), registrar
    )
    scan = services.transcript_attach_scan(
        transcript=draft, upload=_file("host.pdf", PDF_BYTES), by=registrar
    )

    response = registrar_client.get(reverse("transcripts:scan_file", args=[other.pk, scan.pk]))

    assert response.status_code == 404


def test_a_correction_starts_with_the_scan_in_use_and_a_new_scan_leaves_the_approved_one(
    draft, registrar, registrar_client, media_files
):
    services.transcript_attach_scan(
        transcript=draft, upload=_file("host.pdf", pdf_bytes("Approved")), by=registrar
    )
    approved = services.transcript_approve(transcript=draft, by=registrar)
    correction = services.transcript_correct(
        transcript=approved, reason="A grade was misread", by=registrar
    )

    carried = correction.scan
    assert carried.file.name == approved.scan.file.name
    assert (carried.uploaded_by, carried.uploaded_at) == (registrar, approved.scan.uploaded_at)

    services.transcript_attach_scan(
        transcript=correction, upload=_file("host-2.pdf", pdf_bytes("Corrected")), by=registrar
    )

    assert correction.scans.count() == 2
    assert approved.scans.count() == 1
    approved_scan = reverse("transcripts:scan", args=[approved.pk])
    assert body(registrar_client.get(approved_scan)) == pdf_bytes("Approved")
    assert len(media_files()) == 2


def test_an_approved_transcript_takes_no_new_scan(draft, registrar, media_files):
    services.transcript_attach_scan(
        transcript=draft, upload=_file("host.pdf", PDF_BYTES), by=registrar
    )
    approved = services.transcript_approve(transcript=draft, by=registrar)

    with pytest.raises(ValidationError, match="is approved and cannot change"):
        services.transcript_attach_scan(
            transcript=approved, upload=_file("again.pdf", pdf_bytes("Again")), by=registrar
        )

    assert approved.scans.count() == 1
    assert len(media_files()) == 1


def _file(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client
