"""A member of staff registers a partner and its agreement in a real browser, and the public
page then lists the partner without any of its contact details."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from agreements.models import Agreement
from tests import factories

pytestmark = pytest.mark.browser

PASSWORD = "demo-pass-123"  # every UserFactory user's password

PARTNER = "Vidzeme University of Applied Sciences"
CITY = "Valmiera"
CONTACT_NAME = "Kristīne Ozola"
CONTACT_EMAIL = "k.ozola@international.va.example.lv"
CONTACT_PHONE = "+371 6420 7230"
NOTES = "Internal: renegotiate the places for 2026."
NUMBER = "VIA-2024/07"


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def add_partner(page: Page) -> None:
    page.get_by_role("navigation").get_by_role("link", name="Institutions").click()
    page.get_by_role("link", name="Add a partner").click()
    expect(page.get_by_role("heading", name="New partner institution")).to_be_visible()
    page.locator("#id_name_en").fill(PARTNER)
    page.locator("#id_country").select_option("LV")
    page.locator("#id_city_en").fill(CITY)
    page.locator("#id_notes").fill(NOTES)
    page.locator("#id_contacts-0-name").fill(CONTACT_NAME)
    page.locator("#id_contacts-0-position").fill("International relations officer")
    page.locator("#id_contacts-0-email").fill(CONTACT_EMAIL)
    page.locator("#id_contacts-0-phone").fill(CONTACT_PHONE)
    page.locator("main").get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name=PARTNER, exact=False).first).to_be_visible()
    expect(page.locator("main")).to_contain_text(CONTACT_EMAIL)


def add_agreement(page: Page) -> None:
    today = timezone.localdate()
    page.get_by_role("link", name="Add an agreement").click()
    expect(page.get_by_role("heading", name="New agreement")).to_be_visible()
    # The institution page hands the partner over to the form.
    expect(page.locator("#id_partner option:checked")).to_have_text(PARTNER)
    page.locator("#id_kind").select_option("agreement")
    page.locator("#id_number").fill(NUMBER)
    page.locator("#id_date_signed").fill((today - timedelta(days=400)).isoformat())
    page.locator("#id_valid_from").fill((today - timedelta(days=365)).isoformat())
    page.locator("#id_valid_until").fill((today + timedelta(days=3 * 365)).isoformat())
    page.locator("#id_signatories").fill("Rector of Vidzeme University\nRector of our university")

    page.locator("#id_conditions-0-direction").select_option("outgoing")
    page.locator("#id_conditions-0-mobility_type").select_option("study")
    page.locator("#id_conditions-0-places_per_year").fill("2")
    page.locator("#id_conditions-0-months_per_year").fill("5")
    page.locator("#id_conditions-0-subject_areas").fill("1015")
    page.locator("input[name='conditions-0-study_levels'][value='bachelor']").check()
    page.locator("#id_conditions-0-language").fill("English")
    page.locator("#id_conditions-0-language_level").select_option("B2")
    page.locator("main").get_by_role("button", name="Save").click()


def log_out(page: Page) -> None:
    page.get_by_role("navigation").get_by_role("button", name="Aigerim", exact=True).click()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("navigation").get_by_role("link", name="Log in")).to_be_visible()


def test_staff_registers_a_partner_and_the_public_page_lists_it(
    page: Page, live_server, transactional_db, django_db_serialized_rollback
):
    # Serialized rollback brings back the roles (groups made by a data migration) that an
    # earlier transactional test may have flushed away.
    staff = factories.staff_user(
        username="browser-staff", first_name="Aigerim", last_name="Sadykova"
    )
    base = live_server.url

    log_in(page, base, staff.username)
    add_partner(page)
    add_agreement(page)

    # The agreement page shows the agreement, its state and its one condition.
    expect(page).to_have_url(re.compile(r"/agreements/\d+/$"))
    expect(page.locator("h1")).to_contain_text(NUMBER)
    badge = page.locator("h1 [data-state]")
    expect(badge).to_have_attribute("data-state", "in_force")
    expect(badge).to_have_text("in force")
    conditions = page.locator("h2:text-is('Cooperation conditions') + div table tbody tr")
    expect(conditions).to_have_count(1)
    expect(conditions.first).to_contain_text("outgoing")
    expect(conditions.first).to_contain_text("student study")
    expect(conditions.first).to_contain_text("English (B2)")

    agreement = Agreement.objects.get(number=NUMBER)
    assert agreement.partner.name == PARTNER
    assert agreement.conditions.count() == 1

    log_out(page)

    page.goto(f"{base}/partners/")
    latvia = page.locator(".partner-country[data-country='LV']")
    expect(latvia).to_contain_text("Latvia")
    expect(latvia).to_contain_text(PARTNER)
    expect(latvia).to_contain_text(CITY)
    content = page.content()
    assert CONTACT_EMAIL not in content
    assert CONTACT_PHONE not in content
    assert CONTACT_NAME not in content
    assert NOTES not in content
