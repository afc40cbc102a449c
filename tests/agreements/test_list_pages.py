"""The partner and agreement lists: how many rows a page shows, and their country filter."""

import pytest
from django.urls import reverse

from agreements.models import Agreement, Institution
from tests.factories import AgreementFactory, InstitutionFactory

pytestmark = pytest.mark.django_db
PLACES = [("LV", "Riga"), ("TR", "Antalya"), ("KZ", "Almaty")]


def register(rows: int) -> None:
    partners = Institution.objects.bulk_create(
        InstitutionFactory.build(
            country=PLACES[index % 3][0], city=PLACES[index % 3][1], code=f"p{index}.example.edu"
        )
        for index in range(rows)
    )
    Agreement.objects.bulk_create(AgreementFactory.build(partner=p) for p in partners)


@pytest.mark.parametrize("url", ["agreements:institution_list", "agreements:agreement_list"])
@pytest.mark.parametrize("asked,size", [("", 25), ("50", 50), ("100", 100), ("1000", 25)])
def test_the_lists_show_25_50_or_100_rows_and_25_for_anything_else(url, asked, size, staff_client):
    register(120)

    response = staff_client.get(reverse(url), {"per_page": asked})

    assert len(response.context["page"].object_list) == size
    assert response.context["page"].paginator.count == 120


def country_code(row) -> str:
    # The agreements list pages plain values (agreements.selectors.agreement_list_values).
    if isinstance(row, dict):
        return row["partner_country"]
    return getattr(row, "partner", row).country.code


@pytest.mark.parametrize("url", ["agreements:institution_list", "agreements:agreement_list"])
def test_the_country_filter_offers_the_partners_countries_and_filters(url, django_app, staff):
    register(9)

    page = django_app.get(reverse(url) + "?per_page=50", user=staff)
    form = page.forms["list-filter"]
    offered = {value for value, _selected, _label in form["country"].options if value}
    form["country"] = "TR"
    page = form.submit()

    assert offered == {"LV", "TR", "KZ"}
    rows = page.context["page"].object_list
    countries = {country_code(row) for row in rows}
    assert (len(rows), countries, page.context["page"].paginator.per_page) == (3, {"TR"}, 50)


@pytest.mark.parametrize("rows", [3, 30])
@pytest.mark.parametrize("url", ["agreements:institution_list", "agreements:agreement_list"])
@pytest.mark.parametrize("query", [{"per_page": "100"}, {"per_page": "100", "country": "LV"}])
def test_the_lists_queries_do_not_grow_with_rows_at_100_a_page(
    rows, url, query, staff_client, django_assert_max_num_queries
):
    register(rows)

    with django_assert_max_num_queries(7):
        response = staff_client.get(reverse(url), query)

    assert len(response.context["page"].object_list) == (
        rows if "country" not in query else rows // 3
    )


def test_an_agreement_row_links_its_partner_and_itself_and_shows_its_dates_and_state(
    staff_client,
):
    partner = InstitutionFactory(name="Turiba <University>", country="LV", city="Riga")
    dated = AgreementFactory(partner=partner, number="T-1", kind="memorandum")
    open_ended = AgreementFactory(partner=partner, number="T-2", valid_until=None)

    response = staff_client.get(reverse("agreements:agreement_list"), HTTP_ACCEPT_LANGUAGE="en")

    content = response.content.decode()
    assert (
        f'<td><a href="{partner.get_absolute_url()}">Turiba &lt;University&gt;</a>'
        '<div class="small text-body-secondary">Riga</div></td><td>Latvia</td><td>memorandum</td>'
        f'<td><a href="{dated.get_absolute_url()}">T-1</a></td>'
        '<td class="text-nowrap">01.06.2021 – 31.05.2030</td>'
        '<td><span class="badge text-bg-success" data-state="in_force">in force</span></td>'
    ) in content
    assert (
        f'<td><a href="{open_ended.get_absolute_url()}">T-2</a></td>'
        '<td class="text-nowrap">01.06.2021 – open-ended</td>'
    ) in content
