"""Exchange with European partners in a real browser, over the demo data: the registrar reads a
partner's ELMO file into an outgoing student's transcript (in Kazakh), and staff compare a
partner's copy of an agreement with ours and take one of its values (in Russian). axe-core finds
no serious violation on the pages in between."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from agreements.models import Agreement, ReceivedIia
from applications.models import Application
from core import xmldocs
from tests.browser.a11y import axe_violations, describe, in_language, load_demo, log_in
from transcripts.models import ElmoFile

pytestmark = pytest.mark.browser

ELMO_EXAMPLE = xmldocs.STANDARDS / "elmo/example.xml"


def registrar_reads_the_example_elmo_file(page: Page, base: str, tmp_path) -> None:
    mobility = (
        Application.objects.filter(direction="outgoing", state="in_mobility", transcripts=None)
        .order_by("pk")
        .first()
    )
    assert mobility is not None
    page.context.clear_cookies()
    in_language(page.context, base, "kk")
    log_in(page, base, "registrar")
    page.goto(base + reverse("transcripts:for_application", args=[mobility.pk]))
    page.locator("#elmo-form input[type=file]").set_input_files(str(ELMO_EXAMPLE))
    page.locator("#elmo-form [type=submit]").click()

    # The preview: issuer and learner do not match this mobility; nothing is kept yet.
    expect(page.locator("#elmo-learner .learner-mismatch")).to_be_visible()
    assert not ElmoFile.objects.exists()
    assert not (violations := axe_violations(page)), describe(violations)
    confirm = page.locator("form:has(input[type=checkbox]) [type=submit]")
    for box in page.locator("form input[type=checkbox]").all():
        box.check()
    confirm.click()

    # The draft's edit page, filled from the file, its grades outside our partner's scale marked.
    expect(page.locator("tr.table-danger .invalid-feedback").first).to_be_visible()
    assert ElmoFile.objects.filter(transcript__application=mobility).count() == 1
    assert not (violations := axe_violations(page)), describe(violations)


def staff_take_the_partners_value(page: Page, base: str, tmp_path) -> None:
    agreement = Agreement.objects.get(partner__code="turiba.lv", number="LV-2021/04")
    study = agreement.conditions.get(direction="outgoing", mobility_type="study")
    places = study.places_per_year
    page.context.clear_cookies()
    in_language(page.context, base, "ru")
    log_in(page, base, "staff")
    page.goto(base + agreement.get_absolute_url())
    written = page.request.get(base + reverse("agreements:agreement_iia", args=[agreement.pk]))
    assert written.ok
    partners_copy = tmp_path / "turiba-iia.xml"
    partners_copy.write_bytes(
        written.body().replace(
            f"<mobilities-per-year>{places}</mobilities-per-year>".encode(),
            f"<mobilities-per-year>{places + 1}</mobilities-per-year>".encode(),
            1,
        )
    )

    page.goto(base + reverse("agreements:agreement_list"))
    page.locator(f"a[href='{reverse('agreements:iia_upload')}']").first.click()
    page.locator("#iia-upload-form input[type=file]").set_input_files(str(partners_copy))
    page.locator("#iia-upload-form [type=submit]").click()
    page.locator("a[href*='/compare/']").first.click()
    take = page.locator("input[name=take]")
    expect(take).to_have_count(1)
    assert not (violations := axe_violations(page)), describe(violations)
    take.check()
    page.locator("form:has(input[name=take]) [type=submit]").click()

    expect(page).to_have_url(base + agreement.get_absolute_url())
    study.refresh_from_db()
    assert study.places_per_year == places + 1
    assert ReceivedIia.objects.get().agreement == agreement
    expect(page.locator("#iia-received")).to_contain_text("turiba-iia.xml")


def test_the_registrar_reads_an_elmo_file_and_staff_compare_an_iia_in_the_browser(
    page: Page, live_server, transactional_db, django_db_serialized_rollback, tmp_path
):
    # The demo takes most of a minute to load: both flows run over one load.
    load_demo()
    registrar_reads_the_example_elmo_file(page, live_server.url, tmp_path)
    staff_take_the_partners_value(page, live_server.url, tmp_path)
