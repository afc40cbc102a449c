"""The mobilities per academic period and educational program that the database keeps
(ProgramCount, kept by the triggers of migration reports 0004_program_counts) agree with a count
of the applications after every kind of write, the mobilities with no program recorded included,
and the report's table by program reads them."""

import importlib

import pytest
from django.db import connection, transaction
from django.db.models import Count

from agreements.models import Direction
from applications import services
from applications.models import Application, ApplicationState
from reports import selectors
from reports.models import COUNTED_STATES, ProgramCount
from reports.periods import ReportPeriod
from tests.factories import (
    AcademicPeriodFactory,
    EducationalProgramFactory,
    bulk_register,
    make_application,
)

pytestmark = pytest.mark.django_db

migration = importlib.import_module("reports.migrations.0004_program_counts")

Key = tuple[int, int | None, str]


def kept() -> dict[Key, int]:
    found = {}
    for row in ProgramCount.objects.all():
        for direction in ("outgoing", "incoming"):
            if getattr(row, direction):
                found[(row.period_id, row.program_id, direction)] = getattr(row, direction)
    return found


def counted() -> dict[Key, int]:
    rows = (
        Application.objects.holding_places()
        .order_by()
        .values("period_id", "program_id", "direction")
        .annotate(total=Count("pk"))
    )
    return {(row["period_id"], row["program_id"], row["direction"]): row["total"] for row in rows}


def test_the_migration_counts_the_states_and_directions_the_model_has():
    assert migration.STATES == COUNTED_STATES
    assert Direction.values == migration.DIRECTIONS
    assert {field.column for field in ProgramCount._meta.fields} == {
        "id",
        "period_id",
        "program_id",
        *migration.DIRECTIONS,
    }


def test_mobilities_made_one_by_one_and_in_bulk_are_counted_per_period_and_program():
    make_application(last_name="Single", state=ApplicationState.APPROVED)
    bulk_register(72)

    assert None in {program for _period, program, _direction in kept()}
    assert sum(kept().values()) == Application.objects.holding_places().count() > 20
    assert kept() == counted()


def test_the_mobilities_with_no_program_share_one_row_per_period():
    bulk_register(90, periods=2)
    Application.objects.filter(direction="incoming").update(program=None)
    bulk_register(30, periods=2)  # the same two periods again

    assert ProgramCount.objects.filter(program=None).count() == 2  # one for each period
    assert kept() == counted()


def test_a_change_of_state_direction_period_or_program_moves_the_count(student):
    application = make_application(participant=student)
    bulk_register(48)

    services.application_withdraw(application=application, by=student)
    Application.objects.filter(state=ApplicationState.SUBMITTED).update(
        state=ApplicationState.APPROVED
    )
    moved = Application.objects.holding_places().filter(direction="outgoing").first()
    moved.direction = "incoming"
    moved.period = AcademicPeriodFactory(academic_year="2030-2031")
    moved.program = EducationalProgramFactory()
    moved.save()
    assert kept() == counted()

    Application.objects.filter(state=ApplicationState.APPROVED).update(program=None)
    Application.objects.filter(program=None).update(state=ApplicationState.COMPLETED)
    assert kept() == counted()


def test_saving_an_application_without_changing_what_is_counted_leaves_the_counts_alone():
    bulk_register(24)
    before = kept()
    rows = ProgramCount.objects.count()

    for application in Application.objects.all():
        application.last_name = "Changed"
        application.participant_kind = "teacher"
        application.save()

    assert kept() == before == counted()
    assert ProgramCount.objects.count() == rows


def test_deleted_applications_and_raw_sql_are_counted_too(staff):
    draft = make_application(last_name="Mistake")
    bulk_register(48)

    services.application_delete_draft(application=draft, by=staff)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE applications_application SET state = %s WHERE direction = %s",
            [ApplicationState.IN_MOBILITY, "incoming"],
        )
        cursor.execute(
            "DELETE FROM applications_application WHERE state = %s", [ApplicationState.APPROVED]
        )
    assert kept() == counted()

    Application.objects.all().delete()
    assert kept() == {}


def test_a_write_rolled_back_leaves_the_counts_as_they_were():
    bulk_register(24)
    before = kept()

    with pytest.raises(RuntimeError), transaction.atomic():
        Application.objects.update(state=ApplicationState.COMPLETED, program=None)
        bulk_register(5)
        raise RuntimeError("undone")

    assert kept() == before == counted()


def test_the_migration_counts_the_mobilities_already_there():
    bulk_register(60)
    expected = counted()

    ProgramCount.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(migration.FILL)

    assert kept() == expected


def test_the_table_by_program_reads_the_kept_counts(mobilities):
    spring = ReportPeriod(scope="term", year="2022-2023", term="spring").resolved()
    counted_here = {
        (row["program_id"], row["direction"]): row["total"]
        for row in selectors.mobilities(spring)
        .values("program_id", "direction")
        .annotate(total=Count("pk"))
        .order_by()
    }
    found = selectors.figures(spring)
    assert {
        (program, direction): total
        for program, counts in found.programs.items()
        for direction, total in counts.items()
        if total
    } == counted_here

    # A program whose mobilities of the period are all gone is no longer in the table, though
    # its row of counts stays (holding zeros).
    gone = next(program for program, _direction in counted_here)
    selectors.mobilities(spring).filter(program_id=gone).update(state=ApplicationState.WITHDRAWN)
    assert ProgramCount.objects.filter(program_id=gone).exists()
    assert gone not in selectors.figures(spring).programs
