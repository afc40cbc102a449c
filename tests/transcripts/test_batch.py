"""Printing a period's transcripts as one ZIP: the stepped job the page runs (one PDF per
request, kept in the file storage) and the one-request fallback without JavaScript."""

import io
import json
import threading
import zipfile

import pytest
from django.urls import reverse

from agreements.models import AcademicPeriod
from applications.models import Application
from tests.factories import registrar_user
from tests.transcripts import recognition_data as data
from transcripts import batch, pdfs, selectors, services
from transcripts.models import IssuedPdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def period_transcripts(registrar):
    """Two approved outgoing transcripts, an approved incoming one and a draft, in one period."""
    approved = [
        data.approved(data.outgoing_mobility(first_name="Гүлназ", last_name="Жақыпова"), registrar),
        data.approved(data.outgoing_mobility(first_name="Әсел", last_name="Нұрланқызы"), registrar),
    ]
    incoming = data.incoming_mobility()
    transcript = services.transcript_start(application=incoming, by=registrar)
    services.transcript_save_lines(
        transcript=transcript,
        lines=[{"host_title": "Kazakh Language", "host_credits": "3", "grade": "B"}],
        by=registrar,
    )
    approved.append(services.transcript_approve(transcript=transcript, by=registrar))
    data.recorded(data.outgoing_mobility(first_name="Дана", last_name="Сейтова"), registrar)
    return approved


def zip_names(content: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert all(archive.read(name).startswith(b"%PDF-") for name in archive.namelist())
        return sorted(archive.namelist())


def test_the_page_lists_the_periods_approved_transcripts(period_transcripts, registrar_client):
    period = period_transcripts[0].application.period

    response = registrar_client.get(reverse("transcripts:batch"), {"period": period.pk})

    content = response.content.decode()
    assert "3 approved transcripts in" in content
    assert "Сейтова" not in content  # a draft is not printed
    assert "js/transcript-batch.js" in content
    assert 'id="batch-progress"' in content


def test_the_stepped_job_renders_each_pdf_once_and_zips_them(
    period_transcripts, registrar_client, media_files
):
    period = period_transcripts[0].application.period

    job = registrar_client.post(reverse("transcripts:batch_start"), {"period": period.pk}).json()
    assert job["total"] == 3
    for index in range(job["total"]):
        step = registrar_client.post(job["step_url"], {"index": index}).json()
        assert step == {"done": index + 1, "total": 3}
    response = registrar_client.get(job["zip_url"])

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "transcripts-2022-2023-spring.zip" in response["Content-Disposition"]
    expected = sorted(pdfs.filename(t) for t in period_transcripts)
    assert zip_names(b"".join(response.streaming_content)) == expected
    stored = media_files()
    assert len([name for name in stored if name.endswith(".pdf")]) == 3


def test_an_unfinished_job_does_not_give_a_partial_zip(period_transcripts, registrar_client):
    period = period_transcripts[0].application.period
    job = registrar_client.post(reverse("transcripts:batch_start"), {"period": period.pk}).json()
    registrar_client.post(job["step_url"], {"index": 0})

    response = registrar_client.get(job["zip_url"])

    assert response.status_code == 409
    assert "document 2 is missing" in response.content.decode()


def test_a_step_out_of_range_is_refused(period_transcripts, registrar_client):
    period = period_transcripts[0].application.period
    job = registrar_client.post(reverse("transcripts:batch_start"), {"period": period.pk}).json()

    response = registrar_client.post(job["step_url"], {"index": 3})

    assert response.status_code == 400


def test_another_users_job_is_404(period_transcripts, registrar_client, client):
    period = period_transcripts[0].application.period
    job = registrar_client.post(reverse("transcripts:batch_start"), {"period": period.pk}).json()
    client.force_login(registrar_user(username="other-registrar"))

    assert client.post(job["step_url"], {"index": 0}).status_code == 404
    assert client.get(job["zip_url"]).status_code == 404
    bad = reverse("transcripts:batch_zip", args=["..%2F..%2Fmanifest"])
    assert registrar_client.get(bad).status_code == 404


def test_a_period_without_approved_transcripts_says_so(registrar_client):
    period = AcademicPeriod.objects.create(
        academic_year="2030-2031", term="autumn", starts_on="2030-09-01", ends_on="2031-01-31"
    )

    response = registrar_client.post(reverse("transcripts:batch_start"), {"period": period.pk})

    assert response.status_code == 400
    assert "No approved transcript" in json.loads(response.content)["error"]


def test_without_javascript_the_form_returns_the_zip_at_once(period_transcripts, registrar_client):
    period = period_transcripts[0].application.period

    response = registrar_client.post(reverse("transcripts:batch"), {"period": period.pk})

    assert response.status_code == 200
    assert len(zip_names(b"".join(response.streaming_content))) == 3


def test_staff_print_too_but_a_student_may_not(period_transcripts, staff_client, student_client):
    period = period_transcripts[0].application.period
    assert staff_client.get(reverse("transcripts:batch"), {"period": period.pk}).status_code == 200
    start = reverse("transcripts:batch_start")
    assert student_client.post(start, {"period": period.pk}).status_code == 403
    assert Application.objects.count() == 4


def zip_order(content: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.namelist()


def test_steps_out_of_order_and_repeated_count_the_pdfs_kept_and_zip_in_print_order(
    period_transcripts, registrar_client
):
    period = period_transcripts[0].application.period
    job = registrar_client.post(reverse("transcripts:batch_start"), {"period": period.pk}).json()

    # The page keeps two steps in flight: they finish in any order, and a retry repeats one.
    done = [
        registrar_client.post(job["step_url"], {"index": index}).json()["done"]
        for index in [2, 0, 2, 1]
    ]
    response = registrar_client.get(job["zip_url"])

    assert done == [1, 2, 2, 3]
    in_print_order = [pdfs.filename(t) for t in selectors.batch_transcripts(period)]
    assert zip_order(b"".join(response.streaming_content)) == in_print_order


def test_two_steps_at_once_lose_no_pdf_even_of_the_same_index(
    period_transcripts, registrar, monkeypatch
):
    """Two workers store at the same moment: different indexes, and one index twice."""
    period = period_transcripts[0].application.period
    token = batch.start(
        period=period, transcript_ids=[t.pk for t in period_transcripts], by=registrar
    )
    together = threading.Barrier(2)

    def document(transcript):
        together.wait(timeout=10)  # both requests store at once
        return b"%PDF-" + str(transcript.pk).encode() * 1000

    monkeypatch.setattr(batch.transcript_pdfs, "document", document)
    for pairs in [[(0, 0), (1, 1)], [(2, 2), (2, 2)]]:
        threads = [
            threading.Thread(target=batch.render_step, args=(token, index, period_transcripts[n]))
            for index, n in pairs
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    items = batch.rendered_items(
        token,
        batch.manifest(token, user=registrar),
        {t.pk: t for t in period_transcripts},
    )
    assert batch.rendered_count(token, 3) == 3
    assert [content for _name, content in items] == [
        b"%PDF-" + str(t.pk).encode() * 1000 for t in period_transcripts
    ]


def keep_issued_pdfs(transcripts):
    """As the background worker does once each approval has committed."""
    for transcript in transcripts:
        services.issued_pdf_keep(transcript=transcript)


def test_pdfs_kept_at_approval_are_stored_several_to_a_step(
    period_transcripts, registrar_client, media_files
):
    keep_issued_pdfs(period_transcripts)
    period = period_transcripts[0].application.period
    job = registrar_client.post(reverse("transcripts:batch_start"), {"period": period.pk}).json()
    assert job["per_step"] == batch.KEPT_PER_STEP

    step = registrar_client.post(job["step_url"], {"index": 1, "count": job["per_step"]}).json()
    assert step == {"done": 2, "total": 3}  # 1 and 2: the job ends at its last document
    registrar_client.post(job["step_url"], {"index": 0, "count": 1})
    response = registrar_client.get(job["zip_url"])

    in_print_order = [pdfs.filename(t) for t in selectors.batch_transcripts(period)]
    assert zip_order(b"".join(response.streaming_content)) == in_print_order


def test_a_transcript_without_a_kept_copy_is_rendered_one_to_a_step(period_transcripts):
    keep_issued_pdfs(period_transcripts[1:])
    assert batch.documents_per_step([t.pk for t in period_transcripts[1:]]) == batch.KEPT_PER_STEP

    # Approved before copies were kept (or not kept yet): its PDF is rendered, about half a
    # second each.
    assert not IssuedPdf.objects.filter(transcript=period_transcripts[0]).exists()

    assert batch.documents_per_step([t.pk for t in period_transcripts]) == 1


@pytest.mark.parametrize("count", ["0", "-1", "x", str(batch.KEPT_PER_STEP + 1)])
def test_a_step_of_too_many_or_no_documents_is_refused(period_transcripts, registrar_client, count):
    period = period_transcripts[0].application.period
    job = registrar_client.post(reverse("transcripts:batch_start"), {"period": period.pk}).json()

    response = registrar_client.post(job["step_url"], {"index": 0, "count": count})

    assert response.status_code == 400
    assert "from 1 to 10 documents" in response.json()["error"]
    assert registrar_client.post(job["step_url"], {"index": 0}).json()["done"] == 1
