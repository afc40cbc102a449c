"""Document numbers: one series per prefix and year, consecutive without gaps, unique however
many approvals run at once (the concurrent test needs PostgreSQL; SQLite runs one writer at a
time)."""

import importlib
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from applications.models import Application, ApplicationState
from tests.transcripts import recognition_data as data
from transcripts import services
from transcripts.models import DocumentSequence, Transcript

CONCURRENT_APPROVALS = 50


def names(count: int) -> list[dict]:
    return [{"first_name": f"Student{index}", "last_name": "Concurrent"} for index in range(count)]


@pytest.mark.django_db
def test_each_prefix_and_year_is_a_series_of_its_own(registrar, monkeypatch):
    year = timezone.localdate().year
    first, second = (
        data.approved(data.outgoing_mobility(**person), registrar) for person in names(2)
    )
    monkeypatch.setattr(
        timezone,
        "now",
        lambda: datetime(year + 1, 1, 10, 9, tzinfo=timezone.get_current_timezone()),
    )
    next_year = data.approved(
        data.outgoing_mobility(first_name="Dana", last_name="Next"), registrar
    )
    incoming = services.transcript_start(application=data.incoming_mobility(), by=registrar)
    line = {"host_code": "TOU3301", "host_title": "Tourism", "host_credits": "5", "grade": "A"}
    services.transcript_save_lines(transcript=incoming, lines=[line], by=registrar)
    incoming = services.transcript_approve(transcript=incoming, by=registrar)
    monkeypatch.undo()
    third = data.approved(data.outgoing_mobility(first_name="Arman", last_name="Late"), registrar)

    assert [first.number, second.number, third.number] == [
        f"CR-{year}-0001",
        f"CR-{year}-0002",
        f"CR-{year}-0003",
    ]
    assert next_year.number == f"CR-{year + 1}-0001"
    assert incoming.number == f"TR-{year + 1}-0001"
    assert dict(DocumentSequence.objects.values_list("key", "last")) == {
        f"CR-{year}": 3,
        f"CR-{year + 1}": 1,
        f"TR-{year + 1}": 1,
    }


@pytest.mark.django_db
def test_an_approval_that_fails_gives_its_number_back(registrar, monkeypatch):
    failing = data.recorded(data.outgoing_mobility(), registrar)

    def refuse(**kwargs):
        raise ValidationError("The mobility cannot be completed now.")

    with monkeypatch.context() as patched:
        patched.setattr(services, "application_complete", refuse)
        with pytest.raises(ValidationError):
            services.transcript_approve(transcript=failing, by=registrar)
    approved = data.approved(data.outgoing_mobility(first_name="Dana", last_name="Next"), registrar)

    assert approved.number == f"CR-{timezone.localdate().year}-0001"
    failing.refresh_from_db()
    assert failing.number == ""


@pytest.mark.django_db
def test_a_new_series_starts_after_numbers_given_before_it_existed(registrar):
    year = timezone.localdate().year
    earlier = data.approved(data.outgoing_mobility(), registrar)
    Transcript.objects.filter(pk=earlier.pk).update(number=f"CR-{year}-0041")
    DocumentSequence.objects.all().delete()

    later = data.approved(data.outgoing_mobility(first_name="Dana", last_name="Next"), registrar)

    assert later.number == f"CR-{year}-0042"


@pytest.mark.django_db
def test_the_migration_continues_the_numbers_an_install_has_given(registrar):
    migration = importlib.import_module("transcripts.migrations.0006_document_number_series")
    first, second = (
        data.approved(data.outgoing_mobility(**person), registrar) for person in names(2)
    )
    Transcript.objects.filter(pk=first.pk).update(number="CR-2025-0007")
    Transcript.objects.filter(pk=second.pk).update(number="CR-2025-0012")
    DocumentSequence.objects.all().delete()

    migration.continue_existing_series(apps, None)

    assert dict(DocumentSequence.objects.values_list("key", "last")) == {"CR-2025": 12}


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="real concurrent writers need PostgreSQL"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_approvals_at_the_same_moment_all_succeed_with_consecutive_numbers(
    registrar, monkeypatch
):
    # The issued PDF is rendered after each commit, outside the numbering: fifty renders at once
    # would only measure the processor.
    monkeypatch.setattr(services, "_keep_issued_pdf", lambda pk: None)
    drafts = [
        data.recorded(data.outgoing_mobility(**person), registrar)
        for person in names(CONCURRENT_APPROVALS)
    ]
    start = threading.Barrier(CONCURRENT_APPROVALS)

    def approve(draft: Transcript) -> str:
        # Each thread has its own database connection, closed when it is done.
        try:
            start.wait(timeout=60)
            return services.transcript_approve(transcript=draft, by=registrar).number
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=CONCURRENT_APPROVALS) as pool:
        futures = [pool.submit(approve, draft) for draft in drafts]
        failures = [future.exception() for future in futures if future.exception()]
        numbers = [future.result() for future in futures if not future.exception()]

    year = timezone.localdate().year
    assert failures == []
    assert sorted(numbers) == [
        f"CR-{year}-{index:04d}" for index in range(1, CONCURRENT_APPROVALS + 1)
    ]
    assert set(Transcript.objects.values_list("state", flat=True)) == {Transcript.State.APPROVED}
    assert set(Application.objects.values_list("state", flat=True)) == {ApplicationState.COMPLETED}
    assert DocumentSequence.objects.get(key=f"CR-{year}").last == CONCURRENT_APPROVALS
