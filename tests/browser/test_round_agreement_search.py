"""Staff add a partner to a round by typing part of its name in the agreement's box: the page
holds no list of the register, the search finds it (static/js/autocomplete.js)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from applications.models import ApplicationRound, RoundPlace
from tests import factories
from tests.browser.autocomplete import choose
from tests.browser.test_partner_flow import log_in

pytestmark = pytest.mark.browser


def test_staff_find_a_partner_by_typing_part_of_its_name_and_save_the_round(
    page: Page, live_server, transactional_db, django_db_serialized_rollback
):
    staff = factories.staff_user(username="browser-rounds")
    period = factories.AcademicPeriodFactory()
    today = timezone.localdate()
    round_ = ApplicationRound.objects.create(
        title="Spring abroad", period=period, opens_on=today, closes_on=today + timedelta(days=9)
    )
    RoundPlace.objects.create(round=round_, agreement=factories.covering_agreement(number="IN-1"))
    for n in range(30):
        factories.covering_agreement(number=f"OTHER-{n}")
    partner = factories.InstitutionFactory(
        name_en="Turiba University", name_ru="Университет Туриба", city="Riga"
    )
    turiba = factories.covering_agreement(partner=partner, number="TU-2021/05")
    base = live_server.url

    log_in(page, base, staff.username)
    page.goto(f"{base}/applications/rounds/{round_.pk}/edit/")
    expect(page.get_by_role("heading", name="Edit the round")).to_be_visible()
    assert page.locator("#id_places-1-agreement option").count() == 1  # only the empty one

    choose(page, "id_places-1-agreement", "туриб", "TU-2021/05")
    page.locator("#id_places-1-places").fill("3")
    page.locator("main").get_by_role("button", name="Save").click()

    expect(page).to_have_url(re.compile(rf"/applications/rounds/{round_.pk}/$"))
    expect(page.locator("main .alert-success")).to_contain_text("The round is saved.")
    assert round_.places.get(agreement=turiba).places == 3
