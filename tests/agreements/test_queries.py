"""Pages run the same number of SQL queries for 3 rows as for 60.

Each bound is the count measured today (the lists' 7: session, user, two for the permissions,
the countries that have partners for the filter, the count and the page): a page that starts to
query once per row goes over it with 60 rows, and a page that grows a query for everyone has to
raise it here, on purpose.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from agreements import services
from agreements.models import Agreement, Contact, CooperationCondition, Institution
from tests.factories import (
    AgreementFactory,
    ContactFactory,
    CooperationConditionFactory,
    InstitutionFactory,
)

ROW_COUNTS = [3, 60]
PLACES = [("LV", "Riga"), ("TR", "Antalya"), ("KZ", "Almaty"), ("KZ", "Pavlodar"), ("PL", "Lodz")]

# Every test runs once with 3 rows and once with 60, under the same bound.
pytestmark = [pytest.mark.django_db, pytest.mark.parametrize("register", ROW_COUNTS, indirect=True)]


@pytest.fixture
def register(request, staff):
    """`rows` partners, each with a contact and an agreement with a condition; the first partner
    also holds `rows` more agreements, and one agreement has a few versions in its history."""
    rows = request.param
    partners = Institution.objects.bulk_create(
        InstitutionFactory.build(
            country=PLACES[index % len(PLACES)][0],
            city=PLACES[index % len(PLACES)][1],
            name_local=f"Local {index}",
            code=f"partner{index}.example.edu",
        )
        for index in range(rows)
    )
    Contact.objects.bulk_create(ContactFactory.build(institution=p) for p in partners)
    first = partners[0]
    today = timezone.localdate()
    agreements = Agreement.objects.bulk_create(
        [AgreementFactory.build(partner=partner) for partner in partners]
        + [
            AgreementFactory.build(partner=first, valid_until=today + timedelta(days=30))
            for _ in range(rows)
        ]
    )
    CooperationCondition.objects.bulk_create(
        CooperationConditionFactory.build(agreement=agreement) for agreement in agreements
    )
    agreement = agreements[0]
    for notes in ("one", "two", "three"):
        agreement.notes = notes
        services.agreement_save(agreement=agreement, by=staff)
    first.notes = "edited"
    services.institution_save(institution=first, by=staff)
    # The detail pages list the rows' history too: `rows` versions of a condition and a contact.
    condition = agreement.conditions.get()
    contact = first.contacts.get()
    for places in range(1, rows + 1):
        condition.places_per_year = places
        services.agreement_save(agreement=agreement, conditions=[condition], by=staff)
        contact.phone = f"+371 {places}"
        services.institution_save(institution=first, contacts=[contact], by=staff)
    return {"institution": first, "agreement": agreement}


def test_institution_list_queries_do_not_grow_with_rows(
    register, staff_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(7):
        response = staff_client.get("/agreements/institutions/")

    assert response.status_code == 200


def test_institution_list_with_filters_queries_do_not_grow_with_rows(
    register, staff_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(7):
        response = staff_client.get("/agreements/institutions/", {"scope": "domestic", "q": "U"})

    assert response.status_code == 200


def test_agreement_list_queries_do_not_grow_with_rows(
    register, staff_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(7):
        response = staff_client.get("/agreements/")

    assert response.status_code == 200


def test_agreement_list_filtered_by_state_queries_do_not_grow_with_rows(
    register, staff_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(7):
        response = staff_client.get("/agreements/", {"state": "in_force", "scope": "foreign"})

    assert response.status_code == 200


def test_public_partner_page_queries_do_not_grow_with_rows(
    register, anonymous_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(1):
        response = anonymous_client.get("/partners/")

    assert response.status_code == 200


def test_institution_detail_queries_do_not_grow_with_its_agreements(
    register, staff_client, django_assert_max_num_queries
):
    # One more than the agreements alone: the contacts' history, in one query.
    with django_assert_max_num_queries(10):
        response = staff_client.get(register["institution"].get_absolute_url())

    assert response.status_code == 200


def test_agreement_detail_queries_do_not_grow_with_its_history(
    register, staff_client, django_assert_max_num_queries
):
    # The conditions' history comes in one query of its own, the list of signed copies (each
    # with who uploaded it) in another; what an EWP IIA still needs reads our university in one,
    # and the partner's copies received (each with who uploaded it) one more.
    with django_assert_max_num_queries(11):
        response = staff_client.get(register["agreement"].get_absolute_url())

    assert response.status_code == 200


@pytest.mark.parametrize("path", ["/agreements/export.csv", "/agreements/institutions/export.xlsx"])
def test_exports_queries_do_not_grow_with_rows(
    path, register, staff_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        response = staff_client.get(path)

    assert response.status_code == 200


def test_dashboard_queries_do_not_grow_with_rows(
    register, staff_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(15):
        response = staff_client.get("/dashboard/")

    assert response.status_code == 200
