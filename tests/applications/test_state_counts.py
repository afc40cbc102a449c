"""The counts of applications by state that the database keeps (ApplicationStateCount, kept by
the triggers of migration 0013_state_counts) agree with a count of the applications after every
kind of write, and the office's list shows the same numbers from them as from a GROUP BY."""

import importlib

import pytest
from django.db import connection, transaction
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications import selectors, services
from applications.filters import ApplicationFilter
from applications.models import Application, ApplicationState, ApplicationStateCount
from tests.factories import (
    bulk_register,
    make_application,
)

pytestmark = pytest.mark.django_db

CLOSED = sorted(ApplicationState.CLOSED_STATES)


def kept() -> dict[tuple[str, str, bool], int]:
    return {
        (row.state, row.direction, row.archived): row.total
        for row in ApplicationStateCount.objects.all()
        if row.total
    }


def counted() -> dict[tuple[str, str, bool], int]:
    rows = (
        Application.objects.order_by()
        .values("state", "direction")
        .annotate(
            active=Count("pk", filter=Q(archived_at__isnull=True)),
            archived=Count("pk", filter=Q(archived_at__isnull=False)),
        )
    )
    found = {}
    for row in rows:
        for archived, total in ((False, row["active"]), (True, row["archived"])):
            if total:
                found[row["state"], row["direction"], archived] = total
    return found


def archive_some_closed() -> None:
    closed = Application.objects.filter(state__in=CLOSED).order_by("pk")
    Application.objects.filter(pk__in=list(closed.values_list("pk", flat=True))[::2]).update(
        archived_at="2026-01-01T00:00Z"
    )


def test_applications_made_one_by_one_and_in_bulk_are_counted():
    make_application(last_name="Single")
    bulk_register(30)

    assert sum(kept().values()) == 31
    assert kept() == counted()


def test_a_change_of_state_moves_the_count_from_one_state_to_the_other(student, staff):
    application = make_application(participant=student)
    bulk_register(12)

    services.application_withdraw(application=application, by=student)
    Application.objects.filter(state=ApplicationState.DRAFT).update(
        state=ApplicationState.SUBMITTED
    )

    assert kept()[ApplicationState.WITHDRAWN, "outgoing", False] == 2
    assert (ApplicationState.DRAFT, "outgoing", False) not in kept()
    assert kept() == counted()


def test_a_change_of_direction_moves_the_count_to_the_other_direction():
    bulk_register(12)
    application = Application.objects.filter(direction="outgoing").first()

    application.direction = "incoming"
    application.save()
    Application.objects.filter(state=ApplicationState.DRAFT).update(direction="outgoing")

    assert kept() == counted()


def test_saving_an_application_without_changing_what_is_counted_leaves_the_counts_alone():
    bulk_register(12)
    before = kept()

    for application in Application.objects.all():
        application.last_name = "Changed"
        application.save()

    assert kept() == before == counted()


def test_archiving_and_restoring_move_the_count_between_working_and_archived(student, staff):
    application = services.application_withdraw(
        application=make_application(participant=student), by=student
    )
    bulk_register(24)

    archived = services.application_archive(application=application, by=staff)
    archive_some_closed()
    assert kept()[ApplicationState.WITHDRAWN, "outgoing", True] >= 1
    assert kept() == counted()

    services.application_restore(application=archived, by=staff)
    Application.objects.update(archived_at=None)
    assert not any(archived for _state, _direction, archived in kept())
    assert kept() == counted()


def test_deleted_applications_leave_the_counts(staff):
    draft = make_application(last_name="Mistake")
    bulk_register(24)

    services.application_delete_draft(application=draft, by=staff)
    Application.objects.filter(direction="incoming").delete()

    assert kept() == counted()
    Application.objects.all().delete()
    assert kept() == {}


def test_writes_in_raw_sql_are_counted_too():
    bulk_register(12)

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE applications_application SET state = %s WHERE direction = %s",
            [ApplicationState.REJECTED, "incoming"],
        )
        cursor.execute(
            "DELETE FROM applications_application WHERE state = %s", [ApplicationState.DRAFT]
        )

    assert kept() == counted()


def test_a_write_rolled_back_leaves_the_counts_as_they_were():
    bulk_register(12)
    before = kept()

    with pytest.raises(RuntimeError), transaction.atomic():
        Application.objects.update(state=ApplicationState.REJECTED)
        bulk_register(5)
        raise RuntimeError("undone")

    assert kept() == before == counted()


def test_the_migration_counts_the_applications_already_there():
    bulk_register(30)
    archive_some_closed()
    expected = counted()
    migration = importlib.import_module("applications.migrations.0013_state_counts")

    ApplicationStateCount.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(migration.FILL)

    assert kept() == expected


# The office's list


def badges(page) -> tuple[int, dict[str, int]]:
    """The total and the count of each state, as the page's badges show them."""
    shown = page.html.select_one("#state-counts")
    total = int(shown.select_one(".text-bg-dark").text.split()[0])
    return total, {
        badge["data-state"]: int(badge.text.rsplit(":", 1)[1])
        for badge in shown.select("[data-state]")
    }


def grouped(query: dict[str, str]) -> tuple[int, dict[str, int]]:
    """The total and the counts by state of the filtered applications, counted by a GROUP BY."""
    applications = ApplicationFilter(query, queryset=Application.objects.all()).qs
    counts = {row["state"]: row["total"] for row in selectors.state_counts(applications)}
    return applications.count(), counts


@pytest.fixture
def office_register():
    bulk_register(60)
    archive_some_closed()


def test_the_unfiltered_list_shows_the_kept_counts_without_counting_the_register(
    office_register, django_app, staff
):
    with CaptureQueriesContext(connection) as queries:
        page = django_app.get(reverse("applications:list"), user=staff)

    assert badges(page) == grouped({})
    assert badges(page)[0] == Application.objects.filter(archived_at__isnull=True).count()
    assert any("applicationstatecount" in query["sql"] for query in queries)
    assert not any(
        "GROUP BY" in query["sql"] and "applicationstatecount" not in query["sql"]
        for query in queries
    )


@pytest.mark.parametrize(
    "query",
    [
        {"direction": "incoming"},
        {"state": ApplicationState.WITHDRAWN},
        {"archive": "archived"},
        {"archive": "all"},
        {"archive": "all", "direction": "outgoing", "page": "2", "per_page": "50"},
        {"country": "LV"},
        {"q": "Surname1"},
        {"country": "TR", "archive": "all", "state": ApplicationState.COMPLETED},
        {"state": "no-such-state", "direction": "incoming"},
    ],
)
def test_the_filtered_list_shows_the_counts_of_a_group_by(
    query, office_register, django_app, staff
):
    page = django_app.get(reverse("applications:list"), query, user=staff)

    assert badges(page) == grouped(query)


def test_the_filter_as_the_page_renders_it_keeps_the_same_counts(
    office_register, django_app, staff
):
    page = django_app.get(reverse("applications:list"), user=staff)
    form = page.forms["list-filter"]
    form["archive"] = "all"
    form["direction"] = "outgoing"

    filtered = form.submit()

    assert badges(filtered) == grouped({"archive": "all", "direction": "outgoing"})
    assert badges(page) != badges(filtered)


def test_a_search_matching_more_than_it_counts_says_so_and_pages_its_first_matches(
    office_register, django_app, staff, monkeypatch
):
    monkeypatch.setattr(selectors, "SEARCH_COUNTED_UP_TO", 5)
    matches = Application.objects.search("Surname").filter(archived_at__isnull=True)
    assert matches.count() > 5

    page = django_app.get(reverse("applications:list"), {"q": "Surname"}, user=staff)

    shown = page.html.select_one("#state-counts")
    assert shown.select_one("#search-counted-up-to").text.strip() == "More than 5 applications"
    assert "Add a word of the name or a filter to narrow the search." in shown.text
    # Counting by state would read every match: no counts rather than wrong ones.
    assert not shown.select("[data-state]")
    newest = list(matches.order_by("-created_at", "-pk").values_list("reference", flat=True)[:5])
    assert [row.select_one("td").text.strip() for row in page.html.select("tbody tr")] == newest
    assert not page.html.select(".pagination")


def test_a_search_within_what_it_counts_shows_its_counts_by_state(
    office_register, django_app, staff, monkeypatch
):
    monkeypatch.setattr(selectors, "SEARCH_COUNTED_UP_TO", 10_000)
    page = django_app.get(reverse("applications:list"), {"q": "Surname"}, user=staff)

    assert badges(page) == grouped({"q": "Surname"})
    assert not page.html.select("#search-counted-up-to")


def test_a_search_counted_to_its_limit_is_not_said_to_have_more(
    office_register, django_app, staff, monkeypatch
):
    matches = Application.objects.search("Surname1").filter(archived_at__isnull=True).count()
    monkeypatch.setattr(selectors, "SEARCH_COUNTED_UP_TO", matches)

    page = django_app.get(reverse("applications:list"), {"q": "Surname1"}, user=staff)

    assert badges(page) == grouped({"q": "Surname1"})
    assert not page.html.select("#search-counted-up-to")
