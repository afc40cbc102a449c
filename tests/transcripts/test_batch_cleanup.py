"""The batch job's storage (transcripts/batch.py) cleans up after itself: a day-old job is
removed with its folder, a recent one stays, and a ZIP or a step that fails leaves nothing half
made behind."""

from datetime import timedelta

import pytest
from django.core.files.storage import FileSystemStorage
from django.utils import timezone

from tests.transcripts import recognition_data as data
from transcripts import batch, pdfs

pytestmark = pytest.mark.django_db


@pytest.fixture
def period_transcript(registrar):
    return data.approved(data.outgoing_mobility(), registrar)


def job_with_pdf(transcript, user) -> str:
    token = batch.start(
        period=transcript.application.period, transcript_ids=[transcript.pk], by=user
    )
    batch.render_step(token, 0, transcript)
    return token


def age_job(monkeypatch, token: str, days: int) -> None:
    """Dates the job's manifest `days` back, as if it had been started then (a file's creation
    time cannot be set, so the storage is asked through a stand-in)."""
    real = FileSystemStorage.get_created_time
    old = timezone.now() - timedelta(days=days)

    def created(storage, name):
        return old if name == batch.path(token, batch.MANIFEST) else real(storage, name)

    monkeypatch.setattr(FileSystemStorage, "get_created_time", created)


def test_a_finished_job_keeps_its_pdfs_until_its_zip_is_made(
    period_transcript, registrar, media_files
):
    token = job_with_pdf(period_transcript, registrar)
    job = batch.manifest(token, user=registrar)

    items = batch.rendered_items(token, job, {period_transcript.pk: period_transcript})

    assert [name for name, _content in items] == [pdfs.filename(period_transcript)]
    assert media_files() == [batch.path(token, "0000.pdf"), batch.path(token, batch.MANIFEST)]


def test_starting_a_job_removes_day_old_jobs_with_their_folder_and_keeps_recent_ones(
    period_transcript, registrar, settings, monkeypatch, media_files
):
    old = job_with_pdf(period_transcript, registrar)
    recent = job_with_pdf(period_transcript, registrar)
    age_job(monkeypatch, old, days=2)

    new = batch.start(
        period=period_transcript.application.period,
        transcript_ids=[period_transcript.pk],
        by=registrar,
    )

    assert not (settings.MEDIA_ROOT / batch.ROOT / old).exists()
    assert media_files() == sorted(
        [
            batch.path(recent, "0000.pdf"),
            batch.path(recent, batch.MANIFEST),
            batch.path(new, batch.MANIFEST),
        ]
    )


def test_cleanup_without_any_job_does_nothing(media_files):
    batch.cleanup()

    assert media_files() == []


def test_a_zip_whose_rendering_fails_closes_its_temporary_file(monkeypatch):
    made = []
    real = batch.tempfile.SpooledTemporaryFile

    def spy(*args, **kwargs):
        made.append(real(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(batch.tempfile, "SpooledTemporaryFile", spy)

    def items():
        yield "first.pdf", b"%PDF-1.7 first"
        raise RuntimeError("the renderer failed")

    with pytest.raises(RuntimeError):
        batch.zip_file(items())

    assert made[0].closed


def test_a_step_whose_rendering_fails_leaves_no_partial_pdf(
    period_transcript, registrar, monkeypatch, media_files
):
    token = batch.start(
        period=period_transcript.application.period,
        transcript_ids=[period_transcript.pk],
        by=registrar,
    )

    def broken(transcript, language=None):
        raise RuntimeError("the renderer failed")

    monkeypatch.setattr(batch.transcript_pdfs, "document", broken)
    with pytest.raises(RuntimeError):
        batch.render_step(token, 0, period_transcript)

    assert media_files() == [batch.path(token, batch.MANIFEST)]
    with pytest.raises(batch.DocumentMissing):
        batch.rendered_items(
            token, batch.manifest(token, user=registrar), {period_transcript.pk: period_transcript}
        )


def test_a_job_is_found_only_by_its_owner_and_a_well_formed_token(
    period_transcript, registrar, staff
):
    token = job_with_pdf(period_transcript, registrar)

    assert batch.manifest(token, user=registrar)["transcripts"] == [period_transcript.pk]
    for user, wrong in [(staff, token), (registrar, "../" + token), (registrar, "0" * 32)]:
        with pytest.raises(batch.JobNotFound):
            batch.manifest(wrong, user=user)
