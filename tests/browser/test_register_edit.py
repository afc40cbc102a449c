"""Staff edit an agreement with cooperation conditions and an institution with contact persons in
a real browser: the saved rows stay the same rows, and the detail pages show the change."""

import re

import pytest
from playwright.sync_api import Page, expect

from agreements.models import Contact, CooperationCondition
from tests import factories
from tests.browser.test_partner_flow import log_in

pytestmark = pytest.mark.browser


def test_staff_edit_an_agreement_with_conditions_and_an_institution_with_contacts(
    page: Page, live_server, transactional_db, django_db_serialized_rollback
):
    staff = factories.staff_user(
        username="browser-editor", first_name="Aigerim", last_name="Sadykova"
    )
    partner = factories.InstitutionFactory(name="Turiba University", country="LV", city="Riga")
    contact = factories.ContactFactory(
        institution=partner, name="Ilze Berzina", position="Officer", phone="+371 1"
    )
    other_contact = factories.ContactFactory(institution=partner, name="Janis Ozols")
    condition = factories.CooperationConditionFactory(
        agreement__partner=partner,
        agreement__number="T-2021/1",
        agreement__signatories="Rector of Turiba\nRector of our university",
        places_per_year=3,
    )
    agreement = condition.agreement
    base = live_server.url

    log_in(page, base, staff.username)

    # The agreement: change the one condition, add a second, save.
    page.goto(f"{base}{agreement.get_absolute_url()}")
    page.locator("main").get_by_role("link", name="Edit", exact=True).click()
    expect(page.get_by_role("heading", name="Edit agreement T-2021/1")).to_be_visible()
    page.locator("#id_conditions-0-places_per_year").fill("4")
    page.get_by_role("button", name="Add a condition").click()
    page.locator("#id_conditions-1-direction").select_option("incoming")
    page.locator("#id_conditions-1-mobility_type").select_option("teaching")
    page.locator("#id_conditions-1-days_per_year").fill("10")
    page.locator("main").get_by_role("button", name="Save").click()

    expect(page).to_have_url(re.compile(rf"/agreements/{agreement.pk}/$"))
    expect(page.locator(".alert-success")).to_contain_text("Agreement T-2021/1 was saved.")
    rows = page.locator("h2:text-is('Cooperation conditions') + div table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="student study")).to_contain_text("4")
    expect(rows.filter(has_text="staff teaching")).to_contain_text("10 d.")
    history = page.locator(".history-changes")
    expect(history).to_contain_text("Places per academic year: 3 → 4")
    expect(history).to_contain_text("Cooperation condition incoming · staff teaching: Added")
    assert list(CooperationCondition.objects.filter(agreement=agreement).order_by("pk")) == [
        condition,
        CooperationCondition.objects.get(agreement=agreement, mobility_type="teaching"),
    ]
    # The multi-line signatories came back as CR LF from the browser and changed nothing.
    assert agreement.history.count() == 1

    # The institution: change a contact, save.
    page.locator("main").get_by_role("link", name="Turiba University").first.click()
    page.locator("main").get_by_role("link", name="Edit", exact=True).click()
    expect(page.get_by_role("heading", name="Edit Turiba University")).to_be_visible()
    row = page.locator(".formset-row").filter(has=page.locator("input[value='Ilze Berzina']"))
    row.locator("input[name$='-position']").fill("Head of international relations")
    page.locator("main").get_by_role("button", name="Save").click()

    expect(page).to_have_url(re.compile(rf"/agreements/institutions/{partner.pk}/$"))
    contacts = page.locator("h2:text-is('Contact persons') + table tbody tr")
    expect(contacts).to_have_count(2)
    expect(contacts.filter(has_text="Ilze Berzina")).to_contain_text(
        "Head of international relations"
    )
    expect(page.locator(".history-changes")).to_contain_text(
        "Position: Officer → Head of international relations"
    )
    assert set(Contact.objects.filter(institution=partner)) == {contact, other_contact}
    assert partner.history.count() == 1
    assert other_contact.history.count() == 1
