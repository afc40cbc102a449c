"""The registrar records a host transcript in a real browser, fixes the line the form refused,
approves the recognition and downloads the PDF; then prints the period's transcripts as a ZIP
while the page counts them ("1 / 1")."""

import io
import re
import zipfile

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests import factories
from tests.browser.conftest import TIMEOUT_MS
from tests.transcripts import recognition_data as data
from transcripts.models import Transcript

pytestmark = pytest.mark.browser

PASSWORD = "demo-pass-123"


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def test_the_registrar_records_fixes_approves_and_prints(
    page: Page, live_server, transactional_db, django_db_serialized_rollback, tmp_path
):
    base = live_server.url
    factories.registrar_user(username="registrar-browser", first_name="Айгерім")
    application = data.outgoing_mobility(first_name="Гүлназ", last_name="Жақыпова")

    log_in(page, base, "registrar-browser")
    page.goto(f"{base}{application.get_absolute_url()}")
    page.locator("#application-transcript").get_by_role("link", name="Transcript").click()
    page.locator("main").get_by_role("button", name="Record the transcript").click()
    expect(page.locator("main h1")).to_contain_text("Transcript lines")

    # The lines come from the individual curriculum; the registrar chooses the grades but
    # forgets the one of the third discipline.
    rows = page.locator("#lines-rows tr")
    expect(rows).to_have_count(6)  # the five disciplines and a blank row
    for index, grade in enumerate(data.GRADES):
        if index != 2:
            rows.nth(index).locator("select").select_option(grade)
    page.locator("#id_header-host_number").fill("TU-2023/117")
    page.get_by_role("button", name="Save and recognise").click()

    expect(page.locator("main .alert-danger").first).to_contain_text("Nothing was saved")
    refused = page.locator("#lines-rows tr").nth(2)
    expect(refused).to_have_class(re.compile("table-danger"))
    expect(refused).to_contain_text("Give the grade as the host wrote it.")
    assert not Transcript.objects.get().lines.exists()

    refused.locator("select").select_option("7")
    page.get_by_role("button", name="Save and recognise").click()
    expect(page.locator("#gpa")).to_have_text("3.07")
    expect(page.locator("#total-host")).to_have_text("21")
    expect(page.locator("#total-home")).to_have_text("17")

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#approve").click()
    expect(page.locator("main .alert-success")).to_contain_text("Approved as No.")
    transcript = Transcript.objects.get()
    assert transcript.state == Transcript.State.APPROVED
    application.refresh_from_db()
    assert application.state == "completed"

    with page.expect_download(timeout=TIMEOUT_MS) as download:
        page.locator("#transcript-pdf").click()
    path = tmp_path / "transcript.pdf"
    download.value.save_as(path)
    text = " ".join(PdfReader(path).pages[0].extract_text().split())
    assert "Жақыпова Гүлназ" in text
    assert transcript.verification_code in text

    # The period's batch: the page steps the job and shows the count, then the ZIP comes.
    page.goto(f"{base}/transcripts/batch/?period={application.period_id}")
    with page.expect_download(timeout=TIMEOUT_MS) as download:
        page.get_by_role("button", name="Print all as a ZIP").click()
        expect(page.locator("#batch-count")).to_have_text("1 / 1")
    archive = tmp_path / "batch.zip"
    download.value.save_as(archive)
    with zipfile.ZipFile(io.BytesIO(archive.read_bytes())) as content:
        assert content.namelist() == [f"{transcript.number}-{application.reference}.pdf"]
