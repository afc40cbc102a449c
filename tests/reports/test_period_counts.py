"""The counts of applications per academic period that the database keeps (PeriodCount, kept by
the triggers of migration reports 0002_period_counts) agree with a count of the applications after
every kind of write, a partner's move into or out of Kazakhstan included, and the report's trend
reads them."""

import importlib

import pytest
from django.db import connection, transaction
from django.db.models import Count

from agreements.models import HOME_COUNTRY, Institution
from applications import services
from applications.models import Application, ApplicationState
from reports import selectors
from reports.models import PeriodCount
from reports.periods import ReportPeriod
from tests.factories import (
    AcademicPeriodFactory,
    InstitutionFactory,
    bulk_register,
    make_application,
)

pytestmark = pytest.mark.django_db

Key = tuple[int, str, str, bool]


def kept() -> dict[Key, int]:
    return {
        (row.period_id, row.direction, row.state, row.domestic): row.total
        for row in PeriodCount.objects.all()
        if row.total
    }


def counted() -> dict[Key, int]:
    rows = (
        Application.objects.order_by()
        .values("period_id", "direction", "state", "partner__country")
        .annotate(total=Count("pk"))
    )
    found: dict[Key, int] = {}
    for row in rows:
        key = (
            row["period_id"],
            row["direction"],
            row["state"],
            row["partner__country"] == HOME_COUNTRY,
        )
        found[key] = found.get(key, 0) + row["total"]
    return found


def test_applications_made_one_by_one_and_in_bulk_are_counted_per_period():
    make_application(last_name="Single")
    bulk_register(36)

    assert sum(kept().values()) == 37
    assert any(domestic for *_key, domestic in kept())
    assert kept() == counted()


def test_a_change_of_state_direction_or_period_moves_the_count(student):
    application = make_application(participant=student)
    bulk_register(24)

    services.application_withdraw(application=application, by=student)
    Application.objects.filter(state=ApplicationState.DRAFT).update(
        state=ApplicationState.SUBMITTED
    )
    moved = Application.objects.filter(direction="outgoing").first()
    moved.direction = "incoming"
    moved.period = AcademicPeriodFactory(academic_year="2030-2031")
    moved.save()

    assert kept() == counted()


def test_a_change_of_partner_counts_the_application_where_the_new_partner_is():
    bulk_register(12)
    home = InstitutionFactory(country=HOME_COUNTRY)
    abroad = Application.objects.exclude(partner__country=HOME_COUNTRY).first()

    abroad.partner = home
    abroad.save()

    assert kept() == counted()


def test_saving_an_application_without_changing_what_is_counted_leaves_the_counts_alone():
    bulk_register(12)
    before = kept()

    for application in Application.objects.all():
        application.last_name = "Changed"
        application.save()

    assert kept() == before == counted()


def test_a_partner_moving_into_or_out_of_kazakhstan_takes_its_applications_counts_along():
    bulk_register(36)
    home = Institution.objects.get(country=HOME_COUNTRY)
    latvian = Institution.objects.get(country="LV")

    home.country = "UZ"
    home.save()
    assert kept() == counted()

    Institution.objects.filter(pk=latvian.pk).update(country=HOME_COUNTRY)
    assert kept() == counted()

    # Abroad to abroad, or a save that keeps the country: nothing moves.
    before = kept()
    Institution.objects.filter(country="TR").update(country="DE")
    latvian.refresh_from_db()
    latvian.name = "Renamed"
    latvian.save()
    assert kept() == before == counted()


def test_deleted_applications_and_raw_sql_are_counted_too(staff):
    draft = make_application(last_name="Mistake")
    bulk_register(24)

    services.application_delete_draft(application=draft, by=staff)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE applications_application SET state = %s WHERE direction = %s",
            [ApplicationState.REJECTED, "incoming"],
        )
        cursor.execute(
            "DELETE FROM applications_application WHERE state = %s", [ApplicationState.DRAFT]
        )
    assert kept() == counted()

    Application.objects.all().delete()
    assert kept() == {}


def test_a_write_rolled_back_leaves_the_counts_as_they_were():
    bulk_register(12)
    before = kept()

    with pytest.raises(RuntimeError), transaction.atomic():
        Application.objects.update(state=ApplicationState.REJECTED)
        Institution.objects.update(country=HOME_COUNTRY)
        bulk_register(5)
        raise RuntimeError("undone")

    assert kept() == before == counted()


def test_the_migration_counts_the_applications_already_there():
    bulk_register(30)
    expected = counted()
    migration = importlib.import_module("reports.migrations.0002_period_counts")

    PeriodCount.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(migration.FILL)

    assert kept() == expected


def test_the_trend_reads_the_kept_counts_and_follows_a_partner_that_moves(mobilities):
    spring = ReportPeriod(scope="term", year="2022-2023", term="spring")

    def last_year() -> list[int]:
        return [cell.value for cell in selectors.trend(spring).rows[-1][1:]]

    # outgoing domestic, outgoing foreign, incoming domestic, incoming foreign, total
    assert last_year() == [1, 4, 2, 0, 7]

    mobilities.riga.country = HOME_COUNTRY
    mobilities.riga.save()

    # Riga's three mobilities of the year (spring: two, autumn: one) are now at home.
    assert last_year() == [4, 1, 2, 0, 7]
    assert selectors.trend(spring).total[-1].value == 8
