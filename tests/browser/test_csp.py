"""Under the Content-Security-Policy, in a real browser: the check that fails a browser test on a
violation does catch one; the Django admin's list and change pages load without any; and a reader
checks a printed transcript on the public verification page and downloads its PDF."""

import io

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from agreements.models import Institution
from tests import factories
from tests.transcripts import recognition_data as data

pytestmark = pytest.mark.browser

PASSWORD = "demo-pass-123"


def test_a_style_the_policy_refuses_is_reported(
    page: Page, live_server, transactional_db, django_db_serialized_rollback, csp_violations
):
    page.goto(f"{live_server.url}/verify/")
    page.evaluate(
        """document.querySelector("main").insertAdjacentHTML(
            "beforeend", '<p id="styled" style="color: red">refused</p>')"""
    )
    expect(page.locator("#styled")).to_be_attached()
    # The violation is reported asynchronously; wait until it has come.
    for _ in range(50):
        if csp_violations:
            break
        page.wait_for_timeout(50)

    assert any("style-src" in violation for violation in csp_violations)
    # Seen: the test itself is not to fail for it.
    csp_violations.clear()


def test_the_admin_list_and_change_pages_load_without_violations(
    page: Page, live_server, transactional_db, django_db_serialized_rollback
):
    factories.UserFactory(username="browser-root", is_staff=True, is_superuser=True)
    partner = factories.InstitutionFactory(name="Vidzeme University", country="LV", city="Valmiera")
    base = live_server.url

    page.goto(f"{base}/admin/login/")
    page.locator("#id_username").fill("browser-root")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#site-name")).to_be_visible()

    page.goto(f"{base}/admin/agreements/institution/")
    expect(page.locator("#result_list")).to_contain_text("Vidzeme University")
    page.goto(f"{base}/admin/agreements/institution/{partner.pk}/change/")
    page.locator("#id_city_en").fill("Valmiera (LV)")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_be_visible()
    assert Institution.objects.get(pk=partner.pk).city_en == "Valmiera (LV)"
    page.goto(f"{base}/admin/auth/user/")
    page.get_by_role("link", name="browser-root").click()
    expect(page.locator("#id_username")).to_have_value("browser-root")


def test_a_reader_checks_a_transcript_and_downloads_its_pdf(
    page: Page, live_server, transactional_db, django_db_serialized_rollback
):
    factories.HomeInstitutionFactory()
    registrar = factories.registrar_user(username="browser-registrar")
    transcript = data.approved(data.outgoing_mobility(), registrar)

    page.goto(f"{live_server.url}/verify/")
    page.locator("#id_code").fill(transcript.verification_code.lower())
    page.get_by_role("button", name="Verify").click()

    expect(page.locator("#verify-state")).to_contain_text("genuine and in force")
    expect(page.locator("#verify-host")).to_contain_text("Turiba University")
    lines = page.locator("#verify-lines tbody tr")
    expect(lines).to_have_count(len(data.CURRICULUM))
    expect(lines.nth(2).locator("[data-col=host-grade]")).to_have_text("7")
    expect(lines.nth(2).locator("[data-col=home-grade]")).to_have_text("C")
    with page.expect_download() as download_info:
        page.locator("#verify-pdf").click()
    download = download_info.value

    assert download.suggested_filename == f"{transcript.number}.pdf"
    pages = PdfReader(io.BytesIO(download.path().read_bytes())).pages
    assert transcript.number in " ".join(sheet.extract_text() for sheet in pages)
