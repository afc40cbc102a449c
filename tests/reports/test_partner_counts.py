"""The mobilities per academic period and partner that the database keeps (PartnerCount, kept by
the triggers of migration reports 0003_partner_counts) agree with a count of the applications
after every kind of write, and the report's figures by partner read them."""

import importlib

import pytest
from django.db import connection, transaction
from django.db.models import Count

from agreements.models import HOME_COUNTRY, Institution
from applications import services
from applications.models import Application, ApplicationState, ParticipantKind
from reports import selectors
from reports.models import (
    COUNTED_STATES,
    PARTNER_COUNT_CELLS,
    PartnerCount,
    partner_count_column,
)
from reports.periods import ReportPeriod
from tests.factories import (
    AcademicPeriodFactory,
    InstitutionFactory,
    bulk_register,
    make_application,
)

pytestmark = pytest.mark.django_db

migration = importlib.import_module("reports.migrations.0003_partner_counts")

Key = tuple[int, int, str, str, str]


def kept() -> dict[Key, int]:
    found = {}
    for row in PartnerCount.objects.all():
        for cell in PARTNER_COUNT_CELLS:
            total = getattr(row, partner_count_column(*cell))
            if total:
                found[(row.period_id, row.partner_id, *cell)] = total
    return found


def counted() -> dict[Key, int]:
    rows = (
        Application.objects.holding_places()
        .order_by()
        .values("period_id", "partner_id", "direction", "state", "participant_kind")
        .annotate(total=Count("pk"))
    )
    return {
        (
            row["period_id"],
            row["partner_id"],
            row["direction"],
            row["state"],
            row["participant_kind"],
        ): row["total"]
        for row in rows
    }


def test_the_migration_counts_the_columns_the_model_has():
    assert migration.STATES == COUNTED_STATES
    assert migration.CELLS == PARTNER_COUNT_CELLS
    assert {field.column for field in PartnerCount._meta.fields} == {
        "id",
        "period_id",
        "partner_id",
        *migration.COLUMNS,
    }


def test_mobilities_made_one_by_one_and_in_bulk_are_counted_per_period_and_partner():
    make_application(last_name="Single", state=ApplicationState.APPROVED)
    bulk_register(72)

    assert len({kind for *_key, kind in kept()}) == 3
    assert sum(kept().values()) == Application.objects.holding_places().count() > 20
    assert kept() == counted()


def test_a_change_of_state_direction_kind_period_or_partner_moves_the_count(student):
    application = make_application(participant=student)
    bulk_register(48)

    services.application_withdraw(application=application, by=student)
    Application.objects.filter(state=ApplicationState.SUBMITTED).update(
        state=ApplicationState.APPROVED
    )
    moved = Application.objects.holding_places().filter(direction="outgoing").first()
    moved.direction = "incoming"
    moved.participant_kind = ParticipantKind.RESEARCHER
    moved.period = AcademicPeriodFactory(academic_year="2030-2031")
    moved.partner = InstitutionFactory(country="DE")
    moved.save()
    assert kept() == counted()

    Application.objects.filter(state=ApplicationState.APPROVED).update(
        state=ApplicationState.COMPLETED, participant_kind=ParticipantKind.TEACHER
    )
    assert kept() == counted()


def test_saving_an_application_without_changing_what_is_counted_leaves_the_counts_alone():
    bulk_register(24)
    before = kept()
    rows = PartnerCount.objects.count()

    for application in Application.objects.all():
        application.last_name = "Changed"
        application.save()
    Institution.objects.filter(country="LV").update(country=HOME_COUNTRY, name_en="Renamed")

    assert kept() == before == counted()
    assert PartnerCount.objects.count() == rows


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
        Application.objects.update(state=ApplicationState.COMPLETED)
        bulk_register(5)
        raise RuntimeError("undone")

    assert kept() == before == counted()


def test_the_migration_counts_the_mobilities_already_there():
    bulk_register(60)
    expected = counted()

    PartnerCount.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(migration.FILL)

    assert kept() == expected


def test_the_figures_by_partner_read_the_kept_counts(mobilities):
    spring = ReportPeriod(scope="term", year="2022-2023", term="spring").resolved()
    counted_here = {
        row["partner_id"]: row["total"]
        for row in selectors.mobilities(spring)
        .values("partner_id")
        .annotate(total=Count("pk"))
        .order_by()
    }
    found = selectors.figures(spring, with_programs=False)
    assert {partner.pk: sum(partner.counts.values()) for partner in found.partners} == counted_here

    # A partner whose mobilities of the period are all gone is no longer among its partners,
    # though its row of counts stays (holding zeros).
    gone = found.partners[0].pk
    selectors.mobilities(spring).filter(partner_id=gone).update(state=ApplicationState.WITHDRAWN)
    assert PartnerCount.objects.filter(partner_id=gone).exists()
    assert gone not in {partner.pk for partner in selectors.figures(spring).partners}
