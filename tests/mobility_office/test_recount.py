"""`manage.py recount`: the counts the database keeps with its triggers, counted again from the
applications, put right where they are wrong, left as they are where they are right."""

import io

import pytest
from django.core.management import call_command
from django.db import connection, models

from applications.models import ApplicationStateCount
from reports.models import PartnerCount, PeriodCount, ProgramCount
from tests.factories import bulk_register

KEPT = [ApplicationStateCount, PeriodCount, PartnerCount, ProgramCount]


def kept(model) -> set[tuple]:
    """The model's rows without their ids, leaving out the rows of only zeros the triggers
    leave behind."""
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    counts = [
        field.attname
        for field in fields
        if isinstance(field, models.IntegerField) and not field.is_relation
    ]
    names = [field.attname for field in fields]
    return {
        tuple(row[name] for name in names)
        for row in model.objects.values(*names)
        if any(row[name] for name in counts)
    }


def recount() -> str:
    out = io.StringIO()
    call_command("recount", stdout=out)
    return out.getvalue()


def sql(statement: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement)


@pytest.mark.django_db
def test_recount_puts_right_every_kept_count_changed_by_hand():
    bulk_register(120, periods=2)
    right = {model: kept(model) for model in KEPT}
    assert all(right.values())

    # One count too high and one row gone; a row for nothing; every partner's row gone; one
    # program's count off by one.
    state = ApplicationStateCount.objects.filter(total__gt=0).order_by("pk")
    sql(f"UPDATE applications_applicationstatecount SET total = total + 5 WHERE id = {state[0].pk}")
    sql(f"DELETE FROM applications_applicationstatecount WHERE id = {state[1].pk}")
    period = PeriodCount.objects.order_by("pk").first()
    sql(
        "INSERT INTO reports_periodcount (period_id, direction, state, domestic, total) "
        f"VALUES ({period.period_id + 1000}, 'outgoing', 'draft', false, 7)"
    )
    partners = PartnerCount.objects.count()
    sql("DELETE FROM reports_partnercount")
    program = ProgramCount.objects.filter(outgoing__gt=0).order_by("pk").first()
    sql(f"UPDATE reports_programcount SET outgoing = outgoing + 1 WHERE id = {program.pk}")
    assert {model: kept(model) for model in KEPT} != right

    said = recount()

    assert {model: kept(model) for model in KEPT} == right
    assert "ApplicationStateCount: 2 rows were wrong" in said
    assert "PeriodCount: 1 row was wrong" in said
    assert f"PartnerCount: {partners} rows were wrong" in said
    assert "ProgramCount: 1 row was wrong" in said
    assert f"Put right {3 + partners + 1} wrong rows of kept counts." in said


@pytest.mark.django_db
def test_recount_of_right_counts_changes_nothing_and_says_so():
    applications = bulk_register(60, periods=3)
    right = {model: kept(model) for model in KEPT}

    said = recount()

    assert {model: kept(model) for model in KEPT} == right
    assert "Every kept count was right." in said
    assert sum(row[-1] for row in kept(ApplicationStateCount)) == len(applications)


@pytest.mark.django_db
def test_counts_kept_after_a_recount_follow_later_writes():
    applications = bulk_register(30)
    recount()
    first = applications[0]
    first.state = "draft" if first.state != "draft" else "submitted"
    first.save()
    assert "Every kept count was right." in recount()
