"""The office's applications list: how many rows a page shows, and its filter as a user uses it."""

import pytest
from django.urls import reverse

from applications.models import Application
from tests.factories import (
    AcademicPeriodFactory,
    ApplicationFactory,
    EducationalProgramFactory,
    InstitutionFactory,
    UserFactory,
    covering_agreement,
)

pytestmark = pytest.mark.django_db
PLACES = [("LV", "Riga"), ("TR", "Antalya"), ("KZ", "Almaty")]


def register(rows: int) -> None:
    """`rows` applications spread over partners in three countries."""
    agreements = [
        covering_agreement(partner=InstitutionFactory(country=country, city=city))
        for country, city in PLACES
    ]
    period = AcademicPeriodFactory(academic_year="2022-2023", term="spring")
    program = EducationalProgramFactory(name="Tourism")
    participant = UserFactory()
    Application.objects.bulk_create(
        ApplicationFactory.build(
            participant=participant,
            last_name=f"Surname{index}",
            agreement=agreements[index % len(agreements)],
            partner=agreements[index % len(agreements)].partner,
            period=period,
            program=program,
            direction="incoming" if index % 2 else "outgoing",
        )
        for index in range(rows)
    )


def rows_shown(response) -> int:
    return len(response.context["page"].object_list)


@pytest.mark.parametrize(
    "asked,size", [("", 25), ("25", 25), ("50", 50), ("100", 100), ("30", 25), ("x", 25)]
)
def test_the_list_shows_25_50_or_100_rows_and_25_for_anything_else(asked, size, staff_client):
    register(120)

    response = staff_client.get(reverse("applications:list"), {"per_page": asked})

    assert response.status_code == 200
    assert rows_shown(response) == size
    assert response.context["page"].paginator.count == 120


def test_the_page_links_and_the_filter_keep_the_page_size(django_app, staff):
    register(120)

    page = django_app.get(reverse("applications:list"), user=staff)
    page.forms["per-page"]["per_page"] = "50"
    page = page.forms["per-page"].submit()

    assert rows_shown(page) == 50
    page = page.click("Next")
    assert rows_shown(page) == 50
    assert page.context["page"].number == 2
    page = page.forms["list-filter"].submit()  # the filter form, as it stands
    assert rows_shown(page) == 50


def test_the_filter_offers_the_countries_of_partners_and_filters_by_one(django_app, staff):
    register(9)
    InstitutionFactory(country="PL", city="Lodz")  # a partner without applications

    page = django_app.get(reverse("applications:list"), user=staff)
    form = page.forms["list-filter"]
    offered = {value for value, _selected, _label in form["country"].options if value}
    form["country"] = "LV"
    form["direction"] = "outgoing"
    page = form.submit()

    assert offered == {"LV", "TR", "KZ", "PL"}
    shown = page.context["page"].object_list
    assert [(row["partner__country"], row["direction"]) for row in shown] == [
        ("LV", "outgoing")
    ] * 2
    assert "2 applications" in page.text


@pytest.mark.parametrize("rows", [3, 30])
@pytest.mark.parametrize(
    "query", [{"per_page": "100"}, {"per_page": "100", "country": "LV", "state": "draft"}]
)
def test_the_list_queries_do_not_grow_with_rows_at_100_a_page(
    rows, query, staff_client, django_assert_max_num_queries
):
    register(rows)

    with django_assert_max_num_queries(8):
        response = staff_client.get(reverse("applications:list"), query)

    assert rows_shown(response) == (rows if "country" not in query else rows // 3)
