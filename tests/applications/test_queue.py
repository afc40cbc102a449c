"""The office's queue: when each application was submitted and how long it has waited."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from applications import services
from applications.models import Application, ApplicationEvent, ApplicationState
from tests.applications.test_workflow import fill_participant_side
from tests.factories import (
    AcademicPeriodFactory,
    ApplicationFactory,
    InstitutionFactory,
    UserFactory,
    covering_agreement,
    make_application,
)

pytestmark = pytest.mark.django_db


def submitted_days_ago(days: int, *, name: str) -> Application:
    participant = UserFactory(username=name.lower(), first_name=name, last_name="Test")
    application = make_application(participant=participant, by=participant)
    fill_participant_side(application, by=participant)
    submitted = services.application_submit(application=application, by=participant)
    Application.objects.filter(pk=submitted.pk).update(
        submitted_at=timezone.now() - timedelta(days=days, hours=1)
    )
    return submitted


def queue_rows(page) -> list[str]:
    return [
        row.attrs["data-reference"] for row in page.html.select("#queue tbody tr[data-reference]")
    ]


def test_submitting_records_when_and_resubmitting_records_it_again(staff):
    application = submitted_days_ago(4, name="Aliya")
    application.refresh_from_db()
    first = application.submitted_at
    reviewed = services.application_start_review(application=application, by=staff)
    returned = services.application_return(application=reviewed, comment="Fix it.", by=staff)
    before = timezone.now()

    again = services.application_submit(application=returned, by=application.participant)

    assert again.state == ApplicationState.RESUBMITTED
    assert first < before <= again.submitted_at


def test_staff_actions_leave_the_submission_time_alone(staff):
    application = submitted_days_ago(3, name="Aliya")
    application.refresh_from_db()
    submitted_at = application.submitted_at

    reviewed = services.application_start_review(application=application, by=staff)

    reviewed.refresh_from_db()
    assert reviewed.submitted_at == submitted_at


def test_the_queue_shows_when_each_was_submitted_and_the_longest_waiting_first(django_app, staff):
    newer = submitted_days_ago(2, name="Newer")
    oldest = submitted_days_ago(9, name="Oldest")
    middle = submitted_days_ago(5, name="Middle")
    services.application_start_review(application=middle, by=staff)
    draft = make_application(participant=UserFactory(), by=staff)

    page = django_app.get(reverse("applications:queue"), user=staff)

    assert queue_rows(page) == [oldest.reference, middle.reference, newer.reference]
    assert draft.reference not in page.text
    row = page.html.select_one(f"#queue tr[data-reference='{oldest.reference}']")
    assert row.select_one("[data-submitted] time") is not None
    assert row.select_one("[data-waiting]").get_text(strip=True).startswith("1\xa0week")
    newer_row = page.html.select_one(f"#queue tr[data-reference='{newer.reference}']")
    assert newer_row.select_one("[data-waiting]").get_text(strip=True).startswith("2\xa0days")
    assert "text-danger" not in str(newer_row)


def test_an_application_waiting_two_weeks_stands_out(django_app, staff):
    late = submitted_days_ago(15, name="Late")

    page = django_app.get(reverse("applications:queue"), user=staff)

    row = page.html.select_one(f"#queue tr[data-reference='{late.reference}']")
    assert "text-danger" in str(row.select_one("[data-waiting]"))


def test_an_approved_application_waits_for_its_order_from_the_approval(django_app, staff):
    approved = submitted_days_ago(20, name="Approved")
    reviewed = services.application_start_review(application=approved, by=staff)
    for document in reviewed.documents.filter(kind__in=reviewed.participant_document_kinds()):
        services.document_accept(document=document, by=staff)
    approved = services.application_approve(application=reviewed, by=staff)
    ApplicationEvent.objects.filter(application=approved, action="approve").update(
        at=timezone.now() - timedelta(days=1, hours=1)
    )
    fresh = submitted_days_ago(3, name="Fresh")

    page = django_app.get(reverse("applications:queue"), user=staff)

    assert queue_rows(page) == [fresh.reference, approved.reference]
    row = page.html.select_one(f"#queue tr[data-reference='{approved.reference}']")
    assert row.select_one("[data-waiting]").get_text(strip=True).startswith("1\xa0day")


def test_an_application_the_office_registered_shows_no_submission_time(django_app, staff):
    application = ApplicationFactory(state=ApplicationState.SUBMITTED, submitted_at=None)

    page = django_app.get(reverse("applications:queue"), user=staff)

    row = page.html.select_one(f"#queue tr[data-reference='{application.reference}']")
    assert row.select_one("[data-submitted]").get_text(strip=True) == "—"
    assert row.select_one("[data-waiting]").get_text(strip=True)


@pytest.mark.parametrize("rows", [3, 40])
def test_the_queue_runs_the_same_queries_for_3_applications_as_for_40(
    rows, staff, client, django_assert_max_num_queries
):
    agreement = covering_agreement(partner=InstitutionFactory(country="TR", city="Antalya"))
    period = AcademicPeriodFactory()
    states = [
        ApplicationState.SUBMITTED,
        ApplicationState.RESUBMITTED,
        ApplicationState.UNDER_REVIEW,
        ApplicationState.APPROVED,
        ApplicationState.ORDER_ISSUED,
    ]
    now = timezone.now()
    created = Application.objects.bulk_create(
        ApplicationFactory.build(
            participant=None,
            first_name=f"Name{index}",
            last_name="Test",
            email="",
            agreement=agreement,
            partner=agreement.partner,
            period=period,
            program=None,
            created_by=staff,
            state=states[index % len(states)],
            submitted_at=now - timedelta(days=index),
        )
        for index in range(rows)
    )
    ApplicationEvent.objects.bulk_create(
        ApplicationEvent(application=application, action="step", to_state=application.state)
        for application in created
    )
    client.force_login(staff)

    with django_assert_max_num_queries(7):
        response = client.get(reverse("applications:queue"))

    assert len(response.context["applications"]) == rows


def test_the_migration_takes_each_submission_time_from_the_history(staff):
    migration = importlib.import_module(
        "applications.migrations.0004_submission_time_language_and_round_overrides"
    )
    application = submitted_days_ago(0, name="History")
    reviewed = services.application_start_review(application=application, by=staff)
    returned = services.application_return(application=reviewed, comment="Fix.", by=staff)
    again = services.application_submit(application=returned, by=application.participant)
    last = again.events.filter(action="resubmit").get().at
    never = make_application(participant=UserFactory(), by=staff)
    Application.objects.update(submitted_at=None, staff_notified_at=None)

    migration.backfill_submitted_at(apps, schema_editor=None)

    again.refresh_from_db()
    never.refresh_from_db()
    assert again.submitted_at == last
    assert again.staff_notified_at == last  # the office has seen those already
    assert never.submitted_at is None
    assert not Application.objects.staff_not_told().exists()
